"""Queueing e-mails into the outbox and sending them with retries.

`queue` adds a row in the caller's transaction: a change that rolls back sends nothing.
`send_due` claims rows with a conditional UPDATE, so several workers never send one twice
(on SQLite and PostgreSQL alike), and retries with exponential back-off.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import current_app, render_template
from sqlalchemy import delete, or_, update

from consortium.core.links import redact as redact_links
from consortium.core.text import single_line
from consortium.db import db, utcnow
from consortium.i18n import in_language
from consortium.mail.models import OutboxMessage

CLAIM_FOR = timedelta(minutes=5)


def queue(
    kind: str,
    *,
    to: str,
    language: str,
    subject: object,
    template: str,
    reply_to: str | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render a mail in the recipient's language and add it to the outbox (flush only)."""
    with in_language(language):
        message = OutboxMessage(
            kind=kind,
            to_address=to,
            reply_to=reply_to,
            language=language,
            subject=single_line(str(subject))[:300],
            body_text=render_template(template, **context),
        )
    db.session.add(message)
    db.session.flush()
    return message


def undelivered_count() -> int:
    """Messages the worker gave up on: something for an operator to look into."""
    return db.session.scalar(
        db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.failed_at.is_not(None))
    )


def newest(limit: int) -> list[OutboxMessage]:
    """The most recent messages, for the development mailbox."""
    statement = db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.scalars(statement))


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def _claim(message_id: int, worker: str) -> bool:
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_by=worker, claimed_until=now + CLAIM_FOR)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult


def smtp_send(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body_text)
    email["Content-Language"] = message.language  # after set_content, which resets Content-*
    # Verified TLS: reset and invitation links are as good as passwords.
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            timeout=config["MAIL_TIMEOUT"],
            context=context,
        )
    else:
        smtp = smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        )
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=context)
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def send_due(
    *, limit: int = 50, worker: str | None = None, send: Callable[[OutboxMessage], None] = smtp_send
) -> tuple[int, int]:
    """Send what is due; returns (sent, failed attempts)."""
    worker = worker or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
    now = utcnow()
    due = db.session.scalars(
        db.select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = failed = 0
    for message_id in due:
        if not _claim(message_id, worker):
            continue  # another worker has it
        message: OutboxMessage = db.session.get(OutboxMessage, message_id)  # type: ignore[assignment]  # claimed above, so it exists
        try:
            send(message)
        except Exception as error:
            failed += 1
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.claimed_until = None
            if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                message.failed_at = utcnow()
                message.body_text = redact_links(message.body_text)
            else:
                message.next_attempt_at = utcnow() + backoff(message.attempts)
        else:
            sent += 1
            message.attempts += 1
            message.sent_at = utcnow()
            message.last_error = None
            # Once delivered, the outbox need not keep working links to reset or join.
            message.body_text = redact_links(message.body_text)
        db.session.commit()
    return sent, failed


def forget_delivered(*, older_than: timedelta) -> int:
    """Delete the e-mails sent, or given up on, before `older_than` ago; those still
    waiting or being retried stay whatever their age. Returns how many went."""
    cutoff = utcnow() - older_than
    result = db.session.execute(
        delete(OutboxMessage)
        .where(or_(OutboxMessage.sent_at < cutoff, OutboxMessage.failed_at < cutoff))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
