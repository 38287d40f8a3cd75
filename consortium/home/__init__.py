"""The home page. Top layer: it asks the domains below for what waits for each person."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from consortium.home.views import bp

    app.register_blueprint(bp)
