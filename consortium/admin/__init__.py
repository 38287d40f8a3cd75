"""The operators' pages and tools: people, roles, the audit log's page, the users CLI.

Top layer: it composes `auth`, `organisations` and `audit`; nothing imports it.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry


def init_app(app: Flask) -> None:
    from consortium.admin import audit_log, views
    from consortium.admin.cli import users
    from consortium.audit import policy as audit_policy
    from consortium.auth import policy as auth_policy

    app.register_blueprint(audit_log.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(users)
    registry.add_nav(
        app,
        registry.NavItem(
            _l("Audit log"), "audit.index", audit_policy.can_read_some, order=70, blueprint="audit"
        ),
        registry.NavItem(
            _l("People"), "admin.users", auth_policy.can_manage_users, order=80, blueprint="admin"
        ),
    )
