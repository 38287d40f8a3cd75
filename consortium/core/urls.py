"""Helpers for addresses: safe redirects after sign-in."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no `//` or `/\\` tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ch in target for ch in "\\\r\n\t") or "%2f" in target[:4].lower():
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


class IdConverter(IntegerConverter):
    """A database id: a positive integer that fits the column, else an ordinary 404."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


MAX_ID = 2**31 - 1
