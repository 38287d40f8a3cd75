"""The e-mails the outbox holds for or from a person, in their download; with their
account, those addressed to them go, and so do the sent copies of the messages they wrote
through the experts' contact relay."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_

from consortium.core import links, registry
from consortium.db import db
from consortium.mail.models import OutboxMessage


def collect(person: Any) -> dict[str, Any]:
    """Mails to them, with single-use links cut (they are secrets, and spent); mails they
    had relayed to someone, without the recipient's address (the relay keeps it hidden)."""
    rows = db.session.scalars(
        db.select(OutboxMessage)
        .where(
            or_(OutboxMessage.to_address == person.email, OutboxMessage.reply_to == person.email)
        )
        .order_by(OutboxMessage.id)
    ).all()

    def shown(message: OutboxMessage) -> dict[str, Any]:
        return {
            "kind": message.kind,
            "language": message.language,
            "subject": message.subject,
            "text": links.redact(message.body_text),
            "queued_at": message.created_at,
            "sent_at": message.sent_at,
            "failed_at": message.failed_at,
        }

    return {
        "received": [shown(m) for m in rows if m.to_address == person.email],
        "written_through_the_platform": [shown(m) for m in rows if m.to_address != person.email],
    }


def erase(person: Any) -> None:
    """Messages to them go, even unsent ones (nobody is left to read them). Messages they
    wrote to others go once delivered or given up on; one still waiting is delivered."""
    db.session.execute(
        delete(OutboxMessage).where(
            or_(
                OutboxMessage.to_address == person.email,
                (OutboxMessage.reply_to == person.email)
                & or_(OutboxMessage.sent_at.is_not(None), OutboxMessage.failed_at.is_not(None)),
            )
        )
    )


PART = registry.PersonalData("mail", collect=collect, erase=erase)
