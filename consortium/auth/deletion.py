"""A person deletes their own account (issue 12).

The row stays, because the audit log and the texts they wrote point at it, but it keeps
nothing that identifies them: the name reads "Former member" (in each reader's language,
`User.name`), the e-mail address becomes a unique address that cannot receive mail (so the
real one can be invited again), the password and second factor are gone, and so are the
sessions, reset links and recovery codes. Every domain that holds something about the
person erases or unlinks it first (`core.registry.PersonalData.erase`). What they wrote
stays, and their organisation's signatures stay: they are the organisation's record.

Deleting asks for the password, and for a code when the person has a second factor: the
change cannot be undone, so a browser left signed in (or a phished password) is not enough.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from consortium.audit.actions import AuditAction
from consortium.audit.services import record
from consortium.auth import passwords, platform_admin, second_factor, services, sessions
from consortium.auth.models import PasswordReset, RecoveryCode, User
from consortium.auth.policy import can_edit_account
from consortium.core import registry
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.roles import OrgRole
from consortium.db import db, utcnow

# A reserved top-level domain (RFC 2606): nothing can ever be delivered there.
PLACEHOLDER_DOMAIN = "deleted.invalid"


class AccountAction(AuditAction):
    DELETED = "user.deleted", _l("Account deleted by its owner")
    DELETION_FAILED = (
        "auth.account_deletion_failed",
        _l("Wrong password or code when deleting the account"),
    )


class LastAdministrator(DomainError):
    """Deleting the account would leave something nobody can manage."""


def _only_administrator() -> LastAdministrator:
    return LastAdministrator(
        _l(
            "You are the platform's only administrator. Make someone else an "
            "administrator first, then delete your account."
        )
    )


def placeholder_email(account: User) -> str:
    return f"former-member-{account.id}@{PLACEHOLDER_DOMAIN}"


def _someone_else(account: User, *conditions: object) -> bool:
    """Whether another active account meets the conditions."""
    found = db.session.scalar(
        db.select(User.id)
        .where(
            User.id != account.id,
            User.is_active_account,
            User.deleted_at.is_(None),
            *conditions,
        )
        .limit(1)
    )
    return found is not None


def refusal(account: User) -> LastAdministrator | None:
    """Why the account cannot be deleted now, or None: its organisation or the platform
    would be left without anyone to manage it."""
    if account.is_admin and not _someone_else(account, User.is_admin):
        return _only_administrator()
    if (
        account.organisation_id is not None
        and account.org_role == OrgRole.ORG_ADMIN
        and not _someone_else(
            account,
            User.organisation_id == account.organisation_id,
            User.org_role == OrgRole.ORG_ADMIN,
        )
    ):
        return LastAdministrator(
            _l(
                "You are your organisation's only organisation admin. Make someone else "
                "organisation admin first, then delete your account."
            )
        )
    return None


def delete_account(account: User, *, password: str, code: str | None, actor: Actor) -> None:
    """The owner deletes their account with their password (and a code from the app or a
    recovery code, if they have a second factor). Refused while they are the last
    administrator of the platform or the last org admin of their organisation. Each domain
    erases its part; the account is then anonymised and every session of it ends."""
    require(can_edit_account(actor, account))
    if account.is_admin:
        platform_admin.lock_admins()  # before the code check writes to the account's row
    problem = refusal(account)
    if problem is not None:
        raise problem
    if not passwords.verify_password(account.password_hash or "", password, services.hasher()):
        raise services.WrongCurrentPassword(_l("Your current password is not correct."))
    if account.has_second_factor and second_factor.check_code(account, code or "") is None:
        raise second_factor.WrongCode()
    if account.is_admin:  # checked above; this closes the race of two deleting at once
        platform_admin.take_admin_away(account, refusal=_only_administrator())
    record(AccountAction.DELETED, actor=actor, obj=account)
    db.session.flush()
    for part in registry.personal_data_parts():
        if part.erase is not None:
            part.erase(account)
    _anonymise(account)


def record_failed_attempt(account: User) -> None:
    """A wrong password or code on the deletion form: the log shows someone tried."""
    record(AccountAction.DELETION_FAILED, actor=account, obj=account)


def _anonymise(account: User) -> None:
    sessions.end_all(account)
    db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == account.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == account.id))
    account.email = placeholder_email(account)
    account.stored_name = ""
    account.search_key = ""
    account.grammatical_gender = ""
    account.password_hash = None
    account.password_changed_at = None
    account.last_login_at = None
    account.totp_secret = None
    account.totp_last_step = None
    account.second_factor_at = None
    account.organisation_id = None
    account.org_role = None
    account.is_coordinator = False
    account.is_admin = False
    account.is_active_account = False
    account.deleted_at = utcnow()
    db.session.flush()
