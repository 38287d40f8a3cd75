"""The outbox: every e-mail is a row first, sent by a worker that retries.

Bottom layer: it imports no domain; callers hand it addresses, languages and templates.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry


def init_app(app: Flask) -> None:
    # Imported here so that loading the models (migrations, the worker) needs no web layer.
    from consortium.mail import personal_data, policy
    from consortium.mail.cli import outbox
    from consortium.mail.views import MessageConverter, bp

    app.url_map.converters["outbox_message"] = MessageConverter
    app.register_blueprint(bp)
    app.cli.add_command(outbox)
    registry.add_personal_data(app, personal_data.PART)
    registry.add_policy(app, "mail", policy)
    if app.config.get("MAIL_DEV_MAILBOX"):
        registry.add_nav(
            app,
            registry.NavItem(
                _l("Mailbox"), "mail.mailbox", policy.can_read_mailbox, order=90, blueprint="mail"
            ),
        )
