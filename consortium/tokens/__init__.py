"""Personal access tokens: the API's credentials, created on the account page or the CLI.

Above `auth` (a token belongs to an account), below `api`, which authenticates with them.
"""

from __future__ import annotations

from flask import Flask

from consortium.core import registry


def init_app(app: Flask) -> None:
    from consortium.tokens import personal_data, policy, services, views
    from consortium.tokens.actions import OBJECT_TYPES, TokenAction
    from consortium.tokens.cli import tokens

    app.register_blueprint(views.bp)
    app.cli.add_command(tokens)
    registry.add_policy(app, "tokens", policy)
    registry.add_audit_actions(app, TokenAction)
    registry.add_object_types(app, OBJECT_TYPES)
    # A deactivated account's tokens are revoked with it (`auth` cannot import `tokens`).
    registry.add_on_deactivate(app, services.revoke_all)
    registry.add_personal_data(app, personal_data.PART)
