"""API bodies are built in their final shape and sent as they are (`api.common.Shaped`); the
suite checks every one against the schema that documents it."""

from __future__ import annotations

import copy

import pytest
from marshmallow import ValidationError

from consortium.api.statements import StatementSchema
from consortium.config import DevelopmentConfig, ProductionConfig
from consortium.db import db
from tests.statements import calls


def test_served_apps_send_the_bodies_as_built(app):
    for config in (ProductionConfig, DevelopmentConfig):
        assert not getattr(config, "API_CHECK_BODIES", False)
    body = {"id": 1, "state": "published"}  # not even a whole statement: nothing reads it
    with app.test_request_context("/api/v1/statements/"):
        app.config["API_CHECK_BODIES"] = False
        try:
            assert StatementSchema().dump(body) is body
        finally:
            app.config["API_CHECK_BODIES"] = True


@pytest.fixture()
def statement_body(client, staff, org_admin, coordinator) -> dict:
    calls.published(staff, org_admin, coordinator)
    db.session.commit()
    listed = client.get("/api/v1/statements/?lang=en").get_json()
    assert listed["items"], "a published statement is listed"
    return listed["items"][0]


def test_a_body_as_documented_passes_the_check(app, statement_body):
    with app.test_request_context("/api/v1/statements/"):
        assert StatementSchema().dump(statement_body) == statement_body


@pytest.mark.parametrize(
    "change, error",
    [
        (lambda body: body.update(secret="draft text"), ValidationError),  # undocumented
        (lambda body: body.pop("slug"), ValidationError),  # documented, missing
        (lambda body: body.update(revision="2"), AssertionError),  # "2" would be sent, not 2
    ],
)
def test_a_body_that_strays_from_its_schema_fails_the_suite(app, statement_body, change, error):
    body = copy.deepcopy(statement_body)
    change(body)
    with app.test_request_context("/api/v1/statements/"), pytest.raises(error):
        StatementSchema().dump(body)
