"""Device cookies: a browser that signed in to an account before is not locked out with the
strangers guessing that account's password (OWASP, "Slow Down Online Guessing Attacks with
Device Cookies").

After a complete sign-in the browser gets a long-lived cookie, signed with the app's secret,
holding a keyed digest of the account's address (never the address itself) and a random
nonce. A later attempt on that account that presents the cookie is counted per cookie
(LOGIN_LIMIT_PER_DEVICE) instead of in the sign-in limits a stranger can fill from many
addresses. A cookie whose own limit is used up is no longer trusted: its attempts fall back
to those limits, so a stolen cookie buys a few guesses per hour, not unlimited ones. Every
complete sign-in replaces the cookie with a fresh nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from consortium.auth.models import email_key
from consortium.core.limits import Limit, acquire

# Counted by hand (`acquire`), not by a decorator: whether a cookie is trusted depends on
# whether its bucket still has room.
PER_DEVICE = Limit("LOGIN_LIMIT_PER_DEVICE", scope="login-device")
_SALT = "consortium.device-cookie"
_TRUSTED = "device_trusted"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def account_digest(email: str) -> str:
    """Names the account in the cookie without telling anyone who reads it which one."""
    key = hashlib.sha256(f"{_SALT}:{current_app.secret_key}".encode()).digest()
    return hmac.new(key, email_key(email).encode(), hashlib.sha256).hexdigest()


def remember(response: Response, email: str) -> Response:
    """Give the browser that just signed in a new device cookie for this account."""
    lifetime = current_app.config["LOGIN_DEVICE_COOKIE_LIFETIME"]
    value = _serializer().dumps({"account": account_digest(email), "nonce": secrets.token_hex(16)})
    response.set_cookie(
        current_app.config["LOGIN_DEVICE_COOKIE_NAME"],
        value,
        max_age=int(lifetime.total_seconds()),
        path="/",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )
    return response


def _nonce_for(email: str) -> str | None:
    """The nonce of this request's device cookie, if it is genuine, unexpired and was given
    for the account `email` names."""
    value = request.cookies.get(current_app.config["LOGIN_DEVICE_COOKIE_NAME"])
    if not value:
        return None
    lifetime = current_app.config["LOGIN_DEVICE_COOKIE_LIFETIME"]
    try:
        data = _serializer().loads(value, max_age=int(lifetime.total_seconds()))
    except BadSignature:  # forged, altered or expired (SignatureExpired is a BadSignature)
        return None
    if not isinstance(data, dict):
        return None
    account, nonce = data.get("account"), data.get("nonce")
    if not isinstance(account, str) or not isinstance(nonce, str):
        return None
    if not hmac.compare_digest(account, account_digest(email)):
        return None
    return nonce


def trusted_attempt() -> bool:
    """Whether this sign-in attempt comes from a device that signed in to the typed account
    before and still has attempts left; the attempt is counted in the device's bucket.

    Asked by each sign-in limit's exemption, so it is decided (and counted) once a request.
    """
    if _TRUSTED not in g:
        g.setdefault(_TRUSTED, _decide())
    return bool(g.get(_TRUSTED))


def _decide() -> bool:
    if request.method != "POST":
        return False
    nonce = _nonce_for(request.form.get("email", ""))
    return nonce is not None and acquire(PER_DEVICE, nonce)
