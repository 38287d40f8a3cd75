"""A request that writes and then fails leaves nothing behind; one that ends normally keeps it.

A fresh app (its own in-memory database) gets test-only routes that call a real service,
so what is checked is the request boundary the app ships, not a view's own commit.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Blueprint

from consortium import create_app
from consortium.audit.models import AuditEvent
from consortium.auth.models import User
from consortium.config import TestingConfig
from consortium.db import db
from consortium.organisations.models import Organisation
from tests.conftest import IsolatedClient
from tests.factories import UserFactory
from tests.organisations.calls import create as create_organisation

COORDINATOR = "rollback-coordinator@example.org"


class InMemory(TestingConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # even when TEST_DATABASE_URL points elsewhere


def _stored() -> tuple[int, int]:
    """Organisations and audit rows in the database, counted in a fresh session."""
    db.session.remove()
    counts = (
        db.session.scalar(db.select(db.func.count(Organisation.id))),
        db.session.scalar(db.select(db.func.count(AuditEvent.id))),
    )
    db.session.remove()
    return counts


def _probe_routes(seen: dict) -> Blueprint:
    """Two routes that create an organisation through the service; one fails afterwards."""
    probe = Blueprint("rollback_probe", __name__, url_prefix="/<lang:lang>/test-only")

    def create(slug: str) -> None:
        actor = db.session.scalar(db.select(User).where(User.email == COORDINATOR))
        create_organisation(slug=slug, name=slug.title(), country="RS", actor=actor)
        # What the request itself sees, before it ends (the query flushes the session).
        seen[slug] = _counted_in_request()

    # The app's URL preprocessor takes `lang` out of the view's arguments.
    @probe.get("/create-then-fail")
    def create_then_fail():
        create("failing")
        raise RuntimeError("after the write")

    @probe.get("/create")
    def create_and_return():
        create("kept")
        return "created"

    return probe


def _counted_in_request() -> tuple[int, int]:
    return (
        db.session.scalar(db.select(db.func.count(Organisation.id))),
        db.session.scalar(db.select(db.func.count(AuditEvent.id))),
    )


@pytest.fixture
def probed():
    """A fresh app with the probe routes registered before its first request."""
    seen: dict = {}
    app = create_app(InMemory)
    app.test_client_class = IsolatedClient
    app.register_blueprint(_probe_routes(seen))
    with app.app_context():
        db.create_all()
        UserFactory(email=COORDINATOR, is_coordinator=True)
        db.session.commit()
        db.session.remove()
    yield app, seen
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_request_that_fails_after_writing_stores_nothing(probed):
    app, seen = probed
    response = app.test_client().get("/en/test-only/create-then-fail")

    assert response.status_code == 500
    heading = BeautifulSoup(response.data, "html.parser").h1.get_text(" ", strip=True)
    assert heading == "Something went wrong (500)"
    assert seen["failing"] == (1, 1), "the service wrote an organisation and an audit row"
    with app.app_context():
        assert _stored() == (0, 0)


def test_a_request_that_ends_normally_stores_what_it_wrote(probed):
    """The view does not commit: the request boundary does (one commit point, issue 6)."""
    app, seen = probed
    response = app.test_client().get("/en/test-only/create")

    assert response.status_code == 200
    assert seen["kept"] == (1, 1)
    with app.app_context():
        assert _stored() == (1, 1)
        assert db.session.scalar(db.select(Organisation.slug)) == "kept"
        db.session.remove()
