"""Rate limits declared on views, enforced by a Flask-Limiter that belongs to one app.

Views say which limits apply (`@limited(Limit(...))`); `init_app` builds the app's own
`Limiter` and wraps the marked views. Nothing is process-wide, so two apps in one process
(tests, a worker beside the web app) never share counters or a dead storage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter
from redis.backoff import NoBackoff
from redis.retry import Retry

from consortium.core import seclog

KEY = "consortium.limiter"
log = logging.getLogger(__name__)
# redis-py's own client retries three times with backoffs of up to seconds: with Redis down
# or hanging a request would wait that long. One try within the socket timeouts
# (RATELIMIT_STORAGE_OPTIONS), then Flask-Limiter's in-memory fallback takes over.
NO_RETRY: dict[str, Any] = {"retry": Retry(NoBackoff(), 0)}  # Flask-Limiter types it too narrowly


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


class ReportingLimiter(Limiter):
    """Flask-Limiter that reports, as security events, when its storage stops answering and
    when it answers again: in between, each process counts in its own memory, so the limits
    hold per process only (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED)."""

    _storage_reported_down = False

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        try:
            super()._check_request_limit(callable_name, in_middleware)
        finally:
            self._report_storage()

    def _report_storage(self) -> None:
        # Flask-Limiter flips `_storage_dead` on the first failure and back once its
        # periodic ping answers (also while adding headers, reported at the next check).
        down = bool(self._storage_dead)
        if down != self._storage_reported_down:
            self._storage_reported_down = down
            name = "rate_limit.storage_unreachable" if down else "rate_limit.storage_recovered"
            seclog.event(name, fallback="memory" if down else None)


def init_app(app: Flask) -> None:
    """Call after every blueprint is registered: the marked views are wrapped here."""
    instance = ReportingLimiter(
        key_func=get_remote_address, default_limits=[], storage_options=dict(NO_RETRY)
    )
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
    try:
        limiter().limiter.clear(item, key, rule.scope)
    except Exception:  # storage gone since the check: the bucket empties with its window
        log.exception("rate-limit storage failed; a bucket was not emptied")


def acquire(rule: Limit, key: str) -> bool:
    """Count one attempt in a scoped bucket now, checked and counted in one atomic step;
    False (and nothing counted) when the bucket is full or its storage fails."""
    if rule.scope is None:
        raise ValueError("only a scoped limit can be counted by hand")
    item = parse(current_app.config[rule.setting])
    try:
        return limiter().limiter.hit(item, key, rule.scope)
    except Exception:  # a storage that fails must not break the request; nothing is granted
        log.exception("rate-limit storage failed; the attempt is not granted")
        return False


def refund(rule: Limit, key: str) -> None:
    """Give back one attempt counted before the view ran.

    A limit meant for failures only still counts every attempt first: checking before the
    view and counting after it would let a burst of parallel requests all pass the check
    before any of them is counted. The view gives a success's attempt back. Only the moving
    window (RATELIMIT_STRATEGY) in memory or Redis is refunded; anywhere else the attempt
    stays counted, which is stricter, never looser.
    """
    if rule.scope is None:
        raise ValueError("only a scoped limit can be refunded")
    strategy = limiter().limiter
    if not isinstance(strategy, MovingWindowRateLimiter):
        return
    item = parse(current_app.config[rule.setting])
    entry = item.key_for(key, rule.scope)
    storage = strategy.storage
    try:
        if isinstance(storage, MemoryStorage):
            with storage.locks[entry]:
                if storage.events.get(entry):
                    storage.events[entry].pop(0)  # the newest: entries are kept newest first
        elif isinstance(storage, RedisStorage):
            connection: Any = storage.get_connection()  # limits types it without list commands
            connection.lpop(storage.prefixed_key(entry))  # the newest: LPUSH put it first
    except Exception:  # the count stays: stricter, and sign-in goes on
        log.exception("rate-limit storage failed; an attempt was not refunded")


def retry_at() -> int | None:
    """When the limit that refused this request lets the next attempt through (epoch)."""
    current = limiter().current_limit
    try:
        return int(current.reset_at) if current is not None else None
    except Exception:  # storage gone since the check: the 429 page says "later"
        log.exception("rate-limit storage failed; no retry time")
        return None
