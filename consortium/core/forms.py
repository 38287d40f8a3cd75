"""Form helpers: translated validators, a base form, and service refusals shown as form errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import FieldList, FormField, IntegerField, SelectField
from wtforms.validators import DataRequired, Email, Length, ValidationError
from wtforms.widgets import Select, html_params

from consortium.core.errors import DomainError
from consortium.core.text import lookalike_address
from consortium.db import db
from consortium.i18n.languages import LANGUAGES, Language


def required() -> DataRequired:
    return DataRequired(message=_l("This field is required."))


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("Use at most %(max)d characters.", max=n))


class _Address(Email):
    """WTForms' check, then no address that can pass for another one."""

    def __call__(self, form: Any, field: Any) -> None:
        super().__call__(form, field)
        if lookalike_address(field.data):
            raise ValidationError(
                _l(
                    "Write the address in one alphabet: it has letters that only look like "
                    "those of another."
                )
            )


def email() -> Email:
    return _Address(message=_l("Enter a valid e-mail address."))


class _CatalogTranslations:
    """Route WTForms' own messages through our catalogs."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # The catalog's string only: WTForms fills in its own placeholders (`%(value)s`),
        # which Flask-Babel's `ngettext` would try, and fail, to fill from `num` alone.
        return get_translations().ngettext(singular, plural, n)


# Larger than any column holds: WTForms' NumberRange fails on such a number (`math.isnan`
# of an int too large for a float), so it is refused as not a valid integer first.
INTEGER_LIMIT = 2**63 - 1


def _all_fields(fields: Any) -> Iterator[Any]:
    for field in fields:
        if isinstance(field, FormField):
            yield from _all_fields(field.form)
        elif isinstance(field, FieldList):
            yield from _all_fields(field.entries)
        else:
            yield field


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> _CatalogTranslations:
            return _CatalogTranslations()

    def validate(self, extra_validators: Any = None) -> bool:
        for field in _all_fields(self):
            if isinstance(field, IntegerField) and abs(field.data or 0) > INTEGER_LIMIT:
                field.data = None
                field.process_errors = [
                    *field.process_errors,
                    field.gettext("Not a valid integer value."),
                ]
        return super().validate(extra_validators)


# WTForms' messages that our forms can produce, listed so that extraction finds them.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Invalid input."),
)


class QuickSelect(Select):
    """WTForms' select for plain `(value, label)` choices, each option written by one format:
    WTForms makes two objects per option and writes each through `html_params`, which for
    a filter with one option per partner organisation cost a quarter of the statements list
    (issue 13). Other choices (groups, per-option attributes) go to WTForms' own."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        choices = field.choices
        if self.multiple or not _plain(choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        for name in self.validation_attrs:
            if name not in kwargs and getattr(field.flags, name, False):
                kwargs[name] = getattr(field.flags, name)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        coerce, data = field.coerce, field.data
        for value, label in choices:
            selected = "selected " if coerce(value) == data else ""  # html_params' order
            shown = escape(label or value)
            html.append(f'<option {selected}value="{escape(value)}">{shown}</option>')
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704  # nosec B704 — every value escaped above


def _plain(choices: Any) -> bool:
    return isinstance(choices, list | tuple) and all(
        isinstance(c, tuple) and len(c) == 2 for c in choices
    )


class FilterSelectField(SelectField):
    """A list page's filter: a select of `(value, label)` pairs, written by `QuickSelect`
    and checked without making an object of each choice (one per partner organisation)."""

    widget = QuickSelect()

    def pre_validate(self, form: Any) -> None:
        choices: Any = self.choices
        if self.process_errors or not self.validate_choice or not _plain(choices):
            return super().pre_validate(form)
        coerce, data = self.coerce, self.data
        if not any(coerce(value) == data for value, _ in choices):
            message = getattr(self, "invalid_choice_message", None)
            raise ValidationError(message or self.gettext("Not a valid choice."))


class ConfirmForm(BaseForm):
    """Only the CSRF token: for one-button POST forms (sign out, remove, withdraw)."""


class Outcome:
    """Whether the service call inside `refusals` went through."""

    ok = True


@contextmanager
def refusals(field: Any, routes: dict[type[DomainError], Any] | None = None) -> Iterator[Outcome]:
    """Turn a service's refusal into a form error instead of an error page.

    A `DomainError` with status 400 rolls the transaction back and shows its message on
    `field` (or on the field `routes` names for that error's class); other refusals, such as
    a 409 conflict, go on to their own error page.
    """
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as error:
        if error.status != 400:
            raise
        db.session.rollback()
        target = next((f for kind, f in (routes or {}).items() if isinstance(error, kind)), field)
        target.errors.append(str(error.message))
        outcome.ok = False


# --- One field per interface language ------------------------------------------------------


def per_language(prefix: str, code: str) -> str:
    """The name of the field holding `prefix` in one language: description_sr_latn."""
    return f"{prefix}_{code.replace('-', '_')}"


def per_language_fields(
    form_class: type, prefix: str, make_field: Callable[[Language], Any]
) -> None:
    """Add one field per interface language; empty ones are simply not stored."""
    for code, language in LANGUAGES.items():
        setattr(form_class, per_language(prefix, code), make_field(language))


def texts(form: Any, prefix: str) -> dict[str, str]:
    """What the per-language fields hold, by language code."""
    return {code: form[per_language(prefix, code)].data or "" for code in LANGUAGES}


def fill_texts(form: Any, prefix: str, values: Mapping[str, str] | None) -> None:
    """Show stored per-language texts in their fields."""
    for code in LANGUAGES:
        form[per_language(prefix, code)].data = (values or {}).get(code, "")
