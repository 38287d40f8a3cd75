"""Organisation forms: they validate input and never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from consortium.auth.roles import ORG_ROLE_TITLES
from consortium.core.forms import BaseForm, email, max_length, required
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.languages import choices as language_choices


def org_role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(title)) for role, title in ORG_ROLE_TITLES.items()]


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), max_length(100)])
    country = SelectField(_l("Country"), validators=[Optional()], validate_choice=False)
    area = SelectField(_l("Thematic area"), validators=[Optional()], validate_choice=False)


class ProfileForm(BaseForm):
    # The version the editor saw; a stale one is refused rather than overwriting.
    version = IntegerField(
        widget=HiddenInput(),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1)],
    )
    name = StringField(_l("Name"), validators=[required(), max_length(200)])
    short_name = StringField(_l("Short name"), validators=[Optional(), max_length(40)])
    country = SelectField(_l("Country"))
    city = StringField(_l("City"), validators=[Optional(), max_length(100)])
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            max_length(300),
            URL(require_tld=True, message=_l("Enter a full web address (https://…).")),
        ],
    )
    original_language = SelectField(_l("Original language"), choices=language_choices)
    areas = CheckboxListField(_l("Thematic areas"), coerce=int)


def per_language(prefix: str, code: str) -> str:
    """The name of the field holding `prefix` in one language: description_sr_latn."""
    return f"{prefix}_{code.replace('-', '_')}"


def add_per_language_fields(form_class, prefix: str, make_field) -> None:
    """One field per interface language; empty ones are simply not stored."""
    for code, language in LANGUAGES.items():
        setattr(form_class, per_language(prefix, code), make_field(language))


add_per_language_fields(
    ProfileForm,
    "description",
    lambda language: TextAreaField(
        _l("Description (%(language)s)", language=language.own_name),
        validators=[Optional(), max_length(5000)],
        render_kw={"lang": language.bcp47, "rows": 5},
    ),
)


def name_in(language, *validators) -> StringField:
    """A name written in one language, marked with that language for fonts and readers."""
    return StringField(
        _l("Name (%(language)s)", language=language.own_name),
        validators=list(validators),
        render_kw={"lang": language.bcp47},
    )


add_per_language_fields(
    ProfileForm, "name", lambda language: name_in(language, Optional(), max_length(200))
)


class CreateForm(ProfileForm):
    slug = StringField(
        _l("Short address"),
        validators=[required(), max_length(80)],
        description=_l("Lower-case letters, digits and hyphens; it appears in the address."),
    )


class InviteForm(BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            required(),
            email(),
            max_length(254),
        ],
    )
    role = SelectField(_l("Role"), choices=org_role_choices)
    language = SelectField(
        _l("Language of the invitation"),
        choices=language_choices,
    )


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=org_role_choices)


class ConfirmForm(BaseForm):
    """Only the CSRF token, for buttons that change something."""


class AreaForm(BaseForm):
    slug = StringField(_l("Short address"), validators=[required(), max_length(60)])


add_per_language_fields(
    AreaForm, "name", lambda language: name_in(language, required(), max_length(120))
)
