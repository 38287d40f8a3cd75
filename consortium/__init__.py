"""Consortium: the collaboration platform of a consortium of civil-society organisations."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from consortium.config import BaseConfig, config_from_env, finalise


def create_app(config: type[BaseConfig] | dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(_instance_path()))
    app.config.from_object(
        config_from_env() if config is None or isinstance(config, dict) else config
    )
    if isinstance(config, dict):
        app.config.update(config)
    finalise(app.config)
    if app.config["ENV_NAME"] == "production" and not app.config.get("REDIS_URL"):
        app.logger.warning(
            "REDIS_URL is not set: sign-in limits are counted per process, not per site"
        )
    register_extensions(app)
    register_models()
    register_blueprints(app)
    register_error_handlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def _instance_path():
    from consortium.config import INSTANCE

    return INSTANCE


def register_extensions(app: Flask) -> None:
    from consortium import i18n
    from consortium.auth import passwords, sessions
    from consortium.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(sessions.load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    if app.config.get("PASSWORD_HASH_FAST"):
        passwords.configure_hasher(time_cost=1, memory_cost=1024, parallelism=1)
    if app.config.get("PROXY_FIX_X_FOR"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]), x_proto=1)


def register_models() -> None:
    """Import every domain's models so the metadata (and Alembic) sees all tables."""
    import consortium.audit.models
    import consortium.auth.models
    import consortium.mail.models
    import consortium.organisations.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from consortium.core.urls import IdConverter

    app.url_map.converters["id"] = IdConverter
    from consortium.admin.views import bp as admin_bp
    from consortium.audit.views import bp as audit_bp
    from consortium.auth.views import bp as auth_bp
    from consortium.core.views import bp as core_bp
    from consortium.home.views import bp as home_bp
    from consortium.mail.views import bp as mail_bp
    from consortium.organisations.views import bp as organisations_bp

    for blueprint in (core_bp, home_bp, auth_bp, organisations_bp, audit_bp, mail_bp, admin_bp):
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    from consortium.core.errors import register_error_handlers as register

    register(app)


def register_request_hooks(app: Flask) -> None:
    from consortium.auth.sessions import persist_activity
    from consortium.core.security import set_security_headers

    app.after_request(persist_activity)
    app.after_request(set_security_headers)


def register_template_helpers(app: Flask) -> None:
    from consortium.audit import policy as audit
    from consortium.auth import policy as auth
    from consortium.core.templating import init_app
    from consortium.organisations import policy as organisations

    init_app(app, policies={"auth": auth, "organisations": organisations, "audit": audit})


def register_cli(app: Flask) -> None:
    from consortium.auth.cli import users
    from consortium.core.cli import translate
    from consortium.demo.cli import seed_demo_command
    from consortium.mail.cli import outbox
    from consortium.organisations.cli import orgs

    for command in (users, orgs, outbox, translate, seed_demo_command):
        app.cli.add_command(command)
