"""Server-side sessions: the cookie carries a random id, this table decides.

Logging out deletes the row, so a copied cookie stops working; logging in clears whatever
the browser carried before; idle and absolute limits are checked on every request.
"""

from __future__ import annotations

from flask import current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, update
from sqlalchemy.orm import joinedload

from consortium.auth.models import AuthSession, User
from consortium.auth.policy import can_be_remembered
from consortium.auth.tokens import digest, new_token
from consortium.core import links
from consortium.db import db, utcnow

SESSION_KEY = "sid"


def start(user: User, *, remember: bool = False) -> AuthSession:
    """Begin a fresh session for `user`; nothing of the previous session survives."""
    config = current_app.config
    remember = remember and can_be_remembered(user)
    lifetime = config["REMEMBER_ABSOLUTE_LIFETIME" if remember else "SESSION_ABSOLUTE_LIFETIME"]
    lang = session.get("lang")
    # A mailed link being followed (an expert claiming a profile signs in on the way).
    following = session.get(links.SESSION_KEY)
    session.clear()
    token = new_token()
    now = utcnow()
    row = AuthSession(
        token_hash=digest(token),
        user_id=user.id,
        remember=remember,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        ip=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:300],
    )
    db.session.add(row)
    db.session.flush()
    session[SESSION_KEY] = token
    if lang:
        session["lang"] = lang
    if following:
        session[links.SESSION_KEY] = following
    session.permanent = remember
    login_user(user, remember=False)
    return row


def current_token_hash() -> str | None:
    token = session.get(SESSION_KEY)
    return digest(token) if isinstance(token, str) else None


def current_row() -> AuthSession | None:
    token_hash = current_token_hash()
    if token_hash is None:
        return None
    return db.session.scalar(db.select(AuthSession).where(AuthSession.token_hash == token_hash))


def is_recently_authenticated() -> bool:
    """Whether this browser signed in, or confirmed the password, within REAUTH_AFTER."""
    row = current_row()
    return row is not None and utcnow() - row.authenticated_at < current_app.config["REAUTH_AFTER"]


def mark_reauthenticated() -> None:
    """This browser's person just typed their password again."""
    row = current_row()
    if row is not None:
        row.reauthenticated_at = utcnow()
        db.session.flush()


def end_current() -> None:
    """Sign out this browser: the row goes, the cookie is emptied."""
    token_hash = current_token_hash()
    if token_hash:
        db.session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def end_all(user: User, *, except_current: bool = False) -> int:
    """End the user's sessions (all, or all but this browser's); returns how many ended."""
    statement = delete(AuthSession).where(AuthSession.user_id == user.id)
    keep = current_token_hash() if except_current else None
    if keep:
        statement = statement.where(AuthSession.token_hash != keep)
    return db.session.execute(statement).rowcount


def active_for(user: User) -> list[AuthSession]:
    """The user's signed-in browsers that still work, most recently used first."""
    config, now = current_app.config, utcnow()
    rows = db.session.scalars(
        db.select(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.expires_at > now)
        .order_by(AuthSession.last_seen_at.desc())
    )
    return [
        row
        for row in rows
        if row.last_seen_at
        + config["REMEMBER_IDLE_TIMEOUT" if row.remember else "SESSION_IDLE_TIMEOUT"]
        > now
    ]


def find_own(user: User, session_id: int) -> AuthSession | None:
    """One of the user's own live sessions, or None (someone else's is never found)."""
    return next((row for row in active_for(user) if row.id == session_id), None)


def end_one(user: User, session_id: int) -> bool:
    """End one of the user's own sessions (a lost phone); False if it was not theirs."""
    result = db.session.execute(
        delete(AuthSession).where(AuthSession.id == session_id, AuthSession.user_id == user.id)
    )
    return result.rowcount == 1


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only if this browser's session row is alive."""
    token_hash = current_token_hash()
    if token_hash is None:
        return None
    row = db.session.scalar(
        db.select(AuthSession)
        .options(joinedload(AuthSession.user))
        .where(AuthSession.token_hash == token_hash)
    )
    if row is None or str(row.user_id) != str(user_id) or not row.user.is_active:
        return None
    config = current_app.config
    now = utcnow()
    idle = config["REMEMBER_IDLE_TIMEOUT" if row.remember else "SESSION_IDLE_TIMEOUT"]
    if row.expires_at <= now or row.last_seen_at + idle <= now:
        g.expired_session_id = row.id
        return None
    if now - row.last_seen_at >= config["SESSION_TOUCH_INTERVAL"]:
        g.touch_session_id = row.id
    return row.user


def persist_activity(response):
    """After the view: record activity or drop an expired row, in a small commit of its own."""
    touched, expired = g.pop("touch_session_id", None), g.pop("expired_session_id", None)
    if touched is None and expired is None:
        return response
    try:
        if touched is not None:
            db.session.execute(
                update(AuthSession)
                .where(AuthSession.id == touched)
                .values(last_seen_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        if expired is not None:
            db.session.execute(delete(AuthSession).where(AuthSession.id == expired))
        db.session.commit()
    except Exception:  # bookkeeping must never break the page the person asked for
        db.session.rollback()
        current_app.logger.warning("could not record session activity", exc_info=True)
    return response
