"""Dates and times as the region writes them, where CLDR's data says otherwise.

Albanian in Kosovo and Albania writes the 24-hour clock ("15:07"), while CLDR's `sq` uses
a 12-hour clock with "m.d." ("3:07 m.d."). Everything else is CLDR through Flask-Babel.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import format_datetime as babel_datetime
from flask_babel import format_time as babel_time

from consortium.i18n import current_language

DATETIME_PATTERNS: dict[str, dict[str, str]] = {
    "sq": {"short": "d.M.yy, HH:mm", "medium": "d MMM y, HH:mm:ss", "long": "d MMMM y, HH:mm"},
}
TIME_PATTERNS: dict[str, dict[str, str]] = {
    "sq": {"short": "HH:mm", "medium": "HH:mm:ss", "long": "HH:mm:ss z"},
}


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    pattern = DATETIME_PATTERNS.get(current_language().code, {}).get(format, format)
    return babel_datetime(value, pattern)


def format_time(value: time | datetime | date | Any, format: str = "medium") -> str:
    pattern = TIME_PATTERNS.get(current_language().code, {}).get(format, format)
    return babel_time(value, pattern)
