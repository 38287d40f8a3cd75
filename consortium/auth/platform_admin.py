"""The platform never loses its last administrator through its own pages.

Taking the administrator role away (a role change, or an account deleted by its owner) is
one conditional UPDATE that applies only while another active administrator remains, for
the reason `organisations.last_admin` gives: two administrators who revoke each other, or
delete their accounts, at the same moment would otherwise both pass a check made first.

- PostgreSQL: the rows of the active administrators are locked first, in id order (so that
  two requests never wait for each other crosswise). The second request waits for the
  first to commit; its lock then no longer finds the first one's row, and its UPDATE, a
  statement begun after that commit, sees the change.
- SQLite: the UPDATE takes the database's one write lock before it reads its WHERE.

Deactivation is not guarded (an administrator must be able to shut out a compromised
account at once), and operators can always grant the role again from the command line.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from consortium.auth.models import User
from consortium.core.errors import Conflict, DomainError
from consortium.db import db


class LastPlatformAdmin(DomainError):
    """The change would leave the platform without an active administrator."""


def lock_admins() -> None:
    """Lock the active administrators' rows (PostgreSQL; a no-op on SQLite). A request that
    writes to an administrator's row before taking the role away calls this first: two
    requests that each hold their own row and then wait for the other's would deadlock."""
    _lock()


def _lock() -> None:
    db.session.execute(
        db.select(User.id)
        .where(User.is_admin.is_(True), User.is_active_account.is_(True))
        .order_by(User.id)
        .with_for_update(key_share=True)
    )


def take_admin_away(person: User, *, refusal: DomainError) -> None:
    """Revoke `person`'s administrator role unless they are the last active administrator
    (then `refusal` is raised and nothing is written)."""
    _lock()
    other = aliased(User)
    another_admin = (
        db.select(other.id)
        .where(other.is_admin.is_(True), other.is_active_account.is_(True), other.id != person.id)
        .exists()
    )
    result = db.session.execute(
        db.update(User)
        .where(User.id == person.id, User.is_admin.is_(True), another_admin)
        .values(is_admin=False)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        db.session.expire(person, ["is_admin"])
        return
    db.session.refresh(person)
    if not person.is_admin:
        raise Conflict()  # someone else took the role away first
    raise refusal


def last_admin_refusal(person: User) -> LastPlatformAdmin:
    return LastPlatformAdmin(
        _l(
            "%(name)s is the platform's only administrator. Make someone else an "
            "administrator first.",
            name=person.name,
        )
    )
