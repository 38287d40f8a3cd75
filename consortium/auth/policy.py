"""Who may manage people and see operator pages. Pure functions, no request state.

| action                               | visitor | member | staff | org admin | coord. | admin |
|--------------------------------------|---------|--------|-------|-----------|--------|-------|
| manage every user                    |         |        |       |           |        |  ✓    |
| grant or revoke coordinator / admin  |         |        |       |           |        |  ✓    |
| read the development mailbox         |         |        |       |           |        |  ✓    |
| stay signed in with remember-me      |         |   ✓    |  ✓    |    ✓      |        |       |
"""

from __future__ import annotations


def is_signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    return is_signed_in(user) and bool(user.is_admin)


def is_coordinator(user) -> bool:
    """Coordinators and admins: the consortium-wide roles."""
    return is_signed_in(user) and bool(user.is_coordinator or user.is_admin)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_grant_consortium_roles(user) -> bool:
    return is_admin(user)


def can_read_mailbox(user) -> bool:
    return is_admin(user)


def can_be_remembered(user) -> bool:
    """Remember-me (a lasting cookie) is never offered to the consortium-wide roles."""
    return is_signed_in(user) and not (user.is_coordinator or user.is_admin)


def can_edit_account(user, account) -> bool:
    """People change their own name, language and password."""
    return is_signed_in(user) and user.id == account.id
