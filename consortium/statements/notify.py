"""Who hears of what happens to a statement: each mail in the recipient's language, through
the outbox, in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l

from consortium.auth.models import User
from consortium.core.roles import OrgRole
from consortium.core.urls import external_url
from consortium.db import db
from consortium.mail import services as mail

WORKERS = (OrgRole.STAFF.value, OrgRole.ORG_ADMIN.value)


def org_admins(organisation_ids: Iterable[int]) -> list[User]:
    ids = list(organisation_ids)
    if not ids:
        return []
    statement = db.select(User).where(
        User.organisation_id.in_(ids),
        User.org_role == OrgRole.ORG_ADMIN.value,
        User.is_active_account,
    )
    return list(db.session.scalars(statement.order_by(User.id)))


def author_team(statement: Any) -> list[User]:
    statement_ = db.select(User).where(
        User.organisation_id == statement.organisation_id,
        User.org_role.in_(WORKERS),
        User.is_active_account,
    )
    return list(db.session.scalars(statement_.order_by(User.id)))


def coordinators(statement: Any) -> list[User]:
    """Coordinators who may decide: not of the author organisation."""
    statement_ = db.select(User).where(
        (User.is_coordinator | User.is_admin),
        User.is_active_account,
        (User.organisation_id.is_(None)) | (User.organisation_id != statement.organisation_id),
    )
    return list(db.session.scalars(statement_.order_by(User.id)))


SUBJECTS = {
    "invited": _l("Your organisation is invited to sign a joint statement"),
    "submitted": _l("A joint statement waits for your review"),
    "approved": _l("Your joint statement was approved"),
    "changes_requested": _l("Changes were requested to your joint statement"),
    "rejected": _l("Your joint statement was rejected"),
    "published": _l("A joint statement you worked on is published"),
    "withdrawn": _l("A published joint statement was withdrawn"),
}


def _link(statement: Any, language: str) -> str:
    """A draft answers 404 to anyone signed out (its existence stays hidden), so links to it
    go through the sign-in page, which sends someone already signed in straight on."""
    page = external_url("statements.detail", lang=language, statement=statement)
    if statement.state in ("published", "withdrawn"):
        return page
    path = "/" + page.split("://", 1)[-1].split("/", 1)[-1]
    return external_url("auth.login", lang=language, next=path)


def send(kind: str, statement: Any, people: Iterable[User], **context: Any) -> None:
    """One mail per person, in their language, linking to the statement."""
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        mail.queue(
            f"statement.{kind}",
            to=person.email,
            language=person.language,
            subject=SUBJECTS[kind],
            template=f"statements/mail/{kind}.txt",
            statement=statement,
            person=person,
            link=_link(statement, person.language),
            **context,
        )
