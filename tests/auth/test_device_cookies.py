"""Device cookies: a stranger guessing a password from many addresses does not lock the owner
out of the browser they signed in with before, and a stolen cookie buys only a few guesses."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from consortium.audit.models import AuditEvent
from consortium.auth.actions import AuthAction
from consortium.auth.models import AuthSession
from consortium.config import BaseConfig, ProductionConfig
from consortium.db import db
from tests.conftest import PASSWORD, complete_second_step

WRONG = "pogresna-lozinka-99"


def _attempt(client, email, password=WRONG, address="127.0.0.1"):
    return client.post(
        "/en/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _sessions(user) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


def _failures(user) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == AuthAction.LOGIN_FAILED.value, AuditEvent.actor_id == user.id
        )
    )


def _cookie_name(app) -> str:
    return app.config["LOGIN_DEVICE_COOKIE_NAME"]


def _known_device(app, client_as, user):
    """The owner's browser: signed in once (so it holds the cookie), then signed out."""
    device = client_as(user)
    assert device.get_cookie(_cookie_name(app)) is not None
    device.post("/en/logout")
    return device


def _flood(app, user, *, attempts: int) -> None:
    """A stranger guesses from a new address each time, until the account's limit is full."""
    for n in range(attempts):
        stranger = app.test_client()
        assert _attempt(stranger, user.email, address=f"198.51.100.{n}").status_code == 200


# --- What the cookie is ----------------------------------------------------------------------


def test_a_sign_in_gives_a_long_lived_httponly_lax_cookie_that_does_not_name_the_address(
    app, client, member
):
    response = _attempt(client, member.email, PASSWORD)
    assert response.status_code == 302
    header = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith(_cookie_name(app))
    )
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Secure" not in header  # the testing profile is plain http, as development is
    cookie = client.get_cookie(_cookie_name(app))
    assert cookie.max_age == int(timedelta(days=180).total_seconds())
    # Anyone holding the cookie can read it (only its signature is secret): it names the
    # account by a keyed digest, not by the address.
    genuine, readable = URLSafeTimedSerializer("any key").loads_unsafe(cookie.value)
    assert genuine is False and set(readable) == {"account", "nonce"}
    for revealing in (member.email, member.email.split("@")[0], "example.org"):
        assert revealing not in cookie.value and revealing not in str(readable)
    assert readable["account"] != hashlib.sha256(member.email.encode()).hexdigest()


def test_a_failed_sign_in_gives_no_cookie(app, client, member):
    """The positive control: only a proven sign-in makes a device known."""
    assert _attempt(client, member.email).status_code == 200
    assert client.get_cookie(_cookie_name(app)) is None


def test_each_sign_in_gives_a_new_cookie(app, client_as, member):
    device = _known_device(app, client_as, member)
    first = device.get_cookie(_cookie_name(app)).value
    assert _attempt(device, member.email, PASSWORD).status_code == 302
    assert device.get_cookie(_cookie_name(app)).value != first


def test_production_sends_the_cookie_only_over_https_under_a_host_only_name(app, client, member):
    assert ProductionConfig.LOGIN_DEVICE_COOKIE_NAME.startswith("__Host-")
    assert BaseConfig.LOGIN_DEVICE_COOKIE_NAME == "consortium_device"
    app.config["SESSION_COOKIE_SECURE"] = True  # what ProductionConfig sets
    response = _attempt(client, member.email, PASSWORD)
    header = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith(_cookie_name(app))
    )
    assert "Secure" in header and "Domain" not in header


def test_a_second_factor_account_gets_the_cookie_only_after_the_code(app, client, coordinator):
    response = _attempt(client, coordinator.email, PASSWORD)
    assert response.headers["Location"].startswith("/en/login/code")
    assert client.get_cookie(_cookie_name(app)) is None, "the password alone is not a sign-in"
    assert complete_second_step(client, coordinator, response).status_code == 302
    assert client.get_cookie(_cookie_name(app)) is not None


# --- What the cookie does ----------------------------------------------------------------------


def test_the_owner_on_a_known_device_signs_in_while_a_stranger_has_filled_the_limit(
    app, client_as, member
):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per hour"
    device = _known_device(app, client_as, member)
    _flood(app, member, attempts=5)
    # The limit holds for the stranger, and for the owner on a new device (no cookie) too.
    assert _attempt(app.test_client(), member.email, address="198.51.100.77").status_code == 429
    assert _attempt(app.test_client(), member.email, PASSWORD).status_code == 429
    assert _sessions(member) == 0
    # On the browser they signed in with before, the owner goes in.
    assert _attempt(device, member.email, PASSWORD, address="203.0.113.5").status_code == 302
    assert _sessions(member) == 1
    assert device.get("/en/account").status_code == 200


def test_the_owners_sign_in_on_a_known_device_does_not_hand_the_stranger_new_guesses(
    app, client_as, member
):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per hour"
    device = _known_device(app, client_as, member)
    _flood(app, member, attempts=5)
    assert _attempt(device, member.email, PASSWORD).status_code == 302
    assert _attempt(app.test_client(), member.email, address="198.51.100.78").status_code == 429


def test_the_owners_typos_on_a_known_device_do_not_count_against_the_account(
    app, client_as, member
):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per hour"
    device = _known_device(app, client_as, member)
    for _ in range(3):
        assert _attempt(device, member.email).status_code == 200
    # The account's own limit is untouched: a new device still has its three attempts.
    other = app.test_client()
    for n in range(3):
        assert _attempt(other, member.email, address=f"192.0.2.{n}").status_code == 200
    assert _attempt(other, member.email, address="192.0.2.50").status_code == 429
    assert _failures(member) == 6


def test_a_cookie_for_another_account_earns_no_trust(app, client_as, member, staff):
    """An attacker who signs in to their own account holds a cookie for that one only."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per hour"
    attacker = _known_device(app, client_as, staff)
    for n in range(3):
        assert _attempt(attacker, member.email, address=f"192.0.2.{n}").status_code == 200
    assert _attempt(attacker, member.email, address="192.0.2.9").status_code == 429
    assert _attempt(attacker, member.email, PASSWORD, address="192.0.2.10").status_code == 429
    assert _sessions(member) == 0


def test_an_altered_cookie_earns_no_trust(app, client_as, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per hour"
    device = _known_device(app, client_as, member)
    name = _cookie_name(app)
    genuine = device.get_cookie(name).value
    _flood(app, member, attempts=2)
    device.set_cookie(name, genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"))
    assert _attempt(device, member.email, PASSWORD).status_code == 429
    device.set_cookie(name, genuine)  # the positive control: the cookie as it was given
    assert _attempt(device, member.email, PASSWORD).status_code == 302
    assert _sessions(member) == 1


def test_an_expired_cookie_earns_no_trust(app, client_as, member, monkeypatch):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per hour"
    device = _known_device(app, client_as, member)
    _flood(app, member, attempts=2)
    app.config["LOGIN_DEVICE_COOKIE_LIFETIME"] = timedelta(seconds=-1)
    assert _attempt(device, member.email, PASSWORD).status_code == 429
    app.config["LOGIN_DEVICE_COOKIE_LIFETIME"] = timedelta(days=180)
    assert _attempt(device, member.email, PASSWORD).status_code == 302


def test_a_stolen_cookie_buys_its_own_few_guesses_then_is_no_longer_trusted(app, client_as, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "4 per hour"
    app.config["LOGIN_LIMIT_PER_DEVICE"] = "3 per hour"
    name = _cookie_name(app)
    stolen = _known_device(app, client_as, member).get_cookie(name).value
    thief = app.test_client()
    thief.set_cookie(name, stolen)
    statuses = [
        _attempt(thief, member.email, address=f"203.0.113.{n}").status_code for n in range(10)
    ]
    # Three guesses on the cookie, then it is a stranger's browser: the account's four.
    assert statuses == [200] * 7 + [429] * 3
    assert _failures(member) == 7
    assert _attempt(thief, member.email, PASSWORD, address="203.0.113.99").status_code == 429
    assert _sessions(member) == 0


@pytest.mark.parametrize(
    "setting", ["LOGIN_LIMIT_PER_ADDRESS", "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"]
)
def test_a_known_device_is_not_held_back_by_its_addresss_limits(
    app, client_as, member, staff, setting
):
    """An attacker on the owner's network (the same address) fills the address's limits; the
    owner's known browser still signs in."""
    app.config[setting] = "2 per 10 minutes"
    device = _known_device(app, client_as, member)
    stranger = app.test_client()
    for _ in range(2):
        assert _attempt(stranger, member.email).status_code == 200
    assert _attempt(stranger, member.email, PASSWORD).status_code == 429
    assert _attempt(device, member.email, PASSWORD).status_code == 302
    assert _sessions(member) == 1


def test_a_second_factor_owner_on_a_known_device_signs_in_past_a_flood(app, client_as, coordinator):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per hour"
    device = _known_device(app, client_as, coordinator)
    _flood(app, coordinator, attempts=3)
    assert _attempt(app.test_client(), coordinator.email, PASSWORD).status_code == 429
    response = _attempt(device, coordinator.email, PASSWORD)
    assert complete_second_step(device, coordinator, response).status_code == 302
    assert _sessions(coordinator) == 1
    # The flood stays in place for strangers.
    assert _attempt(app.test_client(), coordinator.email, address="198.51.100.90").status_code == (
        429
    )
