"""Who may hold and manage personal access tokens.

Everyone signed in manages their own tokens; operators create them from the CLI (as
`SYSTEM`) for any active account. A token acts with exactly its owner's rights, and a
`read` token never writes: the API asks `can_write_with` before any change.
"""

from __future__ import annotations

from typing import Any

from consortium.core.actors import Actor, is_admin, is_signed_in, is_system


def can_manage_own(user: Actor | None) -> bool:
    return is_signed_in(user) and not is_system(user)


def can_create_for(user: Actor | None, owner: Any) -> bool:
    if owner is None or not getattr(owner, "is_active", False):
        return False
    return is_system(user) or (is_signed_in(user) and getattr(user, "id", None) == owner.id)


def can_revoke(user: Actor | None, token: Any) -> bool:
    return token is not None and (
        is_system(user) or (is_signed_in(user) and getattr(user, "id", None) == token.user_id)
    )


def can_revoke_all_of(user: Actor | None, owner: Any) -> bool:
    """Every token of an account at once: its owner, or the admin who deactivates it."""
    return owner is not None and (
        is_admin(user) or (is_signed_in(user) and getattr(user, "id", None) == owner.id)
    )


def can_write_with(token: Any) -> bool:
    return token is None or token.scope == "write"
