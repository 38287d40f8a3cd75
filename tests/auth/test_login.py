"""Signing in: generic answers, rate limits, safe redirects, cookie attributes."""

from __future__ import annotations

import socket
import threading

import pytest
from bs4 import BeautifulSoup

from consortium import create_app
from consortium.audit.models import AuditEvent
from consortium.db import db
from tests.conftest import PASSWORD, IsolatedClient
from tests.factories import UserFactory


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


def test_failed_sign_ins_are_limited_per_account(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 10 minutes"
    for _ in range(3):
        assert (
            client.post("/en/login", data={"email": member.email, "password": "x" * 14}).status_code
            == 200
        )
    blocked = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    # Another account from the same address is not blocked by the per-account limit.
    other = client.post("/en/login", data={"email": "someone@example.org", "password": "x" * 14})
    assert other.status_code == 200


def test_failed_sign_ins_are_limited_per_address(app, client, member):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "4 per 10 minutes"
    for n in range(4):
        client.post("/en/login", data={"email": f"p{n}@example.org", "password": "x" * 14})
    blocked = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert blocked.status_code == 429
    # Spoofed X-Forwarded-For does not reset the count (no proxy is trusted by default).
    spoofed = client.post(
        "/en/login",
        data={"email": member.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert spoofed.status_code == 429


def test_successful_sign_ins_do_not_count(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 10 minutes"
    for _ in range(4):
        assert (
            client.post("/en/login", data={"email": member.email, "password": PASSWORD}).status_code
            == 302
        )
        client.post("/en/logout")


def test_rate_limit_page_is_translated(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "1 per 10 minutes"
    client.post("/sq/login", data={"email": member.email, "password": "x" * 14})
    blocked = client.post("/sq/login", data={"email": member.email, "password": "x" * 14})
    assert blocked.status_code == 429
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
