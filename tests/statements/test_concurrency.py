"""Each decision is atomic: two coordinators deciding (or publishing) at the same moment
produce exactly one recorded outcome, on SQLite and on PostgreSQL, through real concurrent
requests.

Each request runs in a thread of its own, with its own test client, app context and database
connection. A barrier inside the service call holds both requests until each has loaded the
statement and passed its checks, so that every round is a real race for the conditional
UPDATE, never one request arriving after the other finished. On SQLite the app uses a file
database: the in-memory one is a single shared connection.
"""

from __future__ import annotations

import pyotp
import pytest

from consortium.audit.models import AuditEvent
from consortium.db import db
from consortium.statements import workflow
from consortium.statements.models import Review, Statement
from consortium.statements.vocab import StatementState
from tests import factories
from tests.conftest import PASSWORD
from tests.racing import race
from tests.statements.calls import decide, draft, sign

ROUNDS = 10


@pytest.fixture
def cast(racing):
    """The author organisation with its staff and admin, and two coordinators of no organisation."""
    with racing.app_context():
        org = factories.OrganisationFactory(slug="race-org", name="Race Org", country="XK")
        staff = factories.UserFactory(organisation=org, org_role="staff", email="s@example.org")
        admin = factories.UserFactory(organisation=org, org_role="org_admin", email="a@example.org")
        factories.UserFactory(is_coordinator=True, email="c1@example.org")
        factories.UserFactory(is_coordinator=True, email="c2@example.org")
        statements = []
        for n in range(ROUNDS):
            statement = draft(staff, title=f"Trka {n}")
            sign(statement, admin)
            workflow.submit(statement, actor=staff)
            statements.append(statement)
        db.session.commit()
        coordinator = db.session.scalar(
            db.select(type(staff)).where(type(staff).email == "c1@example.org")
        )
        yield [s.slug for s in statements], coordinator
        db.session.remove()


def _signed_in(racing, email: str):
    client = racing.test_client()
    response = client.post("/en/login", data={"email": email, "password": PASSWORD})
    if response.headers.get("Location", "").startswith("/en/login/code"):
        # Coordinators have a second factor (tests/auth/factories.py); each signs in once.
        code = pyotp.TOTP(factories.TEST_TOTP_SECRET).now()
        response = client.post("/en/login/code", data={"code": code})
    assert response.status_code == 302
    return client


def test_two_coordinators_deciding_at_once_record_exactly_one_outcome(racing, cast, monkeypatch):
    slugs, _ = cast
    first, second = _signed_in(racing, "c1@example.org"), _signed_in(racing, "c2@example.org")
    winners = []
    for slug in slugs:
        path = f"/en/statements/{slug}/review"

        def post(client, decision, path=path):
            data = {"decision": decision, "note": "Ne.", "seen_round": "1"}
            return lambda: client.post(path, data=data).status_code

        statuses = race(
            monkeypatch, (workflow, "decide"), [post(first, "approve"), post(second, "reject")]
        )
        assert sorted(statuses) == [302, 409], statuses
        with racing.app_context():
            statement = db.session.scalar(db.select(Statement).where(Statement.slug == slug))
            reviews = db.session.scalars(
                db.select(Review).where(Review.statement_id == statement.id)
            ).all()
            assert len(reviews) == 1, "exactly one decision in the round"
            expected = {
                "approve": StatementState.APPROVED,
                "reject": StatementState.REJECTED,
            }[reviews[0].decision]
            assert statement.status == expected
            decided = db.session.scalars(
                db.select(AuditEvent.action).where(
                    AuditEvent.object_id == statement.id,
                    AuditEvent.action.in_(["statement.approved", "statement.rejected"]),
                )
            ).all()
            assert decided == [f"statement.{expected.value}"]
            winners.append(reviews[0].decision)
            db.session.remove()
    assert len(winners) == ROUNDS


def test_two_coordinators_publishing_at_once_publish_once(racing, cast, monkeypatch):
    slugs, coordinator = cast
    with racing.app_context():
        for slug in slugs:
            statement = db.session.scalar(db.select(Statement).where(Statement.slug == slug))
            decide(statement, db.session.merge(coordinator))
        db.session.commit()
        db.session.remove()
    first, second = _signed_in(racing, "c1@example.org"), _signed_in(racing, "c2@example.org")
    for slug in slugs:
        path = f"/en/statements/{slug}/publish"

        def post(client, path=path):
            return lambda: client.post(path, data={"when": "now"}).status_code

        statuses = race(monkeypatch, (workflow, "publish"), [post(first), post(second)])
        assert sorted(statuses) == [302, 409], statuses
        with racing.app_context():
            statement = db.session.scalar(db.select(Statement).where(Statement.slug == slug))
            assert statement.status == StatementState.PUBLISHED
            published = db.session.scalars(
                db.select(AuditEvent.id).where(
                    AuditEvent.object_id == statement.id,
                    AuditEvent.action == "statement.published",
                )
            ).all()
            assert len(published) == 1
            db.session.remove()
