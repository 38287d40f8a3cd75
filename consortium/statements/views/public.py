"""What readers get: the list of published statements, one statement's page."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from consortium.core.authz import guard, public
from consortium.i18n import current_language
from consortium.statements import policy, services
from consortium.statements.blueprint import bp
from consortium.statements.models import Statement
from consortium.statements.schemas import ListFilters


@bp.get("/statements/")
@public
def index():
    """Published statements, newest first."""
    page = services.published(ListFilters(), cursor=request.args.get("after"))
    return render_template("statements/index.html", page=page)


@bp.get("/statements/<statement:statement>")
@guard(policy.can_read, "statement", hide=True)
def detail(statement: Statement):
    """One statement: the published text for everyone, the draft for those taking part."""
    revision = statement.published_revision or statement.current_revision
    text = services.shown(revision, current_language().code, statement.original_language)
    return render_template(
        "statements/detail.html",
        statement=statement,
        revision=revision,
        text=text,
        can_read_draft=policy.can_read_draft(current_user, statement),
    )
