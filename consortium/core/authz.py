"""Turning a policy's answer into a refusal; the policies themselves live in each domain.

`require` is what services call first; `guard` is what routes declare: it asks the same
predicate about the objects the URL converters loaded, once, before the view runs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, NotFound, Unauthorized


def require(allowed: bool, *, hide: bool = False) -> None:
    """Raise unless allowed: 404 when the user may not know the object exists, else 403."""
    if not allowed:
        raise NotFound() if hide else Forbidden()


def refuse(*, hide: bool = False) -> Any:
    """The answer to someone the policy refused: sign in first, else 404 or 403."""
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            raise Unauthorized()
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    raise NotFound() if hide else Forbidden()


def guard(check: Callable[..., bool], *names: str, hide: bool = False) -> Callable:
    """Let the view run only if `check(current_user, *view_args[names])` allows it.

    `names` are the URL variables (already loaded by the model converters) passed to the
    predicate, in order. A visitor who is refused is sent to sign in; a signed-in person
    gets 404 when `hide` (the object must stay unknown to them), else 403.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(**kwargs: Any) -> Any:
            if not check(current_user, *(kwargs[name] for name in names)):
                return refuse(hide=hide)
            return view(**kwargs)

        guarded.guarded_by = check  # type: ignore[attr-defined]  # read by the access tests
        return guarded

    return decorate


def public(view: Callable) -> Callable:
    """Mark a page that everyone may see, so that the choice is written down."""
    view.guarded_by = "public"  # type: ignore[attr-defined]
    return view


def within(child: str, parent: str, attribute: str) -> Callable:
    """404 unless the loaded `child` belongs to the loaded `parent` (a person of this
    organisation, an invitation to it): addresses cannot reach across organisations."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def scoped(**kwargs: Any) -> Any:
            if getattr(kwargs[child], attribute) != kwargs[parent].id:
                raise NotFound()
            return view(**kwargs)

        return scoped

    return decorate


def destructive(view: Callable) -> Callable:
    """Mark a POST that removes, withdraws or ends something: the same address answers GET
    with a confirmation page, and no other page posts to it (tests/test_confirmations.py)."""
    view.destructive = True  # type: ignore[attr-defined]
    return view
