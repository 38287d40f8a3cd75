"""Signing in: generic answers, rate limits, safe redirects, cookie attributes."""

from __future__ import annotations

import socket
import threading

import pytest
from bs4 import BeautifulSoup

from consortium import create_app
from consortium.audit.models import AuditEvent
from consortium.auth.models import AuthSession
from consortium.db import db
from tests.conftest import PASSWORD, IsolatedClient
from tests.factories import UserFactory


def _sessions_of(user) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


def _error_text(response) -> str:
    soup = BeautifulSoup(response.data, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".error"))


def test_sign_in_and_land_on_home_in_own_language(client, member, db):
    member.language = "sq"
    db.session.commit()
    response = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sq/"
    page = client.get("/sq/")
    assert member.name in page.get_data(as_text=True)


def test_email_is_case_insensitive(client, member):
    response = client.post("/en/login", data={"email": member.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_unknown_address_and_wrong_password_answer_the_same(client, member):
    wrong = client.post("/en/login", data={"email": member.email, "password": "x" * 14})
    unknown = client.post("/en/login", data={"email": "nobody@example.org", "password": "x" * 14})
    assert wrong.status_code == unknown.status_code == 200
    assert _error_text(wrong) == _error_text(unknown) != ""
    assert db.session.scalar(db.select(db.func.count(AuthSession.id))) == 0
    right = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert right.status_code == 302
    assert _sessions_of(member) == 1


def test_failed_sign_ins_are_audited_with_address(client, member):
    client.post("/en/login", data={"email": "Nobody@Example.org", "password": "x" * 14})
    client.post("/en/login", data={"email": member.email, "password": "x" * 14})
    failures = list(
        db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))
    )
    assert [f.actor_label for f in failures] == ["nobody@example.org", member.email]
    assert failures[1].actor_id == member.id
    assert all(f.ip == "127.0.0.1" for f in failures)


def test_error_message_in_the_readers_language(client, member):
    english = client.post("/en/login", data={"email": member.email, "password": "x" * 14})
    croatian = client.post("/hr/login", data={"email": member.email, "password": "x" * 14})
    assert _error_text(english) and _error_text(croatian)
    assert _error_text(english) != _error_text(croatian)


def _attempt(client, email, password="x" * 14, address="127.0.0.1", lang="en"):
    return client.post(
        f"/{lang}/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_sign_ins_are_limited_per_account_and_address(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"] = "3 per 10 minutes"
    assert [_attempt(client, member.email) for _ in range(3)] == [200, 200, 200]
    assert _attempt(client, member.email, PASSWORD) == 429, "even the right password waits"
    assert _sessions_of(member) == 0
    # Another account from this address, and this account from another address, go on.
    assert _attempt(client, "someone@example.org") == 200
    assert _attempt(client, member.email, PASSWORD, address="192.0.2.7") == 302
    assert _sessions_of(member) == 1


def test_sign_ins_are_limited_per_address(app, client, member):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "4 per 10 minutes"
    assert [_attempt(client, f"p{n}@example.org") for n in range(4)] == [200] * 4
    assert _attempt(client, member.email, PASSWORD) == 429
    # A forged X-Forwarded-For does not reset the count (no proxy is trusted by default).
    spoofed = client.post(
        "/en/login",
        data={"email": member.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert spoofed.status_code == 429
    assert _sessions_of(member) == 0
    # From another address the same sign-in goes through.
    assert _attempt(client, member.email, PASSWORD, address="192.0.2.7") == 302
    assert _sessions_of(member) == 1


def test_guessing_one_account_from_many_addresses_is_limited(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per hour"
    for n in range(5):
        assert _attempt(client, member.email, address=f"198.51.100.{n}") == 200
    assert _attempt(client, member.email, address="198.51.100.99") == 429


def test_parallel_guesses_cannot_slip_past_the_limit(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        # Threads need a database they can share; an in-memory one is a single connection.
        url = f"sqlite:///{tmp_path / 'parallel.sqlite3'}"
    racing = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": "3 per 10 minutes",
        }
    )
    racing.test_client_class = IsolatedClient
    with racing.app_context():
        db.create_all()
        email = UserFactory(email="racing@example.org").email
        db.session.commit()
        db.session.remove()
    statuses: list[int] = []

    def guess():
        statuses.append(_attempt(racing.test_client(), email))

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(statuses) == [200] * 3 + [429] * 9


def test_rate_limit_page_is_translated(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"] = "1 per 10 minutes"
    _attempt(client, member.email, lang="sq")
    blocked = client.post("/sq/login", data={"email": member.email, "password": "x" * 14})
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    assert 'lang="sq"' in blocked.get_data(as_text=True)


def _sign_in_with_limiter_storage(uri: str) -> list[int]:
    """Sign in (one failure, one success) on an app whose limiter storage is `uri`."""
    app = create_app({"RATELIMIT_STORAGE_URI": uri, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        person = UserFactory(email="limited@example.org")
        db.session.commit()
        client = app.test_client()
        statuses = [
            client.post(
                "/en/login", data={"email": person.email, "password": "x" * 14}
            ).status_code,
            client.post(
                "/en/login", data={"email": person.email, "password": PASSWORD}
            ).status_code,
        ]
        db.session.remove()
    return statuses


def _in_thread(func, *args, timeout: float = 20):
    result: list = []
    worker = threading.Thread(target=lambda: result.append(func(*args)), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "sign-in hung on the rate-limit storage"
    return result[0]


def test_dead_redis_never_breaks_sign_in():
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _in_thread(_sign_in_with_limiter_storage, f"redis://127.0.0.1:{port}/0") == [200, 302]


def test_hung_redis_never_blocks_sign_in():
    with socket.socket() as hung:  # accepts connections and never answers
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        port = hung.getsockname()[1]
        statuses = _in_thread(_sign_in_with_limiter_storage, f"redis://127.0.0.1:{port}/0")
    assert statuses == [200, 302]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "https:evil.example",
        "%2F%2Fevil.example",
        "javascript:alert(1)",
        "/%2F/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, member, target):
    response = client.post(
        f"/en/login?next={target}", data={"email": member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil" not in location and "javascript" not in location


def test_next_to_a_local_page_is_followed(client, member):
    response = client.post(
        "/en/login?next=/en/account", data={"email": member.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/en/account"


def test_pages_that_need_sign_in_send_visitors_to_login(client):
    response = client.get("/hr/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/hr/login?next=")


def test_a_crowd_signing_in_from_one_address_is_not_blocked(app, client, member, staff):
    """A conference's shared Wi-Fi: successful sign-ins do not use up the address's limit."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 10 minutes"
    for _ in range(3):
        for person in (member, staff):
            assert _attempt(app.test_client(), person.email, PASSWORD) == 302
    assert _attempt(client, member.email) == 200
