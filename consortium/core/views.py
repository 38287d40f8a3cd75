"""The root redirect and the health check."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from werkzeug.wrappers import Response

from consortium.core.authz import public
from consortium.db import db
from consortium.i18n import preferred_code

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def root() -> Response:
    """Send the visitor to their account's language, last choice, browser's, or English."""
    response = redirect(url_for("home.index", lang=preferred_code()))
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@bp.get("/healthz")
@public
def health() -> dict[str, str]:
    """For load balancers: the app answers and the database is reachable."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
