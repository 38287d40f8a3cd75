"""Accounts: signing in and out, passwords, profiles, invitations accepted, operators' CLI.

Services flush; the view or CLI command that called them commits once.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from consortium.audit.services import record
from consortium.auth import passwords, sessions
from consortium.auth.models import Invitation, PasswordReset, User, email_key, find_user_by_email
from consortium.auth.policy import can_edit_account, can_grant_consortium_roles, can_manage_users
from consortium.auth.roles import OrgRole
from consortium.auth.tokens import digest, new_token
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.text import has_control_characters
from consortium.db import db, utcnow
from consortium.i18n.languages import LANGUAGES
from consortium.mail import services as mail

PASSWORD_MESSAGES = {
    "too_short": _l("Use at least %(n)d characters.", n=passwords.PASSWORD_MIN_LENGTH),
    "too_long": _l("Use at most %(max)d characters.", max=passwords.PASSWORD_MAX_LENGTH),
    "common": _l("This password is among the most common ones. Choose another."),
    "context": _l("This password is built on a word people could guess here. Choose another."),
}
# A real hash to verify against when no account matches, so both answers take as long.
_DUMMY_PASSWORD = "not-a-real-password-for-timing"  # noqa: S105


class WrongCurrentPassword(DomainError):
    """The current password typed to confirm a change did not match."""


def password_errors(password: str, context_words: Iterable[str] = ()) -> list[str]:
    return [
        str(PASSWORD_MESSAGES[p])
        for p in passwords.password_problems(password, context_words=context_words)
    ]


def context_words_for(email: str, name: str | None = None, organisation=None) -> list[str]:
    words = [email.split("@")[0], *(name or "").split()]
    if organisation is not None:
        words += [organisation.name, organisation.slug, organisation.short_name or ""]
    return [w for w in words if w]


class InvalidName(DomainError):
    """A person's name that cannot be shown as given."""


def _check_name(name: str) -> str:
    if not name or not name.strip():
        raise InvalidName(_l("Enter a name."))
    if has_control_characters(name) or len(name.strip()) > 200:
        raise InvalidName(_l("Names and addresses must be written on one line."))
    return name.strip()


def _check_password(password: str, context_words: Iterable[str]) -> None:
    errors = password_errors(password, context_words)
    if errors:
        raise DomainError(" ".join(errors))


def _set_password(user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()


def authenticate(email: str, password: str) -> User | None:
    """The user whose e-mail and password match, else None; both outcomes are audited."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash or not user.is_active:
        passwords.verify_password(_dummy_hash(), password)
        record("auth.login_failed", actor=user, actor_label=email_key(email)[:254])
        return None
    if not passwords.verify_password(user.password_hash, password):
        record("auth.login_failed", actor=user, organisation_id=user.organisation_id)
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def sign_in(user: User, *, remember: bool = False) -> None:
    """Start a new server-side session for an authenticated user."""
    user.last_login_at = utcnow()
    sessions.start(user, remember=remember)
    record("auth.login", actor=user, organisation_id=user.organisation_id)


def sign_out(user: User | None) -> None:
    if user is not None and user.is_authenticated:
        record("auth.logout", actor=user, organisation_id=user.organisation_id)
    sessions.end_current()


def change_password(account: User, *, current: str, new: str, actor: User) -> None:
    """The owner changes their password; every other session of theirs ends."""
    require(can_edit_account(actor, account))
    if not passwords.verify_password(account.password_hash or "", current):
        raise WrongCurrentPassword(_l("Your current password is not correct."))
    _check_password(new, context_words_for(account.email, account.name, account.organisation))
    _set_password(account, new)
    _expire_reset_links(account)
    sessions.end_all(account, except_current=True)
    _notify_password_changed(account)
    record(
        "auth.password_changed", actor=actor, obj=account, organisation_id=account.organisation_id
    )


def end_session(account: User, session_id: int, *, actor: User) -> None:
    """The owner signs out one of their other browsers."""
    require(can_edit_account(actor, account))
    if not sessions.end_one(account, session_id):
        raise NotFound()
    record("auth.session_ended", actor=actor, obj=account, organisation_id=account.organisation_id)


def end_other_sessions(account: User, *, actor: User) -> int:
    """The owner signs out everywhere but here."""
    require(can_edit_account(actor, account))
    ended = sessions.end_all(account, except_current=True)
    record(
        "auth.sessions_ended",
        actor=actor,
        obj=account,
        organisation_id=account.organisation_id,
        count=ended,
    )
    return ended


def _notify_password_changed(user: User) -> None:
    """Tell the owner, so a change they did not make does not go unnoticed."""
    mail.queue(
        "password_changed",
        to=user.email,
        language=user.language,
        subject=_l("Your Consortium password was changed"),
        template="auth/mail/password_changed.txt",
        user=user,
        link=external_url("auth.forgot_password", lang=user.language),
    )


def record_failed_password_change(account: User) -> None:
    record(
        "auth.password_change_failed",
        actor=account,
        obj=account,
        organisation_id=account.organisation_id,
    )


def update_profile(account: User, *, name: str, language: str, actor: User) -> None:
    require(can_edit_account(actor, account))
    if language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    account.name = _check_name(name)
    account.language = language
    db.session.flush()
    record(
        "auth.profile_updated",
        actor=actor,
        obj=account,
        organisation_id=account.organisation_id,
        language=language,
    )


def request_password_reset(email: str, *, language: str) -> None:
    """Mail a one-hour link if the address has an account; the caller answers the same anyway."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        record("auth.reset_requested_unknown", actor_label=email_key(email)[:254])
        return
    token, now = new_token(), utcnow()
    db.session.add(
        PasswordReset(
            token_hash=digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + current_app.config["PASSWORD_RESET_LIFETIME"],
        )
    )
    lang = user.language or language
    mail.queue(
        "password_reset",
        to=user.email,
        language=lang,
        subject=_l("Set a new password for Consortium"),
        template="auth/mail/password_reset.txt",
        user=user,
        link=external_url("auth.reset_password", lang=lang, token=token),
    )
    record("auth.reset_requested", actor=user, organisation_id=user.organisation_id)


def _expire_reset_links(user: User) -> None:
    db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )


def find_reset(token: str) -> PasswordReset | None:
    row = db.session.scalar(
        db.select(PasswordReset).where(PasswordReset.token_hash == digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def reset_password(token: str, new_password: str) -> User:
    """Use a reset link once: set the password and end every session of that person."""
    row = find_reset(token)
    if row is None:
        raise DomainError(_l("This link has expired or has already been used."))
    user = db.session.get(User, row.user_id)
    _check_password(new_password, context_words_for(user.email, user.name, user.organisation))
    _expire_reset_links(user)  # every open link of this person dies with the one used
    _set_password(user, new_password)
    sessions.end_all(user)
    _notify_password_changed(user)
    record("auth.password_reset", actor=user, obj=user, organisation_id=user.organisation_id)
    return user


def invitation_still_backed(invitation: Invitation) -> bool:
    """The inviter must still be allowed to invite with that role when the link is used."""
    from consortium.organisations.policy import can_invite

    inviter = invitation.invited_by
    return (
        inviter is not None
        and inviter.is_active
        and can_invite(inviter, invitation.organisation, invitation.role)
    )


def find_invitation(token: str) -> Invitation | None:
    row = db.session.scalar(db.select(Invitation).where(Invitation.token_hash == digest(token)))
    return row if row is not None and row.is_open() else None


def accept_invitation(token: str, *, name: str, language: str, password: str) -> User:
    """Turn an open invitation into an account, once."""
    invitation = find_invitation(token)
    if invitation is None:
        raise DomainError(_l("This invitation has expired or has already been used."))
    if not invitation_still_backed(invitation):
        raise DomainError(_l("This invitation is no longer valid. Ask for a new one."))
    if find_user_by_email(invitation.email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."))
    if language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    name = _check_name(name)
    _check_password(password, context_words_for(invitation.email, name, invitation.organisation))
    user = User(
        email=invitation.email,
        name=name,
        language=language,
        organisation_id=invitation.organisation_id,
        org_role=invitation.role,
    )
    _set_password(user, password)
    db.session.add(user)
    db.session.flush()
    invitation.accepted_at = utcnow()
    invitation.user_id = user.id
    record(
        "invitation.accepted",
        actor=user,
        obj=invitation,
        organisation_id=invitation.organisation_id,
        role=invitation.role,
    )
    return user


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    organisation=None,
    language: str = "en",
    actor: User | None = None,
) -> User:
    """Operators' way in (CLI): validates everything before writing anything."""
    email = email_key(email)
    if "@" not in email or len(email) > 254:
        raise DomainError(_l("Enter a valid e-mail address."))
    name = _check_name(name)
    if find_user_by_email(email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."))
    if role in set(OrgRole) and organisation is None:
        raise DomainError(_l("This role needs an organisation."))
    if language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    _check_password(password, context_words_for(email, name, organisation))
    user = User(email=email, name=name, language=language)
    if organisation is not None:
        user.organisation_id = organisation.id
        user.org_role = role if role in set(OrgRole) else OrgRole.MEMBER.value
    user.is_coordinator = role == "coordinator"
    user.is_admin = role == "admin"
    _set_password(user, password)
    db.session.add(user)
    db.session.flush()
    record("user.created", actor=actor, obj=user, organisation_id=user.organisation_id, role=role)
    return user


def set_consortium_roles(user: User, *, coordinator: bool, admin: bool, actor: User | None) -> None:
    """Grant or revoke coordinator and admin; only admins (or the operators' CLI, actor=None)."""
    if actor is not None:
        require(can_grant_consortium_roles(actor))
        if actor.id == user.id and not admin:
            raise DomainError(_l("You cannot remove your own administrator role."))
    before = {"coordinator": user.is_coordinator, "admin": user.is_admin}
    user.is_coordinator, user.is_admin = coordinator, admin
    if before != {"coordinator": coordinator, "admin": admin}:
        sessions.end_all(user)  # a privilege change starts a fresh session
        record(
            "user.consortium_roles_changed",
            actor=actor,
            obj=user,
            organisation_id=user.organisation_id,
            before=before,
            after={"coordinator": coordinator, "admin": admin},
        )
    db.session.flush()


def set_active(user: User, *, active: bool, actor: User | None) -> None:
    if actor is not None:
        require(can_manage_users(actor))
        if actor.id == user.id:
            raise DomainError(_l("You cannot deactivate your own account."))
    user.is_active_account = active
    if not active:
        sessions.end_all(user)
    record(
        "user.activated" if active else "user.deactivated",
        actor=actor,
        obj=user,
        organisation_id=user.organisation_id,
    )
    db.session.flush()


def external_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails, built against PUBLIC_URL (mails have no request)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context("/", base_url=base):
        return base + url_for(endpoint, **values)


_dummy: str | None = None


def _dummy_hash() -> str:
    global _dummy
    if _dummy is None:
        _dummy = passwords.hash_password(_DUMMY_PASSWORD)
    return _dummy
