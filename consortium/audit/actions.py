"""The audit vocabulary: each domain declares its actions as an enum with their titles.

A domain subclasses `AuditAction` (`CREATED = "organisation.created", _l("Organisation
added")`) and registers it in its `init_app`; the stored code stays stable while the log
reads it back in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from flask_babel import format_date, get_locale, gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from consortium.core import registry
from consortium.core.roles import ConsortiumRole, role_title
from consortium.core.vocab import TitledEnum
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import fold


class AuditAction(TitledEnum):
    """Base of every domain's audit actions; members are `"<domain>.<verb>", title`."""


DETAIL_TITLES = {
    "email": _l("E-mail address"),
    "role": _l("Role"),
    "before": _l("Before"),
    "after": _l("After"),
    "count": _l("Number"),
    "language": _l("Language"),
}
# The fields an edit reports in `changes`, named as the forms name them.
FIELD_TITLES = {
    "name": lazy_pgettext("name of a thing", "Name"),
    "short_name": _l("Short name"),
    "country": _l("Country"),
    "city": _l("City"),
    "website": _l("Website"),
    "original_language": _l("Original language"),
    "partner_since": _l("Partner since"),
    "areas": _l("Thematic areas"),
}
SYSTEM_LABEL = "system"
# How people are recorded as objects (auth's `User.__audit_type__`).
PERSON_TYPE = "user"
# A changed value is shown up to this length, then "…".
SHOWN_TEXT_MAX = 80
ARROW = " → "


def title(code: str) -> str:
    action = registry.of().audit_actions.get(code)
    return action.title if action is not None else code


def action_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, title) pairs for the action filter, by title in the reader's language.

    Ordered by the search folding (letters with marks beside their base letter, Cyrillic
    as its Latin transliteration) until the shared ICU collation (issue 11) replaces it.
    """
    return sorted(((code, title(code)) for code in codes), key=lambda c: (fold(c[1]), c[1]))


def object_title(code: str | None) -> str:
    return str(registry.of().object_types.get(code or "", code or ""))


def actor_name(event: Any) -> str:
    """Who acted, as named then: the person, the operators' tools, or the address typed;
    a person who has since deleted their account is a former member."""
    if event.actor_id is None and event.actor_label == SYSTEM_LABEL:
        return str(_l("System"))
    if event.actor_id is not None and not (event.actor_name or event.actor_label):
        return str(_l("Former member"))  # the account was deleted (audit/personal_data.py)
    return event.actor_name or event.actor_label or "—"


def object_name(event: Any) -> str:
    """What was acted on, as named then (its kind only, for rows older than the names)."""
    if event.object_type is None:
        return ""
    return event.object_label or object_title(event.object_type)


def _shorten(text: str) -> str:
    return text if len(text) <= SHOWN_TEXT_MAX else text[: SHOWN_TEXT_MAX - 1].rstrip() + "…"


def role_holder(event: Any) -> int | None:
    """Whose role the event names, so that it is named in the form they chose: the person
    acted on; for an invitation taken up, the person who took it up. None when nobody is
    known yet (the invitee of an invitation sent): such a role reads in both forms."""
    if event.object_type == PERSON_TYPE:
        return event.object_id
    if event.object_type == "invitation" and event.action.endswith(".accepted"):
        return event.actor_id
    return None


def _value(value: Any, form: str = "") -> str:
    """A detail's value as read; a role in `form`, the role holder's (core.roles)."""
    if isinstance(value, dict):  # consortium-wide roles: {"coordinator": True, "admin": False}
        held = [role_title(k, form) for k, v in value.items() if v]
        return ", ".join(held) or "—"
    if value is None:
        return "—"
    if isinstance(value, list | tuple):  # e.g. the languages a saved draft holds
        return ", ".join(_value(item, form) for item in value) or "—"
    if not isinstance(value, str):
        return _shorten(str(value))
    if value in set(ConsortiumRole) or role_title(value) != value:
        return role_title(value, form)
    if value in LANGUAGES:
        return LANGUAGES[value].own_name
    return _shorten(value)


def _field_title(field: str) -> str:
    """`city` -> "City"; `description.sq` -> "Description (Shqip)"."""
    base, _, code = field.partition(".")
    if code:
        language = LANGUAGES[code].own_name if code in LANGUAGES else code
        if base == "description":
            return gettext("Description (%(language)s)", language=language)
        if base == "name":
            return gettext("Name (%(language)s)", language=language)
    return str(FIELD_TITLES.get(field, field))


# How the page names a field's coded values (`{"country": country_name}`): the domains'
# helpers, handed in by the page, since the log imports no domain.
ValueNames = Mapping[str, Callable[[Any], str]]


def _field_value(field: str, value: Any, names: ValueNames) -> str:
    """A changed field's value as written, but for the codes the forms offer by name."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_shorten(str(v)) for v in value)
    if field in names:
        return names[field](value)
    if field == "country":
        # As the country menus name it (CLDR, in the reader's language).
        locale = get_locale()
        return locale.territories.get(value, value) if locale is not None else str(value)
    if field == "partner_since" and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value), "medium")
        except ValueError:
            return value
    if field == "original_language" and value in LANGUAGES:
        return LANGUAGES[value].own_name
    return _shorten(str(value))


def _changes(changes: Any, names: ValueNames) -> list[tuple[str, str]]:
    if not isinstance(changes, dict):
        return []
    return [
        (
            _field_title(field),
            _field_value(field, old, names) + ARROW + _field_value(field, new, names),
        )
        for field, (old, new) in changes.items()
    ]


def details(event: Any, names: ValueNames | None = None, form: str = "") -> list[tuple[str, str]]:
    """The event's details as readable (label, value) pairs in the reader's language.

    A profile edit's `changes` read "City: Prishtinë → Prizren"; a role change's before and
    after read "Role: Member → Staff". `names` name coded values as the forms do. Roles are
    a person's, named in `form`: the grammatical gender of the `role_holder`, as they chose
    it now (not when the event happened), or "" (both forms) when nobody is known.
    """
    found = dict(event.details or {})
    shown: list[tuple[str, str]] = []
    if "before" in found and "after" in found:
        pair = _value(found.pop("before"), form) + ARROW + _value(found.pop("after"), form)
        shown.append((str(DETAIL_TITLES["role"]), pair))
    shown.extend(_changes(found.pop("changes", None), names or {}))
    shown.extend((str(DETAIL_TITLES.get(k, k)), _value(v, form)) for k, v in found.items())
    return shown
