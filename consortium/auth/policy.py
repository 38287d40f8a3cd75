"""Who may manage accounts. Pure functions, no request state.

| action                               | visitor | member | staff | org admin | coord. | admin |
|--------------------------------------|---------|--------|-------|-----------|--------|-------|
| manage every user                    |         |        |       |           |        |  ✓    |
| grant or revoke coordinator / admin  |         |        |       |           |        |  ✓    |
| stay signed in with remember-me      |         |   ✓    |  ✓    |    ✓      |        |       |
| change one's own name, language, password, sessions | | ✓ | ✓ |    ✓      |   ✓    |  ✓    |
| turn one's own second factor on or off | |   ✓    |  ✓    |    ✓      |   ✓    |  ✓    |
| must have a second factor            |         |        |       |           |   ✓    |  ✓    |
| reset someone's second factor, end their sessions | | |  |           |        |  ✓    |

The operators' tools act as `core.actors.SYSTEM`, which holds the admin's rights.
"""

from __future__ import annotations

from typing import Any

from consortium.core.actors import Actor, is_admin, is_coordinator, is_signed_in, is_system

__all__ = [
    "can_be_remembered",
    "can_create_accounts",
    "can_edit_account",
    "can_enrol_second_factor",
    "can_grant_consortium_roles",
    "can_manage_users",
    "is_admin",
    "is_coordinator",
    "is_signed_in",
    "must_use_second_factor",
]


def can_manage_users(user: Actor | None) -> bool:
    return is_admin(user)


def can_create_accounts(user: Actor | None) -> bool:
    """Accounts without an invitation: the operators' tools only (and admins)."""
    return is_admin(user)


def can_grant_consortium_roles(user: Actor | None) -> bool:
    return is_admin(user)


def can_be_remembered(user: Actor | None) -> bool:
    """Remember-me (a lasting cookie) is never offered to the consortium-wide roles."""
    return is_signed_in(user) and not (user.is_coordinator or user.is_admin)  # type: ignore[union-attr]


def can_edit_account(user: Actor | None, account: Any) -> bool:
    """People change their own name, language and password."""
    return is_signed_in(user) and account is not None and user.id == account.id  # type: ignore[union-attr]


def must_use_second_factor(user: Actor | None) -> bool:
    """Coordinators and admins act for the whole consortium: a password alone is not enough."""
    return is_signed_in(user) and not is_system(user) and (user.is_coordinator or user.is_admin)  # type: ignore[union-attr]


def can_enrol_second_factor(user: Actor | None, account: Any) -> bool:
    """People turn on their own second factor; the demo loader (SYSTEM) enrols demo people."""
    return is_system(user) or can_edit_account(user, account)
