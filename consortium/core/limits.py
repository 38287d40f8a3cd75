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

KEY = "consortium.limiter"


@dataclass(frozen=True)
class Limit:
    """One Flask-Limiter rule; `setting` names the config key that holds it."""

    setting: str
    key: Callable[[], str] | None = None
    methods: tuple[str, ...] | None = ("POST",)
    deduct_when: Callable[[Any], bool] | None = None


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
            view = instance.limit(
                _setting(rule.setting),
                key_func=rule.key,
                methods=list(rule.methods) if rule.methods else None,
                deduct_when=rule.deduct_when,
            )(view)
        app.view_functions[endpoint] = view


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]
