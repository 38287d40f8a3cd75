"""The roles a person can hold: one inside their organisation, two consortium-wide.

They sit in `core` because every domain's policy asks about them (DESIGN.md, Roles).
So does how the interface refers to the person who holds one: role titles agree with the
person (GLOSSARY.md, Role nouns), and so do the greetings of the mails sent to them.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, pgettext

from consortium.core.vocab import TitledEnum


class OrgRole(TitledEnum):
    MEMBER = "member", _l("Member")
    STAFF = "staff", _l("Staff")
    ORG_ADMIN = "org_admin", _l("Organisation admin")


class ConsortiumRole(TitledEnum):
    COORDINATOR = "coordinator", _l("Coordinator")
    ADMIN = "admin", _l("Administrator")


# One line each, shown wherever a role is chosen.
ROLE_DESCRIPTIONS = {
    OrgRole.MEMBER: _l("Reads what the consortium shares with members."),
    OrgRole.STAFF: _l("Also creates and edits the organisation's projects, events and drafts."),
    OrgRole.ORG_ADMIN: _l(
        "Also manages the organisation's profile and people, and signs on its behalf."
    ),
}

# What the operators' CLI accepts: an organisation role or a consortium-wide one.
ROLE_CHOICES: tuple[str, ...] = tuple(role.value for role in (*OrgRole, *ConsortiumRole))


class GrammaticalGender(TitledEnum):
    """How a person chose to be referred to where a language needs a gender.

    "Not stated" is the stored default: the interface writes both forms, as gender-sensitive
    writing in the region does (koordinator/ka).
    """

    FEMININE = "feminine", lazy_pgettext("grammatical gender", "Feminine")
    MASCULINE = "masculine", lazy_pgettext("grammatical gender", "Masculine")
    NOT_STATED = "", lazy_pgettext("grammatical gender", "Not stated (both forms)")


GRAMMATICAL_GENDER_MAX = 10


class Person(Protocol):
    """What a role title needs to know about a person (auth's `User` is one)."""

    name: str
    org_role: str | None
    is_coordinator: bool
    is_admin: bool
    grammatical_gender: str


_F, _M, _N = GrammaticalGender.FEMININE, GrammaticalGender.MASCULINE, GrammaticalGender.NOT_STATED

# Each title in each form, one message per form: the English is the same, the translations
# are not (koordinatorka, koordinator, koordinator/ka). The contexts are written out so
# that extraction finds every message.
PERSON_ROLE_TITLES = {
    OrgRole.MEMBER: {
        _F: lazy_pgettext("role, feminine", "Member"),
        _M: lazy_pgettext("role, masculine", "Member"),
        _N: lazy_pgettext("role, not stated", "Member"),
    },
    OrgRole.STAFF: {
        _F: lazy_pgettext("role, feminine", "Staff"),
        _M: lazy_pgettext("role, masculine", "Staff"),
        _N: lazy_pgettext("role, not stated", "Staff"),
    },
    OrgRole.ORG_ADMIN: {
        _F: lazy_pgettext("role, feminine", "Organisation admin"),
        _M: lazy_pgettext("role, masculine", "Organisation admin"),
        _N: lazy_pgettext("role, not stated", "Organisation admin"),
    },
    ConsortiumRole.COORDINATOR: {
        _F: lazy_pgettext("role, feminine", "Coordinator"),
        _M: lazy_pgettext("role, masculine", "Coordinator"),
        _N: lazy_pgettext("role, not stated", "Coordinator"),
    },
    ConsortiumRole.ADMIN: {
        _F: lazy_pgettext("role, feminine", "Administrator"),
        _M: lazy_pgettext("role, masculine", "Administrator"),
        _N: lazy_pgettext("role, not stated", "Administrator"),
    },
}


def grammatical_gender(value: str | None) -> GrammaticalGender:
    """The stored choice as a member; anything unknown counts as not stated."""
    found = GrammaticalGender.lookup(value or "")
    return found if isinstance(found, GrammaticalGender) else GrammaticalGender.NOT_STATED


def role_title(code: str | None, form: str | None = None) -> str:
    """The translated title of any role code; an unknown code is shown as stored.

    Without `form`, the dictionary title: where a role is *chosen* (a select of roles to
    grant, the role descriptions beside it, a checkbox to grant one), it names the office,
    not a person, and reads best in the one short form everyone knows. With `form` (a
    `GrammaticalGender` value; "" is not stated), the title of a person who holds the role:
    use `person_role_title` when the person is at hand, and `""` when they are not known
    yet (the invitee of an invitation).
    """
    role = OrgRole.lookup(code) or ConsortiumRole.lookup(code)
    if role is None:
        return code or ""
    if form is None:
        return role.title
    return str(PERSON_ROLE_TITLES[role][grammatical_gender(form)])


def person_role_title(person: Person, code: str | None = None) -> str:
    """A role of this person, their organisation role unless `code` names another, in the
    form they chose; "" when they hold no organisation role."""
    code = code or person.org_role
    return role_title(code, person.grammatical_gender or "") if code else ""


def person_role_titles(person: Person, *, organisation: bool = True) -> list[str]:
    """Every role the person holds (organisation role first, then the consortium-wide ones),
    each in the form they chose; `organisation=False` leaves the organisation role out."""
    codes = [person.org_role] if organisation and person.org_role else []
    codes += [ConsortiumRole.COORDINATOR] if person.is_coordinator else []
    codes += [ConsortiumRole.ADMIN] if person.is_admin else []
    return [person_role_title(person, code) for code in codes]


def greeting(person: Any) -> str:
    """The opening line of a mail to this person, in the form they chose: languages that
    open a letter with an adjective ("Poštovana" / "Poštovani") need it."""
    # Anyone without a stored choice (a sample, a person not yet saved) reads as not stated.
    form = grammatical_gender(getattr(person, "grammatical_gender", ""))
    if form is GrammaticalGender.FEMININE:
        return pgettext("greeting, feminine", "Hello %(name)s,", name=person.name)
    if form is GrammaticalGender.MASCULINE:
        return pgettext("greeting, masculine", "Hello %(name)s,", name=person.name)
    return pgettext("greeting, not stated", "Hello %(name)s,", name=person.name)
