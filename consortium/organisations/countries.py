"""The consortium's seven countries, named in the reader's language through CLDR."""

from __future__ import annotations

from flask_babel import get_locale

CODES = ("AL", "BA", "HR", "ME", "MK", "RS", "XK")  # Kosovo is XK (a user-assigned code)


def name(code: str) -> str:
    locale = get_locale()
    names = locale.territories if locale is not None else {}
    return names.get(code, code)


def choices() -> list[tuple[str, str]]:
    return sorted(((code, name(code)) for code in CODES), key=lambda c: c[1])
