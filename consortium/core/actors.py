"""Who is acting: the shape every policy expects, the named system actor, role predicates.

Policies are pure functions of an actor and an object. They never import a domain's
models: an actor is anything with the attributes of `Actor` (a signed-in `User`,
Flask-Login's anonymous user, or `SYSTEM`).
"""

from __future__ import annotations

from typing import Any, Protocol

from consortium.core.roles import OrgRole


class Actor(Protocol):
    id: Any
    organisation_id: int | None
    org_role: str | None
    is_coordinator: bool
    is_admin: bool

    @property
    def is_authenticated(self) -> bool: ...


class SystemActor:
    """The operators' CLI and the demo loader.

    It holds the operator's rights on purpose and by name: a service called without a
    person is never silently unchecked, it is checked for `SYSTEM`. The audit log shows it
    as "System".
    """

    id = None
    organisation_id = None
    organisation = None
    org_role = None
    is_coordinator = True
    is_admin = True
    is_authenticated = True
    is_active = True
    is_system = True
    email = "system"
    name = "System"

    def __repr__(self) -> str:
        return "<SYSTEM>"


SYSTEM = SystemActor()


def is_signed_in(user: Actor | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_system(user: Actor | None) -> bool:
    return user is SYSTEM


def is_admin(user: Actor | None) -> bool:
    return is_signed_in(user) and bool(user.is_admin)  # type: ignore[union-attr]


def is_coordinator(user: Actor | None) -> bool:
    """Coordinators and admins: the consortium-wide roles."""
    return is_signed_in(user) and bool(user.is_coordinator or user.is_admin)  # type: ignore[union-attr]


def belongs_to(user: Actor | None, organisation: Any) -> bool:
    return (
        is_signed_in(user)
        and organisation is not None
        and user.organisation_id is not None  # type: ignore[union-attr]
        and user.organisation_id == organisation.id  # type: ignore[union-attr]
    )


def is_org_admin_of(user: Actor | None, organisation: Any) -> bool:
    return belongs_to(user, organisation) and user.org_role == OrgRole.ORG_ADMIN  # type: ignore[union-attr]
