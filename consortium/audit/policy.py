"""Who reads the audit log.

| action                       | visitor | member | staff | org admin | coord. | admin |
|------------------------------|---------|--------|-------|-----------|--------|-------|
| read the whole audit log     |         |        |       |           |   ✓    |  ✓    |
| read an organisation's part  |         |        |       |   own     |   ✓    |  ✓    |
"""

from __future__ import annotations

from consortium.auth.policy import is_coordinator
from consortium.organisations.policy import is_org_admin_of


def can_read_all(user) -> bool:
    return is_coordinator(user)


def can_read(user, organisation=None) -> bool:
    """The whole log (organisation=None) or one organisation's events."""
    if organisation is None:
        return can_read_all(user)
    return is_coordinator(user) or is_org_admin_of(user, organisation)
