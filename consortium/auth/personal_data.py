"""What the platform holds about a person, for the person to download (issue 12).

Each domain that stores something about a person registers its part with
`core.registry.add_personal_data` from its `init_app`; `export` asks each part in turn, so
this module imports no domain above `auth`. Secrets are named only by whether they exist:
no password hash, second-factor secret, recovery code, token or session id leaves here.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import func

from consortium.auth.models import AuthSession, PasswordReset, RecoveryCode, User
from consortium.auth.policy import can_edit_account
from consortium.core import registry
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.db import db, utcnow

FORMAT = "consortium-personal-data/1"


def _iso(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(data: dict[str, Any]) -> str:
    """The download's text: the parts' times as ISO 8601 (UTC), the letters as written."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_iso)


def export(account: User, *, actor: Actor) -> dict[str, Any]:
    """Everything each domain holds about `account`, by domain: its owner only.

    Reads, never writes (a GET serves it): the download is logged to the security log by
    the view, not to the audit log.
    """
    require(can_edit_account(actor, account))
    return {
        "format": FORMAT,
        "exported_at": utcnow(),
        **{part.name: part.collect(account) for part in registry.personal_data_parts()},
    }


def collect(person: User) -> dict[str, Any]:
    """The account itself, its sign-in methods and the browsers signed in to it."""
    codes_left = db.session.scalar(
        db.select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == person.id, RecoveryCode.used_at.is_(None)
        )
    )
    sessions = db.session.scalars(
        db.select(AuthSession)
        .where(AuthSession.user_id == person.id)
        .order_by(AuthSession.created_at)
    )
    resets = db.session.scalars(
        db.select(PasswordReset)
        .where(PasswordReset.user_id == person.id)
        .order_by(PasswordReset.created_at)
    )
    return {
        "id": person.id,
        "email": person.email,
        "name": person.name,
        "language": person.language,
        "grammatical_gender": person.grammatical_gender or None,
        "coordinator": person.is_coordinator,
        "administrator": person.is_admin,
        "active": person.is_active,
        "created_at": person.created_at,
        "last_login_at": person.last_login_at,
        "password": {
            "set": person.password_hash is not None,
            "changed_at": person.password_changed_at,
        },
        "second_factor": {
            "enabled": person.has_second_factor,
            "since": person.second_factor_at,
            "recovery_codes_left": codes_left or 0,
        },
        "sessions": [
            {
                "started_at": s.created_at,
                "last_seen_at": s.last_seen_at,
                "expires_at": s.expires_at,
                "password_confirmed_at": s.reauthenticated_at,
                "kept_signed_in": s.remember,
                "ip": s.ip,
                "browser": s.user_agent,
            }
            for s in sessions
        ],
        "password_reset_links": [
            {
                "requested_at": r.created_at,
                "expires_at": r.expires_at,
                "used_at": r.used_at,
            }
            for r in resets
        ],
    }


PART = registry.PersonalData("account", collect=collect, order=0)
