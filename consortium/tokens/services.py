"""Creating, checking and revoking personal access tokens. Services flush; the request or
the CLI command commits."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from consortium.audit.services import record
from consortium.auth.models import User
from consortium.auth.tokens import digest
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.text import has_control_characters
from consortium.db import db, utcnow
from consortium.tokens import policy
from consortium.tokens.actions import TokenAction
from consortium.tokens.models import NAME_MAX, AccessToken
from consortium.tokens.vocab import Scope

PREFIX = "cst_"  # recognisable in a leaked-secret scan
MAX_DAYS = 366
# `last_used_at` is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=5)


def create(
    owner: User, *, name: str, scope: str, expires_days: int | None, actor: Actor
) -> tuple[AccessToken, str]:
    """A new token and its secret (256 random bits), which is shown once and never again."""
    require(policy.can_create_for(actor, owner))
    name = name.strip()
    if not name or has_control_characters(name) or len(name) > NAME_MAX:
        raise DomainError(_l("Give the token a name of at most %(max)d characters.", max=NAME_MAX))
    if Scope.lookup(scope) is None:
        raise DomainError(_l("Choose one of the offered options."))
    if expires_days is not None and not 1 <= expires_days <= MAX_DAYS:
        raise DomainError(_l("A token lives from 1 to %(max)d days.", max=MAX_DAYS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(
        user_id=owner.id,
        name=name,
        token_hash=digest(secret),
        scope=scope,
        expires_at=utcnow() + timedelta(days=expires_days) if expires_days else None,
    )
    token.user = owner
    db.session.add(token)
    db.session.flush()
    record(TokenAction.CREATED, actor=actor, obj=token, scope=scope)
    return token, secret


def revoke(token: AccessToken, *, actor: Actor) -> None:
    require(policy.can_revoke(actor, token))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record(TokenAction.REVOKED, actor=actor, obj=token)


def revoke_all(owner: User, *, actor: Actor) -> int:
    """Revoke every live token of an account (it is deactivated: `auth.set_active` calls
    this through its deactivation hook); returns how many were revoked."""
    require(policy.can_revoke_all_of(actor, owner))
    live = db.session.scalars(
        db.select(AccessToken).where(
            AccessToken.user_id == owner.id, AccessToken.revoked_at.is_(None)
        )
    ).all()
    now = utcnow()
    for token in live:
        token.revoked_at = now
        record(TokenAction.REVOKED, actor=actor, obj=token)
    db.session.flush()
    return len(live)


def authenticate(secret: str) -> AccessToken | None:
    """The live token behind a secret, whose owner is an active account; else None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(
        db.select(AccessToken).where(AccessToken.token_hash == digest(secret))
    )
    if token is None or not token.is_active() or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
    return token


def of(owner: Any) -> list[AccessToken]:
    """A person's tokens, newest first (a handful: no paging needed)."""
    return list(
        db.session.scalars(
            db.select(AccessToken)
            .where(AccessToken.user_id == owner.id)
            .order_by(AccessToken.created_at.desc(), AccessToken.id.desc())
            .limit(100)
        )
    )


def get_own(owner: Any, token_id: int) -> AccessToken | None:
    return db.session.scalar(
        db.select(AccessToken).where(AccessToken.id == token_id, AccessToken.user_id == owner.id)
    )
