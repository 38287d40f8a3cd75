"""The statement's workflow: submit, decide, publish (now or later), withdraw.

Each transition checks its source state in one conditional UPDATE (`... WHERE state =
'in_review' AND review_round = :seen`), so two coordinators deciding at the same moment
produce exactly one outcome on SQLite and PostgreSQL alike; the loser gets a Conflict.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from consortium.audit.services import record
from consortium.core.actors import Actor, is_coordinator
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.db import db, utcnow
from consortium.statements import notify, policy, search, signing
from consortium.statements.actions import StatementAction
from consortium.statements.models import Review, Statement, StatementRevision
from consortium.statements.schemas import NOTE_MAX, DecisionInput, PublishInput
from consortium.statements.services import published_search_key
from consortium.statements.vocab import EDITABLE, Decision, StatementState


class DecidedMeanwhile(Conflict):
    default_message = _l(
        "Another coordinator decided on this statement in the meantime. Reload the page."
    )


def _move(statement: Statement, sources: set[StatementState], **values: Any) -> bool:
    """One conditional UPDATE: the transition happens only from the expected state."""
    result = db.session.execute(
        db.update(Statement)
        .where(Statement.id == statement.id, Statement.state.in_([s.value for s in sources]))
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    moved = result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
    db.session.refresh(statement)
    return moved


def submit(statement: Statement, *, actor: Actor) -> None:
    """The author organisation hands the draft to the coordinators."""
    require(policy.can_submit(actor, statement))
    moved = _move(
        statement,
        set(EDITABLE),
        state=StatementState.IN_REVIEW.value,
        review_round=Statement.review_round + 1,
        round_approvals=0,
        submitted_at=utcnow(),
    )
    if not moved:
        raise Conflict()
    record(StatementAction.SUBMITTED, actor=actor, obj=statement, round=statement.review_round)
    notify.send("submitted", statement, notify.coordinators(statement))


def decide(statement: Statement, data: DecisionInput, *, actor: Actor) -> Review:
    """A coordinator (not of the author organisation) approves, requests changes or rejects.

    Approval needs the quorum of signatures and, in total, STATEMENT_APPROVALS_REQUIRED
    approvals in the round; a request for changes or a rejection ends the round at once.
    """
    if _decided_meanwhile(actor, statement, data.seen_round):
        raise DecidedMeanwhile()
    require(policy.can_decide(actor, statement))
    decision = cast(Decision | None, Decision.lookup(data.decision))
    if decision is None:
        raise DomainError(_l("Choose a decision."))
    note = (data.note or "").strip()
    if decision != Decision.APPROVE and not note:
        raise DomainError(_l("Say why, so that the authors know what to do."))
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=NOTE_MAX))
    if data.seen_round != statement.review_round:
        raise DecidedMeanwhile()
    already = db.session.scalar(
        db.select(Review.id).where(
            Review.statement_id == statement.id,
            Review.round == statement.review_round,
            Review.coordinator_id == actor.id,
        )
    )
    if already is not None:
        raise DomainError(_l("You have already decided on this round."))
    round_, approvals = statement.review_round, statement.round_approvals
    guard = (Statement.review_round == round_, Statement.round_approvals == approvals)
    if decision == Decision.APPROVE:
        met, orgs, countries = signing.quorum(statement)
        if not met:
            raise DomainError(
                _l(
                    "Approval needs signatures of at least %(orgs)d organisations from at least "
                    "%(countries)d countries on the current text.",
                    orgs=orgs,
                    countries=countries,
                )
            )
        required = int(current_app.config.get("STATEMENT_APPROVALS_REQUIRED", 1))
        values: dict[str, Any] = {"round_approvals": approvals + 1}
        if approvals + 1 >= required:
            values.update(state=StatementState.APPROVED.value, approved_at=utcnow())
    elif decision == Decision.REQUEST_CHANGES:
        values = {"state": StatementState.CHANGES_REQUESTED.value}
    else:
        values = {"state": StatementState.REJECTED.value}
    result = db.session.execute(
        db.update(Statement)
        .where(Statement.id == statement.id, Statement.state == StatementState.IN_REVIEW, *guard)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DecidedMeanwhile()
    db.session.refresh(statement)
    current = statement.current_revision
    assert current is not None
    review = Review(
        statement_id=statement.id,
        round=round_,
        coordinator_id=actor.id,
        decision=decision.value,
        note=note or None,
        revision_id=current.id,
    )
    db.session.add(review)
    db.session.flush()
    action = {
        Decision.APPROVE: StatementAction.APPROVED,
        Decision.REQUEST_CHANGES: StatementAction.CHANGES_REQUESTED,
        Decision.REJECT: StatementAction.REJECTED,
    }[decision]
    record(action, actor=actor, obj=statement, round=round_, revision=current.number, note=note)
    if statement.status != StatementState.IN_REVIEW:
        kind = {
            StatementState.APPROVED: "approved",
            StatementState.CHANGES_REQUESTED: "changes_requested",
            StatementState.REJECTED: "rejected",
        }[statement.status]
        notify.send(kind, statement, notify.author_team(statement), note=note)
    return review


def _decided_meanwhile(actor: Actor, statement: Statement, seen_round: int) -> bool:
    """The round this coordinator saw was decided by someone else before their decision
    arrived: a conflict to explain, not a refusal (they could have decided a moment ago)."""
    if statement.status == StatementState.IN_REVIEW or not 0 < seen_round <= statement.review_round:
        return False
    as_it_was = SimpleNamespace(
        state=StatementState.IN_REVIEW.value,
        organisation_id=statement.organisation_id,
        created_by_id=statement.created_by_id,
    )
    return policy.can_decide(actor, as_it_was)


def waiting_for_review(user: Actor, *, limit: int = 50) -> list[Statement]:
    """The statements in review on which this coordinator may decide, oldest submission
    first, for their home page (texts loaded with them: a constant number of queries)."""
    if not is_coordinator(user):
        return []
    query = (
        db.select(Statement)
        .options(selectinload(Statement.revisions).selectinload(StatementRevision.texts))
        .where(Statement.state == StatementState.IN_REVIEW.value)
        .order_by(Statement.submitted_at, Statement.id)
        .limit(limit)
    )
    # What the policy refuses, left out in SQL too, so that the limit counts the right rows.
    if (org_id := getattr(user, "organisation_id", None)) is not None:
        query = query.where(Statement.organisation_id != org_id)
    if (user_id := getattr(user, "id", None)) is not None:
        query = query.where(Statement.created_by_id.is_distinct_from(user_id))
    return [s for s in db.session.scalars(query) if policy.can_decide(user, s)]


def reviews_of(statement: Statement) -> list[Review]:
    """Every decision on the statement, round by round, for the review page."""
    query = (
        db.select(Review)
        .options(selectinload(Review.coordinator))
        .where(Review.statement_id == statement.id)
        .order_by(Review.round, Review.decided_at, Review.id)
    )
    return list(db.session.scalars(query))


def reread(statement: Statement) -> None:
    """After a lost race: drop what this request read and wrote, and read the statement as
    it is now (the winner's change is committed), to show where it stands."""
    db.session.rollback()
    db.session.refresh(statement)


def publish(statement: Statement, data: PublishInput, *, actor: Actor) -> None:
    """A coordinator publishes an approved statement now, or schedules it."""
    require(policy.can_publish(actor, statement))
    if data.at is not None and data.at > utcnow():
        if not _move(statement, {StatementState.APPROVED}, publish_at=data.at):
            raise Conflict()
        record(StatementAction.SCHEDULED, actor=actor, obj=statement, at=data.at.isoformat())
        return
    _publish_now(statement, actor=actor)


def _publish_now(statement: Statement, *, actor: Actor) -> None:
    current = statement.current_revision
    assert current is not None
    # Signatures may be withdrawn until publication: the quorum is checked again here.
    if not signing.quorum(statement)[0]:
        raise DomainError(
            _l("Signatures were withdrawn since the approval: the quorum is no longer met.")
        )
    key = published_search_key(statement)
    if not _move(
        statement,
        {StatementState.APPROVED},
        state=StatementState.PUBLISHED.value,
        published_at=utcnow(),
        published_revision_id=current.id,
        publish_at=None,
        search_key=key,
    ):
        raise Conflict()
    search.index(statement)
    record(StatementAction.PUBLISHED, actor=actor, obj=statement, revision=current.number)
    signers = {s.organisation_id for s in signing.counting(statement)}
    people = notify.author_team(statement) + notify.org_admins(signers)
    notify.send("published", statement, people)


def publish_due(*, actor: Actor, now: datetime | None = None) -> int:
    """The worker's pass: publish every approved statement whose time has come."""
    now = now or utcnow()
    due = db.session.scalars(
        db.select(Statement).where(
            Statement.state == StatementState.APPROVED.value,
            Statement.publish_at.is_not(None),
            Statement.publish_at <= now,
        )
    ).all()
    published = 0
    for statement in due:
        try:
            require(policy.can_publish(actor, statement))
            _publish_now(statement, actor=actor)
        except Conflict:
            continue  # another worker published it first
        except DomainError:
            continue  # the quorum fell: it waits for a coordinator
        published += 1
    return published


def withdraw_publication(statement: Statement, reason: str, *, actor: Actor) -> None:
    """A coordinator withdraws a published statement; its page says so, with the reason."""
    require(policy.can_withdraw_publication(actor, statement))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason readers will see."))
    if len(reason) > NOTE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=NOTE_MAX))
    if not _move(
        statement,
        {StatementState.PUBLISHED},
        state=StatementState.WITHDRAWN.value,
        withdrawn_at=utcnow(),
        withdrawal_reason=reason,
    ):
        raise Conflict()
    search.index(statement)
    record(StatementAction.WITHDRAWN, actor=actor, obj=statement, note=reason)
    notify.send("withdrawn", statement, notify.author_team(statement), note=reason)
