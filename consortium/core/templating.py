"""What every template can use: languages, alternates, policies, menus, form helpers."""

from __future__ import annotations

from flask import Flask, g, request, url_for
from flask_babel import format_date, format_decimal
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from consortium.core import initials, registry
from consortium.core.roles import greeting, person_role_title, person_role_titles, role_title
from consortium.core.urls import addresses, remembered_url_for
from consortium.i18n import current_language
from consortium.i18n.display import shown
from consortium.i18n.formats import format_datetime, format_time
from consortium.i18n.languages import LANGUAGES


def this_page_is(endpoint: str, **values: object) -> None:
    """Name the page a POST answer shows (a form sent back with its errors), so that the
    language switcher leads to that page and not to an address that only takes POST."""
    g.page_address = (endpoint, values)


def alternates() -> dict[str, str]:
    """This page in every language (for the switcher and hreflang)."""
    if "page_address" in g:
        endpoint, values = g.page_address
        return {code: url_for(endpoint, **{**values, "lang": code}) for code in LANGUAGES}
    rule = request.url_rule
    if (
        rule is None
        or request.endpoint is None
        or "lang" not in rule.arguments
        or "GET" not in (rule.methods or ())
    ):
        # No page to rebuild (a 404, or a form answered by a POST-only address): go home.
        return {code: url_for("home.index", lang=code) for code in LANGUAGES}
    args = dict(request.view_args or {})
    query = {k: v for k, v in request.args.to_dict(flat=False).items() if not k.startswith("_")}
    return {
        code: url_for(request.endpoint, **{**query, **args, "lang": code}) for code in LANGUAGES
    }


def csrf_field() -> Markup:
    """The CSRF token as a hidden input without an id, so pages with many forms stay valid."""
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()


def init_app(app: Flask) -> None:
    """What every template can use; domains add their own helpers in their `init_app`."""

    @app.context_processor
    def inject() -> dict:
        return {
            "languages": LANGUAGES,
            "lang": current_language(),
            "alternates": alternates,
            "policy": registry.policies(),
            "nav_items": registry.nav_items,
            "shown": shown,
        }

    app.jinja_env.globals.update(
        url_for=remembered_url_for,
        addresses=addresses,
        csrf_field=csrf_field,
        format_date=format_date,
        format_time=format_time,
        format_datetime=format_datetime,
        format_number=format_decimal,
        role_title=role_title,
        person_role_title=person_role_title,
        person_role_titles=person_role_titles,
        greeting=greeting,
        initials=initials.initials,
        avatar_colour=initials.colour,
        org_initials=initials.org_initials,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
