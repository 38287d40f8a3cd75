"""Who reads the development mailbox.

| action                        | visitor | member | staff | org admin | coord. | admin |
|-------------------------------|---------|--------|-------|-----------|--------|-------|
| read the development mailbox  |         |        |       |           |        |  ✓    |
"""

from __future__ import annotations

from consortium.core.actors import Actor, is_admin


def can_read_mailbox(user: Actor | None) -> bool:
    return is_admin(user)
