"""The audit log's part: what a person did, and what was done to their account, in their
download. With the account, the log keeps every event but forgets the person's name and
address in them; the page then names the actor "Former member" (`actions.actor_name`).

The addresses from where they acted stay for the usual period (`AUDIT_IP_RETENTION_DAYS`):
the log protects the partners against misuse, and deleting an account must not wipe the
trail of what was done with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, cast, or_, text

from consortium.audit.actions import PERSON_TYPE, title
from consortium.audit.models import PURGE, AuditEvent
from consortium.core import registry
from consortium.db import db

# Closes what `PURGE` opened, for the rest of the transaction.
PURGE_DONE = "SELECT set_config('consortium.audit_purge', 'off', true)"


def collect(person: Any) -> dict[str, Any]:
    """Their own actions (what, when, from where) and the events about their account. Not
    the objects' names nor the details, which may name other people."""
    own = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.actor_id == person.id).order_by(AuditEvent.id)
    )
    about = db.session.scalars(
        db.select(AuditEvent)
        .where(
            AuditEvent.object_type == PERSON_TYPE,
            AuditEvent.object_id == person.id,
            or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != person.id),
        )
        .order_by(AuditEvent.id)
    )
    return {
        "your_actions": [
            {
                "at": e.at,
                "action": e.action,
                "title": str(title(e.action)),
                "object_type": e.object_type,
                "organisation": e.organisation_name,
                "ip": e.ip,
            }
            for e in own
        ],
        "about_your_account": [
            {"at": e.at, "action": e.action, "title": str(title(e.action))} for e in about
        ],
    }


def erase(person: Any) -> None:
    """Forget the person's name and address wherever the log stored them: as the actor, as
    the object, and in an event's details (an invitation sent to them). A declared purge,
    like `services.forget_old_addresses`, and only for this transaction's statements."""
    db.session.flush()
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.session.execute(text(PURGE))
    email = person.email
    db.session.execute(
        db.update(AuditEvent)
        .where(or_(AuditEvent.actor_id == person.id, AuditEvent.actor_label == email))
        .values(actor_name=None, actor_label=None, actor_search="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        db.update(AuditEvent)
        .where(
            or_(
                (AuditEvent.object_type == PERSON_TYPE) & (AuditEvent.object_id == person.id),
                AuditEvent.object_label == email,
            )
        )
        .values(object_label=None)
        .execution_options(synchronize_session=False)
    )
    naming = db.session.execute(
        db.select(AuditEvent.id, AuditEvent.details).where(
            cast(AuditEvent.details, Text).contains(email, autoescape=True)
        )
    ).all()
    for event_id, details in naming:
        kept = {k: v for k, v in (details or {}).items() if v != email}
        db.session.execute(
            db.update(AuditEvent)
            .where(AuditEvent.id == event_id)
            .values(details=kept)
            .execution_options(synchronize_session=False)
        )
    if postgresql:
        db.session.execute(text(PURGE_DONE))


# Last: the other parts record their events first, and this forgets the name in them too.
PART = registry.PersonalData("audit_log", collect=collect, erase=erase, order=1000)
