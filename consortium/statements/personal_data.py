"""What a person did on joint statements, in their download. Nothing is erased with their
account: the texts, comments and signatures stay, and name them "Former member"."""

from __future__ import annotations

from typing import Any

from consortium.core import registry
from consortium.db import db
from consortium.statements.models import Comment, Review, Signature, Statement, StatementRevision


def _rows(model: Any, *where: Any) -> list[tuple[Any, str]]:
    """The person's rows of `model`, each with its statement's slug, oldest first."""
    query = (
        db.select(model, Statement.slug)
        .join(Statement, Statement.id == model.statement_id)
        .where(*where)
        .order_by(model.id)
    )
    return [(row, slug) for row, slug in db.session.execute(query)]


def collect(person: Any) -> dict[str, Any]:
    """Statements they started, versions they saved, their comments, the signatures they
    gave for their organisation and their review decisions: their own part only."""
    started = db.session.scalars(
        db.select(Statement).where(Statement.created_by_id == person.id).order_by(Statement.id)
    )
    return {
        "statements_started": [
            {"statement": s.slug, "state": s.state, "started_at": s.created_at} for s in started
        ],
        "versions_saved": [
            {"statement": slug, "version": r.number, "saved_at": r.created_at, "note": r.note}
            for r, slug in _rows(StatementRevision, StatementRevision.created_by_id == person.id)
        ],
        "comments": [
            {
                "statement": slug,
                "text": c.body,
                "paragraph": c.paragraph,
                "language": c.language,
                "written_at": c.created_at,
                "resolved_at": c.resolved_at,
            }
            for c, slug in _rows(Comment, Comment.author_id == person.id)
        ],
        "signatures_given": [
            {
                "statement": slug,
                "organisation": s.organisation.slug,
                "answer": s.status,
                "appearance": s.appearance,
                "note": s.note,
                "at": s.signed_at,
            }
            for s, slug in _rows(Signature, Signature.signed_by_id == person.id)
        ],
        "review_decisions": [
            {
                "statement": slug,
                "round": r.round,
                "decision": r.decision,
                "note": r.note,
                "at": r.decided_at,
            }
            for r, slug in _rows(Review, Review.coordinator_id == person.id)
        ],
    }


PART = registry.PersonalData("statements", collect=collect)
