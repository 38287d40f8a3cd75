"""The development mailbox: admins read what the outbox holds."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from consortium.core.authz import guard
from consortium.core.converters import ModelIdConverter
from consortium.mail import policy, services
from consortium.mail.models import OutboxMessage

bp = Blueprint("mail", __name__, url_prefix="/<lang:lang>", template_folder="templates")


class MessageConverter(ModelIdConverter):
    model = OutboxMessage


@bp.before_request
def _switched_on() -> None:
    """The mailbox exists only where the configuration turns it on (development)."""
    if not current_app.config.get("MAIL_DEV_MAILBOX"):
        abort(404)


@bp.get("/admin/mailbox")
@guard(policy.can_read_mailbox, hide=True)
def mailbox():
    """The newest messages in the outbox."""
    return render_template("mail/mailbox.html", messages=services.newest(200))


@bp.get("/admin/mailbox/<outbox_message:message>")
@guard(policy.can_read_mailbox, hide=True)
def message(message: OutboxMessage):
    """One message as the recipient would read it."""
    return render_template("mail/message.html", message=message)
