"""What the security tests share: the routes of tests/test_access.py, who may use each,
the hostile values, and a recorder of the statements that write to the database."""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import quote

from sqlalchemy import event

from consortium.db import db
from tests.test_access import ROUTES

# The filters the pages and the API read, whatever the route (a route ignores the others).
FILTER_NAMES = (
    "q", "area", "country", "language", "available", "verified", "sort", "after", "limit",
    "lang", "next", "organisation", "kind", "page", "cursor", "before", "who", "action",
)  # fmt: skip
# Names that collide with what the app, a framework or a browser uses internally.
INTERNAL_NAMES = ("_method", "csrf_token", "__proto__", "constructor", "_", "id")

# Already percent-encoded, so that NUL bytes and invalid UTF-8 reach the server as such.
_RAW = (
    "%00",
    "a%00b",
    "%ff%fe",
    "%c0%af",  # overlong "/"
    "%ed%a0%80",  # a lone UTF-16 surrogate, as UTF-8
    "%01%02%1b%7f",
    "%0d%0aSet-Cookie:%20x=1",
    "%zz",
)
_PLAIN = (
    "",
    " ",
    "x" * 10_000,
    str(2**64),
    str(-(2**64)),
    "-1",
    "9" * 400,
    "1e309",
    '"',
    "*",
    "NEAR(",
    '"unbalanced OR',
    "' OR 1=1 --",
    "%_\\",
    "../../../../etc/passwd",
    "//evil.example/",
    "javascript:alert(1)",
    "\u0430dmin",  # a Cyrillic "а"
    "\uff1cscript\uff1e",  # fullwidth < >
    "\u202egnp.exe\u200b\ufeff",  # right-to-left override, zero-width characters
    "\U0001f600" * 50,
    "2026-13-45",
    "[]",
    "{{7*7}}",
    "!!!not-base64",
)


def encoded(value: str) -> str:
    return quote(value, safe="")


# Every hostile value, percent-encoded for a query string or a form body.
CORPUS: tuple[str, ...] = _RAW + tuple(encoded(v) for v in _PLAIN)
# The values each form field receives (rendering a form again with its errors is the costly
# part): every kind of the corpus, one value of each.
FORM_CORPUS: tuple[str, ...] = (
    "%00",
    "%ff%fe",
    "%ed%a0%80",
    "%01%02%1b%7f",
    "%0d%0aSet-Cookie:%20x=1",
    "",
    "x" * 10_000,
    *(
        encoded(v)
        for v in (
            str(2**64),
            "-1",
            "9" * 400,
            '"',
            "NEAR(",
            "' OR 1=1 --",
            "../../../../etc/passwd",
            "javascript:alert(1)",
            "\uff1cscript\uff1e",
            "\u202egnp.exe\u200b\ufeff",
            "2026-13-45",
        )
    ),
)

PERSONAS = ("visitor", "member", "coordinator")
SIGNED_IN_PREFERENCE = (
    "staff", "org_admin", "member", "coordinator", "admin", "other_org_admin", "loner",
    "listed_coordinator",
)  # fmt: skip


def routes(method: str, *, api: bool = True) -> list[str]:
    """The endpoints of ROUTES answering `method` (static files and API docs assets kept)."""
    return sorted(
        endpoint
        for (m, endpoint), route in ROUTES.items()
        if m == method and (api or not route.path.startswith("/api/"))
    )


def user_of(endpoint: str, method: str = "POST") -> str:
    """Someone who may use the route: the visitor when it is for everyone (sign-in and the
    like, which a signed-in person is sent away from), else the first one allowed."""
    expected = ROUTES[(method, endpoint)].expected
    if expected["visitor"] not in (302, 401, 403, 404):
        return "visitor"
    for role in SIGNED_IN_PREFERENCE:
        if expected[role] not in (401, 403, 404):
            return role
    return "member"  # refused to all (an unknown object): a signed-in person sends it anyway


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|UPSERT)\b", re.IGNORECASE)

# The writes a GET may make, each for a reason; nothing else may change on a GET.
ALLOWED_WRITES = (
    # The server-side session's activity stamp, at most once a minute (SESSION_TOUCH_INTERVAL):
    # the idle timeout needs to know when the person was last seen. Bookkeeping, not content.
    re.compile(r"^\s*UPDATE auth_sessions SET last_seen_at=", re.IGNORECASE),
    # An idle or expired session row is dropped when it is next presented: it ends a session
    # that had already ended, and changes nothing anyone can see.
    re.compile(r"^\s*DELETE FROM auth_sessions WHERE auth_sessions\.id = ", re.IGNORECASE),
)


def is_write(statement: str) -> bool:
    return bool(WRITE.match(statement))


def allowed(statement: str) -> bool:
    return any(pattern.match(statement) for pattern in ALLOWED_WRITES)


@contextmanager
def recording_writes():
    """`with recording_writes() as writes:` collects every INSERT, UPDATE and DELETE sent to
    the database inside the block (including those of the requests it makes)."""
    writes: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if is_write(statement):
            writes.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield writes
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
