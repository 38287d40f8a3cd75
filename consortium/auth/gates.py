"""Two gates in front of the pages.

- Coordinators and admins without a second factor reach only its set-up page (and the
  password confirmation it may ask for, signing out, static files, the health check):
  every other request is sent there (`require_second_factor`, a `before_request` hook).
- Sensitive changes ask for the password again when this browser's sign-in (or its last
  confirmation) is older than `REAUTH_AFTER` (`@recent_password`): the person confirms it
  and comes back to the page; nothing is changed by the refused request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.auth import policy, sessions

# What a coordinator or admin without a second factor may still reach.
OPEN_WITHOUT_SECOND_FACTOR = frozenset(
    {"auth.second_factor", "auth.reauthenticate", "auth.logout", "static", "core.health"}
)


def require_second_factor() -> Any:
    """`before_request`: send coordinators and admins without a second factor to set it up."""
    if request.endpoint is None or request.endpoint in OPEN_WITHOUT_SECOND_FACTOR:
        return None
    if request.path.startswith("/api/") and "Authorization" in request.headers:
        return None  # an access token is its own credential (api.access checks it)
    user = current_user
    if not policy.must_use_second_factor(user) or user.has_second_factor:
        return None
    return redirect(url_for("auth.second_factor"))


def _come_back(back: str | None) -> str:
    """Where to return after confirming the password: this page, or the page of the form."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return request.path
    return url_for(back or "auth.account")


def recent_password(
    methods: Iterable[str] = ("GET", "POST"), *, back: str | None = None
) -> Callable[[Callable], Callable]:
    """Ask for the password again before the view runs (for `methods`) unless this browser
    signed in or confirmed it recently; `back` is the endpoint to return to from a POST-only
    address."""
    checked_methods = frozenset(methods)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def fresh(**kwargs: Any) -> Any:
            if (
                request.method in checked_methods
                and current_user.is_authenticated
                and not sessions.is_recently_authenticated()
            ):
                flash(_("Confirm your password to continue."), "info")
                return redirect(url_for("auth.reauthenticate", next=_come_back(back)))
            return view(**kwargs)

        return fresh

    return decorate
