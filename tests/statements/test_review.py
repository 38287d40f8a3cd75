"""Review and publication through the pages: submit, decide, publish now or later, withdraw;
each refused transition; the audit rows and the mails, in each recipient's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from consortium.audit.models import AuditEvent
from consortium.db import utcnow
from consortium.mail.models import OutboxMessage
from consortium.statements import workflow
from consortium.statements.models import Review
from consortium.statements.vocab import StatementState
from tests import factories
from tests.statements.calls import decide, draft, publish, sign


def _page(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def _text(response) -> str:
    return " ".join(_page(response).select_one("main").get_text(" ").split())


def _actions(db, statement) -> list[str]:
    return list(
        db.session.scalars(
            db.select(AuditEvent.action)
            .where(AuditEvent.object_type == "statement", AuditEvent.object_id == statement.id)
            .order_by(AuditEvent.id)
        )
    )


def _mails(db, kind: str) -> dict[str, OutboxMessage]:
    rows = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.kind == kind))
    return {m.to_address: m for m in rows}


@pytest.fixture
def signed(db, staff, org_admin):
    statement = draft(staff)
    sign(statement, org_admin)
    return statement


@pytest.fixture
def in_review(signed, staff):
    workflow.submit(signed, actor=staff)
    return signed


@pytest.fixture
def approved(in_review, coordinator):
    decide(in_review, coordinator)
    return in_review


@pytest.fixture
def albanian_coordinator(app):
    return factories.UserFactory(
        name="Besa Koordinatore", is_coordinator=True, email="besa@example.org", language="sq"
    )


def _decide(client, statement, decision, note="", seen=None):
    return client.post(
        f"/en/statements/{statement.slug}/review",
        data={
            "decision": decision,
            "note": note,
            "seen_round": str(statement.review_round if seen is None else seen),
        },
    )


# --- Submit ----------------------------------------------------------------------------------


def test_the_author_organisation_submits_and_coordinators_hear_in_their_language(
    db, client_as, signed, staff, coordinator, albanian_coordinator, listed_coordinator
):
    response = client_as(staff).post(f"/en/statements/{signed.slug}/submit")
    assert response.status_code == 302
    db.session.expire_all()
    assert signed.status == StatementState.IN_REVIEW and signed.review_round == 1
    assert _actions(db, signed)[-1] == "statement.submitted"
    mails = _mails(db, "statement.submitted")
    assert set(mails) == {coordinator.email, albanian_coordinator.email}, "not their own org's"
    assert mails[albanian_coordinator.email].language == "sq"
    assert f"/sq/statements/{signed.slug}" in mails[albanian_coordinator.email].body_text


def test_a_submitted_statement_is_not_submitted_again(db, client_as, in_review, staff):
    assert client_as(staff).post(f"/en/statements/{in_review.slug}/submit").status_code == 404
    assert _actions(db, in_review).count("statement.submitted") == 1


# --- Decide ----------------------------------------------------------------------------------


def test_the_review_page_shows_text_signatures_and_the_form(client_as, in_review, coordinator):
    response = client_as(coordinator).get(f"/en/statements/{in_review.slug}/review")
    assert response.status_code == 200
    page = _page(response)
    assert page.select_one('input[name="seen_round"]')["value"] == "1"
    assert [r["value"] for r in page.select('input[name="decision"]')] == [
        "approve",
        "request_changes",
        "reject",
    ]
    text = _text(response)
    assert "Qendra Kosovare" in text and "Organisations that signed the current text" in text
    assert "No decision has been recorded yet." in text


def test_approving_through_the_page(db, client_as, in_review, coordinator, staff):
    response = _decide(client_as(coordinator), in_review, "approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert in_review.status == StatementState.APPROVED
    (review,) = db.session.scalars(db.select(Review)).all()
    assert (review.round, review.decision, review.coordinator_id) == (1, "approve", coordinator.id)
    assert _actions(db, in_review)[-1] == "statement.approved"
    assert staff.email in _mails(db, "statement.approved")


def test_requesting_changes_needs_a_note_and_sends_the_draft_back(
    db, client_as, in_review, coordinator, staff
):
    client = client_as(coordinator)
    refused = _decide(client, in_review, "request_changes")
    assert refused.status_code == 200
    assert "Say why, so that the authors know what to do." in _text(refused)
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0
    assert _decide(client, in_review, "request_changes", "Shorter, please.").status_code == 302
    db.session.expire_all()
    assert in_review.status == StatementState.CHANGES_REQUESTED
    assert "Shorter, please." in _mails(db, "statement.changes_requested")[staff.email].body_text
    # The draft is editable again, and its authors may submit it for a second round.
    client_as(staff).post(f"/en/statements/{in_review.slug}/submit")
    db.session.expire_all()
    assert (in_review.status, in_review.review_round) == (StatementState.IN_REVIEW, 2)
    page = client.get(f"/en/statements/{in_review.slug}/review")
    assert "Round 1" in _text(page) and "Shorter, please." in _text(page)


def test_rejecting_with_a_reason(db, client_as, in_review, coordinator):
    assert _decide(client_as(coordinator), in_review, "reject", "Out of scope.").status_code == 302
    db.session.expire_all()
    assert in_review.status == StatementState.REJECTED
    assert _actions(db, in_review)[-1] == "statement.rejected"


def test_approval_without_the_quorum_is_a_form_error(db, client_as, staff, coordinator):
    statement = draft(staff)
    workflow.submit(statement, actor=staff)  # nobody signed
    response = _decide(client_as(coordinator), statement, "approve")
    assert response.status_code == 200
    assert "Approval needs signatures of at least 1 organisations" in _text(response)
    db.session.expire_all()
    assert statement.status == StatementState.IN_REVIEW


def test_a_decision_on_a_round_decided_meanwhile_is_a_conflict(
    db, client_as, in_review, coordinator, admin
):
    seen = in_review.review_round
    late = client_as(admin)
    page = late.get(f"/en/statements/{in_review.slug}/review")  # the admin opens the page
    assert page.status_code == 200
    # The coordinator decides first, on the same round.
    decide(in_review, coordinator, "request_changes", "Shorter.")
    db.session.commit()
    # Back in review for round 2, then the admin's form for round 1 arrives.
    from tests.statements.calls import save

    save(in_review, in_review.created_by, {"sr-latn": ("Naslov", "Tekst.")})
    workflow.submit(in_review, actor=in_review.created_by)
    response = _decide(late, in_review, "reject", "No.", seen=seen)
    assert response.status_code == 409
    assert "Another coordinator decided on this statement in the meantime." in _text(response)
    assert "In review" in _text(response)
    assert _page(response).select_one('input[name="seen_round"]')["value"] == "2"
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 1


def test_the_service_says_decided_meanwhile_after_the_round_closed(
    db, in_review, coordinator, admin
):
    seen = in_review.review_round
    decide(in_review, coordinator)
    with pytest.raises(workflow.DecidedMeanwhile):
        decide(in_review, admin, "reject", "No.", seen=seen)


def test_nobody_reviews_their_own_organisations_statement(
    client_as, in_review, listed_coordinator, org_admin, staff
):
    for person in (listed_coordinator, org_admin, staff):
        assert _decide(client_as(person), in_review, "approve").status_code == 404


# --- Publish ---------------------------------------------------------------------------------


def test_publishing_now(db, client_as, approved, coordinator, staff, org_admin):
    response = client_as(coordinator).post(
        f"/en/statements/{approved.slug}/publish", data={"when": "now"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert approved.status == StatementState.PUBLISHED
    assert approved.published_revision_id == approved.current_revision.id
    assert _actions(db, approved).count("statement.published") == 1
    assert {staff.email, org_admin.email} <= set(_mails(db, "statement.published"))


def test_publishing_at_a_time_in_belgrade(db, client_as, approved, coordinator):
    # 10:30 in Belgrade on a summer day is 08:30 UTC (CEST, UTC+2).
    year = utcnow().year + 1
    response = client_as(coordinator).post(
        f"/en/statements/{approved.slug}/publish",
        data={"when": "later", "at": f"{year}-07-01T10:30"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert approved.status == StatementState.APPROVED
    assert approved.publish_at == datetime(year, 7, 1, 8, 30, tzinfo=UTC)
    assert _actions(db, approved)[-1] == "statement.scheduled"
    assert workflow.publish_due(actor=coordinator, now=approved.publish_at) == 1
    assert approved.status == StatementState.PUBLISHED


def test_a_time_in_the_past_or_missing_is_a_form_error(db, client_as, approved, coordinator):
    client = client_as(coordinator)
    past = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    for data in ({"when": "later", "at": past}, {"when": "later", "at": ""}):
        response = client.post(f"/en/statements/{approved.slug}/publish", data=data)
        assert response.status_code == 200
        assert "Choose" in _text(response)
    db.session.expire_all()
    assert approved.status == StatementState.APPROVED and approved.publish_at is None


def test_a_statement_in_review_cannot_be_published(db, client_as, in_review, coordinator):
    response = client_as(coordinator).post(
        f"/en/statements/{in_review.slug}/publish", data={"when": "now"}
    )
    assert response.status_code == 409  # the page says what state it is in
    db.session.expire_all()
    assert db.session.get(type(in_review), in_review.id).state == "in_review"


# --- Withdraw --------------------------------------------------------------------------------


def test_withdrawing_a_publication_asks_for_the_public_reason(
    db, client_as, approved, coordinator, staff
):
    publish(approved, coordinator)
    client = client_as(coordinator)
    path = f"/en/statements/{approved.slug}/withdraw"
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert _page(confirm).select_one("main form")["action"] == path
    refused = client.post(path, data={"reason": ""})
    assert refused.status_code == 400
    assert client.post(path, data={"reason": "Overtaken by events."}).status_code == 302
    db.session.expire_all()
    assert approved.status == StatementState.WITHDRAWN
    assert approved.withdrawal_reason == "Overtaken by events."
    assert _actions(db, approved)[-1] == "statement.withdrawn"
    assert staff.email in _mails(db, "statement.withdrawn")


def test_a_draft_cannot_be_withdrawn_from_publication(client_as, signed, coordinator):
    path = f"/en/statements/{signed.slug}/withdraw"
    assert client_as(coordinator).post(path, data={"reason": "x"}).status_code == 404


def test_a_decision_arriving_after_another_is_told_so(db, client_as, in_review, coordinator, admin):
    seen = in_review.review_round
    first = client_as(coordinator).post(
        f"/en/statements/{in_review.slug}/review",
        data={"decision": "reject", "note": "Not now.", "seen_round": seen},
    )
    assert first.status_code == 302
    late = client_as(admin).post(
        f"/en/statements/{in_review.slug}/review",
        data={"decision": "approve", "note": "", "seen_round": seen},
    )
    assert late.status_code == 409
    assert "Rejected" in late.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(in_review), in_review.id).state == "rejected"
