"""Server-side sessions: sign-out really ends them, sign-in starts afresh, limits hold."""

from __future__ import annotations

from datetime import timedelta

from consortium.auth.models import AuthSession
from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage
from tests.conftest import PASSWORD, complete_second_step


def _sessions_of(user) -> list[AuthSession]:
    return list(db.session.scalars(db.select(AuthSession).where(AuthSession.user_id == user.id)))


def _signed_in(client) -> bool:
    response = client.get("/en/account")
    return response.status_code == 200


def test_sign_out_kills_a_copied_cookie(app, client_as, member):
    client = client_as(member)
    cookie = client.get_cookie("consortium_session").value
    thief = app.test_client()
    thief.set_cookie("consortium_session", cookie)
    assert _signed_in(thief)

    assert client.post("/en/logout").status_code == 302

    assert not _signed_in(client)
    assert not _signed_in(thief), "a copied cookie must stop working after sign-out"
    assert _sessions_of(member) == []


def test_sign_out_only_by_post(client_as, member):
    client = client_as(member)
    assert client.get("/en/logout").status_code == 405
    assert _signed_in(client)


def test_sign_in_starts_a_new_session(app, client, member):
    client.get("/en/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("consortium_session").value

    client.post("/en/login", data={"email": member.email, "password": PASSWORD})

    with client.session_transaction() as session:
        assert "planted" not in session
    stale = app.test_client()
    stale.set_cookie("consortium_session", before)
    assert not _signed_in(stale)


def test_changing_password_ends_every_other_session(client_as, member):
    laptop, phone = client_as(member), client_as(member)
    assert len(_sessions_of(member)) == 2
    new = "zeleni-most-preko-drine-7"
    response = laptop.post(
        "/en/account/password",
        data={"current": PASSWORD, "password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert _signed_in(laptop)
    assert not _signed_in(phone)
    assert len(_sessions_of(member)) == 1


def test_idle_timeout(app, client_as, member):
    client = client_as(member)
    row = _sessions_of(member)[0]
    row.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(seconds=1)
    db.session.commit()
    assert not _signed_in(client)
    assert _sessions_of(member) == [], "an expired session row is removed"


def test_activity_keeps_an_idle_session_alive(app, client_as, member):
    client = client_as(member)
    row = _sessions_of(member)[0]
    row.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=2)
    db.session.commit()
    assert _signed_in(client)
    db.session.expire_all()
    assert _sessions_of(member)[0].last_seen_at > utcnow() - timedelta(minutes=1)


def test_absolute_lifetime(client_as, member):
    client = client_as(member)
    row = _sessions_of(member)[0]
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert not _signed_in(client)


def test_remember_me_makes_a_lasting_cookie_for_members(app, client, member):
    client.post("/en/login", data={"email": member.email, "password": PASSWORD, "remember": "y"})
    row = _sessions_of(member)[0]
    assert row.remember
    assert row.expires_at - row.created_at == app.config["REMEMBER_ABSOLUTE_LIFETIME"]
    assert client.get_cookie("consortium_session").expires is not None


def test_remember_me_is_never_granted_to_coordinators_and_admins(client, coordinator, admin):
    for person in (coordinator, admin):
        response = client.post(
            "/en/login", data={"email": person.email, "password": PASSWORD, "remember": "y"}
        )
        response = complete_second_step(client, person, response)
        assert response.status_code == 302
        (row,) = _sessions_of(person)
        assert not row.remember
        assert client.get_cookie("consortium_session").expires is None
        client.post("/en/logout")


def test_deactivated_account_is_signed_out(client_as, member, db):
    client = client_as(member)
    member.is_active_account = False
    db.session.commit()
    assert not _signed_in(client)


def test_people_see_their_sessions_and_end_another_one(client_as, member):
    laptop, phone = client_as(member), client_as(member)
    page = laptop.get("/en/account").get_data(as_text=True)
    assert page.count("last active") == 2
    assert "this browser" in page
    phones = max(s.id for s in _sessions_of(member))  # signed in last
    assert laptop.post(f"/en/account/sessions/{phones}/end").status_code == 302
    assert not _signed_in(phone)
    assert _signed_in(laptop)


def test_nobody_ends_someone_elses_session(client_as, member, staff):
    client_as(staff)
    (theirs,) = _sessions_of(staff)
    response = client_as(member).post(f"/en/account/sessions/{theirs.id}/end")
    assert response.status_code == 404
    assert len(_sessions_of(staff)) == 1


def test_sign_out_everywhere_else(client_as, member):
    here, there, elsewhere = client_as(member), client_as(member), client_as(member)
    assert here.post("/en/account/sessions/end-others").status_code == 302
    assert _signed_in(here)
    assert not _signed_in(there)
    assert not _signed_in(elsewhere)


def test_password_change_is_announced_by_mail(client_as, member):

    new = "zeleni-most-preko-drine-7"
    client_as(member).post(
        "/en/account/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    mail = db.session.scalar(db.select(OutboxMessage))
    assert mail.kind == "password_changed"
    assert mail.to_address == member.email


def test_stale_sessions_are_not_listed(app, client_as, member):
    from consortium.auth.models import AuthSession

    here = client_as(member)
    client_as(member)
    stale = max(db.session.scalars(db.select(AuthSession)), key=lambda s: s.id)
    stale.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] * 2
    db.session.commit()
    assert here.get("/en/account").get_data(as_text=True).count("last active") == 1
