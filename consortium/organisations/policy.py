"""Who may see and manage organisations, their people and the thematic areas.

| action                                   | visitor | member | staff | org admin | coord. | admin |
|------------------------------------------|---------|--------|-------|-----------|--------|-------|
| read the directory and a profile         |   ✓     |   ✓    |  ✓    |    ✓      |   ✓    |  ✓    |
| see an organisation's people and roles   |         |   ✓    |  ✓    |    ✓      |   ✓    |  ✓    |
|   (members: of any partner organisation) |         |        |       |           |        |       |
| edit the profile                         |         |        |       |   own     |   ✓    |  ✓    |
| invite people, change role, remove       |         |        |       |   own     |   ✓    |  ✓    |
| create an organisation, keep areas       |         |        |       |           |   ✓    |  ✓    |
| place an existing account in one         |         |        |       |           |        |  ✓    |
"""

from __future__ import annotations

from consortium.auth.policy import is_admin, is_coordinator, is_signed_in
from consortium.auth.roles import OrgRole


def is_org_admin_of(user, organisation) -> bool:
    return (
        is_signed_in(user)
        and organisation is not None
        and user.organisation_id == organisation.id
        and user.org_role == OrgRole.ORG_ADMIN
    )


def can_view(user, organisation) -> bool:
    """Every partner organisation is public."""
    return organisation is not None


def can_view_people(user, organisation) -> bool:
    """Members of a partner organisation and the consortium-wide roles, not loose accounts."""
    return is_coordinator(user) or (is_signed_in(user) and user.organisation_id is not None)


def can_edit(user, organisation) -> bool:
    return is_coordinator(user) or is_org_admin_of(user, organisation)


def can_manage_people(user, organisation) -> bool:
    return is_coordinator(user) or is_org_admin_of(user, organisation)


def can_invite(user, organisation, role: str | None = None) -> bool:
    """Org admins invite into their own organisation; only organisation roles exist there."""
    if role is not None and role not in set(OrgRole):
        return False
    return can_manage_people(user, organisation)


def can_change_role(user, person, role: str | None = None) -> bool:
    """Change someone's role inside their organisation (never to coordinator or admin)."""
    if person is None or person.organisation_id is None:
        return False
    if role is not None and role not in set(OrgRole):
        return False
    if is_signed_in(user) and person.id == user.id and not is_coordinator(user):
        return False  # an org admin cannot demote themself and lock the organisation out
    if person.is_consortium_wide and not is_coordinator(user):
        return False  # a coordinator listed in an organisation is not the org admin's to remove
    return can_manage_people(user, person.organisation)


def can_remove_person(user, person) -> bool:
    return can_change_role(user, person)


def can_place(user, person, organisation) -> bool:
    """Operators put an existing account into an organisation (or take it out); org admins
    and coordinators bring people in through invitations instead."""
    return is_admin(user) and person is not None


def can_create(user) -> bool:
    return is_coordinator(user)


def can_manage_areas(user) -> bool:
    return is_coordinator(user)
