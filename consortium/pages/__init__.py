"""The footer's pages: about the consortium, contact, privacy, accessibility.

Their texts ship with the app in every interface language (`defaults`, `data/`); operators
replace a text per language (`services.save_page`). Beside `organisations`, above `auth`.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from consortium.core import registry

FOOTER = (
    ("about", _l("About the consortium")),
    ("contact", _l("Contact")),
    ("privacy", _l("Privacy")),
    ("accessibility", _l("Accessibility")),
)


def init_app(app: Flask) -> None:
    # Imported here so that loading the models (migrations, the worker) needs no web layer.
    from consortium.pages import defaults, personal_data, policy
    from consortium.pages.actions import OBJECT_TYPES, VOCABULARIES
    from consortium.pages.views import bp

    defaults.shipped()  # a missing or malformed text stops the start, not a reader
    app.register_blueprint(bp)
    registry.add_policy(app, "pages", policy)
    registry.add_audit_actions(app, *VOCABULARIES)
    registry.add_object_types(app, OBJECT_TYPES)
    registry.add_personal_data(app, personal_data.PART)
    registry.add_nav(
        app,
        *(
            registry.NavItem(
                label,
                "pages.show",
                policy.can_read,
                menu="footer",
                order=10 * (position + 1),
                url_args=lambda user, slug=slug: {"slug": slug},
            )
            for position, (slug, label) in enumerate(FOOTER)
        ),
    )
