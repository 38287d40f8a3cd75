"""What moves the partners' change counter (`core.changes`): any flush that adds, changes or
removes an organisation, the name a reader sees of it, or a thematic area. Pages keep the
partners' menu and the list of areas until it moves (`services.menu`, `services.listed_areas`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from consortium.core import changes
from consortium.organisations.models import Organisation, OrganisationName, ThematicArea

COUNTER = "organisations"
_COUNTED = (Organisation, OrganisationName, ThematicArea)


@event.listens_for(Session, "before_flush")
def _bump_on_change(session: Session, flush_context: Any, instances: Any) -> None:
    touched = any(isinstance(obj, _COUNTED) for obj in (*session.new, *session.deleted)) or any(
        isinstance(obj, _COUNTED) and session.is_modified(obj) for obj in session.dirty
    )
    if touched:
        changes.bump(session, COUNTER)
