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
