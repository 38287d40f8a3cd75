"""Partner organisations: the directory, profiles, membership, invitations, thematic areas.

Above `auth`: it knows people through `auth`'s services and models, never the reverse.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry
from consortium.core.actors import belongs_to


def init_app(app: Flask) -> None:
    # Imported here so that loading the models (migrations, the worker) needs no web layer.
    from consortium.organisations import personal_data, policy
    from consortium.organisations.actions import OBJECT_TYPES, VOCABULARIES
    from consortium.organisations.cli import orgs
    from consortium.organisations.display import TEMPLATE_GLOBALS
    from consortium.organisations.search import SEARCH_KIND
    from consortium.organisations.views import CONVERTERS, bp

    app.url_map.converters.update(CONVERTERS)
    app.register_blueprint(bp)
    app.cli.add_command(orgs)
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    registry.add_policy(app, "organisations", policy)
    registry.add_audit_actions(app, *VOCABULARIES)
    registry.add_object_types(app, OBJECT_TYPES)
    registry.add_search_kind(app, SEARCH_KIND)
    registry.add_personal_data(app, personal_data.PART)
    registry.add_nav(
        app,
        registry.NavItem(
            _l("Organisations"),
            "organisations.index",
            policy.can_view_directory,
            order=10,
            blueprint="organisations",
        ),
        registry.NavItem(
            _l("My organisation"),
            "organisations.detail",
            lambda user: belongs_to(user, getattr(user, "organisation", None)),
            menu="account",
            order=10,
            url_args=lambda user: {"organisation": user.organisation},
        ),
    )
