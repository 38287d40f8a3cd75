"""People in organisations: invitations sent and accepted, roles changed, people removed.

Services check the policy first and flush; the request (or CLI command) commits once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from consortium.audit.services import record
from consortium.auth import services as accounts
from consortium.auth import sessions
from consortium.auth.models import User, find_user_by_email
from consortium.auth.schemas import AccountProfile
from consortium.auth.tokens import digest, new_token
from consortium.core import links
from consortium.core.actors import Actor, is_coordinator
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.roles import OrgRole
from consortium.core.urls import external_url
from consortium.db import db, utcnow
from consortium.i18n import in_language
from consortium.mail import services as mail
from consortium.organisations import last_admin, policy
from consortium.organisations.actions import InvitationAction, PersonAction
from consortium.organisations.display import org_name
from consortium.organisations.models import Invitation, Organisation
from consortium.organisations.schemas import InvitationRequest


class TooManyInvitations(DomainError):
    default_message = _l(
        "Your organisation has sent many invitations recently. Try again later, or ask a "
        "coordinator to invite the others."
    )


def _check_sending_rate(organisation: Organisation, actor: Actor, now: datetime) -> None:
    """What an org admin can make the platform mail is bounded: so many invitations per
    organisation per hour and per day, counted in the database (every host sees the same).
    Coordinators and the operators are trusted and not counted against."""
    if is_coordinator(actor):
        return
    config = current_app.config
    for window, limit in (
        (timedelta(hours=1), config["INVITATIONS_PER_ORGANISATION_PER_HOUR"]),
        (timedelta(days=1), config["INVITATIONS_PER_ORGANISATION_PER_DAY"]),
    ):
        sent = db.session.scalar(
            db.select(func.count(Invitation.id)).where(
                Invitation.organisation_id == organisation.id, Invitation.created_at > now - window
            )
        )
        if (sent or 0) >= int(limit):
            raise TooManyInvitations()


def invite(organisation: Organisation, request: InvitationRequest, *, actor: Actor) -> Invitation:
    """Invite an address into an organisation with an organisation role; mails a 7-day link."""
    require(policy.can_invite(actor, organisation, request.role))
    email = accounts.check_email(request.email)
    existing = find_user_by_email(email)
    # Someone who left (or was removed) can be invited back; one organisation per person.
    if existing is not None and (existing.organisation_id is not None or not existing.is_active):
        raise DomainError(_l("An account with this e-mail address already exists."))
    language = accounts.check_language(request.language)
    now = utcnow()
    _check_sending_rate(organisation, actor, now)
    # A new invitation replaces any open one for the same address and organisation.
    db.session.execute(
        db.update(Invitation)
        .where(
            Invitation.email == email,
            Invitation.organisation_id == organisation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_token()
    invitation = Invitation(
        token_hash=digest(token),
        email=email,
        organisation_id=organisation.id,
        role=OrgRole(request.role).value,
        language=language,
        invited_by_id=actor.id,
        created_at=now,
        expires_at=now + current_app.config["INVITATION_LIFETIME"],
    )
    db.session.add(invitation)
    db.session.flush()
    with in_language(language):  # the organisation as the invitee will read its name
        org_label = org_name(organisation)
    mail.queue(
        "invitation",
        to=email,
        language=language,
        subject=_l("You are invited to join %(org)s on Consortium", org=org_label),
        org_label=org_label,
        template="organisations/mail/invitation.txt",
        organisation=organisation,
        inviter=actor,
        role=OrgRole(request.role),
        # The role in the invitee's form: someone invited back has chosen one; a newcomer
        # has not yet, and reads both forms (koordinator/ka).
        role_form=existing.grammatical_gender if existing is not None else "",
        link=external_url("organisations.accept_invitation", lang=language, token=token),
        expires_at=invitation.expires_at,
    )
    record(InvitationAction.SENT, actor=actor, obj=invitation, email=email, role=invitation.role)
    return invitation


def invitation_still_backed(invitation: Invitation) -> bool:
    """The inviter must still be allowed to invite with that role when the link is used."""
    inviter = invitation.invited_by
    return (
        inviter is not None
        and inviter.is_active
        and policy.can_invite(inviter, invitation.organisation, invitation.role)
    )


def find_invitation(token: str) -> Invitation | None:
    """The open invitation behind a link (not accepted, not withdrawn, in time)."""
    row = db.session.scalar(db.select(Invitation).where(Invitation.token_hash == digest(token)))
    return row if row is not None and row.is_open() else None


INVITATION_USED = _l("This invitation has expired or has already been used.")


def _use(invitation: Invitation) -> None:
    """Stamp the invitation accepted before anything else is written: of several requests
    racing with one link exactly one goes on, the others are refused as if it had been used."""
    accepted_at = links.use_once(
        Invitation.accepted_at,
        Invitation.id == invitation.id,
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow(),
    )
    if accepted_at is None:
        raise DomainError(INVITATION_USED)
    invitation.accepted_at = accepted_at


def accept_invitation(token: str, profile: AccountProfile, *, password: str) -> User:
    """Turn an open invitation into an account, once; the link is the authority."""
    invitation = find_invitation(token)
    if invitation is None:
        raise DomainError(INVITATION_USED)
    if not invitation_still_backed(invitation):
        raise DomainError(_l("This invitation is no longer valid. Ask for a new one."))
    _use(invitation)
    user = accounts.create_invited_account(
        email=invitation.email,
        profile=profile,
        password=password,
        organisation=invitation.organisation,
        org_role=invitation.role,
    )
    invitation.user_id = user.id
    record(InvitationAction.ACCEPTED, actor=user, obj=invitation, role=invitation.role)
    return user


def join_with_account(token: str, *, password: str) -> User:
    """Someone who already has an account (they left an organisation) follows an invitation
    back in: their password proves the address is theirs; the link is the authority."""
    invitation = find_invitation(token)
    if invitation is None:
        raise DomainError(INVITATION_USED)
    if not invitation_still_backed(invitation):
        raise DomainError(_l("This invitation is no longer valid. Ask for a new one."))
    user = accounts.authenticate(invitation.email, password)
    if user is None:
        raise accounts.WrongCurrentPassword(_l("Your current password is not correct."))
    if user.organisation_id is not None:
        raise DomainError(_l("An account with this e-mail address already exists."))
    _use(invitation)
    user.organisation_id, user.org_role = invitation.organisation_id, invitation.role
    sessions.end_all(user)  # new privileges: every browser signs in afresh
    invitation.user_id = user.id
    record(InvitationAction.ACCEPTED, actor=user, obj=invitation, role=invitation.role)
    db.session.flush()
    return user


def account_exists(invitation: Invitation) -> bool:
    return find_user_by_email(invitation.email) is not None


def revoke_invitation(invitation: Invitation, *, actor: Actor) -> None:
    require(policy.can_invite(actor, invitation.organisation))
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record(InvitationAction.REVOKED, actor=actor, obj=invitation)
    db.session.flush()


def change_role(person: User, *, role: str, actor: Actor) -> None:
    """Move someone between member, staff and org admin of their organisation."""
    require(policy.can_change_role(actor, person, role))
    before = person.org_role
    if before == role:
        return
    last_admin.set_membership(
        person, organisation_id=person.organisation_id, org_role=OrgRole(role).value
    )
    sessions.end_all(person)  # privileges changed: the person signs in afresh
    record(PersonAction.ROLE_CHANGED, actor=actor, obj=person, before=before, after=role)
    db.session.flush()


def place_person(person: User, organisation: Organisation, *, role: str, actor: Actor) -> None:
    """Admins and the operators' tools put someone into an organisation with a role."""
    require(policy.can_place(actor, person, organisation))
    if role not in set(OrgRole):
        raise DomainError(_l("Choose one of the offered roles."))
    before = (person.organisation_id, person.org_role)
    if before == (organisation.id, role):
        return
    last_admin.set_membership(person, organisation_id=organisation.id, org_role=role)
    if before[0] is not None and before[0] != organisation.id:
        # The organisation they leave sees them go in its own part of the log.
        record(PersonAction.REMOVED, actor=actor, obj=person, organisation_id=before[0])
    sessions.end_all(person, except_current=actor.id == person.id)
    record(
        PersonAction.ROLE_CHANGED,
        actor=actor,
        obj=person,
        organisation=organisation,
        before=before[1],
        after=role,
    )
    db.session.flush()


def remove_person(person: User, *, actor: Actor) -> None:
    """Take someone out of the organisation; their account stays, without an organisation."""
    require(policy.can_remove_person(actor, person) or policy.can_place(actor, person, None))
    organisation_id = person.organisation_id
    if organisation_id is None:
        return
    last_admin.set_membership(person, organisation_id=None, org_role=None)
    sessions.end_all(person)
    record(PersonAction.REMOVED, actor=actor, obj=person, organisation_id=organisation_id)
    db.session.flush()


def people_of(organisation: Organisation, *, include_deactivated: bool = False) -> list[User]:
    """The organisation's people by name; its managers also see deactivated accounts."""
    statement = db.select(User).where(User.organisation_id == organisation.id)
    if not include_deactivated:
        statement = statement.where(User.is_active_account)
    return list(db.session.scalars(statement.order_by(User.name, User.id)))


def without_admin() -> tuple[list[Organisation], list[Organisation]]:
    """Partners nobody can manage yet (no active org admin), in two lists: those that still
    need an invitation, and those where an invitation of an org admin is pending."""
    has_admin = (
        db.select(User.id)
        .where(
            User.organisation_id == Organisation.id,
            User.org_role == OrgRole.ORG_ADMIN,
            User.is_active_account,
        )
        .exists()
    )
    invited = (
        db.select(Invitation.id)
        .where(
            Invitation.organisation_id == Organisation.id,
            Invitation.role == OrgRole.ORG_ADMIN,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .exists()
    )
    rows = db.session.execute(
        db.select(Organisation, invited).where(~has_admin).order_by(Organisation.name)
    ).all()
    return [o for o, pending in rows if not pending], [o for o, pending in rows if pending]


def count_people(organisation: Organisation) -> int:
    """Active people of the organisation."""
    statement = db.select(db.func.count(User.id)).where(
        User.organisation_id == organisation.id, User.is_active_account
    )
    return db.session.scalar(statement) or 0


def open_invitations(organisation: Organisation) -> list[Invitation]:
    """Invitations that can still be accepted: open, in time, and still backed by their inviter."""
    rows = db.session.scalars(
        db.select(Invitation)
        .options(selectinload(Invitation.invited_by))
        .where(
            Invitation.organisation_id == organisation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at.desc())
    )
    return [row for row in rows if invitation_still_backed(row)]
