"""The consortium's seven countries, named in the reader's language through CLDR."""

from __future__ import annotations

from flask_babel import get_locale

from consortium.i18n.languages import LANGUAGES

CODES = ("AL", "BA", "HR", "ME", "MK", "RS", "XK")  # Kosovo is XK (a user-assigned code)


# Where CLDR's name does not agree with the language: Montenegrin is ijekavian, but Babel
# reads it as Serbian (Latin, Montenegro), whose names are ekavian.
OWN_NAMES: dict[str, dict[str, str]] = {
    "sr_Latn_ME": {"MK": "Sjeverna Makedonija"},
}


def name(code: str) -> str:
    locale = get_locale()
    if locale is None:
        return code
    own = OWN_NAMES.get(str(locale), {})
    return own.get(code) or locale.territories.get(code, code)


def choices() -> list[tuple[str, str]]:
    """(code, name) in the reader's alphabet. For these seven names in the eight languages
    the code points' order is CLDR's (tests/organisations/test_countries.py checks it
    against ICU), so no worker loads ICU to sort them."""
    return sorted(((code, name(code)) for code in CODES), key=lambda c: c[1])


def every_name(code: str) -> list[str]:
    """The country's name in every interface language, for the search index: a reader
    finds partners by their country as they write it (Kosovo, Kosova, Косово)."""
    names = set()
    for language in LANGUAGES.values():
        own = OWN_NAMES.get(language.catalog, {}).get(code)
        names.add(own or language.locale.territories.get(code) or code)
    return sorted(names)
