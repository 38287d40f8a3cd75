"""Single-use links and codes: used once even when requests race, and kept out of logged URLs.

A mailed link (password reset, invitation, expert profile claim) carries its token in the
path, because mail clients need a plain link. Its first request moves the token into this
browser's signed session and redirects at once to the same page without it, so neither the
address bar, the history, a later request's `Referer` nor the access log keeps it; the one
log line of that first request goes through `RedactTokens`.

Using a link (or a recovery code) is one conditional UPDATE that stamps it, checked by its
row count, before anything else is written: of several requests racing with the same link
exactly one goes on, on SQLite and PostgreSQL alike (`with_for_update` is a no-op on SQLite).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from flask import Flask, Response, make_response, redirect, request, session, url_for
from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import InstrumentedAttribute

from consortium.db import db, utcnow

RESET, INVITATION, CLAIM = "reset", "invitation", "claim"
SESSION_KEY = "links"
# Long enough to read the page and fill in the form; a browser left behind (a shared
# computer) does not keep an unused link open for as long as the link itself lives.
STASH_SECONDS = 3600
# What `auth.tokens.new_token` makes, with room to spare. Anything else opens nothing, and a
# huge value would overflow the session cookie.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,128}")
# The path segments that carry a token, wherever a log line shows them (request line, Referer).
_TOKEN_IN_PATH = re.compile(r"(/(?:reset-password|invitation|experts/claim)/)[^/?#\s\"']+")
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def stash(kind: str, token: str) -> None:
    """Keep a mailed link's token in this browser's session; a malformed one is dropped."""
    kept = {k: v for k, v in _stash().items() if k != kind}
    if _TOKEN.fullmatch(token):
        kept[kind] = {"token": token, "at": int(time.time())}
    session[SESSION_KEY] = kept


def stashed(kind: str) -> str | None:
    """The token this browser brought for `kind`, while it is fresh."""
    entry = _stash().get(kind)
    if not isinstance(entry, dict) or not isinstance(entry.get("token"), str):
        return None
    if time.time() - int(entry.get("at", 0)) > STASH_SECONDS:
        return None
    return entry["token"]


def drop(kind: str) -> None:
    """Forget the token of `kind` (used, expired or refused)."""
    if kind in _stash():
        session[SESSION_KEY] = {k: v for k, v in _stash().items() if k != kind}


def _stash() -> dict[str, Any]:
    value = session.get(SESSION_KEY)
    return value if isinstance(value, dict) else {}


def follow(kind: str, token: str, page: Callable[[], Any], endpoint: str) -> Any:
    """The answer to a mailed link: its token moves into this browser's session and the
    browser goes on to `page` at `endpoint`, an address without the token. A POST to the
    link itself (a form opened before links dropped their tokens) is answered by `page`."""
    stash(kind, token)
    if request.method == "POST":
        return page()
    return redirect(url_for(endpoint), 303)


def private(view: Callable) -> Callable:
    """The page carries a token or a form it opens: no cache keeps it, and the pages it
    leads to learn nothing of its address."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers.update(PRIVATE_HEADERS)
        return response

    return wrapped


def use_once(stamp: InstrumentedAttribute, *where: ColumnElement[bool]) -> datetime | None:
    """Stamp the row that `where` picks (`used_at`, `accepted_at` …) unless it already is:
    the time stamped, or None when another request got there first (or nothing matched)."""
    now = utcnow()
    result = db.session.execute(
        update(stamp.class_)
        .where(stamp.is_(None), *where)
        .values({stamp.key: now})
        .execution_options(synchronize_session=False)
    )
    return now if result.rowcount == 1 else None  # type: ignore[attr-defined]


def redact(text: str) -> str:
    """`text` with the tokens of single-use links replaced by `…`."""
    return _TOKEN_IN_PATH.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    """Rewrites a log record so that no single-use link's token reaches the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is logging's to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def watch(logger: logging.Logger) -> None:
    """Add the redaction to `logger` (once, however many apps are made)."""
    if not any(isinstance(f, RedactTokens) for f in logger.filters):
        logger.addFilter(RedactTokens())


def init_app(app: Flask) -> None:
    # The development server's access log, the app's own log (errors name the path) and
    # the security log (each event names the path). gunicorn.conf.py does the same for
    # gunicorn's access log.
    for name in ("werkzeug", app.logger.name, "consortium.security"):
        watch(logging.getLogger(name))
