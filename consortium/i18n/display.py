"""Picking stored content for the current reader, for views and templates."""

from __future__ import annotations

from collections.abc import Mapping

from consortium.i18n import current_language
from consortium.i18n.content import Shown, resolve


def shown(texts: Mapping | None, original: str | None) -> Shown | None:
    """The best stored text for this reader (see content.fallback_chain), or None."""
    return resolve(texts or {}, current_language().code, original)


def text(texts: Mapping | None, original: str | None, default: str = "") -> str:
    result = shown(texts, original)
    return result.value if result is not None else default
