"""Writing to the audit log; every service that decides something calls `record`."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from consortium.audit.models import AuditEvent
from consortium.db import db


def client_ip() -> str | None:
    # request.remote_addr is what ProxyFix vouches for; a raw X-Forwarded-For is never trusted.
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    object_type: str | None = None,
    object_id: int | None = None,
    organisation_id: int | None = None,
    actor_label: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event in the caller's transaction; it commits or rolls back with the change."""
    if obj is not None:
        object_type = object_type or obj.__tablename__.rstrip("s")
        object_id = object_id if object_id is not None else obj.id
    entry = AuditEvent(
        action=action,
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
