"""The texts the app ships: every page in every language, each in its own language."""

from __future__ import annotations

import re

import pytest

from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import lat_to_cyr
from consortium.pages import defaults
from consortium.pages.schemas import SLUGS

SHIPPED = defaults.shipped()
WRITTEN = [code for code in LANGUAGES if code != "sr-cyrl"]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_every_page_has_a_file_in_every_written_language():
    for slug in SLUGS:
        for code in WRITTEN:
            assert (defaults.DATA / f"{slug}.{code}.md").is_file(), (slug, code)
    assert not list(defaults.DATA.glob("*.sr-cyrl.md")), "Cyrillic is generated from Latin"


@pytest.mark.parametrize("slug", SLUGS)
def test_serbian_cyrillic_is_the_latin_text_transliterated(slug):
    latin, cyrillic = SHIPPED[slug]["sr-latn"], SHIPPED[slug]["sr-cyrl"]
    assert cyrillic == defaults.to_cyrillic(latin)
    assert cyrillic.title == lat_to_cyr(latin.title)
    # Addresses, the brand and the names of tools stay in Latin letters.
    for kept in ("secretariat@consortium.example", "Consortium", "WCAG", "Nu HTML Checker"):
        if kept in latin.body:
            assert kept in cyrillic.body, kept


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("code", WRITTEN)
def test_each_text_is_short_and_names_the_secretariat_where_it_should(slug, code):
    text = SHIPPED[slug][code]
    assert 150 <= len(re.findall(r"[^\W\d_]{2,}", text.body)) <= 330, (slug, code)
    if slug in ("contact", "privacy", "accessibility"):
        assert "<secretariat@consortium.example>" in text.body


# Ekavian Serbian, ijekavian Bosnian, Croatian and Montenegrin (GLOSSARY.md, Pitfalls).
EKAVIAN = {"pre", "posle", "gde", "mesec", "bezbednost", "bezbednosti", "videli", "menjaju"}
IJEKAVIAN = {"prije", "poslije", "gdje", "mjesec", "bezbjednost", "vidjeli", "mijenjaju"}


@pytest.mark.parametrize("slug", SLUGS)
def test_serbian_is_ekavian_and_the_others_ijekavian(slug):
    assert not _words(SHIPPED[slug]["sr-latn"].body) & IJEKAVIAN
    for code in ("bs", "hr", "cnr"):
        assert not _words(SHIPPED[slug][code].body) & EKAVIAN, code


@pytest.mark.parametrize("slug", SLUGS)
def test_croatian_uses_croatian_words(slug):
    words = _words(SHIPPED[slug]["hr"].body)
    assert not words & {"saradnja", "bezbjednost", "šta", "ko", "sekretarijat", "konzorcijum"}


@pytest.mark.parametrize("slug", SLUGS)
def test_macedonian_never_uses_serbian_letters(slug):
    text = SHIPPED[slug]["mk"]
    assert not set("ђћЂЋ") & set(text.title + text.body)
