"""Joint advocacy positions: drafted together, co-signed by organisations, approved by
coordinators, published in every language they have.

A content domain: above `organisations` and `auth`, below `home`, `admin` and `search`.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry


def init_app(app: Flask) -> None:
    # Imported here so that loading the models (migrations, the worker) needs no web layer.
    from consortium.statements import personal_data, policy, views
    from consortium.statements.actions import OBJECT_TYPES, StatementAction
    from consortium.statements.blueprint import PageConverter, StatementConverter, bp
    from consortium.statements.cli import statements
    from consortium.statements.search import SEARCH_KIND

    app.url_map.converters["statement"] = StatementConverter
    app.url_map.converters["statement_page"] = PageConverter
    views.register()
    app.register_blueprint(bp)
    app.cli.add_command(statements)
    app.jinja_env.globals.update(statement_text=views.statement_text)
    registry.add_policy(app, "statements", policy)
    registry.add_audit_actions(app, StatementAction)
    registry.add_object_types(app, OBJECT_TYPES)
    registry.add_search_kind(app, SEARCH_KIND)
    registry.add_personal_data(app, personal_data.PART)
    registry.add_nav(
        app,
        registry.NavItem(
            _l("Statements"),
            "statements.index",
            lambda user: True,
            order=20,
            blueprint="statements",
        ),
    )
