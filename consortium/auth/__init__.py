"""Identity: accounts, passwords, server-side sessions, signing in and out.

Above `audit` and `mail`, below `organisations`: it knows a person's organisation only as
an id (and a relationship by name).
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry


def init_app(app: Flask) -> None:
    # Imported here so that loading the models (migrations, the worker) needs no web layer.
    from consortium.auth import (
        gates,
        passwords,
        personal_data,
        personal_data_views,  # noqa: F401  (its routes join `bp`)
        policy,
        services,
        sessions,
    )
    from consortium.auth.actions import OBJECT_TYPES, AuthAction, UserAction
    from consortium.auth.deletion import AccountAction
    from consortium.auth.display import user_agent_label
    from consortium.auth.views import bp
    from consortium.extensions import login_manager

    app.extensions[services.HASHER_KEY] = passwords.make_hasher(
        fast=bool(app.config.get("PASSWORD_HASH_FAST"))
    )
    login_manager.user_loader(sessions.load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    app.register_blueprint(bp)
    app.after_request(sessions.persist_activity)
    app.before_request(gates.require_second_factor)
    app.jinja_env.filters["user_agent_label"] = user_agent_label
    registry.add_policy(app, "auth", policy)
    registry.add_audit_actions(app, AuthAction, UserAction, AccountAction)
    registry.add_personal_data(app, personal_data.PART)
    registry.add_object_types(app, OBJECT_TYPES)
    registry.add_nav(
        app,
        registry.NavItem(_l("Your account"), "auth.account", policy.is_signed_in, menu="account"),
    )
