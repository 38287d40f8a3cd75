"""The experts' forms: the profile (fixed rows, so it works without JavaScript), the
photo, the contact relay and the invitation to claim."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from consortium.auth.forms import PasswordFields, name_field
from consortium.auth.schemas import AccountProfile
from consortium.core.converters import MAX_ID
from consortium.core.forms import (
    BaseForm,
    email,
    max_length,
    per_language_fields,
    required,
    texts,
)
from consortium.experts.schemas import (
    AFFILIATION_MAX,
    BIOGRAPHY_MAX,
    CONTACT_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    PUBLICATION_TITLE_MAX,
    SUBJECT_MAX,
    TITLE_MAX,
    URL_MAX,
    ContactInput,
    ExpertProfile,
    PublicationInput,
    SpokenLanguage,
)
from consortium.experts.vocab import Availability, ContactKind, Level, Visibility
from consortium.i18n.languages import choices as language_choices
from consortium.organisations.forms import CheckboxListField

# Rows offered on the form; empty rows are not stored.
LANGUAGE_ROWS = 5
PUBLICATION_ROWS = 6


class ProfileForm(BaseForm):
    version = IntegerField(
        widget=HiddenInput(),
        validators=[Optional(), NumberRange(min=1, max=MAX_ID)],
    )
    name = StringField(_l("Full name"), validators=[required(), max_length(NAME_MAX)])
    name_other_script = StringField(
        _l("Name in the other script"), validators=[Optional(), max_length(NAME_MAX)]
    )
    title = StringField(_l("Title or position"), validators=[Optional(), max_length(TITLE_MAX)])
    organisation = SelectField(_l("Partner organisation"), coerce=str)
    affiliation = StringField(
        _l("Other affiliation"), validators=[Optional(), max_length(AFFILIATION_MAX)]
    )
    country = SelectField(_l("Country"), validators=[required()])
    areas = CheckboxListField(_l("Thematic areas"), coerce=int)
    availability = CheckboxListField(_l("Available for"), choices=Availability.choices)
    original_language = SelectField(_l("Original language"), choices=language_choices)

    def to_input(self) -> ExpertProfile:
        organisation = self.organisation.data or ""
        languages = []
        for i in range(LANGUAGE_ROWS):
            code, level = self[f"language_{i}"].data, self[f"level_{i}"].data
            if code:
                languages.append(SpokenLanguage(code=code, level=level or Level.WORKING.value))
        publications = []
        for i in range(PUBLICATION_ROWS):
            title = (self[f"publication_{i}_title"].data or "").strip()
            url = (self[f"publication_{i}_url"].data or "").strip()
            year = self[f"publication_{i}_year"].data
            if title or url or year:
                publications.append(PublicationInput(title=title, year=year, url=url))
        contacts = [
            ContactInput(
                kind=kind.value,
                value=self[f"contact_{kind.value}"].data or "",
                # A detail whose audience was not said is shared with nobody.
                visibility=self[f"contact_{kind.value}_visibility"].data or Visibility.NOBODY,
            )
            for kind in ContactKind
        ]
        return ExpertProfile(
            name=self.name.data or "",
            name_other_script=self.name_other_script.data or "",
            title=self.title.data or "",
            organisation_id=int(organisation) if organisation.isdigit() else None,
            affiliation=self.affiliation.data or "",
            country=self.country.data or "",
            original_language=self.original_language.data or "",
            area_ids=tuple(self.areas.data or ()),
            availability=frozenset(self.availability.data or ()),
            biography={k: v for k, v in texts(self, "biography").items() if v.strip()},
            languages=tuple(languages),
            publications=tuple(publications),
            contacts=tuple(contacts),
        )


per_language_fields(
    ProfileForm,
    "biography",
    lambda language: TextAreaField(
        _l("Biography (%(language)s)", language=language.own_name),
        validators=[Optional(), max_length(BIOGRAPHY_MAX)],
        render_kw={"lang": language.bcp47, "rows": 5},
    ),
)
for _i in range(LANGUAGE_ROWS):
    # Checked by the service (an empty row is simply not stored).
    setattr(ProfileForm, f"language_{_i}", SelectField(_l("Language"), validate_choice=False))
    setattr(
        ProfileForm,
        f"level_{_i}",
        SelectField(_l("Level"), choices=Level.choices, validate_choice=False),
    )
for _i in range(PUBLICATION_ROWS):
    setattr(
        ProfileForm,
        f"publication_{_i}_title",
        StringField(_l("Title"), validators=[Optional(), max_length(PUBLICATION_TITLE_MAX)]),
    )
    setattr(
        ProfileForm,
        f"publication_{_i}_year",
        IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=1900, max=2100)]),
    )
    setattr(
        ProfileForm,
        f"publication_{_i}_url",
        StringField(_l("Link"), validators=[Optional(), max_length(URL_MAX)]),
    )
for _kind in ContactKind:
    setattr(
        ProfileForm,
        f"contact_{_kind.value}",
        StringField(_kind._title, validators=[Optional(), max_length(CONTACT_MAX)]),
    )
    setattr(
        ProfileForm,
        f"contact_{_kind.value}_visibility",
        SelectField(_l("Who sees it"), choices=Visibility.choices, default=Visibility.NOBODY),
    )


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo"), validators=[required()])


class ContactForm(BaseForm):
    subject = StringField(_l("Subject"), validators=[required(), max_length(SUBJECT_MAX)])
    message = TextAreaField(
        _l("Message"), validators=[required(), max_length(MESSAGE_MAX)], render_kw={"rows": 8}
    )


class InviteForm(BaseForm):
    email = EmailField(_l("E-mail address"), validators=[required(), email()])
    language = SelectField(_l("Language of the invitation"), choices=language_choices)


class ClaimAccountForm(PasswordFields, BaseForm):
    """For someone without an account: the name and password of the new one."""

    name = name_field()
    language = SelectField(_l("Language"), choices=language_choices)

    def profile(self) -> AccountProfile:
        return AccountProfile(name=self.name.data or "", language=self.language.data or "en")
