"""Organisation forms: they validate input and never write; each builds its service's input."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from consortium.auth.forms import (
    PasswordFields,
    email_field,
    grammatical_gender_field,
    name_field,
)
from consortium.auth.schemas import PASSWORD_MAX, AccountProfile
from consortium.core.converters import MAX_ID
from consortium.core.forms import (
    BaseForm,
    FilterSelectField,
    max_length,
    per_language_fields,
    required,
    texts,
)
from consortium.core.roles import OrgRole
from consortium.i18n.languages import choices as language_choices
from consortium.organisations.schemas import (
    AREA_NAME_MAX,
    AREA_SLUG_MAX,
    CITY_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    SEARCH_MAX,
    SHORT_NAME_MAX,
    SLUG_MAX,
    WEBSITE_MAX,
    AreaInput,
    InvitationRequest,
    NewOrganisation,
    OrganisationProfile,
)


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), max_length(SEARCH_MAX)])
    country = FilterSelectField(
        _l("Country"), validators=[Optional()], filters=[lambda v: v.upper() if v else v]
    )
    area = FilterSelectField(_l("Thematic area"), validators=[Optional()])


def name_in(language, *validators) -> StringField:
    """A name written in one language, marked with that language for fonts and readers."""
    return StringField(
        _l("Name (%(language)s)", language=language.own_name),
        validators=list(validators),
        render_kw={"lang": language.bcp47},
    )


class ProfileForm(BaseForm):
    # The version the editor saw; a stale one is refused rather than overwriting.
    version = IntegerField(
        widget=HiddenInput(),
        validators=[Optional(), NumberRange(min=1, max=MAX_ID)],
    )
    name = StringField(
        lazy_pgettext("name of a thing", "Name"), validators=[required(), max_length(NAME_MAX)]
    )
    short_name = StringField(_l("Short name"), validators=[Optional(), max_length(SHORT_NAME_MAX)])
    country = SelectField(_l("Country"), validators=[required()])
    city = StringField(_l("City"), validators=[Optional(), max_length(CITY_MAX)])
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            max_length(WEBSITE_MAX),
            URL(require_tld=True, message=_l("Enter a full web address (https://…).")),
        ],
    )
    # Only coordinators see it (`views._profile_form` removes it for everyone else).
    partner_since = DateField(_l("Partner since"), validators=[Optional()])
    original_language = SelectField(_l("Original language"), choices=language_choices)
    areas = CheckboxListField(_l("Thematic areas"), coerce=int)

    def profile_fields(self) -> dict:
        partner_since = {"partner_since": self.partner_since.data} if self.partner_since else {}
        return {
            **partner_since,
            "name": self.name.data or "",
            "short_name": self.short_name.data or None,
            "country": self.country.data or "",
            "city": self.city.data or None,
            "website": self.website.data or None,
            "original_language": self.original_language.data or "",
            "description": texts(self, "description"),
            "name_translations": texts(self, "name"),
            "area_ids": tuple(self.areas.data or ()),
        }

    def to_input(self) -> OrganisationProfile:
        return OrganisationProfile(**self.profile_fields())


per_language_fields(
    ProfileForm,
    "description",
    lambda language: TextAreaField(
        _l("Description (%(language)s)", language=language.own_name),
        validators=[Optional(), max_length(DESCRIPTION_MAX)],
        render_kw={"lang": language.bcp47, "rows": 5},
    ),
)
per_language_fields(
    ProfileForm, "name", lambda language: name_in(language, Optional(), max_length(NAME_MAX))
)


class CreateForm(ProfileForm):
    slug = StringField(
        _l("Short address"),
        validators=[Optional(), max_length(SLUG_MAX)],
        description=_l(
            "Lower-case letters, digits and hyphens; it appears in the address. "
            "Leave it empty to use one made from the name."
        ),
    )

    def to_input(self) -> NewOrganisation:  # type: ignore[override]
        return NewOrganisation(slug=(self.slug.data or "").strip().lower(), **self.profile_fields())


class InviteForm(BaseForm):
    email = email_field()
    role = SelectField(_l("Role"), choices=OrgRole.choices)
    language = SelectField(_l("Language of the invitation"), choices=language_choices)

    def to_input(self) -> InvitationRequest:
        return InvitationRequest(
            email=self.email.data or "", role=self.role.data or "", language=self.language.data
        )


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=OrgRole.choices)


class AreaForm(BaseForm):
    slug = StringField(_l("Short address"), validators=[required(), max_length(AREA_SLUG_MAX)])

    def to_input(self) -> AreaInput:
        return AreaInput(slug=(self.slug.data or "").strip(), names=texts(self, "name"))


per_language_fields(
    AreaForm, "name", lambda language: name_in(language, required(), max_length(AREA_NAME_MAX))
)


class AcceptInvitationForm(PasswordFields, BaseForm):
    name = name_field()
    language = SelectField(_l("Language"), choices=language_choices)
    grammatical_gender = grammatical_gender_field()

    def to_input(self) -> AccountProfile:
        return AccountProfile(
            name=self.name.data or "",
            language=self.language.data or "",
            grammatical_gender=self.grammatical_gender.data or "",
        )


class JoinWithAccountForm(BaseForm):
    """Someone invited back who already has an account proves it is theirs."""

    password = PasswordField(_l("Password"), validators=[required(), max_length(PASSWORD_MAX)])
