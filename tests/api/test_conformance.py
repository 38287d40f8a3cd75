"""schemathesis over every operation of the document: no server error, and every answer
conforms to what the document says (a bounded number of examples, a fixed seed)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from consortium.db import db
from tests import factories
from tests.experts.factories import make_expert


@pytest.fixture
def api_schema(app, org, other_org):
    area = factories.AreaFactory(slug="pcve")
    make_expert(
        "Đorđe Đorđević",
        name_other_script="Ђорђе Ђорђевић",
        country="RS",
        organisation_id=other_org.id,
        area_ids=(area.id,),
        speaks=[("sr", "native")],
        contacts=(("email", "dj@example.org", "members"),),
    )
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_operation_conforms_to_the_document(api_schema):
    # schemathesis' pytest plugin does not load under pytest 9: each operation's strategy
    # is run here by Hypothesis directly, with the same bounds.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call()
            assert response.status_code < 500, (case.path, response.text)
            case.validate_response(response)

        check()


SECRET_TITLE = "Nacrt koji druga organizacija ne sme da vidi"


@pytest.fixture
def two_identities(app, staff, other_org_admin):
    """Staff of one organisation and the admin of another, each with a write token, and a
    draft of each organisation whose title the other must never see."""
    from tests.api.test_api import bearer
    from tests.statements.calls import draft

    ours = draft(staff, title=SECRET_TITLE + " (A)")
    theirs = draft(other_org_admin, title=SECRET_TITLE + " (B)")
    db.session.commit()
    return [
        (bearer(staff, "write"), theirs.id, SECRET_TITLE + " (B)"),
        (bearer(other_org_admin, "write"), ours.id, SECRET_TITLE + " (A)"),
    ]


def test_no_operation_reaches_the_other_organisations_draft(api_schema, two_identities):
    from consortium.statements.models import Statement

    operations = [result.ok() for result in api_schema.get_all_operations()]
    for identity in two_identities:
        for operation in operations:
            _aim_at_the_hidden_draft(operation, *identity)
        _, hidden_id, hidden_title = identity
        db.session.expire_all()
        hidden = db.session.get(Statement, hidden_id)
        assert hidden.revision_number == 1 and hidden.signatures == [], hidden_title
    # The control: each identity reads its own draft by the same route.
    (ours_headers, _, _), (_, ours_id, _) = two_identities
    client = api_schema.app.test_client()
    mine = client.get(f"/api/v1/statements/{ours_id}", headers=ours_headers)
    assert mine.status_code == 200 and SECRET_TITLE + " (A)" in mine.get_data(as_text=True)


def _aim_at_the_hidden_draft(operation, headers, hidden_id, hidden_title):
    @settings(
        max_examples=6,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=operation.as_strategy())
    def check(case):
        if "statement_id" in (case.path_parameters or {}):
            # Every statement path aims at the hidden draft.
            case.path_parameters["statement_id"] = hidden_id
        response = case.call(headers={**headers, "If-Match": "*"})
        assert response.status_code < 500, (case.path, response.text)
        assert hidden_title not in response.text, (case.method, case.formatted_path)
        if "{statement_id}" in case.path:
            assert response.status_code in (400, 404, 405, 415, 422, 428), (
                case.method,
                case.formatted_path,
                response.status_code,
            )

    check()
