"""Who may see and manage organisations, their people and the thematic areas.

| action                                   | visitor | member | staff | org admin | coord. | admin |
|------------------------------------------|---------|--------|-------|-----------|--------|-------|
| read the directory and a profile         |   ✓     |   ✓    |  ✓    |    ✓      |   ✓    |  ✓    |
| see an organisation's people and roles   |         |   ✓    |  ✓    |    ✓      |   ✓    |  ✓    |
|   (members: of any partner organisation) |         |        |       |           |        |       |
| edit the profile                         |         |        |       |   own     |   ✓    |  ✓    |
| invite people, change role, remove       |         |        |       |   own     |   ✓    |  ✓    |
| create an organisation, keep areas       |         |        |       |           |   ✓    |  ✓    |
| set "partner since"                      |         |        |       |           |   ✓    |  ✓    |
| place an existing account in one         |         |        |       |           |        |  ✓    |

The operators' tools act as `core.actors.SYSTEM`, which holds the admin's rights.
"""

from __future__ import annotations

from typing import Any

from consortium.core.actors import (
    Actor,
    is_admin,
    is_coordinator,
    is_org_admin_of,
    is_signed_in,
)
from consortium.core.roles import OrgRole

__all__ = [
    "can_change_role",
    "can_create",
    "can_edit",
    "can_invite",
    "can_manage_areas",
    "can_manage_people",
    "can_place",
    "can_remove_person",
    "can_set_partner_since",
    "can_view",
    "can_view_directory",
    "can_view_people",
    "is_org_admin_of",
]


def can_view_directory(user: Actor | None) -> bool:
    """The directory of partners is public."""
    return True


def can_view(user: Actor | None, organisation: Any) -> bool:
    """Every partner organisation is public."""
    return organisation is not None


def can_view_people(user: Actor | None, organisation: Any) -> bool:
    """Members of a partner organisation and the consortium-wide roles, not loose accounts."""
    return is_coordinator(user) or (
        is_signed_in(user) and user.organisation_id is not None  # type: ignore[union-attr]
    )


def can_edit(user: Actor | None, organisation: Any) -> bool:
    return is_coordinator(user) or is_org_admin_of(user, organisation)


def can_manage_people(user: Actor | None, organisation: Any) -> bool:
    return is_coordinator(user) or is_org_admin_of(user, organisation)


def can_invite(user: Actor | None, organisation: Any, role: str | None = None) -> bool:
    """Org admins invite into their own organisation; only organisation roles exist there."""
    if role is not None and role not in set(OrgRole):
        return False
    return can_manage_people(user, organisation)


def can_change_role(user: Actor | None, person: Any, role: str | None = None) -> bool:
    """Change someone's role inside their organisation (never to coordinator or admin)."""
    if person is None or person.organisation_id is None:
        return False
    if role is not None and role not in set(OrgRole):
        return False
    if is_signed_in(user) and person.id == user.id and not is_coordinator(user):  # type: ignore[union-attr]
        return False  # an org admin cannot demote themself and lock the organisation out
    if person.is_consortium_wide and not is_coordinator(user):
        return False  # a coordinator listed in an organisation is not the org admin's to remove
    return can_manage_people(user, person.organisation)


def can_remove_person(user: Actor | None, person: Any) -> bool:
    return can_change_role(user, person)


def can_place(user: Actor | None, person: Any, organisation: Any) -> bool:
    """Operators put an existing account into an organisation (or take it out); org admins
    and coordinators bring people in through invitations instead."""
    return is_admin(user) and person is not None


def can_set_partner_since(user: Actor | None) -> bool:
    """When an organisation joined is the consortium's record, not the partner's."""
    return is_coordinator(user)


def can_create(user: Actor | None) -> bool:
    return is_coordinator(user)


def can_manage_areas(user: Actor | None) -> bool:
    return is_coordinator(user)
