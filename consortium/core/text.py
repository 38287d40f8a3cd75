"""Checks on short texts people type (names, titles) shared by every domain."""

from __future__ import annotations

import re
import unicodedata


def has_control_characters(value: str | None) -> bool:
    """Line breaks, tabs and other control characters have no place in a name or a subject."""
    if not value:
        return False
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in value)


def single_line(value: str) -> str:
    """Collapse all whitespace, so a value is safe in a mail header or a one-line label."""
    return " ".join(value.split())


def excerpt(value: str | None, limit: int = 200) -> str:
    """The start of a plain text on one line, cut at a word and marked "…" when cut."""
    flat = single_line(value or "")
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,.;:") + "…"


def _script(ch: str) -> str | None:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK…)."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def mixes_scripts(value: str | None) -> bool:
    """A word with letters of two scripts (a Cyrillic "а" inside "Kosova") is how look-alike
    names are made; no real name in the region's languages writes one word that way."""
    for word in (value or "").split():
        scripts = {_script(ch) for ch in word} - {None}
        if len(scripts) > 1:
            return True
    return False


# Lower-case letters of other scripts, and rare Latin ones, that pass for plain Latin
# letters (addresses are compared in lower case).
_PASS_FOR_LATIN = frozenset(
    "аеорсухіјѕԁԛԝһӏ"  # Cyrillic
    "αικνορυχ"  # Greek
    "ıȷɑɡɩɪʏʀɴ"  # Latin, but not the letters they look like
)
_ADDRESS_PARTS = re.compile(r"[@.]")


def lookalike_address(value: str | None) -> bool:
    """An e-mail address that can pass for another: a part (the local part or a label of the
    domain) that mixes scripts, that is written in another script only with letters that look
    Latin ("рау" in Cyrillic), or that uses a rare Latin letter looking like a common one
    (dotless "ı"). Compatibility forms (full-width "ｅ") are folded first, as `email_key`
    folds them; a part wholly in another script (пример.срб) is an address like any other."""
    text = unicodedata.normalize("NFKC", value or "").casefold()
    for part in _ADDRESS_PARTS.split(text):
        letters = [ch for ch in part if ch.isalpha()]
        scripts = {_script(ch) for ch in letters}
        if len(scripts) > 1:
            return True
        if scripts == {"LATIN"} and any(ch in _PASS_FOR_LATIN for ch in letters):
            return True
        if letters and scripts != {"LATIN"} and all(ch in _PASS_FOR_LATIN for ch in letters):
            return True
    return False
