"""A person's access tokens in their download, and gone with their account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from consortium.core import registry
from consortium.db import db
from consortium.tokens import services
from consortium.tokens.models import AccessToken


def collect(person: Any) -> list[dict[str, Any]]:
    """Each token by its name and dates; never its secret's hash."""
    return [
        {
            "name": token.name,
            "scope": token.scope,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
        }
        for token in services.of(person)
    ]


def erase(person: Any) -> None:
    """The tokens go with the account: a script holding one is refused at once."""
    db.session.execute(delete(AccessToken).where(AccessToken.user_id == person.id))


PART = registry.PersonalData("access_tokens", collect=collect, erase=erase)
