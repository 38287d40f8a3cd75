"""The development mailbox: admins read what the outbox holds."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from consortium.auth.policy import can_read_mailbox
from consortium.core.authz import require
from consortium.db import db
from consortium.mail.models import OutboxMessage

STATUS_TITLES = {
    "queued": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "failed": _l("Could not be delivered"),
}

bp = Blueprint("mail", __name__, url_prefix="/<lang:lang>", template_folder="templates")


def _require_mailbox() -> None:
    if not current_app.config.get("MAIL_DEV_MAILBOX"):
        abort(404)
    require(can_read_mailbox(current_user), hide=True)


@bp.app_template_filter("mail_status")
def mail_status(code: str) -> str:
    return str(STATUS_TITLES.get(code, code))


@bp.get("/admin/mailbox")
@login_required
def mailbox():
    """The newest messages in the outbox."""
    _require_mailbox()
    messages = db.session.scalars(
        db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
    )
    return render_template("mail/mailbox.html", messages=list(messages))


@bp.get("/admin/mailbox/<id:message_id>")
@login_required
def message(message_id: int):
    """One message as the recipient would read it."""
    _require_mailbox()
    item = db.session.get(OutboxMessage, message_id)
    if item is None:
        abort(404)
    return render_template("mail/message.html", message=item)
