"""An organisation never loses its last org admin, even when its two org admins demote (or
remove) each other at the same moment: through real concurrent requests, on SQLite and on
PostgreSQL, exactly one of the two succeeds and the other is refused with a clear message.

Each request runs in a thread of its own, with its own test client, app context and
database connection. A barrier where the role is taken away (`last_admin.take_the_role_away`)
holds both requests until each has loaded the people and passed the policy, so each round
is a real race for the guarded UPDATE. On SQLite the app uses a file database: the
in-memory one is a single shared connection.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from consortium.audit.models import AuditEvent
from consortium.auth.models import User
from consortium.db import db
from consortium.organisations import last_admin
from tests import factories
from tests.conftest import PASSWORD
from tests.racing import race

ROUNDS = 10
SLUG = "race-org"
REFUSAL = "is the last organisation admin of Race Org"


def _organisation_with_admins(racing: Flask, count: int) -> tuple[int, list[int]]:
    with racing.app_context():
        org = factories.OrganisationFactory(slug=SLUG, name="Race Org", country="XK")
        admins = [
            factories.UserFactory(organisation=org, org_role="org_admin", email=f"a{n}@example.org")
            for n in range(count)
        ]
        db.session.commit()
        ids = org.id, [a.id for a in admins]
        db.session.remove()
        return ids


def _restore(racing: Flask, org_id: int, admin_ids: list[int]) -> None:
    """Before each round: everyone an org admin of the organisation again."""
    with racing.app_context():
        db.session.execute(
            db.update(User)
            .where(User.id.in_(admin_ids))
            .values(organisation_id=org_id, org_role="org_admin")
        )
        db.session.commit()
        db.session.remove()


def _signed_in(racing: Flask, user_id: int):
    """A client of its own, signed in afresh (a demotion or removal ended its sessions)."""
    with racing.app_context():
        email = db.session.get(User, user_id).email
        db.session.remove()
    client = racing.test_client()
    response = client.post("/en/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, "signed in"
    return client


def _demote(client, person_id: int):
    path = f"/en/organisations/{SLUG}/people/{person_id}/role"
    return lambda: client.post(path, data={"role": "staff"})


def _remove(client, person_id: int):
    path = f"/en/organisations/{SLUG}/people/{person_id}/remove"
    return lambda: client.post(path)


def _admins_left(racing: Flask, org_id: int) -> list[int]:
    with racing.app_context():
        ids = db.session.scalars(
            db.select(User.id).where(
                User.organisation_id == org_id,
                User.org_role == "org_admin",
                User.is_active_account,
            )
        ).all()
        db.session.remove()
        return list(ids)


def _audited(racing: Flask, action: str) -> int:
    with racing.app_context():
        found = db.session.scalars(db.select(AuditEvent.id).where(AuditEvent.action == action))
        count = len(found.all())
        db.session.remove()
        return count


def _refusal_shown(response) -> str:
    page = BeautifulSoup(response.data, "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in page.select("p.error"))


@pytest.mark.parametrize(
    ("make_post", "audit_action"),
    [(_demote, "person.role_changed"), (_remove, "person.removed")],
    ids=["demote", "remove"],
)
def test_two_admins_taking_each_other_out_at_once_leave_one_admin(
    racing, monkeypatch, make_post, audit_action
):
    org_id, admin_ids = _organisation_with_admins(racing, 2)
    for n in range(ROUNDS):
        _restore(racing, org_id, admin_ids)
        a, b = _signed_in(racing, admin_ids[0]), _signed_in(racing, admin_ids[1])
        responses = race(
            monkeypatch,
            (last_admin, "take_the_role_away"),
            [make_post(a, admin_ids[1]), make_post(b, admin_ids[0])],
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [302, 400], f"round {n}: {statuses}"
        refused = next(r for r in responses if r.status_code == 400)
        assert REFUSAL in _refusal_shown(refused), "a clear message beside the person's role"
        assert len(_admins_left(racing, org_id)) == 1, f"round {n}: one org admin remains"
        assert _audited(racing, audit_action) == n + 1, "only the change that happened is logged"


@pytest.mark.parametrize("make_post", [_demote, _remove], ids=["demote", "remove"])
def test_with_a_third_admin_both_changes_go_through(racing, monkeypatch, make_post):
    """The positive control: the guard refuses only what would leave nobody."""
    org_id, admin_ids = _organisation_with_admins(racing, 3)
    for n in range(ROUNDS):
        _restore(racing, org_id, admin_ids)
        a, b = _signed_in(racing, admin_ids[0]), _signed_in(racing, admin_ids[1])
        responses = race(
            monkeypatch,
            (last_admin, "take_the_role_away"),
            [make_post(a, admin_ids[1]), make_post(b, admin_ids[0])],
        )
        assert sorted(r.status_code for r in responses) == [302, 302], f"round {n}"
        assert _admins_left(racing, org_id) == [admin_ids[2]]
