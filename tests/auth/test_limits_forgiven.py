"""Limits an attacker cannot turn against users: proving who you are clears your failures,
while the per-address count that protects everyone else stays."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from consortium.auth.models import AuthSession
from consortium.db import db
from consortium.mail.models import OutboxMessage
from tests.conftest import PASSWORD

NEW_PASSWORD = "sunce-nad-ohridom-2026"


def _sign_in(client, user, password):
    return client.post("/en/login", data={"email": user.email, "password": password})


def _sessions(user) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


def test_a_successful_sign_in_clears_the_persons_earlier_failures(app, client, member):
    assert app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"] == "6 per 10 minutes"
    for _ in range(5):
        assert _sign_in(client, member, "wrong-guess-here").status_code == 200
    assert _sign_in(client, member, PASSWORD).status_code == 302  # the 6th attempt
    client.post("/en/logout")
    # Without the forgiveness, this 7th attempt and the next ones would answer 429.
    for _ in range(5):
        assert _sign_in(client, member, "wrong-guess-again").status_code == 200
    assert _sign_in(client, member, PASSWORD).status_code == 302
    assert _sessions(member) == 1


def test_without_a_success_the_seventh_attempt_is_refused(client, member):
    """The positive control: the limit itself still holds."""
    for _ in range(6):
        assert _sign_in(client, member, "wrong-guess-here").status_code == 200
    assert _sign_in(client, member, PASSWORD).status_code == 429
    assert _sessions(member) == 0


def test_signing_in_to_ones_own_account_does_not_reset_the_per_address_count(
    app, client_as, member, staff
):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 10 minutes"
    attacker = client_as(None)
    for _ in range(2):
        assert _sign_in(attacker, staff, "guessing-someone").status_code == 200
    assert _sign_in(attacker, member, PASSWORD).status_code == 302  # their own account
    attacker.post("/en/logout")
    assert _sign_in(attacker, staff, "guessing-someone").status_code == 200  # the 3rd failure
    assert _sign_in(attacker, staff, "guessing-again").status_code == 429


def test_a_completed_password_reset_clears_the_failures(client, member):
    for _ in range(6):
        _sign_in(client, member, "wrong-guess-here")
    assert _sign_in(client, member, PASSWORD).status_code == 429
    client.post("/en/forgot-password", data={"email": member.email})
    mail = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.to_address == member.email)
    )
    path = (
        "/"
        + re.search(r"https?://\S+/reset-password/\S+", mail.body_text).group(0).split("/", 3)[3]
    )
    assert (
        client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
    assert _sign_in(client, member, NEW_PASSWORD).status_code == 302
    assert _sessions(member) == 1


def test_the_429_page_says_when_to_try_again_and_offers_a_reset(client, member):
    for _ in range(6):
        _sign_in(client, member, "wrong-guess-here")
    response = _sign_in(client, member, PASSWORD)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    main = BeautifulSoup(response.data, "html.parser").select_one("main")
    assert "You can try again at" in main.get_text(" ")
    assert main.select_one('a[href="/en/forgot-password"]')
