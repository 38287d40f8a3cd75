"""`QuickSelect` writes a list page's filter as WTForms' own select would, only faster: the
same markup for the same choices, whatever they hold."""

from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import Select

from consortium.core.forms import FilterSelectField, QuickSelect

CHOICES = [
    ("", _l("All thematic areas")),
    ("a-b", 'Reform <of> the "sector" & more'),
    ("x", ""),
    ("Ω", "Мир"),
]


def _pair(choices, data, validators, coerce=str):
    class Quick(Form):
        field = FilterSelectField("Field", validators=validators, coerce=coerce)

    class Slow(Form):
        field = SelectField("Field", validators=validators, coerce=coerce, widget=Select())

    forms = [Quick(MultiDict(data)), Slow(MultiDict(data))]
    for form in forms:
        form.field.choices = choices
        form.validate()
    return forms


@pytest.mark.parametrize("data", [{}, {"field": "a-b"}, {"field": "Ω"}, {"field": "nothing"}])
@pytest.mark.parametrize("validators", [[Optional()], [DataRequired()]])
def test_the_quick_select_writes_what_wtforms_writes(app, data, validators):
    with app.test_request_context("/en/"):
        quick, slow = _pair(CHOICES, data, validators)
        assert str(quick.field()) == str(slow.field())
        assert str(quick.field(class_="wide")) == str(slow.field(class_="wide"))
    if data.get("field") == "a-b":
        assert '<option selected value="a-b">Reform &lt;of&gt;' in str(quick.field())


def test_numbers_are_compared_as_their_field_coerces_them(app):
    with app.test_request_context("/en/"):
        quick, slow = _pair([(1, "one"), (2, "two")], {"field": "2"}, [Optional()], coerce=int)
        assert str(quick.field()) == str(slow.field())
        assert '<option selected value="2">two</option>' in str(quick.field())


def test_choices_it_does_not_write_go_to_wtforms(app):
    """Groups and per-option attributes: WTForms' own select writes them."""
    grouped = {"Balkans": [("RS", "Serbia"), ("AL", "Albania")]}
    with_attributes = [("a", "A", {"disabled": True}), ("b", "B", {})]
    with app.test_request_context("/en/"):
        for choices in (grouped, with_attributes):
            quick, slow = _pair(choices, {"field": "AL"}, [Optional()])
            assert str(quick.field()) == str(slow.field())
        assert "<optgroup" in str(_pair(grouped, {}, [Optional()])[0].field())
        assert "disabled" in str(_pair(with_attributes, {}, [Optional()])[0].field())


def test_the_filters_of_the_lists_use_it():
    from consortium.organisations.forms import FilterForm as Partners
    from consortium.statements.forms.public import FilterForm as Statements

    for form in (Partners, Statements):
        selects = [f for f in vars(form).values() if getattr(f, "field_class", None)]
        assert any(f.field_class is FilterSelectField for f in selects)
    assert isinstance(FilterSelectField.widget, QuickSelect)


@pytest.mark.parametrize("data", [{}, {"field": ""}, {"field": "a-b"}, {"field": "nothing"}])
@pytest.mark.parametrize("validators", [[Optional()], [DataRequired()]])
def test_it_accepts_and_refuses_what_wtforms_does(app, data, validators):
    with app.test_request_context("/en/"):
        quick, slow = _pair(CHOICES, data, validators)
        assert quick.validate() == slow.validate()
        assert quick.field.errors == slow.field.errors
    if data.get("field") == "nothing":
        assert quick.field.errors == ["Not a valid choice."]
