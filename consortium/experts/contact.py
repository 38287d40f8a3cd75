"""Reaching an expert: the relayed contact form, and the invitation to claim a profile.

The relay keeps the expert's address from the sender: the mail goes out through the
outbox to the expert, with the sender's address to reply to; the sender learns only that
it was sent. The audit log keeps who wrote to whom, never what.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from consortium.audit.services import record
from consortium.auth import services as accounts
from consortium.auth.models import email_key
from consortium.auth.schemas import AccountProfile
from consortium.auth.tokens import digest, new_token
from consortium.core import links
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.text import has_control_characters, single_line
from consortium.core.urls import external_url
from consortium.db import db, utcnow
from consortium.experts import policy
from consortium.experts.actions import ExpertAction
from consortium.experts.models import Expert, ExpertInvitation
from consortium.experts.schemas import MESSAGE_MAX, SUBJECT_MAX
from consortium.experts.vocab import ContactKind
from consortium.mail import services as mail

__all__ = [
    "accept_claim",
    "can_be_reached",
    "find_claim",
    "invite_to_claim",
    "link_claim",
    "relay",
]


def _address(expert: Expert) -> str | None:
    """Where relayed mail goes: the profile's first e-mail, else its linked account's."""
    for contact in expert.contacts:
        if contact.kind == ContactKind.EMAIL and contact.value:
            return contact.value
    return expert.user.email if expert.user is not None else None


def can_be_reached(expert: Expert) -> bool:
    return _address(expert) is not None


def relay(expert: Expert, *, sender: Actor, subject: str, body: str) -> None:
    require(policy.can_contact(sender, expert))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise DomainError(_l("Write a subject and a message."))
    if has_control_characters(subject):
        raise DomainError(_l("Names and addresses must be written on one line."))
    if len(subject) > SUBJECT_MAX or len(body) > MESSAGE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=MESSAGE_MAX))
    address = _address(expert)
    if address is None:
        raise DomainError(_l("This expert cannot be reached through the platform yet."))
    language = expert.user.language if expert.user is not None else expert.original_language
    sender_email = getattr(sender, "email", None)
    mail.queue(
        "expert.contact",
        to=address,
        language=language,
        reply_to=sender_email,
        subject=_l("A message through Consortium: %(subject)s", subject=single_line(subject)),
        template="experts/mail/contact.txt",
        expert=expert,
        sender=sender,
        message_subject=subject,
        message=body,
    )
    record(ExpertAction.CONTACTED, actor=sender, obj=expert)


def invite_to_claim(expert: Expert, email: str, *, language: str, actor: Actor) -> str:
    """A coordinator invites the expert to link the profile to an account; returns the token."""
    require(policy.can_invite_to_claim(actor, expert))
    from flask import current_app

    email = accounts.check_email(email)
    token = new_token()
    invitation = ExpertInvitation(
        token_hash=digest(token),
        expert_id=expert.id,
        email=email,
        language=accounts.check_language(language),
        invited_by_id=getattr(actor, "id", None),
        expires_at=utcnow() + current_app.config["INVITATION_LIFETIME"],
    )
    invitation.expert = expert
    db.session.add(invitation)
    db.session.flush()
    mail.queue(
        "expert.claim",
        to=email,
        language=invitation.language,
        subject=_l("Your expert profile on Consortium"),
        template="experts/mail/claim.txt",
        expert=expert,
        link=external_url("experts.claim", lang=invitation.language, token=token),
        expires_at=invitation.expires_at,
    )
    record(ExpertAction.INVITED, actor=actor, obj=expert, email=email)
    return token


def find_claim(token: str) -> ExpertInvitation | None:
    row = db.session.scalar(
        db.select(ExpertInvitation).where(ExpertInvitation.token_hash == digest(token))
    )
    return row if row is not None and row.is_open() and row.expert.user_id is None else None


CLAIM_USED = _l("This invitation has expired or has already been used.")


def _use(invitation: ExpertInvitation) -> None:
    """Stamp the invitation accepted before anything else is written: of several requests
    racing with one link exactly one goes on, the others are refused as if it had been used."""
    accepted_at = links.use_once(
        ExpertInvitation.accepted_at,
        ExpertInvitation.id == invitation.id,
        ExpertInvitation.expires_at > utcnow(),
    )
    if accepted_at is None:
        raise DomainError(CLAIM_USED)
    invitation.accepted_at = accepted_at


def _claimed(invitation: ExpertInvitation, user: object) -> Expert:
    expert = invitation.expert
    # Conditional too: two invitations to one profile, used at once, link it once.
    linked = db.session.execute(
        update(Expert)
        .where(Expert.id == expert.id, Expert.user_id.is_(None))
        .values(user_id=user.id)  # type: ignore[attr-defined]
        .execution_options(synchronize_session=False)
    )
    if linked.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(CLAIM_USED)
    expert.user_id = user.id  # type: ignore[attr-defined]
    db.session.flush()
    record(ExpertAction.CLAIMED, actor=user, obj=expert)
    return expert


def link_claim(token: str, *, user: Actor) -> Expert:
    """A signed-in person with the invited address links the profile to their account."""
    invitation = find_claim(token)
    if invitation is None:
        raise DomainError(CLAIM_USED)
    if email_key(getattr(user, "email", "") or "") != invitation.email:
        raise DomainError(
            _l("This invitation was sent to another address. Sign in with that address.")
        )
    if db.session.scalar(db.select(Expert.id).where(Expert.user_id == user.id)) is not None:
        raise DomainError(_l("Your account is already linked to an expert profile."))
    _use(invitation)
    return _claimed(invitation, user)


def accept_claim(token: str, profile: AccountProfile, *, password: str) -> object:
    """Someone without an account creates one from the invitation and claims the profile."""
    invitation = find_claim(token)
    if invitation is None:
        raise DomainError(CLAIM_USED)
    _use(invitation)
    user = accounts.create_invited_account(
        email=invitation.email,
        profile=profile,
        password=password,
        organisation=None,
        org_role=None,
    )
    _claimed(invitation, user)
    return user
