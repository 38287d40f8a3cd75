"""The footer's pages: about, contact, privacy and accessibility, in every language."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from consortium.core.authz import public
from consortium.core.markdown import render
from consortium.i18n import current_language
from consortium.pages import services

bp = Blueprint("pages", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.get("/pages/<slug>")
@public
def show(slug: str):
    """One page, in the reader's language or the nearest; 404 for an unknown page."""
    reading = services.read(slug, current_language().code)
    if reading is None:
        abort(404)
    return render_template("pages/page.html", page=reading, body=render(reading.body))
