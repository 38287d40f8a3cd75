"""Operators' pages: every account, consortium-wide roles, organisation and role."""

from __future__ import annotations

from consortium.audit.models import AuditEvent
from consortium.auth.models import AuthSession, User
from consortium.db import db
from tests.factories import UserFactory


def test_admins_put_someone_into_an_organisation(client_as, admin, other_org, member):
    client_as(member)  # the person has a session that the move must end
    response = client_as(admin).post(
        f"/en/admin/users/{member.id}/organisation",
        data={"organisation": str(other_org.id), "role": "staff"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(User, member.id)
    assert (moved.organisation_id, moved.org_role) == (other_org.id, "staff")
    assert (
        db.session.scalar(
            db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == member.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "person.role_changed")
        ).organisation_id
        == other_org.id
    )


def test_admins_take_someone_out_of_their_organisation(client_as, admin, member):
    client_as(admin).post(
        f"/en/admin/users/{member.id}/organisation", data={"organisation": "", "role": "member"}
    )
    db.session.expire_all()
    assert db.session.get(User, member.id).organisation_id is None


def test_an_unknown_organisation_or_role_is_a_form_error(client_as, admin, member, org):
    client = client_as(admin)
    for data in (
        {"organisation": "999999", "role": "staff"},
        {"organisation": str(org.id), "role": "coordinator"},
    ):
        response = client.post(f"/en/admin/users/{member.id}/organisation", data=data)
        assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, member.id).org_role == "member"


def test_admins_grant_and_revoke_coordinator(client_as, admin, member):
    client = client_as(admin)
    client.post(f"/en/admin/users/{member.id}", data={"coordinator": "y", "active": "y"})
    db.session.expire_all()
    assert db.session.get(User, member.id).is_coordinator
    client.post(f"/en/admin/users/{member.id}", data={"active": "y"})
    db.session.expire_all()
    assert not db.session.get(User, member.id).is_coordinator


def test_admins_cannot_drop_their_own_admin_role(client_as, admin):
    client = client_as(admin)
    response = client.post(f"/en/admin/users/{admin.id}", data={"active": "y"})
    assert response.status_code == 200
    assert "cannot remove your own administrator role" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_admin
    assert client.get("/en/admin/users").status_code == 200, "still signed in, still an admin"
    # The same form drops another admin's role.
    other = UserFactory(is_admin=True, email="second-admin@example.org")
    response = client.post(f"/en/admin/users/{other.id}", data={"active": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, other.id).is_admin


def test_moving_someone_shows_in_both_organisations_logs(client_as, admin, org, other_org, member):
    client_as(admin).post(
        f"/en/admin/users/{member.id}/organisation",
        data={"organisation": str(other_org.id), "role": "member"},
    )
    left = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "person.removed"))
    assert left is not None and left.organisation_id == org.id


def test_an_admin_who_places_themself_stays_signed_in(client_as, admin, org):
    client = client_as(admin)
    response = client.post(
        f"/en/admin/users/{admin.id}/organisation",
        data={"organisation": str(org.id), "role": "member"},
    )
    assert response.status_code == 302
    assert client.get("/en/account").status_code == 200
