"""The JSON API v1: the pages' services, policies and guards, described by OpenAPI.

flask-smorest generates `/api/v1/openapi.json` from the marshmallow schemas the views
declare; errors are the application's problem+json (core/errors.py), so the extension's
own error handlers are not installed. On top: it imports every domain, none imports it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_smorest import Api
from flask_smorest.arguments import ArgumentsMixin

from consortium.core import registry
from consortium.extensions import csrf

# Unknown fields and bad values are 400 (the API's contract), not webargs' 422.
ArgumentsMixin.ARGUMENTS_PARSER.DEFAULT_VALIDATION_STATUS = 400

SPEC = {
    "API_TITLE": "Consortium API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


class ConsortiumApi(Api):
    def _register_error_handlers(self) -> None:
        """The application's handlers answer /api/ with problem+json already."""

    def _register_responses(self) -> None:
        """The ETag answers flask-smorest documents (412, 428) are problem+json as well."""
        from consortium.api.common import ERRORS, ProblemSchema

        super()._register_responses()
        for status in (HTTPStatus.PRECONDITION_FAILED, HTTPStatus.PRECONDITION_REQUIRED):
            self.spec.components.responses_lazy.pop(status.name, None)
            self.spec.components.response(
                status.name,
                {
                    "description": ERRORS[status],
                    "content": {"application/problem+json": {"schema": ProblemSchema}},
                },
                lazy=True,
            )


def init_app(app: Flask) -> None:
    from consortium.api import (
        access,
        docs,
        experts,
        organisations,
        search,
        statement_writes,
        statements,
        widgets,
    )

    for key, value in SPEC.items():
        app.config.setdefault(key, value)
    api = ConsortiumApi(
        app,
        spec_kwargs={
            "info": {
                "description": "Read the consortium's partner organisations, experts and "
                "published statements; draft, sign, review and publish joint statements. "
                "Authenticate with a personal access token (`Authorization: Bearer …`; "
                "writes need one of scope write). Errors are application/problem+json."
            },
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        },
    )
    for blueprint in (
        organisations.blp,
        experts.blp,
        statements.blp,
        statement_writes.blp,
        search.blp,
    ):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)  # access.before_request applies the API's own CSRF rule
    app.register_blueprint(docs.bp)
    app.register_blueprint(widgets.bp)
    app.before_request(access.before_request)
    app.after_request(access.after_request)
    _mark_spec_view_public(app)
    registry.add_nav(
        app,
        registry.NavItem(
            _l("Widgets for your website"),
            "widgets.preview",
            lambda user: True,
            menu="footer",
            order=90,
        ),
    )


def _mark_spec_view_public(app: Flask) -> None:
    """The document describes only what anyone may know: mark the extension's view so."""
    from functools import wraps

    from consortium.core.authz import public

    view: Any = app.view_functions.get("api-docs.openapi_json")
    if view is not None:

        @wraps(view)
        def openapi_json() -> Any:
            return view()

        app.view_functions["api-docs.openapi_json"] = public(openapi_json)
