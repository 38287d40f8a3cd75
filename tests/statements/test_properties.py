"""Random sequences of actions by random people never break the statement's invariants.

A hypothesis state machine drives the real services (start, save, sign or decline,
withdraw a signature, submit, decide, publish now or later, the publishing worker,
withdraw a publication) with actors drawn from a cast that includes people who may not
act. After every step it checks, for every statement:

- the state is a StatementState and moved only along the workflow's edges;
- revisions are numbered 1..n without gaps and `revision_number` is n;
- a published or withdrawn statement has a published revision and a date; its last round
  was approved by coordinators not of the author organisation (nor the one who started
  it), on the revision that was published; the published revision never changes;
- `signing.counts` holds exactly for signed signatures on the current original text; a
  signature stays bound to the text its org admin read, and only the author organisation
  and invited ones have one;
- a review round has at most one request for changes or rejection, which ends it, and
  never more approvals than required (by default: exactly one decision per round).

Random people alone seldom take a statement far, so each example starts with a statement
some way along its life, and a guiding rule (`take_it_further`) makes the next few steps
towards publication as someone entitled to, through the same calls and checks; the sign-on
deadline may pass at any time.

Each call is also judged against the policy: what the policy refuses is refused with 403 or
404 (or a Conflict for a coordinator who was merely too late), what it allows is never, an
allowed call with valid input succeeds, and a refused call writes nothing to the database
and leaves nothing pending in the session for a later commit.

The app fixture is function-scoped, so the machine runs inside one test: the cast is built
once per test, each example works inside a savepoint that its teardown rolls back.
"""

from __future__ import annotations

import os
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import current_app
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import event
from werkzeug.exceptions import Forbidden, NotFound

from consortium.core.actors import SYSTEM
from consortium.core.errors import Conflict, DomainError
from consortium.db import db, utcnow
from consortium.statements import policy, services, signing, workflow
from consortium.statements.models import (
    Review,
    Signature,
    Statement,
    StatementInvitation,
    StatementRevision,
    StatementText,
)
from consortium.statements.schemas import (
    DecisionInput,
    DraftEdit,
    NewStatement,
    PublishInput,
    SignatureInput,
    TextInput,
)
from consortium.statements.vocab import PUBLIC, Decision, SignatureStatus, StatementState
from tests import factories
from tests.statements.calls import draft

S = StatementState
# The workflow's edges (DESIGN.md, Statement); staying put is always allowed.
EDGES = {
    (S.DRAFT, S.IN_REVIEW),
    (S.CHANGES_REQUESTED, S.IN_REVIEW),
    (S.IN_REVIEW, S.APPROVED),
    (S.IN_REVIEW, S.CHANGES_REQUESTED),
    (S.IN_REVIEW, S.REJECTED),
    (S.APPROVED, S.PUBLISHED),
    (S.PUBLISHED, S.WITHDRAWN),
}

ORGS = ("author", "other", "third")
ACTORS = (
    "visitor",
    "member",
    "staff",
    "org_admin",
    "other_staff",
    "other_org_admin",
    "third_org_admin",
    "coordinator",
    "coordinator2",
    "admin",
    "listed_coordinator",
    "loner",
    "system",
)
# Those the policy may allow, drawn as often as anyone at all: random people alone rarely
# take a statement as far as its publication.
LIKELY = {
    "start": ("staff", "other_staff", "coordinator"),
    "save": ("staff", "org_admin", "other_staff", "coordinator"),
    "sign": ("org_admin", "other_org_admin", "third_org_admin"),
    "submit": ("staff", "org_admin", "other_staff", "system"),
    "decide": ("coordinator", "coordinator2", "admin", "listed_coordinator", "system"),
    "publish": ("coordinator", "admin", "listed_coordinator"),
}
# Who works for, and who signs for, each organisation.
STAFF = {"author": "staff", "other": "other_staff", "third": "third_org_admin"}
ORG_ADMIN = {"author": "org_admin", "other": "other_org_admin", "third": "third_org_admin"}


def actors(action: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(LIKELY[action]), st.sampled_from(ACTORS))


# Mostly fresh: a stale form (someone saved or decided meanwhile) one time in four.
stale = st.integers(0, 3).map(lambda n: n == 3)
# The partners invited; one time in eight also an id that is no organisation's (deleted
# meanwhile, or a forged form): the call is refused and writes nothing.
UNKNOWN_ID = 999_999
partners = st.tuples(st.frozensets(st.sampled_from(ORGS)), st.integers(0, 7)).map(
    lambda drawn: drawn[0] | {"unknown"} if drawn[1] == 7 else drawn[0]
)

ORIGINALS = (
    ("Zajednički stav", "Prvi pasus.\n\nDrugi pasus."),
    ("Zajednički stav", "Prvi pasus.\n\nDrugi pasus, izmenjen."),
    ("Novi naslov", "Prvi pasus.\n\nDrugi pasus."),
    ("", ""),  # refused: the original needs a title and a text
)
TRANSLATIONS = (
    None,
    ("Joint position", "First paragraph.\n\nSecond paragraph."),
    ("Joint position", "First paragraph.\n\nSecond paragraph, changed."),
)
APPEARANCES = ("by_name", "by_country", "consortium_only", "in_lights")  # the last is refused
DECISIONS = ("approve", "approve", "request_changes", "reject", "maybe")  # "maybe" is refused

REFUSALS = (Forbidden, NotFound, DomainError)  # Conflict is a DomainError


class Writes:
    """The rows the SQL run inside the block inserted, updated or deleted."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __enter__(self) -> Writes:
        event.listen(db.engine, "after_cursor_execute", self.record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "after_cursor_execute", self.record)

    def record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        verb = statement.lstrip().split(None, 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"} and cursor.rowcount != 0:
            self.seen.append(f"{' '.join(statement.split())[:90]} -- {parameters!r:.120}")


def pending_changes() -> list[str]:
    """What the session would write at the next flush or commit."""
    session = db.session
    return (
        [f"new {o!r}" for o in session.new]
        + [f"deleted {o!r}" for o in session.deleted]
        + [f"changed {o!r}" for o in session.dirty if session.is_modified(o)]
    )


def _in_review(statement: Statement) -> SimpleNamespace:
    """The statement as a coordinator saw it while it was in review."""
    return SimpleNamespace(
        state=S.IN_REVIEW.value,
        organisation_id=statement.organisation_id,
        created_by_id=statement.created_by_id,
    )


def build_cast() -> SimpleNamespace:
    """The author organisation (XK), an invited one (RS), a third (MK), and their people."""
    orgs = {
        "author": factories.OrganisationFactory(country="XK"),
        "other": factories.OrganisationFactory(country="RS"),
        "third": factories.OrganisationFactory(country="MK"),
    }
    user = factories.UserFactory
    people = {
        "visitor": None,
        "member": user(organisation=orgs["author"], org_role="member"),
        "staff": user(organisation=orgs["author"], org_role="staff"),
        "org_admin": user(organisation=orgs["author"], org_role="org_admin"),
        "other_staff": user(organisation=orgs["other"], org_role="staff"),
        "other_org_admin": user(organisation=orgs["other"], org_role="org_admin"),
        "third_org_admin": user(organisation=orgs["third"], org_role="org_admin"),
        "coordinator": user(is_coordinator=True),
        "coordinator2": user(is_coordinator=True),
        "admin": user(is_admin=True),
        "listed_coordinator": user(
            organisation=orgs["author"], org_role="member", is_coordinator=True
        ),
        "loner": user(),
        "system": SYSTEM,
    }
    db.session.flush()
    return SimpleNamespace(orgs=orgs, people=people)


class StatementMachine(RuleBasedStateMachine):
    statements = Bundle("statements")

    def __init__(self, cast: SimpleNamespace) -> None:
        super().__init__()
        self.orgs, self.people = cast.orgs, cast.people
        self.country = {o.id: o.country for o in self.orgs.values()}
        self.partner_id = {"unknown": UNKNOWN_ID} | {k: o.id for k, o in self.orgs.items()}
        self.by_id = {p.id: p for p in self.people.values() if getattr(p, "id", None)}
        config = current_app.config
        self.approvals = int(config["STATEMENT_APPROVALS_REQUIRED"])
        self.quorum = (
            int(config["STATEMENT_QUORUM_ORGANISATIONS"]),
            int(config["STATEMENT_QUORUM_COUNTRIES"]),
        )
        self.outer = db.session.begin_nested()
        # What the machine knows independently of the services.
        self.states: dict[int, S] = {}
        self.published: dict[int, tuple] = {}
        self.signed_on: dict[tuple[int, int], str] = {}  # (statement, org) -> original hash

    def teardown(self) -> None:
        self.outer.rollback()
        db.session.expire_all()

    # --- Calling a service and judging the answer ---------------------------------------

    def attempt(self, service, *args, allowed: bool, valid: bool, late: bool = False, **kwargs):
        """Call in a savepoint; a refusal must be the right one, and leave nothing behind.

        `allowed` is the policy's answer, `valid` whether the rest of the input is right (an
        allowed call with valid input must succeed); `late`: the policy refuses only because
        someone else acted first, so a Conflict is a right answer too.
        """
        assert not pending_changes()
        savepoint = db.session.begin_nested()
        with Writes() as writes:
            try:
                result = service(*args, **kwargs)
                db.session.flush()
            except REFUSALS as error:
                left = pending_changes()
                savepoint.rollback()
                db.session.expire_all()
                hidden = isinstance(error, Forbidden | NotFound)
                assert not (allowed and hidden), f"the policy allows it, refused: {error!r}"
                assert allowed or hidden or (late and isinstance(error, Conflict)), (
                    f"the policy refuses it, the service said {error!r}"
                )
                assert not (allowed and valid), f"an allowed, valid call was refused: {error!r}"
                assert not writes.seen, f"a refused call ({error!r}) wrote {writes.seen}"
                assert not left, f"a refused call ({error!r}) left pending {left}"
                return error
        savepoint.commit()
        self.observe()
        assert allowed, "the policy refuses it, the service did it"
        assert valid, "an invalid call succeeded"
        return result

    def who(self, name: str):
        return self.people[name]

    def statement(self, statement_id: int) -> Statement:
        statement = db.session.get(Statement, statement_id)
        assert statement is not None
        return statement

    def reviews(self, statement_id: int) -> list[Review]:
        query = db.select(Review).where(Review.statement_id == statement_id).order_by(Review.id)
        return list(db.session.scalars(query))

    def quorum_met(self, statement: Statement) -> bool:
        current = statement.revisions[-1].original_hash
        signed = {
            s.organisation_id
            for s in statement.signatures
            if s.status == SignatureStatus.SIGNED and s.original_hash == current
        }
        countries = {self.country[o] for o in signed}
        return len(signed) >= self.quorum[0] and len(countries) >= self.quorum[1]

    # --- The rules ------------------------------------------------------------------------

    @initialize(
        target=statements,
        starter=st.sampled_from(("staff", "other_staff", "coordinator")),
        steps=st.integers(0, 8),
        pick=st.integers(0, 3),
    )
    def a_statement_some_way_along(self, starter, steps, pick):
        """Each example starts with a statement somewhere in its life, the others invited."""
        author = "author" if starter == "coordinator" else None
        statement_id = self.start(starter, author, frozenset(ORGS), 0, False)
        self.take_it_further(statement_id, steps, pick)
        return statement_id

    @rule(
        target=statements,
        actor=actors("start"),
        author=st.sampled_from((None, *ORGS)),
        invited=partners,
        text=st.integers(0, len(ORIGINALS) - 1),
        with_deadline=st.booleans(),
    )
    def start(self, actor, author, invited, text, with_deadline):
        user = self.who(actor)
        organisation = self.orgs[author] if author else getattr(user, "organisation", None)
        new = NewStatement(
            original_language="sr-latn",
            original=TextInput(*ORIGINALS[text]),
            organisation_id=organisation.id if author else None,
            invited_ids=tuple(sorted(self.partner_id[o] for o in invited)),
            sign_deadline=(utcnow() + timedelta(days=7)).date() if with_deadline else None,
        )
        result = self.attempt(
            services.create_draft,
            new,
            actor=user,
            allowed=policy.can_start_for(user, organisation),
            valid=all(ORIGINALS[text]) and "unknown" not in invited,
        )
        if not isinstance(result, Statement):
            return multiple()
        return result.id

    @rule(
        statement_id=statements,
        actor=actors("save"),
        text=st.integers(0, len(ORIGINALS) - 1),
        translation=st.integers(0, len(TRANSLATIONS) - 1),
        faithful=st.booleans(),
        invited=partners,
        stale=stale,
    )
    def save(self, statement_id, actor, text, translation, faithful, invited, stale):
        statement, user = self.statement(statement_id), self.who(actor)
        texts = {"sr-latn": TextInput(*ORIGINALS[text])}
        if TRANSLATIONS[translation]:
            texts["en"] = TextInput(*TRANSLATIONS[translation])
        edit = DraftEdit(
            seen_revision=statement.revision_number - (1 if stale else 0),
            texts=texts,
            invited_ids=tuple(sorted(self.partner_id[o] for o in invited)),
            faithful=frozenset({"en"}) if faithful else frozenset(),
            sign_deadline=statement.sign_deadline,
        )
        result = self.attempt(
            services.save_draft,
            statement,
            edit,
            actor=user,
            allowed=policy.can_edit(user, statement),
            valid=all(ORIGINALS[text]) and not stale and "unknown" not in invited,
        )
        if isinstance(result, StatementRevision):
            # An organisation no longer invited loses its answer (services._set_invitations).
            kept = {self.orgs[o].id for o in invited} | {statement.organisation_id}
            for key in [k for k in self.signed_on if k[0] == statement_id]:
                if key[1] not in kept:
                    del self.signed_on[key]

    @rule(
        statement_id=statements,
        actor=actors("sign"),
        sign=st.booleans(),
        appearance=st.sampled_from(APPEARANCES),
        stale=stale,
    )
    def sign(self, statement_id, actor, sign, appearance, stale):
        statement, user = self.statement(statement_id), self.who(actor)
        organisation = getattr(user, "organisation", None)
        deadline = statement.sign_deadline
        data = SignatureInput(
            sign=sign,
            appearance=appearance,
            seen_revision=statement.revision_number - (1 if stale else 0),
        )
        result = self.attempt(
            signing.sign,
            statement,
            data,
            actor=user,
            allowed=policy.can_sign(user, statement, organisation),
            valid=(
                not stale
                and appearance != "in_lights"
                and not (sign and deadline is not None and deadline < utcnow().date())
            ),
        )
        if isinstance(result, Signature):
            current = statement.revisions[-1].original_hash
            self.signed_on[(statement_id, organisation.id)] = current

    @rule(statement_id=statements)
    def the_sign_on_deadline_passes(self, statement_id):
        """Time passes (set directly: the clock is not a service)."""
        self.statement(statement_id).sign_deadline = (utcnow() - timedelta(days=1)).date()
        db.session.flush()

    @rule(statement_id=statements, actor=actors("sign"))
    def withdraw_signature(self, statement_id, actor):
        statement, user = self.statement(statement_id), self.who(actor)
        organisation = getattr(user, "organisation", None)
        mine = [
            s
            for s in statement.signatures
            if organisation is not None and s.organisation_id == organisation.id
        ]
        self.attempt(
            signing.withdraw_signature,
            statement,
            actor=user,
            allowed=policy.can_sign(user, statement, organisation),
            valid=bool(mine) and mine[0].status == SignatureStatus.SIGNED,
        )

    @rule(statement_id=statements, actor=actors("submit"))
    def submit(self, statement_id, actor):
        statement, user = self.statement(statement_id), self.who(actor)
        self.attempt(
            workflow.submit,
            statement,
            actor=user,
            allowed=policy.can_submit(user, statement),
            valid=True,
        )

    @rule(
        statement_id=statements,
        actor=actors("decide"),
        decision=st.sampled_from(DECISIONS),
        with_note=st.booleans(),
        stale=stale,
    )
    def decide(self, statement_id, actor, decision, with_note, stale):
        statement, user = self.statement(statement_id), self.who(actor)
        data = DecisionInput(
            decision=decision,
            note="Skratiti drugi pasus." if with_note else "",
            seen_round=statement.review_round - (1 if stale else 0),
        )
        already = any(
            r.round == statement.review_round and r.coordinator_id == getattr(user, "id", None)
            for r in self.reviews(statement_id)
        )
        valid = (
            decision != "maybe"
            and (with_note or decision == "approve")
            and not stale
            and not already
            and (decision != "approve" or self.quorum_met(statement))
        )
        # A coordinator who could have decided on the round they saw, had nobody been
        # quicker, is told that someone decided meanwhile (a Conflict), not refused.
        late = (
            statement.state != S.IN_REVIEW
            and 0 < data.seen_round <= statement.review_round
            and policy.can_decide(user, _in_review(statement))
        )
        self.attempt(
            workflow.decide,
            statement,
            data,
            actor=user,
            allowed=policy.can_decide(user, statement),
            valid=valid,
            late=late,
        )

    @rule(statement_id=statements, actor=actors("publish"), later=st.booleans())
    def publish(self, statement_id, actor, later):
        statement, user = self.statement(statement_id), self.who(actor)
        at = utcnow() + timedelta(days=1) if later else None
        result = self.attempt(
            workflow.publish,
            statement,
            PublishInput(at=at),
            actor=user,
            allowed=policy.can_publish(user, statement),
            # Publishing now checks the quorum again (signatures may have been withdrawn).
            valid=later or self.quorum_met(statement),
        )
        if later and not isinstance(result, Exception):
            assert statement.state == S.APPROVED and statement.publish_at is not None

    @rule()
    def the_worker_publishes_what_is_due(self):
        scheduled = db.session.scalars(
            db.select(Statement).where(
                Statement.state == S.APPROVED.value, Statement.publish_at.is_not(None)
            )
        )
        # A scheduled statement whose signatures fell below the quorum waits (not published).
        due = {s.id for s in scheduled if self.quorum_met(s)}
        count = self.attempt(
            workflow.publish_due,
            actor=SYSTEM,
            now=utcnow() + timedelta(days=2),
            allowed=True,
            valid=True,
        )
        assert count == len(due)
        assert all(self.statement(i).state == S.PUBLISHED for i in due)

    @rule(statement_id=statements, actor=actors("publish"), with_reason=st.booleans())
    def withdraw_publication(self, statement_id, actor, with_reason):
        statement, user = self.statement(statement_id), self.who(actor)
        reason = "Prevaziđeno događajima." if with_reason else "  "
        self.attempt(
            workflow.withdraw_publication,
            statement,
            reason,
            actor=user,
            allowed=policy.can_withdraw_publication(user, statement),
            valid=with_reason,
        )

    @rule(statement_id=statements, steps=st.integers(1, 6), pick=st.integers(0, 3))
    def take_it_further(self, statement_id, steps, pick):
        """The next steps towards publication, each by someone entitled to it, through the
        same rules and checks: random people alone seldom get a statement that far."""
        for _ in range(steps):
            self.one_step_further(statement_id, pick)

    def one_step_further(self, statement_id: int, pick: int) -> None:
        statement = self.statement(statement_id)
        author = next(k for k, o in self.orgs.items() if o.id == statement.organisation_id)
        state = S(statement.state)
        if state in (S.DRAFT, S.CHANGES_REQUESTED):
            counted = {
                s.organisation_id for s in statement.signatures if signing.counts(statement, s)
            }
            invited = [k for k, o in self.orgs.items() if policy.is_invited(statement, o.id)]
            unsigned = [k for k in [author, *invited] if self.orgs[k].id not in counted]
            if counted and pick == 2 and statement.revision_number < 3:
                # The text changes under the signatures: they must stop counting.
                text = statement.revision_number % 3
                self.save(statement_id, STAFF[author], text, 0, False, frozenset(invited), False)
            elif self.quorum_met(statement):
                self.submit(statement_id, STAFF[author])
            elif len([author, *invited]) < self.quorum[0]:
                self.save(statement_id, STAFF[author], 0, 0, False, frozenset(ORGS), False)
            elif unsigned:
                self.sign(
                    statement_id, ORG_ADMIN[unsigned[pick % len(unsigned)]], True, "by_name", False
                )
        elif state == S.IN_REVIEW:
            decided = {
                r.coordinator_id
                for r in self.reviews(statement_id)
                if r.round == statement.review_round
            }
            deciders = [
                name
                for name in LIKELY["decide"]
                if policy.can_decide(self.who(name), statement)
                and getattr(self.who(name), "id", None) not in decided
            ]
            if deciders:
                met = self.quorum_met(statement) and pick != 0
                decision = "approve" if met else "request_changes"
                self.decide(statement_id, deciders[pick % len(deciders)], decision, True, False)
        elif state == S.APPROVED:
            publishers = [
                n for n in LIKELY["publish"] if policy.can_publish(self.who(n), statement)
            ]
            if publishers:
                self.publish(statement_id, publishers[pick % len(publishers)], pick == 3)
        elif state == S.PUBLISHED and pick == 3:
            self.withdraw_publication(statement_id, "coordinator", True)

    # --- The invariants -------------------------------------------------------------------

    def observe(self) -> None:
        """Every state moved along one of the workflow's edges (checked after each call)."""
        for statement_id, value in db.session.execute(db.select(Statement.id, Statement.state)):
            state = S(value)  # raises on a state outside the workflow
            before = self.states.get(statement_id, S.DRAFT)
            assert state == before or (before, state) in EDGES, f"{before} → {state}"
            self.states[statement_id] = state

    @invariant()
    def every_statement_keeps_its_invariants(self):
        """Read what the database holds (rows, not the session's objects) and check it."""
        self.observe()
        rows = _rows_by_statement()
        for statement in rows.pop(None):
            self.check(statement, **{name: got.get(statement.id, []) for name, got in rows.items()})

    def check(self, statement, *, revisions, texts, invitations, signatures, reviews) -> None:
        state = S(statement.state)  # raises on a state outside the workflow
        numbers = [r.number for r in revisions]
        assert numbers == list(range(1, len(numbers) + 1))
        assert statement.revision_number == numbers[-1]
        current = revisions[-1]
        hashes = {r.id: r.original_hash for r in revisions}
        # The shape signing.counts and policy.is_invited read, built from the rows.
        shaped = SimpleNamespace(
            organisation_id=statement.organisation_id,
            current_revision=current,
            invitations=invitations,
        )
        for signature in signatures:
            assert signature.original_hash == hashes[signature.revision_id]
            if signature.status != SignatureStatus.WITHDRAWN:
                key = (statement.id, signature.organisation_id)
                assert self.signed_on.get(key) == signature.original_hash, "rebound"
            expected = (
                signature.status == SignatureStatus.SIGNED
                and signature.original_hash == current.original_hash
            )
            assert signing.counts(shaped, signature) is expected
            assert signing.signed_earlier_version(shaped, signature) is (
                signature.status == SignatureStatus.SIGNED and not expected
            )
            assert signature.organisation_id == statement.organisation_id or (
                policy.is_invited(shaped, signature.organisation_id)
            ), "a signature of an organisation no longer invited"

        self.check_reviews(statement, state, reviews, current)

        if state in PUBLIC:
            assert statement.published_at is not None
            assert statement.published_revision_id in hashes
            seal = (
                statement.published_revision_id,
                hashes[statement.published_revision_id],
                tuple(
                    (t.language, t.title, t.body)
                    for t in texts
                    if t.revision_id == statement.published_revision_id
                ),
                statement.published_at,
            )
            assert self.published.setdefault(statement.id, seal) == seal, "republished"
        else:
            assert statement.published_at is None and statement.published_revision_id is None

    def check_reviews(self, statement, state: S, reviews, current) -> None:
        rounds: dict[int, list] = {}
        for review in reviews:
            rounds.setdefault(review.round, []).append(review)
            self.check_reviewer(statement, review)
        for number, decisions in rounds.items():
            assert 1 <= number <= statement.review_round
            others = [r for r in decisions if r.decision != Decision.APPROVE]
            assert len(others) <= 1, f"round {number}: {len(others)} final decisions"
            assert not others or decisions[-1] is others[0], "a decision after the round ended"
            assert len(decisions) - len(others) <= self.approvals
            if self.approvals == 1:
                assert len(decisions) == 1, f"round {number}: {len(decisions)} decisions"
        last = rounds.get(statement.review_round, [])
        if state in {S.APPROVED, *PUBLIC}:
            assert [r.decision for r in last] == [Decision.APPROVE] * self.approvals
            assert {r.revision_id for r in last} == {current.id}
            if state in PUBLIC:
                assert statement.published_revision_id == current.id
        if state == S.IN_REVIEW:
            assert len(last) == statement.round_approvals < self.approvals
            assert all(r.decision == Decision.APPROVE for r in last)

    def check_reviewer(self, statement, review) -> None:
        """A coordinator not of the author organisation, who did not start the statement."""
        if review.coordinator_id is None:
            return  # the operators' tools (SYSTEM): nobody's organisation, nobody's draft
        coordinator = self.by_id[review.coordinator_id]
        assert coordinator.is_coordinator or coordinator.is_admin
        assert coordinator.organisation_id != statement.organisation_id
        assert coordinator.id != statement.created_by_id


def _rows_by_statement() -> dict:
    """Every statement row (under None) and, per statement id, its rows of each kind, in
    order: plain rows are far cheaper to read after every step than loaded objects."""
    tables = {
        None: (Statement.__table__, "id"),
        "revisions": (StatementRevision.__table__, "number"),
        "texts": (StatementText.__table__, "id"),
        "invitations": (StatementInvitation.__table__, "id"),
        "signatures": (Signature.__table__, "id"),
        "reviews": (Review.__table__, "id"),
    }
    out: dict = {name: [] if name is None else {} for name in tables}
    revision_of: dict[int, int] = {}
    for name, (table, order) in tables.items():
        for row in db.session.execute(db.select(table).order_by(table.c[order])):
            if name is None:
                out[None].append(row)
                continue
            if name == "revisions":
                revision_of[row.id] = row.statement_id
            owner = revision_of[row.revision_id] if name == "texts" else row.statement_id
            out[name].setdefault(owner, []).append(row)
    return out


CONFIGS = {
    "one approval, quorum 1": (1, 1, 1),
    "two approvals, quorum of two countries": (2, 2, 2),
}
SETTINGS = settings(
    # About 12 s per configuration on SQLite (a failure adds up to 5 minutes of shrinking);
    # STATEMENT_MACHINE_EXAMPLES=1000 for a longer hunt.
    max_examples=int(os.environ.get("STATEMENT_MACHINE_EXAMPLES", "40")),
    stateful_step_count=40,
    deadline=None,
    database=None,  # no example database in .hypothesis/
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("config", list(CONFIGS.values()), ids=list(CONFIGS))
def test_random_sequences_keep_the_invariants(app, config):
    approvals, organisations, countries = config
    app.config["STATEMENT_APPROVALS_REQUIRED"] = approvals
    app.config["STATEMENT_QUORUM_ORGANISATIONS"] = organisations
    app.config["STATEMENT_QUORUM_COUNTRIES"] = countries
    cast = build_cast()
    run_state_machine_as_test(lambda: StatementMachine(cast), settings=SETTINGS)


@pytest.mark.parametrize("config", list(CONFIGS.values()), ids=list(CONFIGS))
def test_the_machine_can_take_a_statement_to_its_withdrawal(app, config):
    """The machine's own plumbing: its guiding rule gets a statement all the way, through
    the same checks, so random runs do reach the late states."""
    approvals, organisations, countries = config
    app.config["STATEMENT_APPROVALS_REQUIRED"] = approvals
    app.config["STATEMENT_QUORUM_ORGANISATIONS"] = organisations
    app.config["STATEMENT_QUORUM_COUNTRIES"] = countries
    machine = StatementMachine(build_cast())
    try:
        statement_id = machine.a_statement_some_way_along("staff", steps=10, pick=1)
        machine.every_statement_keeps_its_invariants()
        assert machine.states[statement_id] == S.PUBLISHED
        machine.take_it_further(statement_id, steps=1, pick=3)
        machine.every_statement_keeps_its_invariants()
        assert machine.states[statement_id] == S.WITHDRAWN
    finally:
        machine.teardown()


# --- What the machine found --------------------------------------------------------------
# With a partner id that is no organisation's, the refusal came after the writes (fixed in
# 2fd8610). Shrunk example: `state.start(actor='staff', author=None,
# invited=frozenset(['unknown']), text=0, with_deadline=False)`. The web forms roll back on
# a refusal (core/forms.py: refusals); the CLI, the demo loader and any caller that goes on
# after a DomainError would have committed half a statement. The machine offers such ids
# too; these two say it directly.

UNKNOWN = SimpleNamespace(id=UNKNOWN_ID)


def test_a_draft_refused_for_an_unknown_partner_writes_nothing(db, staff):
    with Writes() as writes, pytest.raises(DomainError):
        draft(staff, invited=[UNKNOWN])
    assert writes.seen == [] and pending_changes() == []
    assert db.session.scalar(db.select(db.func.count(Statement.id))) == 0


def test_a_save_refused_for_an_unknown_partner_writes_nothing(db, staff, other_org):
    statement = draft(staff, invited=[other_org])
    edit = DraftEdit(
        seen_revision=1,
        texts={"sr-latn": TextInput(*ORIGINALS[1])},
        invited_ids=(other_org.id, UNKNOWN.id),
    )
    with Writes() as writes, pytest.raises(DomainError):
        services.save_draft(statement, edit, actor=staff)
    assert writes.seen == [] and pending_changes() == []
    assert db.session.scalar(db.select(Statement.revision_number)) == 1
    assert db.session.scalar(db.select(db.func.count(StatementRevision.id))) == 1
