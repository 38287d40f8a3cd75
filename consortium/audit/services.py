"""Writing to and reading the audit log; every service that decides something calls `record`.

Objects tell the log what they are: a model declares `__audit_type__` ("organisation") and
`audit_organisation_id` (whose part of the log the event belongs to).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy.orm import joinedload

from consortium.audit.actions import SYSTEM_LABEL, AuditAction
from consortium.audit.models import AuditEvent
from consortium.core.actors import is_system
from consortium.core.pagination import Page, paginate
from consortium.db import db


def client_ip() -> str | None:
    # request.remote_addr is what ProxyFix vouches for; a raw X-Forwarded-For is never trusted.
    return request.remote_addr if has_request_context() else None


def record(
    action: AuditAction,
    *,
    actor: Any = None,
    obj: Any = None,
    organisation_id: int | None = None,
    actor_label: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event in the caller's transaction; it commits or rolls back with the change.

    The organisation whose log shows it is the one given, else the object's, else the
    actor's own.
    """
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit actions are AuditAction members, not {action!r}")
    object_type = object_id = None
    if obj is not None:
        object_type, object_id = obj.__audit_type__, obj.id
        if organisation_id is None:
            organisation_id = obj.audit_organisation_id
    if organisation_id is None and actor is not None:
        organisation_id = getattr(actor, "organisation_id", None)
    if is_system(actor):
        actor, actor_label = None, SYSTEM_LABEL
    entry = AuditEvent(
        action=action.value,
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label or getattr(actor, "email", None),
        object_type=object_type,
        object_id=object_id,
        organisation_id=organisation_id,
        ip=client_ip(),
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to; `organisation_id=None` means the whole log."""

    organisation_id: int | None = None
    action: str = ""
    who: str = ""
    since: datetime | None = None


def search(filters: Filters, *, cursor: str | None = None, limit: int = 50) -> Page:
    """One page of the log, newest first; the caller has checked who may read which part."""
    query = db.select(AuditEvent).options(joinedload(AuditEvent.actor))
    if filters.organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == filters.organisation_id)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.who:
        query = query.where(AuditEvent.actor_label.contains(filters.who, autoescape=True))
    if filters.since is not None:
        query = query.where(AuditEvent.at >= filters.since)
    # Keyset: the log only grows, so OFFSET pages would drift and slow down.
    return paginate(query, [AuditEvent.id.desc()], cursor=cursor, limit=limit)


def known_actions(organisation_id: int | None) -> list[str]:
    """The action codes present in (this part of) the log, for the filter menu."""
    query = db.select(AuditEvent.action).distinct()
    if organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    return sorted(db.session.scalars(query))
