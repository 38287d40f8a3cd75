"""The app, a client per person, and a fixed cast of people.

Every test runs on SQLite in memory, and again on PostgreSQL when TEST_DATABASE_URL is set
(the schema is created once there and emptied after each test).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, text

os.environ.setdefault("CONSORTIUM_ENV", "testing")

from consortium import create_app
from consortium.config import TestingConfig
from consortium.db import db as _db
from consortium.extensions import limiter
from tests import factories

PASSWORD = "tri-plave-lipe-na-obali"  # passes the password policy
_schemas_ready: set[str] = set()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, so `g` and the login cache never leak.

    What the test has flushed is committed first, so the request (on its own connection, as
    on PostgreSQL) sees it.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


@pytest.fixture
def app():
    # Flask-Limiter is a process-wide singleton that remembers a dead storage across
    # init_app() calls; a test that killed Redis must not leave later tests on the fallback
    # (which switches back mid-test and forgets the counts).
    limiter._storage_dead = False
    app = create_app(TestingConfig)
    app.test_client_class = IsolatedClient
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        if _is_sqlite(url) or url not in _schemas_ready:
            if not _is_sqlite(url):
                _db.drop_all()
                _db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
                _db.session.commit()
            _db.create_all()
            _schemas_ready.add(url)
        yield app
        _db.session.rollback()
        _db.session.remove()
        if not _is_sqlite(url):
            names = ", ".join(t.name for t in _db.metadata.sorted_tables)
            _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            _db.session.commit()
            _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    _db.session.commit()
    return app.test_client()


@pytest.fixture
def client_as(app):
    """A client signed in as `user` through the real sign-in form (None: a visitor)."""

    def make(user=None, *, lang: str = "en") -> FlaskClient:
        _db.session.commit()
        client = app.test_client()
        if user is not None:
            response = client.post(
                f"/{lang}/login", data={"email": user.email, "password": PASSWORD}
            )
            assert response.status_code == 302, f"sign-in failed for {user.email}"
        return client

    return make


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects the SQL run inside the block."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)

    return counting


# The cast: one organisation (Kosovo) with its admin, staff and member; an admin of another
# organisation (Serbia); a coordinator; a platform admin.
@pytest.fixture
def org(app):
    return factories.OrganisationFactory(slug="qkss-demo", name="Qendra Kosovare", country="XK")


@pytest.fixture
def other_org(app):
    return factories.OrganisationFactory(slug="bcbp-demo", name="Beogradski centar", country="RS")


@pytest.fixture
def org_admin(org):
    return factories.UserFactory(
        name="Bruno Org-Admin", organisation=org, org_role="org_admin", email="bruno@example.org"
    )


@pytest.fixture
def staff(org):
    return factories.UserFactory(
        name="Chen Staff", organisation=org, org_role="staff", email="chen@example.org"
    )


@pytest.fixture
def member(org):
    return factories.UserFactory(
        name="Dara Member", organisation=org, org_role="member", email="dara@example.org"
    )


@pytest.fixture
def other_org_admin(other_org):
    return factories.UserFactory(
        name="Olga Other", organisation=other_org, org_role="org_admin", email="olga@example.org"
    )


@pytest.fixture
def coordinator(app):
    return factories.UserFactory(
        name="Amina Coordinator", is_coordinator=True, email="amina@example.org"
    )


@pytest.fixture
def admin(app):
    return factories.UserFactory(name="Ada Admin", is_admin=True, email="ada@example.org")
