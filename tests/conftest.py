"""The app, a client per person, and a fixed cast of people.

The app and its schema are built once per test session (as Warehouse and Indico do); each
test runs in its own app context and leaves nothing behind: its rows are wiped, the
configuration it changed is put back, the rate-limit counters are reset.

Every test runs on SQLite in memory, and again on PostgreSQL when TEST_DATABASE_URL is set.
Tests marked `postgresql` need PostgreSQL: they are skipped on SQLite, and a PostgreSQL run
that skipped one fails.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import event, select, text, update

from tests.workers import own_database

os.environ.setdefault("CONSORTIUM_ENV", "testing")
os.environ["TEST_DATABASE_URL"] = own_database(os.environ.get("TEST_DATABASE_URL", ""))


from consortium import create_app
from consortium.auth import totp_secrets
from consortium.auth.models import User
from consortium.config import TestingConfig
from consortium.core.limits import KEY as LIMITER_KEY
from consortium.db import db as _db
from tests import factories

pytest_plugins = ["tests.racing"]  # the `racing` fixture for tests of real races

PASSWORD = factories.TEST_PASSWORD

# The suite runs on two busy cores: Hypothesis' timing checks (a deadline per example, "input
# generation is slow") would fail tests at random there, not because anything is wrong.
settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.load_profile("suite")


def on_postgresql() -> bool:
    return (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")


_postgresql_only_skipped: list[str] = []


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


class SuiteConfig(TestingConfig):
    """The testing profile; on PostgreSQL, commits do not wait for the disk (tests only)."""

    if on_postgresql():
        SQLALCHEMY_ENGINE_OPTIONS = {
            **TestingConfig.SQLALCHEMY_ENGINE_OPTIONS,
            "connect_args": {"options": "-c synchronous_commit=off"},
        }


def _build() -> Flask:
    app = create_app(SuiteConfig)
    app.test_client_class = IsolatedClient
    return app


def _create_schema(app: Flask) -> None:
    with app.app_context():
        if on_postgresql():
            # Whatever an earlier run or another branch left behind goes, constraints too.
            _db.session.execute(text("DROP SCHEMA public CASCADE"))
            _db.session.execute(text("CREATE SCHEMA public"))
            _db.session.commit()
        _db.create_all()


def _wipe(app: Flask) -> None:
    """Empty the tables a test wrote to, and restart their ids, as a new schema would have.

    Cheaper than a new schema, and it includes what requests committed. DELETE rather than
    TRUNCATE: on a few rows PostgreSQL's TRUNCATE costs ~20 times more.
    """
    with app.app_context():
        _db.session.rollback()
        tables = _db.metadata.sorted_tables
        probe = " UNION ALL ".join(
            f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM {t.name})" for t in tables
        )
        written = set(_db.session.scalars(text(probe)))
        if on_postgresql():
            from consortium.audit.models import PURGE  # the audit log refuses other deletes

            _db.session.execute(text(PURGE))
        for table in reversed(tables):
            if table.name in written:
                _db.session.execute(table.delete())
        if on_postgresql():
            for table in tables:
                if table.name in written and "id" in table.c:
                    _db.session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)"
                        )
                    )
        _db.session.commit()
        _db.session.remove()


@pytest.fixture(scope="session")
def _session_app() -> Flask:
    app = _build()
    _create_schema(app)
    return app


@pytest.fixture
def app(_session_app):
    """The shared app, in a context of this test's own; its changes are undone afterwards."""
    app = _session_app
    saved_config = dict(app.config)
    app.extensions[LIMITER_KEY].reset()
    with app.app_context():
        yield app
        _db.session.rollback()
        _db.session.remove()
    app.config.clear()
    app.config.update(saved_config)
    _wipe(app)


@pytest.fixture
def fresh_app(app):
    """A new app on the same database, for tests that add routes or hooks of their own."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    other = _build()
    if url.startswith("sqlite"):
        _create_schema(other)  # an in-memory database belongs to its engine
    with other.app_context():
        yield other
        _db.session.rollback()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    _db.session.commit()
    return app.test_client()


def complete_second_step(client: FlaskClient, user, response, *, lang: str = "en"):
    """After the password: type the app's current code if the sign-in asks for one.

    The last accepted step is forgotten first, as if 30 seconds had passed: a test may sign
    the same person in several times within one step, and each code is accepted once.
    """
    if urlsplit(response.headers.get("Location", "")).path != f"/{lang}/login/code":
        return response
    _db.session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
    _db.session.commit()
    sealed = _db.session.scalar(select(User.totp_secret).where(User.id == user.id))
    secret, _ = totp_secrets.unseal(sealed)
    return client.post(f"/{lang}/login/code", data={"code": pyotp.TOTP(secret).now()})


def sign_in(client: FlaskClient, user, *, password: str = PASSWORD, lang: str = "en"):
    """Sign in through the real form, the second step included."""
    response = client.post(f"/{lang}/login", data={"email": user.email, "password": password})
    return complete_second_step(client, user, response, lang=lang)


@pytest.fixture
def client_as(app):
    """A client signed in as `user` through the real sign-in form (None: a visitor); people
    with a second factor (every coordinator and admin of the cast) type its current code."""

    def make(user=None, *, lang: str = "en") -> FlaskClient:
        _db.session.commit()
        client = app.test_client()
        if user is not None:
            response = sign_in(client, user, lang=lang)
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


# --- PostgreSQL-only tests ---------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if on_postgresql():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs when TEST_DATABASE_URL is set")
    for item in items:
        if item.get_closest_marker("postgresql"):
            item.add_marker(skip)


def pytest_runtest_logreport(report):
    if on_postgresql() and report.skipped and "postgresql" in report.keywords:
        _postgresql_only_skipped.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    marked = [
        r
        for key in ("passed", "failed", "skipped")
        for r in terminalreporter.stats.get(key, [])
        if "postgresql" in r.keywords and r.when in ("call", "setup")
    ]
    where = "ran on PostgreSQL" if on_postgresql() else "skipped: SQLite run"
    terminalreporter.write_line(f"PostgreSQL-only tests: {len(marked)} ({where})")
    for nodeid in _postgresql_only_skipped:
        terminalreporter.write_line(f"  skipped on PostgreSQL, which fails the run: {nodeid}")


def pytest_sessionfinish(session, exitstatus):
    if _postgresql_only_skipped and exitstatus == 0:
        session.exitstatus = 1


# --- The cast ----------------------------------------------------------------------------
# One organisation (Kosovo) with its admin, staff and member; an admin of another
# organisation (Serbia); a coordinator; a platform admin; someone with no organisation;
# a coordinator listed in an organisation.


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


@pytest.fixture
def loner(app):
    """Signed in, but in no organisation (an account whose organisation let them go)."""
    return factories.UserFactory(name="Lea Loner", email="lea@example.org")


@pytest.fixture
def listed_coordinator(org):
    """A coordinator who is also listed as a member of the Kosovo organisation."""
    return factories.UserFactory(
        name="Ilir Listed",
        organisation=org,
        org_role="member",
        is_coordinator=True,
        email="ilir@example.org",
    )
