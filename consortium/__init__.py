"""Consortium: the collaboration platform of a consortium of civil-society organisations.

`create_app` reads as a table of contents: configuration, extensions, then each domain of
`DOMAINS` registers itself (`<domain>.init_app`: blueprint, CLI, template helpers,
navigation, audit titles). Adding a domain is a folder and one line here.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from consortium.config import INSTANCE, ROOT, BaseConfig, config_from_env, finalise, serving
from consortium.core import limits, storage, transaction
from consortium.core.requests import ConsortiumRequest
from consortium.extensions import csrf, db, login_manager

# In layer order: a domain may import those before it, never those after it
# (the import-linter contracts in pyproject.toml hold the code to this).
DOMAINS: tuple[str, ...] = (
    "core",
    "audit",
    "mail",
    "searchindex",
    "auth",
    "tokens",
    "organisations",
    "pages",
    "statements",
    "experts",
    "search",
    "api",
    "home",
    "admin",
    "demo",
)


def create_app(config: type[BaseConfig] | dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE))
    app.request_class = ConsortiumRequest
    configure(app, config)
    register_extensions(app)
    import_models()
    for name in DOMAINS:
        import_module(f"consortium.{name}").init_app(app)
    limits.init_app(app)  # wraps the views the domains marked, so after them
    transaction.init_app(app)  # the last after_request hook added runs first
    return app


def configure(app: Flask, config: type[BaseConfig] | dict | None) -> None:
    """The environment's profile (or the given class), then a dict's overrides, checked."""
    base = config if isinstance(config, type) else config_from_env()
    app.config.from_object(base)
    app.config["SERVING"] = serving()
    if isinstance(config, dict):
        app.config.update(config)
    finalise(app.config)
    if app.config["ENV_NAME"] == "production" and not app.config.get("REDIS_URL"):
        app.logger.warning(
            "REDIS_URL is not set: sign-in limits are counted per process, not per site"
        )


def register_extensions(app: Flask) -> None:
    from consortium import i18n

    db.init_app(app)
    if not app.config["SERVING"]:
        from flask_migrate import Migrate

        from consortium.searchindex.models import include_object

        Migrate(app, db, directory=str(ROOT / "migrations"), include_object=include_object)
    csrf.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    storage.init_app(app)
    if app.config.get("PROXY_FIX_X_FOR"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]), x_proto=1)


def import_models() -> None:
    """Every domain's models, so the metadata (and Alembic) sees all tables."""
    for name in DOMAINS:
        try:
            import_module(f"consortium.{name}.models")
        except ModuleNotFoundError as error:
            if error.name != f"consortium.{name}.models":
                raise
