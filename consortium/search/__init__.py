"""The site-wide search: one box that finds what every domain put in the search index.

Top layer beside `home`, `admin` and `demo`: it knows the domains only through the
`SearchKind`s they register (`core.registry`), and the index through `searchindex`.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry


def init_app(app: Flask) -> None:
    from consortium.search import views
    from consortium.search.blueprint import bp
    from consortium.search.cli import search

    views.register()
    app.register_blueprint(bp)
    app.cli.add_command(search)
    registry.add_nav(
        app,
        registry.NavItem(
            _l("Search"), "search.index", lambda user: True, order=50, blueprint="search"
        ),
    )
