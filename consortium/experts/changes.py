"""What moves the expert directory's change counter (`core.changes`): any flush that adds,
changes or removes an expert, a spoken language, a thematic area or an expert's search
document. The directory keeps each choice's facet counts until the counter moves, so every
path that changes what they count (a form, the API, the CLI, a removal request, a test
factory) must pass through here; a flush is where they all meet.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from consortium.core import changes
from consortium.experts.models import Expert, ExpertLanguage
from consortium.experts.vocab import KIND
from consortium.organisations.models import ThematicArea
from consortium.searchindex.models import SearchDocument

COUNTER = "experts"


def _counted(obj: Any) -> bool:
    if isinstance(obj, SearchDocument):
        return obj.kind == KIND
    return isinstance(obj, Expert | ExpertLanguage | ThematicArea)


@event.listens_for(Session, "before_flush")
def _bump_on_change(session: Session, flush_context: Any, instances: Any) -> None:
    touched = any(_counted(obj) for obj in (*session.new, *session.deleted)) or any(
        _counted(obj) and session.is_modified(obj) for obj in session.dirty
    )
    if touched:
        changes.bump(session, COUNTER)
