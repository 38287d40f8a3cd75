"""The second factor (an authenticator app, recovery codes), the coordinators' and admins'
obligation to have one, the password asked again before sensitive changes, and what admins
do for someone else: reset their second factor, sign them out, deactivate them."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import update

from consortium.audit.models import AuditEvent
from consortium.auth import second_factor, totp_secrets
from consortium.auth.models import AuthSession, RecoveryCode, User
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.tokens import services as token_services
from consortium.tokens.models import AccessToken
from tests import factories
from tests.conftest import PASSWORD, complete_second_step
from tests.test_access import ROUTES, world  # noqa: F401  (the fixture is used by name)

SECRET = factories.TEST_TOTP_SECRET
SETUP = "/en/account/second-factor"
CODE_STEP = "/en/login/code"
CONFIRM = "/en/confirm-password"


def _code(secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).now()


def _wrong_code(secret: str = SECRET) -> str:
    right = {pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def _actions(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def _path(response) -> str:
    return urlsplit(response.headers.get("Location", "")).path


def _signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def _password_step(client, user, **extra):
    return client.post("/en/login", data={"email": user.email, "password": PASSWORD, **extra})


def _forget_last_step(user) -> None:
    """As if the code's 30 seconds had passed since the last accepted code."""
    db.session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
    db.session.commit()


@pytest.fixture
def unenrolled_coordinator(app):
    return factories.UserFactory(
        name="Una Unenrolled", is_coordinator=True, email="una@example.org", totp_secret=None
    )


# --- Enrolment -----------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_then_ten_recovery_codes(client_as, member):
    client = client_as(member)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert html.select_one(".qr-code svg") is not None, "the QR code is inline SVG"
    assert not html.select("script")
    secret = html.select_one("code.secret").get_text().replace(" ", "")
    assert len(secret) == 32

    wrong = client.post(SETUP, data={"code": _wrong_code(secret)})
    assert wrong.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, member.id).totp_secret is None

    done = client.post(SETUP, data={"code": _code(secret)})
    assert done.status_code == 200
    codes = [
        c.get_text() for c in BeautifulSoup(done.data, "html.parser").select(".recovery-codes code")
    ]
    assert len(codes) == 10 and len(set(codes)) == 10

    db.session.expire_all()
    stored = db.session.get(User, member.id)
    assert totp_secrets.unseal(stored.totp_secret) == (secret, False)
    assert stored.second_factor_at is not None
    hashes = list(
        db.session.scalars(
            db.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == member.id)
        )
    )
    assert len(hashes) == 10
    assert not set(hashes) & set(codes), "only hashes are stored"
    assert len(_actions("auth.second_factor_enabled")) == 1
    assert client.get(SETUP).status_code == 200  # now the page of an enrolled person


def test_the_confirming_code_cannot_sign_in_again(client, member):
    code = _code()
    codes = second_factor.enable(member, secret=SECRET, code=code, actor=member)
    assert len(codes) == 10
    db.session.commit()
    _password_step(client, member)
    refused = client.post(CODE_STEP, data={"code": code})
    assert refused.status_code == 200 and not _signed_in(client)


# --- Signing in ----------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(client, enrolled_member):
    first = _password_step(client, enrolled_member)
    assert first.status_code == 302 and _path(first) == CODE_STEP
    assert not _signed_in(client), "the password alone does not sign in"
    assert not db.session.scalars(
        db.select(AuthSession).where(AuthSession.user_id == enrolled_member.id)
    ).all()

    done = client.post(CODE_STEP, data={"code": _code()})
    assert done.status_code == 302 and _path(done) == "/en/"
    assert _signed_in(client)
    assert len(_actions("auth.login")) == 1


def test_the_next_address_survives_the_second_step(client, enrolled_member):
    first = _password_step(client, enrolled_member, next="/en/account/tokens")
    assert parse_qs(urlsplit(first.headers["Location"]).query)["next"] == ["/en/account/tokens"]
    done = client.post(f"{CODE_STEP}?next=/en/account/tokens", data={"code": _code()})
    assert _path(done) == "/en/account/tokens"


def test_a_wrong_code_is_refused_and_audited(client, enrolled_member):
    _password_step(client, enrolled_member)
    refused = client.post(CODE_STEP, data={"code": _wrong_code()})
    assert refused.status_code == 200
    assert "not correct" in refused.get_data(as_text=True)
    assert not _signed_in(client)
    assert len(_actions("auth.second_factor_failed")) == 1


def test_the_code_step_needs_the_password_first(client, enrolled_member):
    response = client.post(CODE_STEP, data={"code": _code()})
    assert response.status_code == 302 and _path(response) == "/en/login"
    assert not _signed_in(client)


def test_a_replayed_code_is_refused(app, enrolled_member):
    code = _code()
    first, second = app.test_client(), app.test_client()
    _password_step(first, enrolled_member)
    assert first.post(CODE_STEP, data={"code": code}).status_code == 302
    _password_step(second, enrolled_member)
    replayed = second.post(CODE_STEP, data={"code": code})
    assert replayed.status_code == 200, "the same code, within its 30 seconds, is refused"
    assert not _signed_in(second)
    assert _signed_in(first)


def test_a_recovery_code_works_once(app, member):
    codes = second_factor.enable(member, secret=SECRET, code=_code(), actor=member)
    db.session.commit()
    first = app.test_client()
    _password_step(first, member)
    used = first.post(CODE_STEP, data={"code": codes[3].upper().replace("-", " ")})
    assert used.status_code == 302 and _signed_in(first)
    assert len(_actions("auth.recovery_code_used")) == 1

    again = app.test_client()
    _password_step(again, member)
    assert again.post(CODE_STEP, data={"code": codes[3]}).status_code == 200
    assert not _signed_in(again)
    assert second_factor.recovery_codes_left(db.session.get(User, member.id)) == 9


def test_turning_it_off_needs_the_password_and_a_code(client_as, enrolled_member):
    client = client_as(enrolled_member)
    _forget_last_step(enrolled_member)
    page = "/en/account/second-factor/disable"
    no_password = client.post(page, data={"password": "x" * 14, "code": _code()})
    assert no_password.status_code == 400
    no_code = client.post(page, data={"password": PASSWORD, "code": _wrong_code()})
    assert no_code.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, enrolled_member.id).totp_secret is not None

    done = client.post(page, data={"password": PASSWORD, "code": _code()})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, enrolled_member.id).totp_secret is None
    assert len(_actions("auth.second_factor_disabled")) == 1


# --- Coordinators and admins must have one -------------------------------------------------

OPEN = {"static", "core.health", "auth.reauthenticate"}


def test_every_page_sends_an_unenrolled_coordinator_to_the_set_up(
    request, client_as, unenrolled_coordinator
):
    _people, values = request.getfixturevalue("world")
    client = client_as(unenrolled_coordinator)  # the password alone signs them in
    checked = 0
    for (method, endpoint), route in ROUTES.items():
        if method != "GET" or endpoint in OPEN or endpoint == "auth.second_factor":
            continue
        response = client.get(route.path.format(**values))
        assert response.status_code == 302, f"{route.path}: {response.status_code}"
        assert _path(response) == SETUP, f"{route.path} sent to {_path(response)}"
        checked += 1
    assert checked > 40
    posted = client.post("/en/account", data={"name": "Una", "language": "en"})
    assert _path(posted) == SETUP
    assert client.get(SETUP).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/css/site.css").status_code == 200
    assert client.post("/en/logout").status_code == 302
    assert not _signed_in(client)


def test_a_member_without_a_second_factor_is_not_sent_there(client_as, member):
    client = client_as(member)
    assert client.get("/en/").status_code == 200
    assert client.get("/en/account").status_code == 200


def test_once_enrolled_the_coordinator_goes_anywhere(client_as, unenrolled_coordinator):
    client = client_as(unenrolled_coordinator)
    assert _path(client.get("/en/")) == SETUP
    page = BeautifulSoup(client.get(SETUP).data, "html.parser")
    secret = page.select_one("code.secret").get_text().replace(" ", "")
    assert client.post(SETUP, data={"code": _code(secret)}).status_code == 200
    assert client.get("/en/").status_code == 200


def test_an_admin_resets_someones_second_factor(client_as, admin, coordinator):
    second_factor.renew_recovery_codes(coordinator, actor=coordinator)
    person_client = client_as(coordinator)
    client = client_as(admin)
    address = f"/en/admin/users/{coordinator.id}/second-factor/reset"
    confirm = client.get(address)
    assert confirm.status_code == 200
    assert "Reset the second factor" in confirm.get_data(as_text=True)
    assert client.post(address).status_code == 302

    db.session.expire_all()
    person = db.session.get(User, coordinator.id)
    assert person.totp_secret is None and person.totp_last_step is None
    assert person.second_factor_at is None
    assert not db.session.scalars(
        db.select(RecoveryCode).where(RecoveryCode.user_id == coordinator.id)
    ).all()
    (event,) = _actions("user.second_factor_reset")
    assert event.actor_id == admin.id and event.object_id == coordinator.id
    # The coordinator has to set up a new one before anything else.
    assert _path(person_client.get("/en/")) == SETUP


def test_only_admins_reset_a_second_factor(client_as, coordinator, listed_coordinator):
    client = client_as(coordinator)
    address = f"/en/admin/users/{listed_coordinator.id}/second-factor/reset"
    assert client.post(address).status_code == 404
    db.session.expire_all()
    assert db.session.get(User, listed_coordinator.id).totp_secret is not None


# --- The password again, for sensitive changes ---------------------------------------------


def _age_sessions(user, minutes: int) -> None:
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id)
        .values(created_at=utcnow() - timedelta(minutes=minutes), reauthenticated_at=None)
    )
    db.session.commit()


def test_a_password_change_after_15_minutes_asks_for_the_password_first(client_as, member):
    client = client_as(member)
    _age_sessions(member, 16)
    new = "sunce-nad-morem-2026"
    change = {"current": PASSWORD, "password": new, "confirm": new}
    refused = client.post("/en/account/password", data=change)
    assert refused.status_code == 302 and _path(refused) == CONFIRM
    assert parse_qs(urlsplit(refused.headers["Location"]).query)["next"] == ["/en/account"]
    db.session.expire_all()
    assert db.session.get(User, member.id).password_changed_at is None, "nothing changed"

    wrong = client.post(CONFIRM, data={"password": "x" * 14, "next": "/en/account"})
    assert wrong.status_code == 200
    back = client.post(CONFIRM, data={"password": PASSWORD, "next": "/en/account"})
    assert back.status_code == 302 and _path(back) == "/en/account"
    assert len(_actions("auth.reauthenticated")) == 1
    assert client.post("/en/account/password", data=change).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).password_changed_at is not None


def test_within_15_minutes_no_confirmation_is_asked(client_as, member):
    client = client_as(member)
    _age_sessions(member, 14)
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize(
    ("method", "address", "data"),
    [
        ("GET", SETUP, None),
        ("GET", "/en/account/second-factor/recovery-codes", None),
        ("POST", "/en/account/tokens", {"name": "site", "scope": "read", "expires_days": "30"}),
    ],
)
def test_sensitive_pages_ask_for_the_password_again(
    client_as, enrolled_member, method, address, data
):
    client = client_as(enrolled_member)
    _age_sessions(enrolled_member, 16)
    response = client.open(address, method=method, data=data or {})
    assert response.status_code == 302 and _path(response) == CONFIRM
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == [address]
    assert not db.session.scalars(db.select(AccessToken)).all()


def test_an_admin_granting_a_role_confirms_the_password(client_as, admin, staff):
    client = client_as(admin)
    _age_sessions(admin, 16)
    response = client.post(f"/en/admin/users/{staff.id}", data={"coordinator": "y", "active": "y"})
    assert _path(response) == CONFIRM
    db.session.expire_all()
    assert not db.session.get(User, staff.id).is_coordinator


def test_confirm_password_comes_back_only_to_this_site(client_as, member):
    client = client_as(member)
    response = client.post(CONFIRM, data={"password": PASSWORD, "next": "//evil.example/"})
    assert response.status_code == 302 and _path(response) == "/en/account"


# --- Admins sign people out and deactivate them --------------------------------------------


def test_an_admin_ends_all_of_someones_sessions(client_as, admin, member):
    phone, laptop = client_as(member), client_as(member)
    client = client_as(admin)
    address = f"/en/admin/users/{member.id}/sessions/end"
    assert client.get(address).status_code == 200
    assert client.post(address).status_code == 302
    for browser in (phone, laptop):
        response = browser.get("/en/account")
        assert response.status_code == 302 and _path(response) == "/en/login"
    (event,) = _actions("user.sessions_ended")
    assert event.actor_id == admin.id and event.details["count"] == 2
    assert _signed_in(client), "the admin's own session goes on"


def test_deactivating_an_account_revokes_its_tokens(client_as, admin, member):
    _token, secret = token_services.create(
        member, name="script", scope="read", expires_days=30, actor=SYSTEM
    )
    db.session.commit()
    api = client_as(None)
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/organisations/", headers=headers).status_code == 200

    client = client_as(admin)
    # A browser always sends the CSRF field: "active" unticked deactivates (CSRF is off here).
    deactivate = {"csrf_token": "-"}
    assert client.post(f"/en/admin/users/{member.id}", data=deactivate).status_code == 302
    assert api.get("/api/v1/organisations/", headers=headers).status_code == 401
    db.session.expire_all()
    (token,) = db.session.scalars(db.select(AccessToken)).all()
    assert token.revoked_at is not None
    assert len(_actions("token.revoked")) == 1

    # Activated again, the account does not get its old tokens back.
    assert client.post(f"/en/admin/users/{member.id}", data={"active": "y"}).status_code == 302
    assert api.get("/api/v1/organisations/", headers=headers).status_code == 401


def test_client_as_completes_the_second_step_for_the_cast(client_as, coordinator, admin):
    for person in (coordinator, admin):
        assert totp_secrets.unseal(person.totp_secret)[0] == SECRET
        assert _signed_in(client_as(person))


def test_complete_second_step_leaves_other_answers_alone(client, member):
    response = _password_step(client, member)
    assert complete_second_step(client, member, response) is response
