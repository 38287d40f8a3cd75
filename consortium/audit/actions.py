"""The audit vocabulary: each domain declares its actions as an enum with their titles.

A domain subclasses `AuditAction` (`CREATED = "organisation.created", _l("Organisation
added")`) and registers it in its `init_app`; the stored code stays stable while the log
reads it back in the reader's language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from consortium.core import registry
from consortium.core.roles import ConsortiumRole, role_title
from consortium.core.vocab import TitledEnum
from consortium.i18n.languages import LANGUAGES


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
SYSTEM_LABEL = "system"


def title(code: str) -> str:
    action = registry.of().audit_actions.get(code)
    return action.title if action is not None else code


def object_title(code: str | None) -> str:
    return str(registry.of().object_types.get(code or "", code or ""))


def actor_name(event: Any) -> str:
    """Who acted: the person, the operators' tools, or the address typed at sign-in."""
    if event.actor is not None:
        return event.actor.name
    if event.actor_label == SYSTEM_LABEL:
        return str(_l("System"))
    return event.actor_label or "—"


def _value(value: Any) -> str:
    if isinstance(value, dict):  # consortium-wide roles: {"coordinator": True, "admin": False}
        held = [role_title(k) for k, v in value.items() if v]
        return ", ".join(held) or "—"
    if value is None:
        return "—"
    if isinstance(value, str) and (value in set(ConsortiumRole) or role_title(value) != value):
        return role_title(value)
    if value in LANGUAGES:
        return LANGUAGES[value].own_name
    return str(value)


def details(event: Any) -> list[tuple[str, str]]:
    """The event's details as readable (label, value) pairs in the reader's language."""
    return [(str(DETAIL_TITLES.get(k, k)), _value(v)) for k, v in (event.details or {}).items()]
