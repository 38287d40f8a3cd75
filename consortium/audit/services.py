"""Writing to and reading the audit log; every service that decides something calls `record`.

Objects tell the log what they are: a model declares `__audit_type__` ("organisation"),
`audit_organisation_id` (whose part of the log the event belongs to) and `audit_label`
(how the log names it: a person's name, an invitation's address). The log stores the
names with the entry and learns them by duck typing: it imports no domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import has_request_context, request
from sqlalchemy import text

from consortium.audit.actions import SYSTEM_LABEL, AuditAction
from consortium.audit.models import LABEL_MAX, NAME_MAX, PURGE, AuditEvent
from consortium.core import seclog
from consortium.core.actors import is_system
from consortium.core.pagination import Page, paginate
from consortium.core.search import word_prefix_filters
from consortium.db import db, utcnow
from consortium.i18n.text import search_key

# A changed text is kept up to this length: the log says what changed, it is no archive.
CHANGE_TEXT_MAX = 300


def client_ip() -> str | None:
    # request.remote_addr is what ProxyFix vouches for; a raw X-Forwarded-For is never trusted.
    return request.remote_addr if has_request_context() else None


def record(
    action: AuditAction,
    *,
    actor: Any = None,
    obj: Any = None,
    organisation: Any = None,
    organisation_id: int | None = None,
    actor_label: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event in the caller's transaction; it commits or rolls back with the change.

    The organisation whose log shows it is the one given (`organisation=`, an object with
    `.id` and `.name`, or `organisation_id=`), else the object's, else the actor's own.
    The names of the actor, the object and the organisation are stored with the event.
    """
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit actions are AuditAction members, not {action!r}")
    object_type = object_id = object_label = None
    if obj is not None:
        object_type, object_id = obj.__audit_type__, obj.id
        object_label = getattr(obj, "audit_label", None)
    if organisation is not None:
        organisation_id = organisation.id
    elif organisation_id is None and obj is not None:
        organisation_id = obj.audit_organisation_id
    if organisation_id is None and actor is not None:
        organisation_id = getattr(actor, "organisation_id", None)
    organisation_name = _organisation_name(organisation_id, organisation, obj, actor)
    actor_name = None
    if is_system(actor):
        actor, actor_label = None, SYSTEM_LABEL
    elif actor is not None:
        actor_name = getattr(actor, "name", None)
    actor_label = actor_label or getattr(actor, "email", None)
    entry = AuditEvent(
        action=action.value,
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label,
        actor_name=_clip(actor_name, NAME_MAX),
        actor_search=search_key(actor_name, actor_label),
        object_type=object_type,
        object_id=object_id,
        object_label=_clip(object_label, LABEL_MAX),
        organisation_id=organisation_id,
        organisation_name=_clip(organisation_name, NAME_MAX),
        ip=client_ip(),
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(entry)
    # The audit log is what people read; the security log is what operators grep and alert
    # on: every audited action is a security event there too (ids, never the details).
    seclog.event(
        entry.action,
        actor_id=entry.actor_id,
        object_type=object_type,
        object_id=object_id,
        organisation_id=organisation_id,
    )
    return entry


def _organisation_name(organisation_id: int | None, *candidates: Any) -> str | None:
    """The name of the event's organisation, from an object at hand whose id is that one.

    The candidates are the organisation given, the object (when it is an organisation) and
    the object's and the actor's `.organisation`; failing those, the row itself.
    """
    if organisation_id is None:
        return None
    given, obj, actor = candidates
    at_hand = (
        given,
        obj if getattr(obj, "__audit_type__", None) == "organisation" else None,
        getattr(obj, "organisation", None),
        getattr(actor, "organisation", None),
    )
    for candidate in at_hand:
        if candidate is not None and getattr(candidate, "id", None) == organisation_id:
            return getattr(candidate, "audit_label", None) or candidate.name
    # By table, as the foreign key names it: the log knows no organisation model.
    with db.session.no_autoflush:
        return db.session.scalar(
            text("SELECT name FROM organisations WHERE id = :id"), {"id": organisation_id}
        )


def _clip(value: str | None, limit: int) -> str | None:
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…"


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """What an edit changed, for `record(..., changes=...)`: `{field: [before, after]}`.

    Fields missing on one side count as empty (None); long texts are shortened.
    """
    found = {}
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if (old or None) != (new or None):
            found[key] = [_shortened(old), _shortened(new)]
    return found


def _shortened(value: Any) -> Any:
    if isinstance(value, str):
        return _clip(value, CHANGE_TEXT_MAX)
    return value


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to; `organisation_id=None` means the whole log."""

    organisation_id: int | None = None
    action: str = ""
    who: str = ""
    since: datetime | None = None


def search(filters: Filters, *, cursor: str | None = None, limit: int = 50) -> Page:
    """One page of the log, newest first; the caller has checked who may read which part."""
    query = db.select(AuditEvent)
    if filters.organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == filters.organisation_id)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    # Name or e-mail, every word typed starting a word of them, script- and diacritic-blind.
    query = query.where(*word_prefix_filters(AuditEvent.actor_search, filters.who))
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


def forget_old_addresses(*, older_than: timedelta) -> int:
    """Drop the IP addresses of events older than the retention period (the privacy page
    says how long they are kept); the events themselves stay. Returns how many were cleared.

    The one change the audit log allows, declared as a purge so PostgreSQL's triggers let
    this transaction (and only it) through.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(PURGE))
    result = db.session.execute(
        db.update(AuditEvent)
        .where(AuditEvent.at < utcnow() - older_than, AuditEvent.ip.is_not(None))
        .values(ip=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
