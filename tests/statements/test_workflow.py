"""The statement's life: drafted, saved, signed, submitted, decided, published, withdrawn."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import Forbidden

from consortium.core.errors import Conflict, DomainError
from consortium.mail.models import OutboxMessage
from consortium.statements import services, signing, workflow
from consortium.statements.vocab import StatementState
from tests.statements.calls import BODY, TITLE, decide, draft, publish, save, sign


def test_a_statement_from_draft_to_publication(
    db, org, org_admin, staff, other_org, other_org_admin, coordinator
):
    statement = draft(staff, invited=[other_org])
    assert statement.status == StatementState.DRAFT and statement.revision_number == 1
    assert db.session.scalar(db.select(OutboxMessage.to_address)) == other_org_admin.email

    save(
        statement,
        staff,
        {"sr-latn": (TITLE, BODY), "sq": ("Qëndrim i përbashkët", "Një.\n\nDy.\n\nTre.")},
    )
    assert statement.revision_number == 2
    sign(statement, other_org_admin)
    sign(statement, org_admin)
    workflow.submit(statement, actor=staff)
    assert statement.status == StatementState.IN_REVIEW and statement.review_round == 1
    decide(statement, coordinator)
    assert statement.status == StatementState.APPROVED
    publish(statement, coordinator)
    assert statement.status == StatementState.PUBLISHED
    assert statement.published_revision_id == statement.current_revision.id
    workflow.withdraw_publication(statement, "Overtaken by events.", actor=coordinator)
    assert statement.status == StatementState.WITHDRAWN


def test_a_stale_save_is_refused(db, staff, org_admin):
    statement = draft(staff)
    save(statement, staff, {"sr-latn": (TITLE, BODY + "\n\nJoš jedan.")}, seen=1)
    with pytest.raises(Conflict):
        save(statement, org_admin, {"sr-latn": (TITLE, "Drugačiji tekst.")}, seen=1)
    assert statement.current_revision.text("sr-latn").body.endswith("Još jedan.")


def test_a_changed_original_marks_the_matching_translation_paragraph_outdated(db, staff):
    statement = draft(staff)
    save(
        statement,
        staff,
        {"sr-latn": (TITLE, BODY), "en": ("Joint position", "One.\n\nTwo.\n\nThree.")},
    )
    changed = BODY.replace("Drugi pasus", "Izmenjeni drugi pasus")
    save(
        statement,
        staff,
        {"sr-latn": (TITLE, changed), "en": ("Joint position", "One.\n\nTwo.\n\nThree.")},
    )
    assert statement.current_revision.text("en").outdated == [1]
    save(
        statement,
        staff,
        {"sr-latn": (TITLE, changed), "en": ("Joint position", "One.\n\nTwo, changed.\n\nThree.")},
    )
    assert statement.current_revision.text("en").outdated == []


def test_a_signature_on_an_earlier_text_does_not_count(
    db, staff, org_admin, other_org, other_org_admin
):
    statement = draft(staff, invited=[other_org])
    signature = sign(statement, other_org_admin)
    assert signing.counts(statement, signature)
    save(statement, staff, {"sr-latn": (TITLE, BODY), "en": ("Joint", "A.\n\nB.\n\nC.")})
    assert signing.counts(statement, signature), "a translation does not undo signatures"
    save(
        statement,
        staff,
        {"sr-latn": (TITLE, BODY + "\n\nNovi pasus."), "en": ("Joint", "A.\n\nB.\n\nC.")},
    )
    assert not signing.counts(statement, signature)
    assert signing.signed_earlier_version(statement, signature)


def test_nobody_decides_on_their_own_organisations_statement(
    db, org, staff, org_admin, listed_coordinator, coordinator
):
    statement = draft(staff)
    sign(statement, org_admin)
    workflow.submit(statement, actor=staff)
    with pytest.raises(Forbidden):
        decide(statement, listed_coordinator)
    decide(statement, coordinator, "request_changes", note="Shorten the second paragraph.")
    assert statement.status == StatementState.CHANGES_REQUESTED


def test_the_second_decision_of_a_round_is_refused(db, staff, org_admin, coordinator, admin):
    statement = draft(staff)
    sign(statement, org_admin)
    workflow.submit(statement, actor=staff)
    seen = statement.review_round
    decide(statement, coordinator, seen=seen)
    with pytest.raises((Conflict, Forbidden)):
        decide(statement, admin, "reject", note="No.", seen=seen)
    assert statement.status == StatementState.APPROVED


def test_approval_needs_the_quorum(app, db, staff, org_admin, coordinator):
    app.config["STATEMENT_QUORUM_ORGANISATIONS"] = 1
    statement = draft(staff)
    workflow.submit(statement, actor=staff)
    with pytest.raises(DomainError):
        decide(statement, coordinator)
    assert statement.status == StatementState.IN_REVIEW


def test_the_published_list_shows_only_published(db, staff, org_admin, coordinator):
    hidden = draft(staff, title="Nacrt koji niko ne vidi")
    shown = draft(staff, title="Objavljeni stav")
    sign(shown, org_admin)
    workflow.submit(shown, actor=staff)
    decide(shown, coordinator)
    publish(shown, coordinator)
    items = services.published(services.ListFilters()).items
    assert items == [shown] and hidden not in items


def test_the_invitation_mail_leads_through_sign_in_to_the_hidden_draft(
    db, client, client_as, staff, other_org, other_org_admin
):
    import re

    statement = draft(staff, invited=[other_org])
    mail = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.to_address == other_org_admin.email)
    )
    link = re.search(r"https?://\S+", mail.body_text).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/en/login?next=")
    assert client.get(f"/en/statements/{statement.slug}").status_code == 404, "hidden"
    signed_in = client_as(other_org_admin)
    landing = signed_in.get(path)
    assert landing.status_code == 302
    assert landing.headers["Location"] == f"/en/statements/{statement.slug}"
    assert signed_in.get(landing.headers["Location"]).status_code == 200


def test_publication_checks_the_quorum_again(db, staff, org_admin, coordinator):
    statement = draft(staff)
    sign(statement, org_admin)
    workflow.submit(statement, actor=staff)
    decide(statement, coordinator)
    signing.withdraw_signature(statement, actor=org_admin)
    with pytest.raises(DomainError):
        publish(statement, coordinator)
    assert statement.status == StatementState.APPROVED
    sign(statement, org_admin)
    publish(statement, coordinator)
    assert statement.status == StatementState.PUBLISHED
