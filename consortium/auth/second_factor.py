"""The second factor: a code from an authenticator app (TOTP, RFC 6238), or a recovery code.

- A code is accepted for its own 30-second step and the one before (a code typed as it
  changes), and only once: the last accepted step is stored per person, and a conditional
  UPDATE claims a newer one, so a replayed code (even two requests racing) is refused.
- Ten recovery codes are made when the factor is turned on (and on request); each is shown
  once, stored as a SHA-256 hash (50 random bits each: no slow hash needed) and works once.
- The TOTP secret is stored encrypted (auth/totp_secrets.py). One that no key opens any
  more (SECRET_KEY replaced without keeping the old one as a fallback) still counts as a
  second factor: its owner is told to use a recovery code or ask an admin to reset it.

Services check the policy first and flush; the request (or CLI command) commits once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import delete, or_, update

from consortium.audit.services import record
from consortium.auth import passwords, services, totp_secrets
from consortium.auth.actions import AuthAction, UserAction
from consortium.auth.models import RecoveryCode, User
from consortium.auth.policy import can_edit_account, can_enrol_second_factor, can_manage_users
from consortium.core import links, seclog
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.db import db, utcnow

ISSUER = "Consortium"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_SECRET = re.compile(r"^[A-Z2-7]{32}$")


class WrongCode(DomainError):
    """The code from the app (or the recovery code) was not right, or was already used."""

    default_message = _l("This code is not correct, or it has already been used.")


class SecretUnreadable(WrongCode):
    """The app's secret cannot be decrypted with the configured keys."""

    default_message = _l(
        "Codes from your authenticator app cannot be checked at the moment. Use one of your "
        "recovery codes, or ask an administrator to reset your second factor."
    )


def new_secret() -> str:
    """160 random bits in base32, as authenticator apps expect."""
    return pyotp.random_base32()


def provisioning_uri(account: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> Markup:
    """The `otpauth://` address as an inline SVG QR code, drawn here (no script, no request)."""
    import segno  # here: loaded by the workers that set up a second factor, not by all

    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, omitsize=False)
    return Markup(svg)  # noqa: S704  # nosec B704 — segno draws it: only path data from the address


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _step(now: datetime | None = None) -> int:
    return int((now or utcnow()).timestamp()) // STEP_SECONDS


def _digits(code: str) -> str:
    return re.sub(r"\s+", "", code or "")


def _matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code this is: this step's or the previous one's."""
    code = _digits(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp, current = pyotp.TOTP(secret), _step(now)
    for step in (current, current - 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(account: User, step: int) -> bool:
    """Record `step` as used, unless it (or a later one) already was: one use per code."""
    result = db.session.execute(
        update(User)
        .where(
            User.id == account.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    account.totp_last_step = step
    return True


def _recovery_digest(code: str) -> str:
    normalised = re.sub(r"[\s-]+", "", (code or "").lower())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_recovery_codes(account: User) -> list[str]:
    """Replace the person's recovery codes with ten new ones, returned once in clear."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == account.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=account.id, code_hash=_recovery_digest(raw)))
    db.session.flush()
    return codes


def _use_recovery_code(account: User, code: str) -> bool:
    """One conditional UPDATE: a code sent twice at once signs in once."""
    used = links.use_once(
        RecoveryCode.used_at,
        RecoveryCode.user_id == account.id,
        RecoveryCode.code_hash == _recovery_digest(code),
    )
    return used is not None


def recovery_codes_left(account: User) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == account.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def _secret_of(account: User) -> str | None:
    """The account's secret in clear; None when it has none or no key opens it."""
    if account.totp_secret is None:
        return None
    try:
        secret, stale = totp_secrets.unseal(account.totp_secret)
    except totp_secrets.Unreadable:
        return None
    if stale:  # sealed under a key now in SECRET_KEY_FALLBACKS: move it to the current one
        account.totp_secret = totp_secrets.seal(secret)
    return secret


def refusal(account: User) -> WrongCode:
    """Why a code of `account` was refused, in words its owner can act on."""
    if account.totp_secret is not None and _secret_of(account) is None:
        # Every second factor fails like this after a key change: operators must notice.
        seclog.event("second_factor.secret_unreadable", user_id=account.id)
        return SecretUnreadable()
    return WrongCode()


def check_code(account: User, code: str) -> str | None:
    """Use a code of `account` once: "app" or "recovery" for what it was, else None."""
    if not account.totp_secret:
        return None
    secret = _secret_of(account)
    step = _matching_step(secret, code) if secret is not None else None
    if step is not None:
        return "app" if _claim_step(account, step) else None
    if len(_digits(code)) > 6 and _use_recovery_code(account, code):
        return "recovery"
    return None


def sign_in_with_code(account: User, code: str, *, remember: bool = False) -> bool:
    """The second step of signing in: a right code starts the session; both outcomes are
    audited, and a recovery code's use is recorded as such."""
    used = check_code(account, code)
    if used is None:
        record(AuthAction.SECOND_FACTOR_FAILED, actor=account, obj=account)
        return False
    services.sign_in(account, remember=remember)
    if used == "recovery":
        record(AuthAction.RECOVERY_CODE_USED, actor=account, obj=account)
    return True


def enable(account: User, *, secret: str, code: str, actor: Actor) -> list[str]:
    """Turn the second factor on with the secret the app was given, once a code from the app
    proves it was set up; returns the ten recovery codes (shown once). The owner, or the
    demo loader (SYSTEM)."""
    require(can_enrol_second_factor(actor, account))
    if account.has_second_factor:
        raise DomainError(_l("The second factor is already on."))
    if not _SECRET.match(secret or ""):
        raise DomainError(_l("Start the set-up again."))
    step = _matching_step(secret, code)
    if step is None:
        raise WrongCode()
    account.totp_secret = totp_secrets.seal(secret)
    account.totp_last_step = step  # the confirming code cannot be used again
    account.second_factor_at = utcnow()
    db.session.flush()
    codes = _new_recovery_codes(account)
    record(AuthAction.SECOND_FACTOR_ENABLED, actor=actor, obj=account)
    return codes


def _clear(account: User) -> None:
    account.totp_secret = None
    account.totp_last_step = None
    account.second_factor_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == account.id))
    db.session.flush()


def disable(account: User, *, password: str, code: str, actor: Actor) -> None:
    """The owner turns the second factor off with their password and a code (or a recovery
    code); coordinators and admins are sent to set it up again at once."""
    require(can_edit_account(actor, account))
    if not account.has_second_factor:
        raise DomainError(_l("The second factor is not on."))
    if not passwords.verify_password(account.password_hash or "", password, services.hasher()):
        raise services.WrongCurrentPassword(_l("Your current password is not correct."))
    if check_code(account, code) is None:
        record(AuthAction.SECOND_FACTOR_FAILED, actor=actor, obj=account)
        raise refusal(account)
    _clear(account)
    record(AuthAction.SECOND_FACTOR_DISABLED, actor=actor, obj=account)


def renew_recovery_codes(account: User, *, actor: Actor) -> list[str]:
    """The owner replaces their recovery codes; the old ones stop working."""
    require(can_edit_account(actor, account))
    if not account.has_second_factor:
        raise DomainError(_l("The second factor is not on."))
    codes = _new_recovery_codes(account)
    record(AuthAction.RECOVERY_CODES_RENEWED, actor=actor, obj=account)
    return codes


def reset(account: User, *, actor: Actor) -> None:
    """An admin removes someone's second factor (a lost phone): they sign in with their
    password alone and, if they must have one, are sent to set it up again."""
    require(can_manage_users(actor))
    if not account.has_second_factor:
        return
    _clear(account)
    record(UserAction.SECOND_FACTOR_RESET, actor=actor, obj=account)
