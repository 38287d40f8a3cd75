"""Statement services called the way tests like to write them."""

from __future__ import annotations

from consortium.statements import services, signing, workflow
from consortium.statements.schemas import (
    DecisionInput,
    DraftEdit,
    NewStatement,
    PublishInput,
    SignatureInput,
    TextInput,
)

TITLE = "Zajednički stav o povratnicima"
BODY = (
    "Prvi pasus o reintegraciji povratnika.\n\n"
    "Drugi pasus o ulozi lokalnih zajednica.\n\n"
    "Treći pasus o preporukama vladama."
)


def draft(actor, *, invited=(), language="sr-latn", title=TITLE, body=BODY, **fields):
    new = NewStatement(
        original_language=language,
        original=TextInput(title, body),
        invited_ids=tuple(o.id for o in invited),
        **fields,
    )
    return services.create_draft(new, actor=actor)


def save(statement, actor, texts, *, seen=None, **fields):
    edit = DraftEdit(
        seen_revision=statement.revision_number if seen is None else seen,
        texts={code: TextInput(*pair) for code, pair in texts.items()},
        invited_ids=tuple(i.organisation_id for i in statement.invitations),
        **fields,
    )
    return services.save_draft(statement, edit, actor=actor)


def sign(statement, actor, *, sign=True, appearance="by_name", seen=None):
    data = SignatureInput(
        sign=sign,
        appearance=appearance,
        seen_revision=statement.revision_number if seen is None else seen,
    )
    return signing.sign(statement, data, actor=actor)


def decide(statement, actor, decision="approve", note="", seen=None):
    data = DecisionInput(
        decision=decision,
        note=note,
        seen_round=statement.review_round if seen is None else seen,
    )
    return workflow.decide(statement, data, actor=actor)


def publish(statement, actor, at=None):
    return workflow.publish(statement, PublishInput(at=at), actor=actor)


def published(
    author, org_admin, coordinator, *, texts=None, signers=(), appearance="by_name", **fields
):
    """A statement taken through the whole workflow: drafted by `author` (with `texts` saved
    as a second revision), signed by `org_admin` (with `appearance`) and by each
    (org admin, appearance) of `signers`, approved and published by `coordinator`."""
    invited = [admin.organisation for admin, _ in signers]
    statement = draft(author, invited=invited, **fields)
    if texts:
        area_ids = tuple(a.id for a in statement.areas)
        save(statement, author, texts, area_ids=area_ids)
    sign(statement, org_admin, appearance=appearance)
    for admin, how in signers:
        sign(statement, admin, appearance=how)
    workflow.submit(statement, actor=author)
    decide(statement, coordinator)
    publish(statement, coordinator)
    return statement
