"""The expert directory: profiles members browse in their language, with contact details
each shared with a chosen audience, and a relay for those shared with nobody.

A content domain: above `organisations` and `auth`, below `home`, `admin` and `search`.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry


def init_app(app: Flask) -> None:
    # Imported here so that loading the models (migrations, the worker) needs no web layer.
    from consortium.experts import display, personal_data, policy, search, views  # noqa: F401
    from consortium.experts.actions import OBJECT_TYPES, ExpertAction
    from consortium.experts.blueprint import ExpertConverter, ProfileConverter, bp

    app.url_map.converters["expert"] = ExpertConverter
    app.url_map.converters["expert_profile"] = ProfileConverter
    app.register_blueprint(bp)
    app.jinja_env.globals.update(display.TEMPLATE_GLOBALS)
    registry.add_policy(app, "experts", policy)
    registry.add_audit_actions(app, ExpertAction)
    registry.add_object_types(app, OBJECT_TYPES)
    registry.add_search_kind(app, search.KIND)
    registry.add_personal_data(app, personal_data.PART)
    registry.add_nav(
        app,
        registry.NavItem(
            _l("Experts"), "experts.index", lambda user: True, order=30, blueprint="experts"
        ),
    )
