"""Invitations: an org admin invites, the colleague follows the mailed link once, within 7 days."""

from __future__ import annotations

import re
from datetime import timedelta

from bs4 import BeautifulSoup

from consortium.auth.models import User
from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage
from consortium.organisations import membership
from consortium.organisations.models import Invitation
from tests import factories
from tests.conftest import PASSWORD

NEW_PASSWORD = "kamen-voda-vjetar-2026"


def _invite(client, org, email="nova@example.org", role="staff", language="bs"):
    return client.post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": email, "role": role, "language": language},
    )


def _link_path(email: str) -> str:
    mail = db.session.scalar(
        db.select(OutboxMessage)
        .where(OutboxMessage.to_address == email)
        .order_by(OutboxMessage.id.desc())
    )
    url = re.search(r"https?://\S+/invitation/\S+", mail.body_text).group(0)
    return "/" + url.split("/", 3)[3]


def test_invited_colleague_joins_with_the_role_and_is_signed_in(client_as, org, org_admin):
    assert _invite(client_as(org_admin), org).status_code == 302
    path = _link_path("nova@example.org")
    assert path.startswith("/bs/invitation/")

    newcomer = client_as(None)
    form = newcomer.get(path, follow_redirects=True)
    assert form.status_code == 200
    response = newcomer.post(
        path,
        data={
            "name": "Nova Kolegica",
            "language": "hr",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/hr/"
    user = db.session.scalar(db.select(User).where(User.email == "nova@example.org"))
    assert (user.organisation_id, user.org_role, user.language) == (org.id, "staff", "hr")
    assert newcomer.get("/hr/account").status_code == 200


def test_the_link_works_once(client_as, org, org_admin):
    _invite(client_as(org_admin), org)
    path = _link_path("nova@example.org")
    data = {"name": "Nova", "language": "en", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client_as(None).post(path, data=data).status_code == 302
    again = client_as(None).post(path, data=data)
    assert again.status_code == 404
    assert (
        db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "nova@example.org"))
        == 1
    )


def test_the_link_expires_after_seven_days(client_as, org, org_admin):
    _invite(client_as(org_admin), org)
    path = _link_path("nova@example.org")
    invitation = db.session.scalar(db.select(Invitation))
    assert (
        timedelta(days=6, hours=23)
        < invitation.expires_at - invitation.created_at
        <= timedelta(days=7)
    )
    assert client_as(None).get(path, follow_redirects=True).status_code == 200, (
        "the link works until then"
    )
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client_as(None).get(path, follow_redirects=True).status_code == 404
    data = {"name": "Nova", "language": "en", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client_as(None).post(path, data=data).status_code == 404
    assert db.session.scalar(db.select(User).where(User.email == "nova@example.org")) is None
    db.session.expire_all()
    assert db.session.scalar(db.select(Invitation)).accepted_at is None


def test_a_weak_password_is_refused_and_nothing_is_written(client_as, org, org_admin):
    _invite(client_as(org_admin), org)
    path = _link_path("nova@example.org")
    response = client_as(None).post(
        path,
        data={
            "name": "Nova",
            "language": "en",
            "password": "password1234",
            "confirm": "password1234",
        },
    )
    assert response.status_code == 200
    error = BeautifulSoup(response.data, "html.parser").select_one("#password-error")
    assert error is not None and error.get_text(strip=True)
    assert db.session.scalar(db.select(User).where(User.email == "nova@example.org")) is None
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.accepted_at is None


def test_org_admin_cannot_invite_a_coordinator(client_as, org, org_admin):
    response = _invite(client_as(org_admin), org, role="coordinator")
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_org_admin_cannot_invite_into_another_organisation(client_as, other_org, org_admin):
    assert _invite(client_as(org_admin), other_org).status_code == 403
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_coordinator_may_invite_into_any_organisation(client_as, other_org, coordinator):
    assert _invite(client_as(coordinator), other_org).status_code == 302
    invitation = db.session.scalar(db.select(Invitation))
    assert (invitation.organisation_id, invitation.email, invitation.role) == (
        other_org.id,
        "nova@example.org",
        "staff",
    )
    assert invitation.invited_by_id == coordinator.id
    assert _link_path("nova@example.org").startswith("/bs/invitation/")


def test_withdrawn_invitation_link_is_dead(client_as, org, org_admin):
    admin_client = client_as(org_admin)
    _invite(admin_client, org)
    path = _link_path("nova@example.org")
    invitation = db.session.scalar(db.select(Invitation))
    response = admin_client.post(f"/en/organisations/{org.slug}/invitations/{invitation.id}/revoke")
    assert response.status_code == 302
    assert client_as(None).get(path, follow_redirects=True).status_code == 404


def test_an_invitation_dies_with_its_inviters_rights(
    client_as, client, org, org_admin, coordinator
):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "alt@example.org", "role": "org_admin", "language": "en"},
    )
    body = db.session.scalar(db.select(OutboxMessage.body_text))
    path = "/" + body.split("http://localhost/")[1].split()[0]
    factories.UserFactory(organisation=org, org_role="org_admin")  # the organisation keeps one
    membership.remove_person(org_admin, actor=coordinator)
    db.session.commit()
    assert client.get(path, follow_redirects=True).status_code == 404
    response = client.post(
        path, data={"name": "Alt", "language": "en", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 404
    assert db.session.scalar(db.select(User).where(User.email == "alt@example.org")) is None
    assert db.session.scalar(db.select(Invitation)).accepted_at is None


def test_a_removed_person_is_invited_back_and_joins_with_their_password(
    client_as, org, org_admin, staff
):
    admin = client_as(org_admin)
    assert admin.post(f"/en/organisations/{org.slug}/people/{staff.id}/remove").status_code == 302
    assert db.session.get(User, staff.id).organisation_id is None
    assert _invite(admin, org, email=staff.email, role="member", language="en").status_code == 302
    path = _link_path(staff.email)

    back = client_as(None)
    page = BeautifulSoup(back.get(path, follow_redirects=True).data, "html.parser")
    assert page.select_one("input#password") and not page.select_one("input#name")
    wrong = back.post(path, data={"password": "not-the-password"})
    assert wrong.status_code == 200
    assert db.session.get(User, staff.id).organisation_id is None
    joined = back.post(path, data={"password": PASSWORD})
    assert joined.status_code == 302
    person = db.session.get(User, staff.id)
    assert (person.organisation_id, person.org_role) == (org.id, "member")
    assert back.get("/en/account").status_code == 200, "signed in"
    assert back.post(path, data={"password": PASSWORD}).status_code == 404, "the link is used"


def test_someone_in_another_organisation_cannot_be_invited(
    client_as, org, org_admin, other_org_admin
):
    response = _invite(client_as(org_admin), org, email=other_org_admin.email, role="member")
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0
