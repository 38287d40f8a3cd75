"""The search page."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from consortium.core.authz import public
from consortium.search import services
from consortium.search.blueprint import bp
from consortium.search.forms import SearchForm
from consortium.searchindex import COUNT_CAP


def register() -> None:
    """The routes below join the blueprint when this module is imported."""


@bp.get("/search")
@public
def index():
    """Everything the reader may find, grouped by kind; or one kind's longer list."""
    form = SearchForm(request.args)
    only = services.kind_named(form.kind.data) if form.kind.data else None
    if form.kind.data and only is None:
        abort(404)  # a kind that names nothing is an address that leads nowhere
    valid = form.validate()
    query = (form.q.data or "").strip() if valid else ""
    groups = services.search(query, current_user, only=only) if query else []
    return render_template(
        "search/index.html",
        form=form,
        query=query,
        only=only,
        groups=groups,
        all_fuzzy=bool(groups) and all(g.fuzzy for g in groups),
        cap=COUNT_CAP,
    )
