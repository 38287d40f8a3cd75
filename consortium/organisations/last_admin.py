"""An organisation never loses its last organisation admin through a membership change.

A demotion, a removal or a move to another organisation takes the role away with one
conditional UPDATE that applies only while another active organisation admin of the
organisation remains. Checking first and writing afterwards would let two admins who
demote each other at the same moment both pass; so would the conditional UPDATE alone on
PostgreSQL: under READ COMMITTED each request changes a different row and each sees the
other admin still in place. Hence, per database:

- PostgreSQL: the organisation's row is locked first (`FOR NO KEY UPDATE`, which leaves
  foreign-key checks free). The second request waits for the first to commit, and its
  UPDATE, a statement begun after that commit, sees the change.
- SQLite: the lock compiles to nothing and is not needed there: an UPDATE takes the one
  write lock of the database before it reads, so the check in its WHERE sees what the
  other request committed.

Deactivating an account (`auth.services.set_active`) is deliberately not refused: an admin
must be able to shut out a compromised account at once. The organisation then appears among
those without an admin (`membership.without_admin`) for a coordinator to invite one.
"""

from __future__ import annotations

from typing import NoReturn

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy.orm import aliased

from consortium.auth.models import User
from consortium.core.errors import Conflict, DomainError
from consortium.core.roles import OrgRole
from consortium.db import db
from consortium.organisations.display import org_name
from consortium.organisations.models import Organisation

ORG_ADMIN = OrgRole.ORG_ADMIN.value


class LastOrgAdmin(DomainError):
    """The change would leave the organisation without an active organisation admin."""


def set_membership(person: User, *, organisation_id: int | None, org_role: str | None) -> None:
    """Put the person in an organisation with a role (or in none); an organisation admin
    who would lose that role goes through the guarded UPDATE below."""
    holds_the_role = person.organisation_id is not None and person.org_role == ORG_ADMIN
    keeps_it = (organisation_id, org_role) == (person.organisation_id, ORG_ADMIN)
    if holds_the_role and not keeps_it:
        take_the_role_away(person, organisation_id=organisation_id, org_role=org_role)
    else:
        person.organisation_id, person.org_role = organisation_id, org_role


def take_the_role_away(person: User, *, organisation_id: int | None, org_role: str | None) -> None:
    """Give an organisation admin another organisation and role (or none), unless they are
    the last active one of the organisation they leave the role in."""
    held_in = person.organisation_id
    db.session.execute(
        db.select(Organisation.id).where(Organisation.id == held_in).with_for_update(key_share=True)
    )
    other = aliased(User)
    another_admin = (
        db.select(other.id)
        .where(
            other.organisation_id == held_in,
            other.org_role == ORG_ADMIN,
            other.is_active_account,
            other.id != person.id,
        )
        .exists()
    )
    result = db.session.execute(
        db.update(User)
        .where(
            User.id == person.id,
            User.organisation_id == held_in,
            User.org_role == ORG_ADMIN,
            # A deactivated admin manages nothing: taking their role away costs nothing.
            or_(User.is_active_account.is_(False), another_admin),
        )
        .values(organisation_id=organisation_id, org_role=org_role)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        _refuse(person, held_in)
    db.session.expire(person, ["organisation_id", "org_role", "organisation"])


def _refuse(person: User, held_in: int | None) -> NoReturn:
    db.session.refresh(person)
    if person.organisation_id != held_in or person.org_role != ORG_ADMIN:
        raise Conflict()  # someone else changed their role or organisation first
    organisation = db.session.get(Organisation, held_in)
    raise LastOrgAdmin(
        _l(
            "%(name)s is the last organisation admin of %(org)s. Make someone else an "
            "organisation admin first: an organisation always keeps one.",
            name=person.name,
            org=org_name(organisation),
        )
    )


def has_an_active_admin(organisation_id: int) -> bool:
    return bool(
        db.session.scalar(
            db.select(
                db.select(User.id)
                .where(
                    User.organisation_id == organisation_id,
                    User.org_role == ORG_ADMIN,
                    User.is_active_account,
                )
                .exists()
            )
        )
    )
