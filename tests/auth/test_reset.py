"""Forgotten password: same answer for any address, a one-hour single-use link."""

from __future__ import annotations

import re
from datetime import timedelta

from bs4 import BeautifulSoup

from consortium.auth.models import AuthSession, PasswordReset
from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage
from tests.conftest import PASSWORD

NEW_PASSWORD = "sunce-nad-ohridom-2026"


def _main_text(response) -> str:
    return BeautifulSoup(response.data, "html.parser").select_one("main").get_text(" ", strip=True)


def _reset_path(email: str) -> str:
    mail = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.to_address == email))
    return (
        "/"
        + re.search(r"https?://\S+/reset-password/\S+", mail.body_text).group(0).split("/", 3)[3]
    )


def test_same_answer_whether_or_not_the_address_is_known(client, member):
    known = client.post("/en/forgot-password", data={"email": member.email})
    unknown = client.post("/en/forgot-password", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert _main_text(known) == _main_text(unknown)
    recipients = db.session.scalars(db.select(OutboxMessage.to_address)).all()
    assert recipients == [member.email]


def test_reset_link_sets_a_new_password_once_and_ends_sessions(client, client_as, member):
    elsewhere = client_as(member)
    client.post("/en/forgot-password", data={"email": member.email})
    path = _reset_path(member.email)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert elsewhere.get("/en/account").status_code == 302, "old sessions end on reset"
    assert db.session.scalar(db.select(db.func.count(AuthSession.id))) == 0

    again = client.post(
        path, data={"password": "drugo-" + NEW_PASSWORD, "confirm": "drugo-" + NEW_PASSWORD}
    )
    assert again.status_code == 404
    old = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert old.status_code == 200
    new = client.post("/en/login", data={"email": member.email, "password": NEW_PASSWORD})
    assert new.status_code == 302


def test_reset_link_expires_after_an_hour(client, member):
    client.post("/en/forgot-password", data={"email": member.email})
    row = db.session.scalar(db.select(PasswordReset))
    assert row.expires_at - row.created_at == timedelta(hours=1)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(_reset_path(member.email), follow_redirects=True).status_code == 404


def test_reset_mail_goes_in_the_recipients_language(client, member):
    member.language = "mk"
    db.session.commit()
    client.post("/en/forgot-password", data={"email": member.email})
    mail = db.session.scalar(db.select(OutboxMessage))
    assert mail.language == "mk"
    assert "/mk/reset-password/" in mail.body_text


def test_weak_new_password_is_refused(client, member):
    client.post("/en/forgot-password", data={"email": member.email})
    response = client.post(
        _reset_path(member.email), data={"password": "short", "confirm": "short"}
    )
    assert response.status_code == 200
    assert "12" in _main_text(response)
    assert db.session.scalar(db.select(PasswordReset)).used_at is None


def test_invalid_address_gets_a_form_error_not_a_mail(client):
    response = client.post("/en/forgot-password", data={"email": "not-an-address"})
    assert response.status_code == 200
    assert "valid e-mail" in _main_text(response)
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_reset_mails_to_one_address_are_limited(app, client, member):
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "2 per hour"
    for _ in range(2):
        assert client.post("/en/forgot-password", data={"email": member.email}).status_code == 200
    assert client.post("/en/forgot-password", data={"email": member.email}).status_code == 429
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 2


def test_a_password_change_kills_open_reset_links(client, client_as, member):
    client.post("/en/forgot-password", data={"email": member.email})
    new = "zeleni-most-preko-drine-7"
    client_as(member).post(
        "/en/account/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert db.session.scalar(db.select(PasswordReset)).used_at is not None
