"""Accounts: signing in and out, passwords, profiles, sessions, the operators' accounts.

Services check the policy first and flush; the request (or CLI command) commits once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from argon2 import PasswordHasher
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from consortium.audit.services import record
from consortium.auth import known_names, passwords, platform_admin, sessions
from consortium.auth.actions import AuthAction, UserAction
from consortium.auth.models import PasswordReset, User, email_key, find_user_by_email
from consortium.auth.policy import (
    can_create_accounts,
    can_edit_account,
    can_grant_consortium_roles,
    can_manage_users,
)
from consortium.auth.schemas import EMAIL_MAX, NAME_MAX, AccountProfile, NewAccount
from consortium.auth.tokens import digest, new_token
from consortium.core import links, registry
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.pagination import Page, paginate
from consortium.core.roles import ConsortiumRole, GrammaticalGender, OrgRole
from consortium.core.search import word_prefix_filters
from consortium.core.text import has_control_characters, lookalike_address, mixes_scripts
from consortium.core.urls import external_url
from consortium.db import db, utcnow
from consortium.i18n.collation import collated
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import search_key
from consortium.mail import services as mail

HASHER_KEY = "consortium.password_hasher"

PASSWORD_MESSAGES = {
    "too_short": _l("Use at least %(n)d characters.", n=passwords.PASSWORD_MIN_LENGTH),
    "too_long": _l("Use at most %(max)d characters.", max=passwords.PASSWORD_MAX_LENGTH),
    "common": _l("This password is among the most common ones. Choose another."),
    "context": _l("This password is built on a word people could guess here. Choose another."),
    "known_name": _l(
        "This password contains the platform's name or a partner organisation's name or city, "
        "which people could guess. Choose another."
    ),
}
# A real hash to verify against when no account matches, so both answers take as long.
_DUMMY_PASSWORD = "not-a-real-password-for-timing"  # noqa: S105


class WrongCurrentPassword(DomainError):
    """The current password typed to confirm a change did not match."""


def password_errors(
    password: str, context_words: Iterable[str] = (), known_names: Iterable[str] = ()
) -> list[str]:
    problems = passwords.password_problems(
        password, context_words=context_words, known_names=known_names
    )
    return [str(PASSWORD_MESSAGES[p]) for p in problems]


def context_words_for(email: str, name: str | None = None, organisation: Any = None) -> list[str]:
    words = [email.split("@")[0], *(name or "").split()]
    if organisation is not None:
        words += [organisation.name, organisation.slug, organisation.short_name or ""]
    return [w for w in words if w]


class InvalidName(DomainError):
    """A person's name that cannot be shown as given."""


class UnknownLanguage(DomainError):
    """A language code outside the eight interface languages."""

    default_message = _l("Choose one of the offered languages.")


def check_language(code: str) -> str:
    if code not in LANGUAGES:
        raise UnknownLanguage()
    return code


class UnknownGrammaticalGender(DomainError):
    """A choice of how to be referred to outside the offered ones."""

    default_message = _l("Choose one of the offered forms.")


def check_grammatical_gender(value: str | None) -> str:
    """The stored value of a choice: "feminine", "masculine", or "" (not stated)."""
    found = GrammaticalGender.lookup(value or "")
    if found is None:
        raise UnknownGrammaticalGender()
    return found.value


def check_name(name: str) -> str:
    """A person's name as shown everywhere: one line, within the column's limit."""
    if not name or not name.strip():
        raise InvalidName(_l("Enter a name."))
    if has_control_characters(name):
        raise InvalidName(_l("Names and addresses must be written on one line."))
    if len(name.strip()) > NAME_MAX:
        raise InvalidName(_l("Use at most %(max)d characters.", max=NAME_MAX))
    if mixes_scripts(name):
        raise InvalidName(
            _l(
                "Write each word in one script: a word that mixes Latin and Cyrillic letters "
                "looks like another name."
            )
        )
    return name.strip()


def check_email(email: str) -> str:
    """An address as stored: folded (`email_key`), one script per part, within the column."""
    if has_control_characters(email):
        raise DomainError(_l("Enter a valid e-mail address."))
    key = email_key(email)
    if "@" not in key or len(key) > EMAIL_MAX or lookalike_address(key):
        raise DomainError(_l("Enter a valid e-mail address."))
    return key


def hasher() -> PasswordHasher:
    """This app's password hasher (cheap in the test suite, see `auth.init_app`)."""
    return current_app.extensions[HASHER_KEY]


def _check_password(password: str, context_words: Iterable[str]) -> None:
    errors = password_errors(password, context_words, known_names.partner_names())
    if errors:
        raise DomainError(" ".join(errors))


def _set_password(user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password, hasher())
    user.password_changed_at = utcnow()


def authenticate(email: str, password: str) -> User | None:
    """The user whose e-mail and password match, else None; both outcomes are audited."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash or not user.is_active:
        passwords.verify_password(_dummy_hash(), password, hasher())
        record(AuthAction.LOGIN_FAILED, actor=user, actor_label=email_key(email)[:EMAIL_MAX])
        return None
    if not passwords.verify_password(user.password_hash, password, hasher()):
        record(AuthAction.LOGIN_FAILED, actor=user)
        return None
    if passwords.needs_rehash(user.password_hash, hasher()):
        user.password_hash = passwords.hash_password(password, hasher())
    return user


def sign_in(user: User, *, remember: bool = False) -> None:
    """Start a new server-side session for an authenticated user."""
    user.last_login_at = utcnow()
    sessions.start(user, remember=remember)
    record(AuthAction.LOGIN, actor=user)


def confirm_password(account: User, password: str) -> bool:
    """The signed-in person types their password again before a sensitive change: this
    browser's session counts as freshly signed in. Both outcomes are audited."""
    if not account.password_hash or not passwords.verify_password(
        account.password_hash, password, hasher()
    ):
        record(AuthAction.REAUTHENTICATION_FAILED, actor=account, obj=account)
        return False
    sessions.mark_reauthenticated()
    record(AuthAction.REAUTHENTICATED, actor=account, obj=account)
    return True


def sign_out(user: User | None) -> None:
    if user is not None and user.is_authenticated:
        record(AuthAction.LOGOUT, actor=user)
    sessions.end_current()


def change_password(account: User, *, current: str, new: str, actor: User) -> None:
    """The owner changes their password; every other session of theirs ends."""
    require(can_edit_account(actor, account))
    if not passwords.verify_password(account.password_hash or "", current, hasher()):
        raise WrongCurrentPassword(_l("Your current password is not correct."))
    _check_password(new, context_words_for(account.email, account.name, account.organisation))
    _set_password(account, new)
    _expire_reset_links(account)
    sessions.end_all(account, except_current=True)
    _notify_password_changed(account)
    record(AuthAction.PASSWORD_CHANGED, actor=actor, obj=account)


def end_session(account: User, session_id: int, *, actor: User) -> None:
    """The owner signs out one of their other browsers."""
    require(can_edit_account(actor, account))
    if not sessions.end_one(account, session_id):
        raise NotFound()
    record(AuthAction.SESSION_ENDED, actor=actor, obj=account)


def end_other_sessions(account: User, *, actor: User) -> int:
    """The owner signs out everywhere but here."""
    require(can_edit_account(actor, account))
    ended = sessions.end_all(account, except_current=True)
    record(AuthAction.SESSIONS_ENDED, actor=actor, obj=account, count=ended)
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
    record(AuthAction.PASSWORD_CHANGE_FAILED, actor=account, obj=account)


def update_profile(account: User, profile: AccountProfile, *, actor: Actor) -> None:
    """The owner changes their name, interface language and how the interface refers to
    them (a profile without that choice leaves it as it is)."""
    require(can_edit_account(actor, account))
    language = check_language(profile.language)
    account.name = check_name(profile.name)
    if profile.grammatical_gender is not None:
        account.grammatical_gender = check_grammatical_gender(profile.grammatical_gender)
    account.language = language
    account.search_key = search_key(account.name, account.email)
    db.session.flush()
    record(AuthAction.PROFILE_UPDATED, actor=actor, obj=account, language=language)


def request_password_reset(email: str, *, language: str) -> None:
    """Mail a one-hour link if the address has an account; the caller answers the same anyway."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        record(AuthAction.RESET_REQUESTED_UNKNOWN, actor_label=email_key(email)[:EMAIL_MAX])
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
    record(AuthAction.RESET_REQUESTED, actor=user)


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


RESET_LINK_USED = _l("This link has expired or has already been used.")


def reset_password(token: str, new_password: str) -> User:
    """Use a reset link once: set the password and end every session of that person. The
    link is stamped used before anything else is written, so of several requests racing
    with it only the first goes on; the others are refused as if it had expired."""
    row = find_reset(token)
    if row is None:
        raise DomainError(RESET_LINK_USED)
    user: User = db.session.get(User, row.user_id)  # type: ignore[assignment]  # the link's account exists (foreign key)
    _check_password(new_password, context_words_for(user.email, user.name, user.organisation))
    if not links.use_once(
        PasswordReset.used_at, PasswordReset.id == row.id, PasswordReset.expires_at > utcnow()
    ):
        raise DomainError(RESET_LINK_USED)
    _expire_reset_links(user)  # every open link of this person dies with the one used
    _set_password(user, new_password)
    sessions.end_all(user)
    _notify_password_changed(user)
    record(AuthAction.PASSWORD_RESET, actor=user, obj=user)
    return user


def create_invited_account(
    *,
    email: str,
    profile: AccountProfile,
    password: str,
    organisation: Any,
    org_role: str | None,
) -> User:
    """An account for someone whose invitation `organisations` has checked; flush only."""
    if find_user_by_email(email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."))
    language = check_language(profile.language)
    name = check_name(profile.name)
    form = check_grammatical_gender(profile.grammatical_gender)
    _check_password(password, context_words_for(email, name, organisation))
    user = User(
        email=email_key(email),
        name=name,
        language=language,
        grammatical_gender=form,
        # An expert who claims a profile may belong to no partner organisation.
        organisation_id=organisation.id if organisation is not None else None,
        org_role=OrgRole(org_role).value if org_role else None,
        search_key=search_key(name, email),
    )
    _set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def create_user(new: NewAccount, *, actor: Actor, organisation: Any = None) -> User:
    """The operators' way in (CLI, demo data): validates everything before writing anything."""
    require(can_create_accounts(actor))
    email = check_email(new.email)
    name = check_name(new.name)
    if find_user_by_email(email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."))
    org_role = OrgRole.lookup(new.role)
    consortium_role = ConsortiumRole.lookup(new.role)
    if org_role is None and consortium_role is None:
        raise DomainError(_l("Choose one of the offered roles."))
    if org_role is not None and organisation is None:
        raise DomainError(_l("This role needs an organisation."))
    language = check_language(new.language)
    form = check_grammatical_gender(new.grammatical_gender)
    _check_password(new.password, context_words_for(email, name, organisation))
    user = User(
        email=email,
        name=name,
        language=language,
        grammatical_gender=form,
        search_key=search_key(name, email),
    )
    if organisation is not None:
        user.organisation_id = organisation.id
        user.org_role = (org_role or OrgRole.MEMBER).value
    user.is_coordinator = consortium_role == ConsortiumRole.COORDINATOR
    user.is_admin = consortium_role == ConsortiumRole.ADMIN
    _set_password(user, new.password)
    db.session.add(user)
    db.session.flush()
    record(UserAction.CREATED, actor=actor, obj=user, role=new.role)
    return user


def set_consortium_roles(user: User, *, coordinator: bool, admin: bool, actor: Actor) -> None:
    """Grant or revoke coordinator and admin: admins and the operators' tools (SYSTEM)."""
    require(can_grant_consortium_roles(actor))
    if actor.id == user.id and not admin:
        raise DomainError(_l("You cannot remove your own administrator role."))
    before = {"coordinator": user.is_coordinator, "admin": user.is_admin}
    if user.is_admin and not admin:
        platform_admin.take_admin_away(user, refusal=platform_admin.last_admin_refusal(user))
    user.is_coordinator, user.is_admin = coordinator, admin
    if before != {"coordinator": coordinator, "admin": admin}:
        sessions.end_all(user)  # a privilege change starts a fresh session
        record(
            UserAction.CONSORTIUM_ROLES_CHANGED,
            actor=actor,
            obj=user,
            before=before,
            after={"coordinator": coordinator, "admin": admin},
        )
    db.session.flush()


def set_active(user: User, *, active: bool, actor: Actor) -> None:
    """Admins deactivate an account (its sessions end at once) or activate it again."""
    require(can_manage_users(actor))
    if actor.id == user.id:
        raise DomainError(_l("You cannot deactivate your own account."))
    if user.is_active_account == active:
        return
    user.is_active_account = active
    if not active:
        sessions.end_all(user)
        for hook in registry.deactivation_hooks():  # e.g. `tokens` revokes their tokens
            hook(user, actor=actor)
    record(UserAction.ACTIVATED if active else UserAction.DEACTIVATED, actor=actor, obj=user)
    db.session.flush()


def end_sessions_of(user: User, *, actor: Actor) -> int:
    """An admin signs someone out everywhere (a lost laptop, a suspected takeover); their
    next request in any browser asks them to sign in. Returns how many sessions ended."""
    require(can_manage_users(actor))
    ended = sessions.end_all(user)
    record(UserAction.SESSIONS_ENDED, actor=actor, obj=user, count=ended)
    return ended


def search_users(query: str, *, actor: Actor, cursor: str | None = None, limit: int = 50) -> Page:
    """Every account matching the query, by name in the reader's alphabet, one keyset page at
    a time (admins)."""
    require(can_manage_users(actor), hide=True)
    statement = (
        db.select(User)
        .options(joinedload(User.organisation))
        .where(*word_prefix_filters(User.search_key, query))
    )
    return paginate(statement, [collated(User.name), User.id], cursor=cursor, limit=limit)


def grammatical_genders(user_ids: Iterable[int]) -> dict[int, str]:
    """How each of these people chose to be referred to, by id (ids unknown are left out)."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(User.id, User.grammatical_gender).where(User.id.in_(ids))
    ).all()
    return {user_id: form for user_id, form in rows}


def _dummy_hash() -> str:
    """Made once per app with its own hasher, so a miss costs what a wrong password costs."""
    extensions = current_app.extensions
    if "consortium.dummy_hash" not in extensions:
        extensions["consortium.dummy_hash"] = passwords.hash_password(_DUMMY_PASSWORD, hasher())
    return extensions["consortium.dummy_hash"]
