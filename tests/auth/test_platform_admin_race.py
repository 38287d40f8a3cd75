"""The platform keeps one active administrator even when its last two revoke each other's
role, or delete their own accounts, at the same moment: on SQLite and on PostgreSQL
exactly one of the two changes is written and the other is refused.

Each change runs in a thread with its own app context and database connection; a barrier
where the role is taken away (`platform_admin.take_admin_away`) holds both until each has
loaded the people and passed the policy and the up-front check, so each round is a real
race for the guarded UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable

import pyotp
import pytest

from consortium.auth import deletion, platform_admin, services
from consortium.auth.models import User
from consortium.core.errors import DomainError
from consortium.db import db
from tests import factories
from tests.auth.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.racing import race

ROUNDS = 4


def _in_a_request(racing, change: Callable[[], None]) -> Callable[[], str]:
    """Run `change` the way a request does: commit if nothing was raised, else roll back."""

    def run() -> str:
        with racing.app_context():
            try:
                change()
                db.session.commit()
                return "written"
            except DomainError as error:
                db.session.rollback()
                return type(error).__name__
            finally:
                db.session.remove()

    return run


def _active_admins(racing) -> list[int]:
    with racing.app_context():
        ids = db.session.scalars(
            db.select(User.id).where(User.is_admin.is_(True), User.is_active_account.is_(True))
        ).all()
        db.session.remove()
        return list(ids)


def _two_admins(racing, round_: int) -> tuple[int, int]:
    """Two fresh administrators, the only active ones (earlier rounds' are deactivated)."""
    with racing.app_context():
        db.session.execute(db.update(User).values(is_active_account=False))
        a, b = (
            factories.UserFactory(is_admin=True, email=f"admin{round_}{n}@example.org")
            for n in "ab"
        )
        db.session.commit()
        ids = a.id, b.id
        db.session.remove()
        return ids


def _revoke(racing, actor_id: int, target_id: int) -> Callable[[], str]:
    def change() -> None:
        actor, target = db.session.get(User, actor_id), db.session.get(User, target_id)
        services.set_consortium_roles(target, coordinator=False, admin=False, actor=actor)

    return _in_a_request(racing, change)


def _delete_own(racing, person_id: int) -> Callable[[], str]:
    def change() -> None:
        person = db.session.get(User, person_id)
        code = pyotp.TOTP(TEST_TOTP_SECRET).now()
        deletion.delete_account(person, password=TEST_PASSWORD, code=code, actor=person)

    return _in_a_request(racing, change)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_admins_revoking_each_other_leave_one(racing, monkeypatch, round_):
    a, b = _two_admins(racing, round_)
    outcomes = race(
        monkeypatch,
        (platform_admin, "take_admin_away"),
        [_revoke(racing, a, b), _revoke(racing, b, a)],
    )
    assert sorted(outcomes) == ["LastPlatformAdmin", "written"]
    survivors = _active_admins(racing)
    assert len(survivors) == 1 and survivors[0] in (a, b)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_admins_deleting_their_accounts_at_once_leave_one(
    racing,
    monkeypatch,
    round_,
):
    a, b = _two_admins(racing, round_)
    # The barrier sits where the deletion locks the administrators' rows, before its first
    # write: after it, a request holds a lock (on SQLite the database's write lock) that
    # would keep the other from ever reaching a later barrier.
    outcomes = race(
        monkeypatch,
        (platform_admin, "lock_admins"),
        [_delete_own(racing, a), _delete_own(racing, b)],
    )
    assert sorted(outcomes) == ["LastAdministrator", "written"]
    survivors = _active_admins(racing)
    assert len(survivors) == 1
    with racing.app_context():
        deleted = db.session.scalars(db.select(User).where(User.deleted_at.is_not(None))).all()
        assert [person.id for person in deleted] == [({a, b} - set(survivors)).pop()]
        db.session.remove()


def test_one_admin_alone_is_refused_and_keeps_the_role(racing):
    """The guard itself, without the up-front check: a positive and a negative control."""
    a, b = _two_admins(racing, 99)
    assert _revoke(racing, a, b)() == "written"  # another admin (a) remains
    assert _active_admins(racing) == [a]
    with racing.app_context():
        person = db.session.get(User, a)
        with pytest.raises(platform_admin.LastPlatformAdmin):
            platform_admin.take_admin_away(
                person, refusal=platform_admin.last_admin_refusal(person)
            )
        db.session.rollback()
        db.session.remove()
    assert _active_admins(racing) == [a]
