"""Second-factor secrets are stored encrypted: the database never holds one in clear, codes
still sign in, a rotated key keeps working through SECRET_KEY_FALLBACKS, and a key replaced
without a fallback leaves a clear way out (a recovery code, an admin's reset)."""

from __future__ import annotations

import json
import logging

import pyotp
import pytest
from bs4 import BeautifulSoup
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from consortium.auth import second_factor, totp_secrets
from consortium.auth.models import User
from consortium.db import db, utcnow
from tests import factories
from tests.conftest import PASSWORD
from tests.test_migrations import MIGRATIONS, migrated_app  # noqa: F401  (a fixture)

SECRET = factories.TEST_TOTP_SECRET
CODE_STEP = "/en/login/code"
NEW_KEY = "a-new-secret-key-nobody-kept-the-old-one-of"
THIS_REVISION, PREVIOUS_REVISION = "c5abbad59510", "d4e5f6a7b8c9"


def _stored(user) -> str | None:
    """The column as the database holds it, past the ORM."""
    return db.session.scalar(text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user.id})


def _password_step(client, user):
    response = client.post("/en/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].startswith(CODE_STEP), "the code is asked for"


def _signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def _error(response) -> str:
    page = BeautifulSoup(response.data, "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in page.select(".error"))


def test_enrolment_stores_a_sealed_secret_never_the_secret(client_as, member):
    client = client_as(member)
    page = BeautifulSoup(client.get("/en/account/second-factor").data, "html.parser")
    secret = page.select_one("code.secret").get_text().replace(" ", "")
    assert client.post("/en/account/second-factor", data={"code": pyotp.TOTP(secret).now()})
    stored = _stored(member)
    assert stored is not None and secret not in stored
    assert stored.startswith("gAAAAA"), "a Fernet token"
    assert totp_secrets.unseal(stored) == (secret, False)


def test_the_factorys_known_secret_is_stored_sealed_too(coordinator):
    stored = _stored(coordinator)
    assert stored != SECRET and SECRET not in stored
    assert totp_secrets.unseal(stored)[0] == SECRET


def test_sealing_twice_gives_two_different_tokens(app):
    first, second = totp_secrets.seal(SECRET), totp_secrets.seal(SECRET)
    assert first != second, "a fresh IV each time: equal secrets do not show as equal"
    assert totp_secrets.unseal(first)[0] == totp_secrets.unseal(second)[0] == SECRET


def test_the_code_signs_in_and_a_wrong_one_does_not(app, enrolled_member):
    wrong = app.test_client()
    _password_step(wrong, enrolled_member)
    code = pyotp.TOTP(SECRET).now()
    other = next(c for c in ("000000", "111111", "222222") if c != code)
    refused = wrong.post(CODE_STEP, data={"code": other})
    assert refused.status_code == 200 and not _signed_in(wrong)
    assert "not correct" in _error(refused)

    right = app.test_client()
    _password_step(right, enrolled_member)
    assert right.post(CODE_STEP, data={"code": code}).status_code == 302
    assert _signed_in(right)


def test_a_secret_planted_in_clear_in_the_database_opens_nothing(app, enrolled_member):
    """Someone who can write to the database cannot give an account a secret they know."""
    planted = pyotp.random_base32()
    db.session.execute(
        text("UPDATE users SET totp_secret = :s WHERE id = :id"),
        {"s": planted, "id": enrolled_member.id},
    )
    db.session.commit()
    client = app.test_client()
    _password_step(client, enrolled_member)
    assert client.post(CODE_STEP, data={"code": pyotp.TOTP(planted).now()}).status_code == 200
    assert not _signed_in(client)


def test_a_rotated_key_kept_as_a_fallback_still_opens_and_the_secret_moves_to_the_new_one(
    app, enrolled_member
):
    old = app.config["SECRET_KEY"]
    app.config.update(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[old])
    client = app.test_client()
    _password_step(client, enrolled_member)
    assert client.post(CODE_STEP, data={"code": pyotp.TOTP(SECRET).now()}).status_code == 302
    assert _signed_in(client)
    # Sealed again under the new key: it opens without the fallback now.
    app.config["SECRET_KEY_FALLBACKS"] = []
    db.session.expire_all()
    assert totp_secrets.unseal(_stored(enrolled_member)) == (SECRET, False)


def test_a_key_replaced_without_fallback_says_what_to_do_and_recovery_codes_still_work(
    app, enrolled_member, caplog
):
    caplog.set_level(logging.INFO, logger="consortium.security")
    codes = second_factor.renew_recovery_codes(enrolled_member, actor=enrolled_member)
    db.session.commit()
    app.config["SECRET_KEY"] = NEW_KEY

    client = app.test_client()
    _password_step(client, enrolled_member)
    refused = client.post(CODE_STEP, data={"code": pyotp.TOTP(SECRET).now()})
    assert refused.status_code == 200 and not _signed_in(client)
    message = _error(refused)
    assert "cannot be checked" in message and "recovery codes" in message
    assert "not correct" not in message
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "consortium.security"]
    assert [e["user_id"] for e in events if e["event"] == "second_factor.secret_unreadable"] == [
        enrolled_member.id
    ]
    db.session.expire_all()
    assert db.session.get(User, enrolled_member.id).has_second_factor, "not silently switched off"

    # A recovery code does not depend on the key.
    assert client.post(CODE_STEP, data={"code": codes[0]}).status_code == 302
    assert _signed_in(client)


def test_after_a_lost_key_an_admin_resets_the_second_factor_and_it_is_set_up_anew(
    app, client_as, admin, enrolled_member
):
    # The admin's own app secret is unreadable too: they sign in with a recovery code.
    admin_codes = second_factor.renew_recovery_codes(admin, actor=admin)
    db.session.commit()
    app.config["SECRET_KEY"] = NEW_KEY
    operator = app.test_client()
    _password_step(operator, admin)
    assert operator.post(CODE_STEP, data={"code": admin_codes[0]}).status_code == 302

    reset = f"/en/admin/users/{enrolled_member.id}/second-factor/reset"
    assert operator.post(reset).status_code == 302
    db.session.expire_all()
    assert _stored(enrolled_member) is None

    # The person signs in with the password alone and sets up a new factor, under the new key.
    person = client_as(enrolled_member)
    page = BeautifulSoup(person.get("/en/account/second-factor").data, "html.parser")
    secret = page.select_one("code.secret").get_text().replace(" ", "")
    done = person.post("/en/account/second-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    assert totp_secrets.unseal(_stored(enrolled_member)) == (secret, False)


# --- The migration -------------------------------------------------------------------------


def _insert_person(secret: str) -> None:
    db.session.execute(
        text(
            "INSERT INTO users (id, email, name, language, is_coordinator, is_admin, "
            "is_active_account, created_at, search_key, totp_secret) VALUES (7, "
            "'m@example.org', 'M', 'en', false, false, true, :at, '', :secret)"
        ),
        {"at": utcnow(), "secret": secret},
    )
    db.session.commit()


def _column() -> str:
    value = db.session.scalar(text("SELECT totp_secret FROM users WHERE id = 7"))
    db.session.remove()  # the next migration's ALTER TABLE must not wait for this reader
    return value


def test_the_migration_seals_secrets_in_clear_and_the_downgrade_opens_them(migrated_app):  # noqa: F811
    upgrade(directory=MIGRATIONS, revision=PREVIOUS_REVISION)
    _insert_person(SECRET)
    upgrade(directory=MIGRATIONS, revision=THIS_REVISION)
    sealed = _column()
    assert sealed != SECRET and totp_secrets.unseal(sealed) == (SECRET, False)

    downgrade(directory=MIGRATIONS, revision=PREVIOUS_REVISION)
    assert _column() == SECRET


def test_the_downgrade_refuses_to_lose_a_secret_it_cannot_open(migrated_app, capfd):  # noqa: F811
    upgrade(directory=MIGRATIONS, revision=PREVIOUS_REVISION)
    _insert_person(SECRET)
    upgrade(directory=MIGRATIONS, revision=THIS_REVISION)
    sealed = _column()
    migrated_app.config["SECRET_KEY"] = NEW_KEY
    with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits
        downgrade(directory=MIGRATIONS, revision=PREVIOUS_REVISION)
    assert "user 7 does not open with SECRET_KEY" in capfd.readouterr().err
    assert _column() == sealed, "left sealed, not lost"
