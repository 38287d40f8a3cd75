"""`/api/v1/docs`: the API's documentation page, with Swagger UI served from this site."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from consortium.core.authz import public

bp = Blueprint(
    "api",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/api/v1/docs/static",
)
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})


@bp.get("/api/v1/docs")
@public
def docs_page():
    html = render_template("api/docs.html")
    # Swagger UI sets inline styles on its elements; scripts stay 'self' only.
    csp = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    return html, 200, {"Content-Security-Policy": csp}


@bp.get("/api/v1/docs/assets/<name>")
@public
def docs_asset(name: str):
    if name not in ASSETS:
        abort(404)
    return send_from_directory(Path(swagger_ui_path), name, max_age=86400)
