"""Signatures: an organisation signs or declines the exact revision its org admin read.

A signature counts while the original text it was given on is the current one; a
translation added or corrected later does not undo it. Until publication an organisation
may withdraw its signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from consortium.audit.services import record
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.db import db, utcnow
from consortium.organisations.models import Organisation
from consortium.statements import policy
from consortium.statements.actions import StatementAction
from consortium.statements.models import (
    Signature,
    Statement,
    StatementInvitation,
    StatementRevision,
)
from consortium.statements.schemas import NOTE_MAX, SignatureInput
from consortium.statements.vocab import SIGNABLE, Appearance, SignatureStatus


class TextChanged(Conflict):
    default_message = _l(
        "The text changed since you read it. Read the new version before you sign."
    )


def sign(statement: Statement, data: SignatureInput, *, actor: Actor) -> Signature:
    """The org admin signs (or declines) for their organisation, on the revision they read."""
    organisation = getattr(actor, "organisation", None)
    require(policy.can_sign(actor, statement, organisation))
    assert organisation is not None
    deadline = statement.sign_deadline
    if data.sign and deadline is not None and utcnow().date() > deadline:
        raise DomainError(_l("The deadline for signing has passed."))
    if Appearance.lookup(data.appearance) is None:
        raise DomainError(_l("Choose how the signature appears."))
    if len(data.note or "") > NOTE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=NOTE_MAX))
    current = statement.current_revision
    assert current is not None
    if data.seen_revision != current.number:
        raise TextChanged()
    signature = _signature_of(statement, organisation.id)
    if signature is None:
        signature = Signature(organisation_id=organisation.id)
        statement.signatures.append(signature)
    signature.status = (SignatureStatus.SIGNED if data.sign else SignatureStatus.DECLINED).value
    signature.revision_id = current.id
    signature.original_hash = current.original_hash
    signature.language_hashes = {t.language: t.hash for t in current.texts}
    signature.appearance = data.appearance
    signature.note = (data.note or "").strip() or None
    signature.signed_by_id = getattr(actor, "id", None)
    signature.signed_at = utcnow()
    db.session.flush()
    record(
        StatementAction.SIGNED if data.sign else StatementAction.DECLINED,
        actor=actor,
        obj=statement,
        organisation=organisation,
        revision=current.number,
    )
    return signature


def withdraw_signature(statement: Statement, *, actor: Actor) -> None:
    """Until publication an organisation may take its signature back."""
    organisation = getattr(actor, "organisation", None)
    require(policy.can_sign(actor, statement, organisation))
    assert organisation is not None
    signature = _signature_of(statement, organisation.id)
    if signature is None or signature.status != SignatureStatus.SIGNED:
        raise DomainError(_l("Your organisation has not signed this statement."))
    signature.status = SignatureStatus.WITHDRAWN.value
    signature.signed_at = utcnow()
    db.session.flush()
    record(
        StatementAction.SIGNATURE_WITHDRAWN, actor=actor, obj=statement, organisation=organisation
    )


def _signature_of(statement: Statement, organisation_id: int) -> Signature | None:
    return next((s for s in statement.signatures if s.organisation_id == organisation_id), None)


def signature_of(statement: Statement, user: Actor | None) -> Signature | None:
    """The answer this person's organisation gave, if any."""
    organisation_id = getattr(user, "organisation_id", None)
    return None if organisation_id is None else _signature_of(statement, organisation_id)


@dataclass(frozen=True)
class Answer:
    """One organisation asked to sign, and where its answer stands."""

    organisation: Organisation
    signature: Signature | None  # None: not answered yet
    counts: bool  # signed, on the current original text
    earlier: bool  # signed, but an earlier original text

    @property
    def status(self) -> SignatureStatus | None:
        return SignatureStatus(self.signature.status) if self.signature else None

    @property
    def appearance(self) -> Appearance | None:
        return Appearance(self.signature.appearance) if self.signature else None


def listed(statement: Statement) -> list[Answer]:
    """The author organisation and every invited one, each with its answer, for those taking
    part (the public sees `public_signatories`)."""
    organisations = [statement.organisation] + [i.organisation for i in statement.invitations]
    answers = []
    for organisation in organisations:
        signature = _signature_of(statement, organisation.id)
        answers.append(
            Answer(
                organisation=organisation,
                signature=signature,
                counts=signature is not None and counts(statement, signature),
                earlier=signature is not None and signed_earlier_version(statement, signature),
            )
        )
    return answers


def counts(statement: Statement, signature: Signature) -> bool:
    """Signed, and on the original text that is current now."""
    current = statement.current_revision
    return (
        signature.status == SignatureStatus.SIGNED
        and current is not None
        and signature.original_hash == current.original_hash
    )


def signed_earlier_version(statement: Statement, signature: Signature) -> bool:
    return signature.status == SignatureStatus.SIGNED and not counts(statement, signature)


def counting(statement: Statement) -> list[Signature]:
    return [s for s in statement.signatures if counts(statement, s)]


def quorum(statement: Statement) -> tuple[bool, int, int]:
    """Whether enough organisations from enough countries signed the current text."""
    signed = counting(statement)
    organisations = len({s.organisation_id for s in signed})
    countries = len({s.organisation.country for s in signed})
    config = current_app.config
    needed_orgs = int(config.get("STATEMENT_QUORUM_ORGANISATIONS", 1))
    needed_countries = int(config.get("STATEMENT_QUORUM_COUNTRIES", 1))
    return (
        organisations >= needed_orgs and countries >= needed_countries,
        needed_orgs,
        needed_countries,
    )


def public_signatories(statement: Statement, *, consortium: bool) -> list[tuple[Signature, str]]:
    """The signatures as they appear: by name, as "a partner from <country>", or (only to
    the consortium) listed at all. `consortium` is whether the reader belongs to it."""
    shown: list[tuple[Signature, str]] = []
    for signature in counting(statement):
        appearance = Appearance(signature.appearance)
        if appearance == Appearance.CONSORTIUM_ONLY and not consortium:
            continue
        shown.append((signature, appearance.value))
    return shown


def awaiting(user: Actor) -> list[Statement]:
    """Statements waiting for this org admin's organisation to sign (or to confirm on a new
    text), for their home page."""
    organisation = getattr(user, "organisation", None)
    if organisation is None:
        return []
    invited = db.select(StatementInvitation.statement_id).where(
        StatementInvitation.organisation_id == organisation.id
    )
    # Loaded together, so that the home page costs the same however many statements wait.
    candidates = db.session.scalars(
        db.select(Statement)
        .options(
            selectinload(Statement.signatures),
            selectinload(Statement.invitations),
            selectinload(Statement.revisions).selectinload(StatementRevision.texts),
        )
        .where(
            Statement.state.in_([s.value for s in SIGNABLE]),
            (Statement.organisation_id == organisation.id) | Statement.id.in_(invited),
            # Past the deadline nobody can sign any more: nothing waits.
            Statement.sign_deadline.is_(None) | (Statement.sign_deadline >= utcnow().date()),
        )
        .order_by(Statement.updated_at.desc())
        .limit(50)
    )
    return [
        s for s in candidates if policy.can_sign(user, s, organisation) and _waits(s, organisation)
    ]


def _waits(statement: Statement, organisation: Organisation) -> bool:
    signature = _signature_of(statement, organisation.id)
    if signature is None:
        return True
    if signature.status == SignatureStatus.DECLINED:
        return False
    if signature.status == SignatureStatus.WITHDRAWN:
        return False
    return signed_earlier_version(statement, signature)
