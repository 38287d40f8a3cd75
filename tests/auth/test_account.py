"""The account page: name, language and password."""

from __future__ import annotations

from bs4 import BeautifulSoup

from consortium.db import db
from tests.conftest import PASSWORD


def test_change_name_and_language(client_as, member):
    client = client_as(member)
    response = client.post("/en/account", data={"name": "Dara Nova", "language": "sr-cyrl"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sr-cyrl/account"
    db.session.refresh(member)
    assert (member.name, member.language) == ("Dara Nova", "sr-cyrl")
    # `/` now follows the account's language.
    assert client.get("/").headers["Location"] == "/sr-cyrl/"


def test_unknown_language_is_a_form_error(client_as, member):
    response = client_as(member).post("/en/account", data={"name": "X", "language": "de"})
    assert response.status_code == 200
    db.session.refresh(member)
    assert member.language == "en"


def test_wrong_current_password_changes_nothing(client_as, member):
    client = client_as(member)
    old_hash = member.password_hash
    response = client.post(
        "/en/account/password",
        data={
            "current": "not-my-password",
            "password": "nova-lozinka-za-sve",
            "confirm": "nova-lozinka-za-sve",
        },
    )
    assert response.status_code == 400
    assert "current password is not correct" in response.get_data(as_text=True)
    db.session.refresh(member)
    assert member.password_hash == old_hash


def test_new_password_rules_apply(client_as, client, member):
    browser = client_as(member)
    old_hash = member.password_hash
    for weak in ("short", "password123456", "konzorcijum2025", "Dara Member 2026"):
        response = browser.post(
            "/en/account/password", data={"current": PASSWORD, "password": weak, "confirm": weak}
        )
        assert response.status_code == 400, weak
        page = BeautifulSoup(response.data, "html.parser")
        assert page.select_one("#password-error").get_text(strip=True), weak
        db.session.refresh(member)
        assert member.password_hash == old_hash, weak
    # The old password still signs in.
    assert (
        client.post("/en/login", data={"email": member.email, "password": PASSWORD}).status_code
        == 302
    )
    # A strong password goes through the same form.
    strong = "zeleni-most-preko-drine-7"
    response = browser.post(
        "/en/account/password", data={"current": PASSWORD, "password": strong, "confirm": strong}
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.password_hash != old_hash


def test_a_128_character_password_works(client_as, client, member):
    long_password = (
        "Na obali Drine sjedi ribar i broji oblake nad Visegradom, dok stari most tiho "
        "prica o vremenu koje je proslo i o onome sto dolazi"
    )[:128]
    assert len(long_password) == 128
    response = client_as(member).post(
        "/en/account/password",
        data={"current": PASSWORD, "password": long_password, "confirm": long_password},
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/en/login", data={"email": member.email, "password": long_password}
        ).status_code
        == 302
    )
    assert (
        client_as(None)
        .post("/en/login", data={"email": member.email, "password": long_password[:-1] + "x"})
        .status_code
        == 200
    )


def test_a_wrong_current_password_is_audited(client_as, member):
    from consortium.audit.models import AuditEvent

    client_as(member).post(
        "/en/account/password",
        data={
            "current": "not-my-password",
            "password": "nova-lozinka-za-sve",
            "confirm": "nova-lozinka-za-sve",
        },
    )
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "auth.password_change_failed")
    )
    assert event is not None and event.actor_id == member.id
