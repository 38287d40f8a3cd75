"""Which translation of a piece of content a reader sees."""

from __future__ import annotations

import pytest

from consortium.i18n.content import ORDER, Shown, fallback_chain, is_missing, resolve
from consortium.i18n.languages import CODES

# --- fallback_chain --------------------------------------------------------------------


def test_order_is_the_interface_languages() -> None:
    assert set(ORDER) == set(CODES)


@pytest.mark.parametrize(
    ("wanted", "original", "chain"),
    [
        ("en", None, ["en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr"]),
        ("en", "mk", ["en", "mk", "sq", "sr-latn", "sr-cyrl", "bs", "hr", "cnr"]),
        ("sq", "hr", ["sq", "hr", "en", "sr-latn", "sr-cyrl", "mk", "bs", "cnr"]),
        ("mk", None, ["mk", "en", "sq", "sr-latn", "sr-cyrl", "bs", "hr", "cnr"]),
        ("hr", "sq", ["hr", "bs", "cnr", "sr-latn", "sr-cyrl", "sq", "en", "mk"]),
        ("bs", "en", ["bs", "hr", "cnr", "sr-latn", "sr-cyrl", "en", "sq", "mk"]),
        ("cnr", "mk", ["cnr", "sr-latn", "sr-cyrl", "bs", "hr", "mk", "en", "sq"]),
        ("sr-latn", None, ["sr-latn", "sr-cyrl", "cnr", "bs", "hr", "en", "sq", "mk"]),
        ("sr-cyrl", "sq", ["sr-cyrl", "sr-latn", "cnr", "bs", "hr", "sq", "en", "mk"]),
        ("hr", "bs", ["hr", "bs", "cnr", "sr-latn", "sr-cyrl", "en", "sq", "mk"]),
        ("en", "en", ["en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr"]),
    ],
)
def test_fallback_chain(wanted: str, original: str | None, chain: list[str]) -> None:
    assert fallback_chain(wanted, original) == chain


@pytest.mark.parametrize("wanted", ORDER)
@pytest.mark.parametrize("original", [None, *ORDER])
def test_fallback_chain_covers_every_language_once(wanted: str, original: str | None) -> None:
    chain = fallback_chain(wanted, original)
    assert sorted(chain) == sorted(ORDER)
    assert chain[0] == wanted


@pytest.mark.parametrize("wanted", ["de", "sr", "sr-Latn", "EN", ""])
def test_unknown_wanted_language(wanted: str) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        fallback_chain(wanted, None)
    with pytest.raises(ValueError, match="unknown language"):
        resolve({"en": "Hello"}, wanted, "en")


# --- resolve: one string ---------------------------------------------------------------

ALL = {
    "en": "Human rights",
    "sq": "Të drejtat e njeriut",
    "sr-latn": "Ljudska prava",
    "sr-cyrl": "Људска права",
    "mk": "Човекови права",
    "bs": "Ljudska prava (bs)",
    "hr": "Ljudska prava (hr)",
    "cnr": "Ljudska prava (cnr)",
}


@pytest.mark.parametrize("wanted", ORDER)
def test_own_language_first(wanted: str) -> None:
    shown = resolve(ALL, wanted, "en")
    assert shown == Shown(
        value=ALL[wanted],
        lang=wanted,
        source_lang=wanted,
        transliterated=False,
        is_requested=True,
        is_original=wanted == "en",
    )


def test_latin_serbian_reader_gets_cyrillic_transliterated() -> None:
    shown = resolve({"sr-cyrl": "Људска права", "cnr": "x", "en": "y"}, "sr-latn", "en")
    assert shown == Shown("Ljudska prava", "sr-latn", "sr-cyrl", True, True, False)


def test_cyrillic_serbian_reader_gets_latin_transliterated() -> None:
    shown = resolve({"sr-latn": "Injekcija i NATO", "cnr": "x"}, "sr-cyrl", "sr-latn")
    assert shown == Shown("Инјекција и НАТО", "sr-cyrl", "sr-latn", True, True, True)


@pytest.mark.parametrize(
    ("wanted", "available", "source"),
    [
        ("hr", ["bs", "cnr", "sr-latn", "en"], "bs"),
        ("hr", ["cnr", "sr-latn", "en"], "cnr"),
        ("hr", ["sr-latn", "sr-cyrl", "en"], "sr-latn"),
        ("bs", ["hr", "cnr", "en"], "hr"),
        ("bs", ["cnr", "sr-latn"], "cnr"),
        ("bs", ["sr-latn", "sr-cyrl"], "sr-latn"),
        ("cnr", ["sr-latn", "bs", "hr"], "sr-latn"),
        ("cnr", ["bs", "hr", "en"], "bs"),
        ("cnr", ["hr", "en"], "hr"),
        ("sr-latn", ["cnr", "bs", "hr"], "cnr"),
        ("sr-latn", ["bs", "hr"], "bs"),
        ("sr-latn", ["hr", "en"], "hr"),
        ("sr-cyrl", ["cnr", "bs"], "cnr"),
        ("sr-cyrl", ["bs", "hr"], "bs"),
        ("sr-cyrl", ["hr", "en"], "hr"),
    ],
)
def test_neighbours_shown_as_written(wanted: str, available: list[str], source: str) -> None:
    shown = resolve({lang: ALL[lang] for lang in available}, wanted, "en")
    assert shown is not None
    assert (shown.value, shown.lang, shown.source_lang) == (ALL[source], source, source)
    assert not shown.transliterated
    assert not shown.is_requested


@pytest.mark.parametrize("wanted", ["bs", "hr", "cnr"])
def test_latin_neighbour_gets_cyrillic_serbian_in_latin(wanted: str) -> None:
    shown = resolve({"sr-cyrl": "Људска права", "en": "Human rights"}, wanted, "sr-cyrl")
    assert shown == Shown("Ljudska prava", "sr-latn", "sr-cyrl", True, False, True)


@pytest.mark.parametrize("wanted", ["en", "sq", "mk"])
def test_other_readers_get_cyrillic_serbian_as_written(wanted: str) -> None:
    shown = resolve({"sr-cyrl": "Људска права"}, wanted, "sr-cyrl")
    assert shown == Shown("Људска права", "sr-cyrl", "sr-cyrl", False, False, True)


@pytest.mark.parametrize(
    ("wanted", "available", "original", "source"),
    [
        ("en", ["sq", "mk"], "mk", "mk"),  # the original before the fixed order
        ("sq", ["mk", "en", "hr"], "hr", "hr"),
        ("hr", ["sq", "en", "mk"], "sq", "sq"),  # no neighbour: the original
        ("mk", ["sq", "en"], "sq", "sq"),
        ("mk", ["sq", "en"], None, "en"),  # then English
        ("sq", ["hr", "en"], "cnr", "en"),  # the original is missing too
        ("en", ["cnr", "mk", "sq"], None, "sq"),  # then the fixed order
        ("sq", ["cnr", "mk"], None, "mk"),
        ("mk", ["cnr", "hr"], "de", "hr"),
    ],
)
def test_original_then_english_then_fixed_order(
    wanted: str, available: list[str], original: str | None, source: str
) -> None:
    shown = resolve({lang: ALL[lang] for lang in available}, wanted, original)
    assert shown is not None
    assert shown.source_lang == shown.lang == source
    assert shown.is_original is (source == original)
    assert not shown.is_requested


def test_unknown_stored_language_beats_nothing() -> None:
    shown = resolve({"de": "Menschenrechte"}, "en", None)
    assert shown is not None
    assert (shown.value, shown.lang) == ("Menschenrechte", "de")


def test_original_outside_the_interface_languages() -> None:
    shown = resolve({"de": "Menschenrechte", "sq": "x"}, "en", "de")
    assert shown is not None
    assert shown.source_lang == "de"
    assert shown.is_original


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", None])
def test_blank_counts_as_missing(blank: str | None) -> None:
    texts = {"sr-latn": blank, "sr-cyrl": blank, "cnr": "Tekst"}
    shown = resolve(texts, "sr-latn", "sr-latn")  # type: ignore[arg-type]
    assert shown is not None
    assert shown.source_lang == "cnr"


@pytest.mark.parametrize("texts", [{}, {"en": ""}, {"en": "  ", "sq": None}])
def test_nothing_available(texts: dict[str, str | None]) -> None:
    assert resolve(texts, "en", "en") is None  # type: ignore[arg-type]


# --- resolve: multi-field content ------------------------------------------------------


def test_mapping_transliterated_field_by_field() -> None:
    texts = {"sr-cyrl": {"title": "Џамија", "body": "Ђорђевић у Љубљани", "note": None}}
    shown = resolve(texts, "sr-latn", "sr-cyrl")
    assert shown is not None
    assert shown.value == {"title": "Džamija", "body": "Đorđević u Ljubljani", "note": None}
    assert (shown.lang, shown.source_lang, shown.transliterated) == ("sr-latn", "sr-cyrl", True)


def test_mapping_to_cyrillic() -> None:
    texts = {"sr-latn": {"title": "Konjunkcija", "body": ""}}
    shown = resolve(texts, "sr-cyrl", None)
    assert shown is not None
    assert shown.value == {"title": "Конјункција", "body": ""}


def test_mapping_with_all_fields_blank_is_missing() -> None:
    texts = {
        "hr": {"title": "", "body": None},
        "bs": {"title": " ", "body": "\n"},
        "cnr": {"title": "Naslov", "body": None},
    }
    shown = resolve(texts, "hr", "hr")
    assert shown is not None
    assert shown.source_lang == "cnr"
    assert shown.value == {"title": "Naslov", "body": None}


def test_mapping_not_transliterated_is_returned_as_stored() -> None:
    fields = {"title": "Naslov", "body": "Tekst"}
    shown = resolve({"bs": fields}, "hr", "bs")
    assert shown is not None
    assert shown.value == fields
    assert not shown.transliterated


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        (None, True),
        ("", True),
        (" \t\n", True),
        ("x", False),
        ({}, True),
        ({"title": None, "body": "  "}, True),
        ({"title": None, "body": "Tekst"}, False),
    ],
)
def test_is_missing(value: str | dict[str, str | None] | None, missing: bool) -> None:
    assert is_missing(value) is missing
