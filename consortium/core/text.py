"""Checks on short texts people type (names, titles) shared by every domain."""

from __future__ import annotations

import unicodedata


def has_control_characters(value: str | None) -> bool:
    """Line breaks, tabs and other control characters have no place in a name or a subject."""
    if not value:
        return False
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in value)


def single_line(value: str) -> str:
    """Collapse all whitespace, so a value is safe in a mail header or a one-line label."""
    return " ".join(value.split())
