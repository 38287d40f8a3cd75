"""The defaults that ship, not values a test configures: CSRF, sign-in limits, idle timeout.

Each test first checks that the setting it relies on is the shipped one, so it breaks if
someone overrides that setting for tests instead of testing what production runs.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from consortium import create_app
from consortium.auth.models import AuthSession
from consortium.config import BaseConfig, ProductionConfig, TestingConfig
from consortium.db import db, utcnow
from tests.conftest import PASSWORD, IsolatedClient
from tests.factories import UserFactory

WRONG = "x" * 14
HTTPS = "https://localhost"


def _sessions_of(email: str) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).join(AuthSession.user).filter_by(email=email)
    )


def _error_text(response) -> str:
    soup = BeautifulSoup(response.data, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".error"))


# --- CSRF in the production profile --------------------------------------------------------


class ProductionForTest(ProductionConfig):
    """What production requires to start; CSRF is left exactly as ProductionConfig has it."""

    SECRET_KEY = "0123456789abcdef" * 4
    PUBLIC_URL = "https://consortium.example.org"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SERVER = "localhost"
    SINGLE_PROCESS_LIMITS = True  # one test process: counters in memory are shared enough


@pytest.fixture
def production():
    assert "WTF_CSRF_ENABLED" not in vars(ProductionForTest)
    app = create_app(ProductionForTest)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        UserFactory(email="prod@example.org")
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _production_sessions(app) -> int:
    with app.app_context():
        count = _sessions_of("prod@example.org")
        db.session.remove()
        return count


def _production_login(client, **extra):
    return client.post(
        "/en/login",
        base_url=HTTPS,
        data={"email": "prod@example.org", "password": PASSWORD, **extra},
        # Browsers send it, and Flask-WTF requires it on HTTPS (WTF_CSRF_SSL_STRICT).
        headers={"Referer": f"{HTTPS}/en/login"},
    )


def test_production_refuses_a_sign_in_without_csrf_token(production):
    assert production.config["ENV_NAME"] == "production"
    assert production.config["WTF_CSRF_ENABLED"] is True
    assert production.config["TESTING"] is False
    client = production.test_client()  # production cookies are Secure: every request is https

    refused = _production_login(client)
    assert refused.status_code == 400
    assert "The form has expired" in refused.get_data(as_text=True)
    assert _production_sessions(production) == 0

    form = BeautifulSoup(client.get("/en/login", base_url=HTTPS).data, "html.parser")
    token = form.select_one('form input[name="csrf_token"]')["value"]
    accepted = _production_login(client, csrf_token=token)
    assert accepted.status_code == 302
    assert _production_sessions(production) == 1


# --- Sign-in limits ------------------------------------------------------------------------


def _attempt(client, email, password=WRONG, address="127.0.0.1"):
    return client.post(
        "/en/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_shipped_limit_per_account_and_address(app, client, member, staff):
    assert "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS" not in vars(TestingConfig)
    assert app.config["RATELIMIT_ENABLED"] is True
    assert (
        app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"]
        == BaseConfig.LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS
        == "6 per 10 minutes"
    )
    for n in range(6):
        response = _attempt(client, member.email)
        assert response.status_code == 200, f"attempt {n + 1}"
        assert "not correct" in _error_text(response)
    assert _attempt(client, member.email).status_code == 429
    assert _attempt(client, member.email, PASSWORD).status_code == 429
    assert _sessions_of(member.email) == 0

    # Another account from the same address, and this account from another address, go on
    # (each in a browser of its own: a signed-in browser is not asked to sign in again).
    assert _attempt(app.test_client(), staff.email, PASSWORD).status_code == 302
    assert _sessions_of(staff.email) == 1
    other_address = _attempt(app.test_client(), member.email, PASSWORD, address="192.0.2.7")
    assert other_address.status_code == 302
    assert _sessions_of(member.email) == 1


# --- Idle timeout --------------------------------------------------------------------------


def test_the_shipped_idle_timeout(app, client_as, member):
    assert "SESSION_IDLE_TIMEOUT" not in vars(TestingConfig)
    assert (
        app.config["SESSION_IDLE_TIMEOUT"]
        == BaseConfig.SESSION_IDLE_TIMEOUT
        == timedelta(minutes=30)
    )
    client = client_as(member)
    row_id = db.session.scalar(db.select(AuthSession.id).where(AuthSession.user_id == member.id))

    db.session.get(AuthSession, row_id).last_seen_at = utcnow() - timedelta(minutes=29)
    assert client.get("/en/account").status_code == 200
    db.session.expire_all()
    assert db.session.get(AuthSession, row_id) is not None

    db.session.get(AuthSession, row_id).last_seen_at = utcnow() - timedelta(minutes=31)
    response = client.get("/en/account")
    assert response.status_code == 302
    assert response.location.startswith("/en/login")
    db.session.expire_all()
    assert db.session.get(AuthSession, row_id) is None
