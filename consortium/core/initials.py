"""Avatars' and logos' initials and colours, for `macros/ui.html`.

In Python rather than in the macros: a Jinja loop over every byte of every name on a list
of twenty experts cost more than the rest of the page's markup (issue 13's profile).
"""

from __future__ import annotations


def initials(name: str | None) -> str:
    """The first letter of the first and of the last word ("Arbërie Krasniqi" → AK,
    "Никола Ђорђевић" → НЂ); "?" for an empty name."""
    words = (name or "").split()
    out = ""
    for word in [words[0], words[-1]] if len(words) > 1 else words[:1]:
        out += next((char for char in word if char.isalnum()), "")
    return (out or "?").upper()


def colour(name: str | None) -> int:
    """One of eight colours, always the same for the same name (not Python's `hash()`,
    which changes from one process to the next)."""
    h = 0
    for byte in (name or "").encode("utf-8"):
        h = (h * 31 + byte) % 65521
    return h % 8


def org_initials(short_name: str | None, name: str | None) -> str:
    """The short name when it is short ("QKSS"), else the first letters of the name's words
    that start with a capital ("Qendra Kosovare" → QK)."""
    short = (short_name or "").strip()
    if short and len(short) <= 4 and " " not in short:
        return short.upper()
    words = (short or name or "").split()
    out = ""
    for word in words:
        if len(out) >= 3:
            break
        if word[:1].isupper():
            out += word[:1]
    if len(out) < 2 and len(words) > 1:
        out = words[0][:1] + words[-1][:1]
    return (out or (words[0][:2] if words else "?")).upper()
