"""Sent e-mails leave the outbox after the retention period (MAIL_RETENTION_DAYS, 30 days
by default); those still waiting for delivery stay whatever their age."""

from __future__ import annotations

from datetime import timedelta

from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage


def _message(to: str, **times) -> OutboxMessage:
    message = OutboxMessage(
        kind="x", to_address=to, language="en", subject="s", body_text="b", **times
    )
    db.session.add(message)
    return message


def test_old_sent_and_abandoned_mails_go_and_the_rest_stay(app):
    assert app.config["MAIL_RETENTION_DAYS"] == 30  # the shipped default
    long_ago = utcnow() - timedelta(days=31)
    lately = utcnow() - timedelta(days=29)
    _message("old-sent@example.org", created_at=long_ago, sent_at=long_ago)
    _message("old-failed@example.org", created_at=long_ago, failed_at=long_ago)
    _message("recent-sent@example.org", created_at=lately, sent_at=lately)
    _message("old-waiting@example.org", created_at=long_ago, next_attempt_at=long_ago)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "forget-sent"])

    assert result.exit_code == 0, result.output
    assert "deleted 2 e-mails older than 30 days" in result.output
    db.session.expire_all()
    left = db.session.scalars(db.select(OutboxMessage.to_address)).all()
    assert sorted(left) == ["old-waiting@example.org", "recent-sent@example.org"]
