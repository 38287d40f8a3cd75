"""Who may read and edit the footer's pages (about, contact, privacy, accessibility).

| action                   | visitor | member | staff | org admin | coord. | admin |
|--------------------------|---------|--------|-------|-----------|--------|-------|
| read a page              |   ✓     |   ✓    |  ✓    |    ✓      |   ✓    |  ✓    |
| replace a page's text    |         |        |       |           |        |  ✓    |

The texts speak for the whole consortium (its privacy statement among them), so only the
platform's operators change them. The operators' tools act as `core.actors.SYSTEM`, which
holds the admin's rights.
"""

from __future__ import annotations

from consortium.core.actors import Actor, is_admin

__all__ = ["can_edit_pages", "can_read"]


def can_read(user: Actor | None) -> bool:
    """Every page is public: the privacy statement above all must be readable before sign-in."""
    return True


def can_edit_pages(user: Actor | None) -> bool:
    """Platform admins only, not coordinators."""
    return is_admin(user)
