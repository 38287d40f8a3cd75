"""Defects found in review, each pinned by a test a user or an attacker would notice."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.auth import services as auth_services
from consortium.auth.models import Invitation, PasswordReset, User
from consortium.core.errors import DomainError
from consortium.db import db, utcnow
from consortium.mail import services as mail
from consortium.mail.models import OutboxMessage
from consortium.organisations import services as org_services
from consortium.organisations.models import Organisation
from tests.conftest import PASSWORD


@pytest.mark.parametrize("name", ["Org A\r\nBcc: x@example.org", "Tab\there", "Line\u2028break"])
def test_names_with_line_breaks_are_refused(db, coordinator, org, name):
    with pytest.raises(DomainError):
        org_services.create_organisation(slug="crlf", name=name, country="AL", actor=coordinator)
    db.session.rollback()
    with pytest.raises(DomainError):
        auth_services.update_profile(coordinator, name=name, language="en", actor=coordinator)
    db.session.rollback()
    assert db.session.scalar(db.select(Organisation).where(Organisation.slug == "crlf")) is None


def test_one_broken_message_does_not_stop_the_worker(db):
    for to in ("first@example.org", "second@example.org"):
        db.session.add(
            OutboxMessage(kind="x", to_address=to, language="en", subject="s", body_text="b")
        )
    db.session.commit()
    delivered = []

    def send(message):
        if message.to_address.startswith("first"):
            raise ValueError("Header values may not contain linefeed")
        delivered.append(message.to_address)

    assert mail.send_due(send=send) == (1, 1)
    assert delivered == ["second@example.org"]
    first = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.to_address == "first@example.org")
    )
    assert first.attempts == 1 and "linefeed" in first.last_error


def test_sent_mails_keep_no_working_links(db, client, member):
    client.post("/en/forgot-password", data={"email": member.email})
    mail.send_due(send=lambda message: None)
    body = db.session.scalar(db.select(OutboxMessage.body_text))
    assert "/reset-password/" in body
    token_part = body.split("/reset-password/")[1].split()[0]
    assert token_part == "…"


def test_an_invitation_dies_with_its_inviters_rights(
    client_as, client, org, org_admin, coordinator
):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "alt@example.org", "role": "org_admin", "language": "en"},
    )
    body = db.session.scalar(db.select(OutboxMessage.body_text))
    path = "/" + body.split("http://localhost/")[1].split()[0]
    org_services.remove_person(org_admin, actor=coordinator)
    db.session.commit()
    assert client.get(path).status_code == 404
    response = client.post(
        path, data={"name": "Alt", "language": "en", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 404
    assert db.session.scalar(db.select(User).where(User.email == "alt@example.org")) is None
    assert db.session.scalar(db.select(Invitation)).accepted_at is None


def test_a_password_change_kills_open_reset_links(client, client_as, member):
    client.post("/en/forgot-password", data={"email": member.email})
    new = "zeleni-most-preko-drine-7"
    client_as(member).post(
        "/en/account/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert db.session.scalar(db.select(PasswordReset)).used_at is not None


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/users/9999999999999999999999999",
        "/en/admin/mailbox/9999999999999999999999999",
        "/en/audit/?before=9999999999999999999999999",
    ],
)
def test_huge_ids_are_not_a_500(client_as, admin, path):
    assert client_as(admin).get(path).status_code in (200, 404)


def test_a_garbled_version_is_a_form_error_not_a_500(client_as, org, org_admin):
    response = client_as(org_admin).post(
        f"/en/organisations/{org.slug}/edit",
        data={"version": "abc", "name": "New", "country": "XK", "original_language": "en"},
    )
    assert response.status_code == 200
    assert BeautifulSoup(response.data, "html.parser").select_one(".error-summary")
    db.session.refresh(org)
    assert org.name != "New"


def test_a_refused_change_is_never_committed_later(
    app, client_as, org, org_admin, staff, monkeypatch
):
    app.config["SESSION_TOUCH_INTERVAL"] = app.config["SESSION_IDLE_TIMEOUT"] * 0
    client = client_as(org_admin)

    def half_then_refuse(person, *, role, actor):
        person.org_role = "org_admin"
        db.session.flush()
        raise DomainError("refused")

    monkeypatch.setattr(org_services, "change_role", half_then_refuse)
    response = client.post(
        f"/en/organisations/{org.slug}/people/{staff.id}/role", data={"role": "member"}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, staff.id).org_role == "staff"


def test_org_admins_cannot_touch_a_coordinator_in_their_organisation(client_as, org, org_admin, db):
    coordinator = User(
        email="coord-in-org@example.org",
        name="Coord",
        organisation_id=org.id,
        org_role="member",
        is_coordinator=True,
        password_hash="x",
    )
    db.session.add(coordinator)
    db.session.commit()
    client = client_as(org_admin)
    assert (
        client.post(f"/en/organisations/{org.slug}/people/{coordinator.id}/remove").status_code
        == 403
    )
    db.session.refresh(coordinator)
    assert coordinator.organisation_id == org.id


def test_accounts_without_an_organisation_do_not_see_people(client_as, org, org_admin, db):
    loose = User(email="loose@example.org", name="Loose", password_hash=org_admin.password_hash)
    db.session.add(loose)
    db.session.commit()
    page = client_as(loose).get(f"/en/organisations/{org.slug}").get_data(as_text=True)
    assert org_admin.name not in page


def test_org_admins_see_neither_addresses_nor_other_organisations_actions(
    client_as, org, other_org, org_admin, other_org_admin, coordinator
):
    client_as(other_org_admin).post(
        f"/en/organisations/{other_org.slug}/edit",
        data={"version": "1", "name": "Renamed", "country": "RS", "original_language": "en"},
    )
    page = client_as(org_admin).get("/en/audit/").get_data(as_text=True)
    assert "Organisation profile edited" not in page
    assert "127.0.0.1" not in page
    assert "127.0.0.1" in client_as(coordinator).get("/en/audit/").get_data(as_text=True)


def test_the_language_switcher_on_a_form_error_page_leads_somewhere(client_as, member):
    response = client_as(member).post(
        "/sq/account/password", data={"current": "x", "password": "y", "confirm": "z"}
    )
    links = BeautifulSoup(response.data, "html.parser").select(".language-switcher a")
    assert [a["href"] for a in links][:2] == ["/en/", "/sq/"]


def test_seed_demo_refuses_production(app):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 2
    assert "production" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_stale_sessions_are_not_listed(app, client_as, member):
    from consortium.auth.models import AuthSession

    here = client_as(member)
    client_as(member)
    stale = max(db.session.scalars(db.select(AuthSession)), key=lambda s: s.id)
    stale.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] * 2
    db.session.commit()
    assert here.get("/en/account").get_data(as_text=True).count("last active") == 1
