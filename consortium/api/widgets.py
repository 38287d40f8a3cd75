"""Widgets for partner websites: the latest published statements, in a chosen language and
filtered by thematic area or organisation, in an iframe a partner pastes into its site.

A widget is what a visitor sees, whoever's browser shows it: it never reads the session
(so it respects every visibility choice), sets no cookie, and is the only kind of page that
any site may frame.
"""

from __future__ import annotations

import html

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext

from consortium.core.authz import public
from consortium.organisations import services as organisations
from consortium.statements import services as statements
from consortium.statements.feeds import author_of
from consortium.statements.schemas import ListFilters

bp = Blueprint("widgets", __name__, url_prefix="/<lang:lang>", template_folder="templates")
MAX_ITEMS = 10
FRAMEABLE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)


def _filters() -> tuple[ListFilters, int]:
    area = request.args.get("area") or None
    organisation = request.args.get("organisation") or None
    try:
        limit = max(1, min(MAX_ITEMS, int(request.args.get("limit", 5))))
    except ValueError:
        limit = 5
    return ListFilters(area_slug=area, organisation_slug=organisation), limit


@bp.get("/widgets/statements")
@public
def statements_widget():
    filters, limit = _filters()
    items = statements.for_feed(filters, limit=limit)
    authors = statements.signatories_of(items, consortium=False)
    html = render_template(
        "api/widget_statements.html",
        items=items,
        author=lambda s: author_of(s, authors[s.id].author_appearance if s.id in authors else None),
    )
    headers = {
        "Content-Security-Policy": FRAMEABLE_CSP,
        "Cache-Control": "public, max-age=300",
        "Vary": "Accept-Language",
    }
    return html, 200, headers


@bp.get("/widgets/")
@public
def preview():
    """How a partner builds the snippet: choose, copy, see it live."""
    filters, limit = _filters()
    args = {
        k: v
        for k, v in {
            "area": filters.area_slug,
            "organisation": filters.organisation_slug,
            "limit": limit,
        }.items()
        if v
    }
    src = url_for("widgets.statements_widget", _external=True, **args)
    title = html.escape(gettext("Joint statements of the consortium"), quote=True)
    snippet = (
        f'<iframe src="{src}" title="{title}" width="100%" height="420" '
        'loading="lazy" style="border:0"></iframe>'
    )
    return render_template(
        "api/widgets.html",
        src=src,
        snippet=snippet,
        filters=filters,
        limit=limit,
        areas=organisations.areas(),
        partners=organisations.menu(),
    )


@bp.after_request
def no_cookie(response):  # type: ignore[no-untyped-def]
    """A widget sits on other sites: it must never set (or refresh) a cookie there."""
    if request.endpoint == "widgets.statements_widget":
        while "Set-Cookie" in response.headers:
            del response.headers["Set-Cookie"]
    return response
