"""Security events as structured log lines, each with the request's id.

One JSON object per line on the `consortium.security` logger: what happened, to whom, from
where, in which request (`X-Request-ID` from the proxy when it is a sane value, else a new
one, echoed in the response). Never a password, code, token or session id: callers pass
identifiers and outcomes, and `event` drops any field whose name says it is a secret.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from typing import Any

from flask import Flask, Response, g, has_request_context, request

logger = logging.getLogger("consortium.security")
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_SECRET_NAMES = re.compile(r"pass|token|secret|code|cookie|session|csrf|key", re.I)


def request_id() -> str | None:
    if not has_request_context():
        return None
    if "request_id" not in g:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _SANE_ID.fullmatch(given) else secrets.token_hex(8)
    return g.request_id


def event(name: str, **fields: Any) -> None:
    """Log one security event (`auth.login_failed`, `access.refused`, `csrf.failed`…)."""
    record: dict[str, Any] = {"event": name, "request_id": request_id()}
    if has_request_context():
        record.update(ip=request.remote_addr, method=request.method, path=request.path)
    for key, value in fields.items():
        if not _SECRET_NAMES.search(key):
            record[key] = value if isinstance(value, int | float | bool | None) else str(value)
    logger.info(json.dumps(record, ensure_ascii=False, sort_keys=True))


def _echo_request_id(response: Response) -> Response:
    rid = request_id()
    if rid:
        response.headers.setdefault("X-Request-ID", rid)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_echo_request_id)
    if not logger.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
