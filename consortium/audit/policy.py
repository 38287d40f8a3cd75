"""Who reads the audit log.

| action                       | visitor | member | staff | org admin | coord. | admin |
|------------------------------|---------|--------|-------|-----------|--------|-------|
| read the whole audit log     |         |        |       |           |   ✓    |  ✓    |
| read an organisation's part  |         |        |       |   own     |   ✓    |  ✓    |
"""

from __future__ import annotations

from typing import Any

from consortium.core.actors import Actor, is_coordinator, is_org_admin_of


def can_read_all(user: Actor | None) -> bool:
    return is_coordinator(user)


def can_read(user: Actor | None, organisation: Any = None) -> bool:
    """The whole log (organisation=None) or one organisation's events."""
    if organisation is None:
        return can_read_all(user)
    return is_coordinator(user) or is_org_admin_of(user, organisation)


def can_read_some(user: Actor | None) -> bool:
    """Whether the audit log belongs in this person's menu at all."""
    return can_read_all(user) or (
        getattr(user, "organisation", None) is not None and can_read(user, user.organisation)  # type: ignore[union-attr]
    )


def can_see_addresses(user: Actor | None) -> bool:
    """IP addresses stay with the consortium-wide roles; org admins see who and what."""
    return can_read_all(user)
