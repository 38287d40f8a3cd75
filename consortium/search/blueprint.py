"""The search blueprint: its pages live under the reader's language, like every page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/<lang:lang>", template_folder="templates")
