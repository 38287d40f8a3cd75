"""Turning a policy's answer into a refusal; the policies themselves live in each domain."""

from __future__ import annotations

from werkzeug.exceptions import Forbidden, NotFound


def require(allowed: bool, *, hide: bool = False) -> None:
    """Raise unless allowed: 404 when the user may not know the object exists, else 403."""
    if not allowed:
        raise NotFound() if hide else Forbidden()
