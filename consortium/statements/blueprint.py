"""The statements blueprint and the converter that loads a statement from its address."""

from __future__ import annotations

from flask import Blueprint

from consortium.core.converters import SlugConverter
from consortium.statements import reading
from consortium.statements.models import Statement

bp = Blueprint("statements", __name__, url_prefix="/<lang:lang>", template_folder="templates")


class StatementConverter(SlugConverter):
    """`<statement:statement>`: 404 for an unknown slug (the guard hides drafts)."""

    model = Statement
    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class PageConverter(StatementConverter):
    """`<statement_page:statement>`: the statement with everything its page shows."""

    options = reading.PAGE_OPTIONS
