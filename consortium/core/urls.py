"""Helpers for addresses: safe redirects after sign-in, absolute links for e-mails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app, g, has_request_context, request, url_for

from consortium.i18n import link_language


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no `//` or `/\\` tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ch in target for ch in "\\\r\n\t") or "%2f" in target[:4].lower():
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for e-mails, built against PUBLIC_URL (a mail has no request)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if has_request_context():
        # PUBLIC_URL already holds the path the site is served under (its script root).
        return base + url_for(endpoint, **values)[len(request.script_root) :]
    with current_app.test_request_context("/", base_url=base + "/"):
        return url_for(endpoint, _external=True, **values)


def next_page_url(cursor: str | None) -> str | None:
    """This list's address for the page after `cursor` (a keyset list's `after`), its
    filters kept; None on the last page."""
    if not cursor:
        return None
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k not in ("after", "lang")}
    return url_for(request.endpoint or "", **args, after=cursor)


_MARK = "addressmark"
# What werkzeug's converters leave unquoted in a path segment (`BaseConverter.to_url`).
_SAFE = "!$&'()*+,/:;=@"


def addresses(endpoint: str, argument: str, **values: Any) -> Callable[[Any], str]:
    """`url_for(endpoint, **{argument: value}, **values)` for the many values of a list, the
    address built once around a mark: werkzeug builds each address anew (its rule, the
    language's default, the converter), which a page of fifty cards with two links each
    paid a hundred times (issue 13). For slug and id arguments, whose converter quotes the
    value as it is. Kept for the request, by the reader's language as well (a mail rendered
    in its recipient's language builds its own), so an API body built item by item asks
    for it per item."""
    key = (endpoint, argument, link_language(), *sorted(values.items()))
    kept: dict = g.setdefault("consortium_addresses", {})
    build = kept.get(key)
    if build is None:
        arguments: dict[str, Any] = {**values, argument: _MARK}
        head, tail = url_for(endpoint, **arguments).split(_MARK, 1)
        build = kept[key] = lambda value: head + quote(str(value), safe=_SAFE) + tail
    return build


URL_CACHE_SIZE = 4096


def remembered_url_for(endpoint: str, **values: Any) -> str:
    """`url_for` for templates, each address kept once built: every page's layout builds the
    same few dozen (menus, footer, static files), and werkzeug builds each anew (~8 µs, a
    seventh of the home page, issue 13). Kept per app, by endpoint, values, the reader's
    language (the default of every `lang` argument) and the path the site is served under;
    relative endpoints and `_external`/`_anchor`-style arguments are built every time."""
    if endpoint.startswith(".") or any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    try:
        key = (endpoint, link_language(), request.script_root, *sorted(values.items()))
        kept: dict = current_app.extensions.setdefault("consortium.urls", {})
        found = kept.get(key)
    except TypeError:  # a value that cannot be a key (a list of filters)
        return url_for(endpoint, **values)
    if found is None:
        found = url_for(endpoint, **values)
        if len(kept) >= URL_CACHE_SIZE:
            kept.clear()
        kept[key] = found
    return found
