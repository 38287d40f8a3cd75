"""Every single-use link or code works once, even used four times at the same moment (issue 12).

Each use is a real request in a thread of its own, with its own test client (a browser that
followed the link), app context and database connection. A barrier inside
`links.use_once` holds the four requests until each has found the link open and passed its
checks, so every round is a real race for the conditional UPDATE. Exactly one succeeds; the
others get the page that says the link (or code) was already used, never a 5xx, and the
stored state shows one use. On SQLite the app uses a file database: the in-memory one is a
single shared connection.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consortium.audit.models import AuditEvent
from consortium.auth import second_factor
from consortium.auth.models import AuthSession, PasswordReset, RecoveryCode, User
from consortium.auth.services import hasher
from consortium.auth.tokens import digest
from consortium.core import links
from consortium.db import db, utcnow
from consortium.experts.models import Expert, ExpertInvitation
from consortium.mail.models import OutboxMessage
from consortium.organisations.models import Invitation
from tests import factories
from tests.conftest import PASSWORD
from tests.experts.factories import make_expert
from tests.racing import race

USES = 4
TOKEN = "single-use-token-for-the-race"
LINK_USED = "has expired or has already been used"
CODE_USED = "This code is not correct, or it has already been used."


@pytest.fixture
def world(racing):
    """An organisation with its admin (who invites), someone who left it, an expert."""
    with racing.app_context():
        org = factories.OrganisationFactory(slug="race-org", name="Race Org", country="XK")
        admin = factories.UserFactory(organisation=org, org_role="org_admin", email="a@example.org")
        factories.UserFactory(email="left@example.org")  # in no organisation
        expert = make_expert("Arben Krasniqi", organisation_id=org.id)
        db.session.commit()
        ids = {"org": org.id, "admin": admin.id, "expert": expert.id}
        db.session.remove()
    return ids


def _in(racing, work: Callable):
    with racing.app_context():
        try:
            result = work()
            db.session.commit()
            return result
        finally:
            db.session.remove()


def _browsers(racing, link: str, then: str) -> list:
    """USES browsers that each followed the mailed link (and so hold its token)."""
    clients = []
    for _ in range(USES):
        client = racing.test_client()
        response = client.get(link)
        assert (response.status_code, response.headers["Location"]) == (303, then)
        clients.append(client)
    return clients


def _one_won(responses, *, won: int, refused_with: str, refused_status: int = 200) -> None:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == sorted([won] + [refused_status] * (USES - 1)), statuses
    for response in responses:
        if response.status_code != won:
            assert refused_with in response.get_data(as_text=True)


def _count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where)) or 0


def _audited(action: str) -> int:
    return _count(AuditEvent, AuditEvent.action == action)


# --- Password reset -----------------------------------------------------------------------


def _reset_link(racing, email: str) -> None:
    def make():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.add(
            PasswordReset(
                token_hash=digest(TOKEN), user_id=user.id, expires_at=utcnow().replace(year=2999)
            )
        )

    _in(racing, make)


def test_a_reset_link_used_four_times_at_once_sets_one_password(racing, world, monkeypatch):
    _reset_link(racing, "left@example.org")
    clients = _browsers(racing, f"/en/reset-password/{TOKEN}", "/en/reset-password")
    passwords = [f"nova-lozinka-{n}-za-trku" for n in range(USES)]
    responses = race(
        monkeypatch,
        (links, "use_once"),
        [
            lambda c=c, p=p: c.post("/en/reset-password", data={"password": p, "confirm": p})
            for c, p in zip(clients, passwords, strict=True)
        ],
    )
    _one_won(responses, won=302, refused_with=LINK_USED)

    def stored():
        user = db.session.scalar(db.select(User).where(User.email == "left@example.org"))
        matching = [p for p in passwords if _verifies(user.password_hash, p)]
        assert len(matching) == 1, "exactly one of the four passwords was set"
        assert db.session.scalar(db.select(PasswordReset.used_at)) is not None
        assert _audited("auth.password_reset") == 1
        assert _count(OutboxMessage, OutboxMessage.kind == "password_changed") == 1

    _in(racing, stored)


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except Exception:  # argon2 raises on a mismatch
        return False


def test_a_reset_link_used_once_works(racing, world):
    """The positive control: one use alone changes the password."""
    _reset_link(racing, "left@example.org")
    (client, *_others) = _browsers(racing, f"/en/reset-password/{TOKEN}", "/en/reset-password")
    password = "jedina-nova-lozinka-2026"
    response = client.post("/en/reset-password", data={"password": password, "confirm": password})
    assert response.status_code == 302

    def stored():
        user = db.session.scalar(db.select(User).where(User.email == "left@example.org"))
        assert _verifies(user.password_hash, password)
        assert _audited("auth.password_reset") == 1

    _in(racing, stored)


# --- Invitations --------------------------------------------------------------------------


def _invitation(racing, world, email: str) -> None:
    def make():
        db.session.add(
            Invitation(
                token_hash=digest(TOKEN),
                email=email,
                organisation_id=world["org"],
                role="staff",
                expires_at=utcnow().replace(year=2999),
                invited_by_id=world["admin"],
            )
        )

    _in(racing, make)


def _new_account(n: int) -> dict:
    return {
        "name": f"Nova {n}",
        "language": "en",
        "password": "kamen-voda-vjetar-2026",
        "confirm": "kamen-voda-vjetar-2026",
    }


def test_an_invitation_used_four_times_at_once_makes_one_account(racing, world, monkeypatch):
    _invitation(racing, world, "nova@example.org")
    clients = _browsers(racing, f"/en/invitation/{TOKEN}", "/en/invitation")
    responses = race(
        monkeypatch,
        (links, "use_once"),
        [
            lambda c=c, n=n: c.post("/en/invitation", data=_new_account(n))
            for n, c in enumerate(clients)
        ],
    )
    _one_won(responses, won=302, refused_with=LINK_USED)

    def stored():
        users = db.session.scalars(db.select(User).where(User.email == "nova@example.org")).all()
        assert len(users) == 1
        assert (users[0].organisation_id, users[0].org_role) == (world["org"], "staff")
        invitation = db.session.scalar(db.select(Invitation))
        assert invitation.accepted_at is not None and invitation.user_id == users[0].id
        assert _audited("invitation.accepted") == 1
        assert _count(AuthSession, AuthSession.user_id == users[0].id) == 1, "one signed in"

    _in(racing, stored)


def test_an_invitation_back_used_four_times_at_once_joins_once(racing, world, monkeypatch):
    _invitation(racing, world, "left@example.org")
    clients = _browsers(racing, f"/en/invitation/{TOKEN}", "/en/invitation")
    responses = race(
        monkeypatch,
        (links, "use_once"),
        [lambda c=c: c.post("/en/invitation", data={"password": PASSWORD}) for c in clients],
    )
    _one_won(responses, won=302, refused_with=LINK_USED)

    def stored():
        person = db.session.scalar(db.select(User).where(User.email == "left@example.org"))
        assert (person.organisation_id, person.org_role) == (world["org"], "staff")
        invitation = db.session.scalar(db.select(Invitation))
        assert invitation.accepted_at is not None and invitation.user_id == person.id
        assert _audited("invitation.accepted") == 1
        assert _count(AuthSession, AuthSession.user_id == person.id) == 1, "one signed in"

    _in(racing, stored)


def test_an_invitation_used_once_makes_the_account(racing, world):
    """The positive control."""
    _invitation(racing, world, "nova@example.org")
    (client, *_others) = _browsers(racing, f"/en/invitation/{TOKEN}", "/en/invitation")
    assert client.post("/en/invitation", data=_new_account(0)).status_code == 302

    def stored():
        assert _count(User, User.email == "nova@example.org") == 1
        assert _audited("invitation.accepted") == 1

    _in(racing, stored)


# --- Expert profile claims ----------------------------------------------------------------


def _claim(racing, world, email: str) -> None:
    def make():
        db.session.add(
            ExpertInvitation(
                token_hash=digest(TOKEN),
                expert_id=world["expert"],
                email=email,
                expires_at=utcnow().replace(year=2999),
            )
        )

    _in(racing, make)


def test_a_claim_link_used_four_times_at_once_links_one_account(racing, world, monkeypatch):
    _claim(racing, world, "arben@example.org")
    clients = _browsers(racing, f"/en/experts/claim/{TOKEN}", "/en/experts/claim")
    responses = race(
        monkeypatch,
        (links, "use_once"),
        [
            lambda c=c, n=n: c.post("/en/experts/claim", data=_new_account(n))
            for n, c in enumerate(clients)
        ],
    )
    _one_won(responses, won=302, refused_with=LINK_USED)

    def stored():
        users = db.session.scalars(db.select(User).where(User.email == "arben@example.org")).all()
        assert len(users) == 1
        assert db.session.get(Expert, world["expert"]).user_id == users[0].id
        assert db.session.scalar(db.select(ExpertInvitation.accepted_at)) is not None
        assert _audited("expert.claimed") == 1

    _in(racing, stored)


def test_a_claim_confirmed_four_times_at_once_by_the_signed_in_expert_links_once(
    racing, world, monkeypatch
):
    _claim(racing, world, "left@example.org")
    clients = []
    for _ in range(USES):
        client = racing.test_client()
        signed_in = client.post(
            "/en/login", data={"email": "left@example.org", "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        assert client.get(f"/en/experts/claim/{TOKEN}").status_code == 303
        clients.append(client)
    responses = race(
        monkeypatch, (links, "use_once"), [lambda c=c: c.post("/en/experts/claim") for c in clients]
    )
    _one_won(responses, won=302, refused_with=LINK_USED)

    def stored():
        person = db.session.scalar(db.select(User).where(User.email == "left@example.org"))
        assert db.session.get(Expert, world["expert"]).user_id == person.id
        assert _audited("expert.claimed") == 1

    _in(racing, stored)


def test_a_claim_link_used_once_links_the_profile(racing, world):
    """The positive control."""
    _claim(racing, world, "arben@example.org")
    (client, *_others) = _browsers(racing, f"/en/experts/claim/{TOKEN}", "/en/experts/claim")
    assert client.post("/en/experts/claim", data=_new_account(0)).status_code == 302

    def stored():
        user = db.session.scalar(db.select(User).where(User.email == "arben@example.org"))
        assert db.session.get(Expert, world["expert"]).user_id == user.id

    _in(racing, stored)


# --- Recovery codes -----------------------------------------------------------------------


def _enrolled_with_codes(racing) -> list[str]:
    def make():
        person = factories.UserFactory(is_coordinator=True, email="k@example.org")
        return second_factor.renew_recovery_codes(person, actor=person)

    return _in(racing, make)


def _past_the_password(racing) -> list:
    clients = []
    for _ in range(USES):
        client = racing.test_client()
        response = client.post("/en/login", data={"email": "k@example.org", "password": PASSWORD})
        assert response.headers["Location"].startswith("/en/login/code")
        clients.append(client)
    return clients


def test_a_recovery_code_sent_four_times_at_once_signs_in_once(racing, world, monkeypatch):
    codes = _enrolled_with_codes(racing)
    clients = _past_the_password(racing)
    responses = race(
        monkeypatch,
        (links, "use_once"),
        [lambda c=c: c.post("/en/login/code", data={"code": codes[0]}) for c in clients],
    )
    _one_won(responses, won=302, refused_with=CODE_USED)

    def stored():
        person = db.session.scalar(db.select(User).where(User.email == "k@example.org"))
        assert _count(AuthSession, AuthSession.user_id == person.id) == 1
        used = _count(
            RecoveryCode, RecoveryCode.user_id == person.id, RecoveryCode.used_at.is_not(None)
        )
        assert used == 1
        assert _audited("auth.recovery_code_used") == 1

    _in(racing, stored)


def test_a_recovery_code_sent_once_signs_in(racing, world):
    """The positive control."""
    codes = _enrolled_with_codes(racing)
    client, *_others = _past_the_password(racing)
    assert client.post("/en/login/code", data={"code": codes[0]}).status_code == 302
    assert client.get("/en/account").status_code == 200
