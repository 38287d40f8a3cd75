"""Rate limits declared on views, enforced by a Flask-Limiter that belongs to one app.

Views say which limits apply (`@limited(Limit(...))`); `init_app` builds the app's own
`Limiter` and wraps the marked views. Nothing is process-wide, so two apps in one process
(tests, a worker beside the web app) never share counters or a dead storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

KEY = "consortium.limiter"


@dataclass(frozen=True)
class Limit:
    """One Flask-Limiter rule; `setting` names the config key that holds it."""

    setting: str
    key: Callable[[], str] | None = None
    methods: tuple[str, ...] | None = ("POST",)
    deduct_when: Callable[[Any], bool] | None = None
    exempt_when: Callable[[], bool] | None = None
    # A named bucket, the same wherever the limit is checked: `forgive` can empty it.
    scope: str | None = None


def limited(*limits: Limit) -> Callable:
    def mark(view: Callable) -> Callable:
        view.rate_limits = (*getattr(view, "rate_limits", ()), *limits)  # type: ignore[attr-defined]
        return view

    return mark


def limiter() -> Limiter:
    return current_app.extensions[KEY]


def init_app(app: Flask) -> None:
    """Call after every blueprint is registered: the marked views are wrapped here."""
    instance = Limiter(key_func=get_remote_address, default_limits=[])
    instance.init_app(app)
    app.extensions[KEY] = instance
    view: Callable[..., Any]  # once wrapped by Flask-Limiter, no longer Flask's view type
    for endpoint, view in list(app.view_functions.items()):
        for rule in reversed(getattr(view, "rate_limits", ())):
            options: dict[str, Any] = {
                "key_func": rule.key,
                "methods": list(rule.methods) if rule.methods else None,
                "deduct_when": rule.deduct_when,
                "exempt_when": rule.exempt_when,
            }
            if rule.scope:
                view = instance.shared_limit(_setting(rule.setting), rule.scope, **options)(view)
            else:
                view = instance.limit(_setting(rule.setting), **options)(view)
        app.view_functions[endpoint] = view


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def forgive(rule: Limit, key: str) -> None:
    """Empty one scoped bucket: e.g. a person's failed sign-ins once they proved who they are."""
    if rule.scope is None:
        raise ValueError("only a scoped limit can be forgiven")
    item = parse(current_app.config[rule.setting])
    limiter().limiter.clear(item, key, rule.scope)


def retry_at() -> int | None:
    """When the limit that refused this request lets the next attempt through (epoch)."""
    current = limiter().current_limit
    return int(current.reset_at) if current is not None else None
