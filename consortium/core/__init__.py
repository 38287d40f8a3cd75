"""Domain-free pieces every domain builds on: errors, authorization helpers, converters,
pagination, storage, templating. Bottom layer: it imports no domain."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from consortium.core import bench, errors, links, seclog, security, templating
    from consortium.core.cli import translate
    from consortium.core.converters import IdConverter
    from consortium.core.views import bp

    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(bp)
    app.cli.add_command(translate)
    errors.register_error_handlers(app)
    app.after_request(security.set_security_headers)
    app.before_request(security.refuse_nul_bytes)
    seclog.init_app(app)
    links.init_app(app)  # no single-use link's token in the logs
    templating.init_app(app)
    if bench.enabled():  # CONSORTIUM_BENCH=1 only: reference pages, X-Query-Count
        bench.init_app(app)
