"""Dates, times and country names as each language of the region writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from consortium.i18n import in_language
from consortium.i18n.formats import format_datetime, format_time
from consortium.organisations import countries

AFTERNOON = datetime(2026, 12, 1, 14, 7, tzinfo=UTC)  # 15:07 in Prishtina and Belgrade


def test_albanian_uses_the_24_hour_clock(app):
    with in_language("sq"):
        assert format_time(AFTERNOON, "short") == "15:07"
        short = format_datetime(AFTERNOON, "short")
        assert "15:07" in short and "m.d." not in short
    with in_language("en"):  # the positive control: English keeps CLDR's 12-hour clock
        assert format_time(AFTERNOON, "short") == "3:07\u202fPM"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("cnr", "Sjeverna Makedonija"),
        ("bs", "Sjeverna Makedonija"),
        ("hr", "Sjeverna Makedonija"),
        ("sr-latn", "Severna Makedonija"),
        ("sr-cyrl", "Северна Македонија"),
        ("sq", "Maqedonia e Veriut"),
    ],
)
def test_north_macedonia_agrees_with_the_language(app, lang, expected):
    with app.test_request_context(f"/{lang}/"), in_language(lang):
        assert countries.name("MK") == expected
