"""Who may see, edit, verify and write to experts (DESIGN.md, Roles; the expert issue).

| action                                 | visitor | member | staff | org adm. | coord. | admin |
|----------------------------------------|---------|--------|-------|----------|--------|-------|
| browse the directory, read a profile   |   ✓     |   ✓    |  ✓    |    ✓     |   ✓    |  ✓    |
| see a detail shared with everyone      |   ✓     |   ✓    |  ✓    |    ✓     |   ✓    |  ✓    |
| see a detail shared with members       |         |   ✓    |  ✓    |    ✓     |   ✓    |  ✓    |
| write through the contact form         |         |   ✓    |  ✓    |    ✓     |   ✓    |  ✓    |
| create a profile                       |         |        |  own  |   own    |   ✓    |  ✓    |
| edit it (also: the expert, once linked)|         |        |  own  |   own    |   ✓    |  ✓    |
| see details shared with nobody         |         |        |  own  |   own    |   ✓    |  ✓    |
| verify, invite to claim, delete        |         |        |       |          |   ✓    |  ✓    |
| ask for one's own profile's removal    | only the expert whose account is linked             |

"Own" is the affiliated partner organisation. A member is a person in a partner
organisation (or a coordinator); an account without one reads as a visitor does.
A profile whose removal was asked for is hidden from everyone but its editors.
"""

from __future__ import annotations

from typing import Any

from consortium.core.actors import Actor, is_coordinator, is_signed_in
from consortium.core.roles import OrgRole
from consortium.experts.vocab import Visibility

WORKERS = frozenset({OrgRole.STAFF.value, OrgRole.ORG_ADMIN.value})


def is_member(user: Actor | None) -> bool:
    return is_coordinator(user) or (
        is_signed_in(user) and getattr(user, "organisation_id", None) is not None
    )


def _works_for(user: Actor | None, organisation_id: int | None) -> bool:
    return (
        organisation_id is not None
        and is_signed_in(user)
        and getattr(user, "organisation_id", None) == organisation_id
        and getattr(user, "org_role", None) in WORKERS
    )


def is_the_expert(user: Actor | None, expert: Any) -> bool:
    return (
        expert is not None
        and is_signed_in(user)
        and expert.user_id is not None
        and expert.user_id == getattr(user, "id", None)
    )


def can_view_directory(user: Actor | None) -> bool:
    return True


def can_view(user: Actor | None, expert: Any) -> bool:
    if expert is None:
        return False
    return expert.removal_requested_at is None or can_edit(user, expert)


def can_create(user: Actor | None) -> bool:
    """Staff and org admins for their organisation; coordinators and admins for any."""
    return is_coordinator(user) or (
        is_signed_in(user)
        and getattr(user, "organisation_id", None) is not None
        and getattr(user, "org_role", None) in WORKERS
    )


def can_create_for(user: Actor | None, organisation_id: int | None) -> bool:
    """Coordinators may affiliate a profile to any partner or none; staff to their own."""
    return is_coordinator(user) or _works_for(user, organisation_id)


def can_edit(user: Actor | None, expert: Any) -> bool:
    if expert is None:
        return False
    return (
        is_coordinator(user)
        or _works_for(user, expert.organisation_id)
        or is_the_expert(user, expert)
    )


def can_see_contact(user: Actor | None, expert: Any, visibility: str) -> bool:
    """One detail of `expert` shown with `visibility`, to `user`."""
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return is_member(user) or can_edit(user, expert)
    return can_edit(user, expert)


def can_contact(user: Actor | None, expert: Any) -> bool:
    """Members write to an expert through the relay (the expert's own account never needs to)."""
    return (
        expert is not None
        and expert.removal_requested_at is None
        and is_member(user)
        and not is_the_expert(user, expert)
    )


def can_verify(user: Actor | None, expert: Any) -> bool:
    return expert is not None and is_coordinator(user)


def can_invite_to_claim(user: Actor | None, expert: Any) -> bool:
    return expert is not None and is_coordinator(user) and expert.user_id is None


def can_delete(user: Actor | None, expert: Any) -> bool:
    return expert is not None and is_coordinator(user)


def can_handle_removals(user: Actor | None) -> bool:
    """Coordinators see the removals experts asked for, and carry them out."""
    return is_coordinator(user)


def can_request_removal(user: Actor | None, expert: Any) -> bool:
    return is_the_expert(user, expert) and expert.removal_requested_at is None


def can_upload_photo(user: Actor | None, expert: Any) -> bool:
    return can_edit(user, expert)


def can_claim(user: Actor | None) -> bool:
    """Anyone with a valid link may claim; signing in or creating an account comes first."""
    return True


__all__ = [
    "can_claim",
    "can_contact",
    "can_create",
    "can_create_for",
    "can_delete",
    "can_edit",
    "can_handle_removals",
    "can_invite_to_claim",
    "can_request_removal",
    "can_see_contact",
    "can_upload_photo",
    "can_verify",
    "can_view",
    "can_view_directory",
    "is_member",
    "is_the_expert",
]
