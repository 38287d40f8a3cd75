"""Serbian transliteration and the search folding key."""

from __future__ import annotations

import pytest

from consortium.i18n.text import (
    ACRONYMS,
    CYRILLIC_ACRONYMS,
    cyr_to_lat,
    fold,
    fold_tokens,
    lat_to_cyr,
    matches,
    query_words,
)

# --- cyr_to_lat ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cyr", "lat"),
    [
        ("абвгдђежзијклљмнњопрстћуфхцчџш", "abvgdđežzijklljmnnjoprstćufhcčdžš"),
        ("Ђорђевић", "Đorđević"),
        ("Љубљана Његош џемпер", "Ljubljana Njegoš džemper"),
        ("Љубица", "Ljubica"),
        ("ЉУБОВ", "LJUBOV"),
        ("ЊЕГОШ", "NJEGOŠ"),
        ("ЏЕП", "DŽEP"),
        ("ЊУ ЈОРК", "NJU JORK"),  # a two-letter word in capitals is capitals too
        ("ЉУБОВ и Љубов", "LJUBOV i Ljubov"),
        ("Њ.", "Nj."),  # a lone capital is an initial: title case
        ("Џамија, Ћуприја; Шабац!", "Džamija, Ćuprija; Šabac!"),
        ("Kosovë и P/CVE", "Kosovë i P/CVE"),  # Latin left alone
        ("2024. године, 15:30", "2024. godine, 15:30"),
        ("Ѓорѓи", "Ѓorѓi"),  # Macedonian letters are not Serbian: left alone
        ("", ""),
    ],
)
def test_cyr_to_lat(cyr: str, lat: str) -> None:
    assert cyr_to_lat(cyr) == lat


# --- lat_to_cyr ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "cyr"),
    [
        ("abvgdđežzijklljmnnjoprstćufhcčdžš", "абвгдђежзијклљмнњопрстћуфхцчџш"),
        ("Ljubljana", "Љубљана"),
        ("NJEGOŠ", "ЊЕГОШ"),
        ("Njegoš", "Његош"),
        ("Džamija", "Џамија"),
        ("DŽAMIJA", "ЏАМИЈА"),
        ("džep", "џеп"),
        ("Đorđević", "Ђорђевић"),
        ("LJUBOV", "ЉУБОВ"),
        ("dz", "дз"),  # not a Serbian digraph
        # Prefix + stem: two letters, not a digraph.
        ("injekcija", "инјекција"),
        ("Injekcija", "Инјекција"),
        ("INJEKCIJA", "ИНЈЕКЦИЈА"),
        ("injektor", "инјектор"),
        ("konjunkcija", "конјункција"),
        ("konjugacija", "конјугација"),
        ("nadživeti", "надживети"),
        ("nadživjeti", "надживјети"),
        ("podžupan", "поджупан"),
        ("podželudačna", "поджелудачна"),
        ("antikonjunkturni", "антиконјунктурни"),  # the stem after a further prefix
        ("Tanjug", "Тањуг"),  # the news agency: one letter, as Serbian writes it
        # ...while the ordinary words with the same letters keep their digraph.
        ("konj", "коњ"),
        ("konjušnica", "коњушница"),
        ("knjiga", "књига"),
        ("panj", "пањ"),
        ("nadžak", "наџак"),
        ("odžak", "оџак"),
        # Unicode digraph code points.
        ("ǅamija ǈubav ǌiva", "Џамија Љубав њива"),
    ],
)
def test_lat_to_cyr_words(lat: str, cyr: str) -> None:
    assert lat_to_cyr(lat) == cyr


@pytest.mark.parametrize(
    ("lat", "cyr"),
    [
        ("P/CVE i SALW", "P/CVE и SALW"),
        (
            "FTF, EU, NATO, OSCE, UN, ODIHR, DCAF i URL",
            "FTF, ЕУ, НАТО, OSCE, УН, ODIHR, DCAF и URL",
        ),
        ("SAD i EU", "САД и ЕУ"),  # acronyms Serbian writes in Cyrillic
        ("i/ili", "и/или"),
        ("Kosovë i Prishtinë", "Kosovë и Prishtinë"),  # Albanian letters
        ("Quo vadis", "Quo вадис"),  # q: not a Serbian word
        ("Wi-Fi mreža", "Wi-Fi мрежа"),  # a joined word stays whole
        ("crno-beli i NATO-a", "црно-бели и НАТО-а"),
        ("članice Consortium-a", "чланице Consortium-a"),  # the brand, inflected
        ("COVID-19 i I-II", "COVID-19 и I-II"),
        ("XXI vek i II svetski rat", "XXI век и II светски рат"),  # Roman numerals
        ("I ja", "И ја"),  # a lone I is the conjunction
        ("iPhone i eUprava", "iPhone и eUprava"),
        ("COVID19 i H2O", "COVID19 и H2O"),
        ("Vidi https://example.org/o-nama?x=1 sada", "Види https://example.org/o-nama?x=1 сада"),
        ("Pišite na info@partner.rs ili posetite www.osce.org.", None),
        ("Sajt partneri.eu je nov.", "Сајт partneri.eu је нов."),
        ("<strong>Jaka</strong>&nbsp;reč", "<strong>Јака</strong>&nbsp;реч"),
        ("Broj 2024.", "Број 2024."),
    ],
)
def test_lat_to_cyr_keeps_latin(lat: str, cyr: str | None) -> None:
    if cyr is None:
        cyr = "Пишите на info@partner.rs или посетите www.osce.org."
    assert lat_to_cyr(lat) == cyr


def test_lat_to_cyr_keep_argument() -> None:
    assert lat_to_cyr("Projekat Balkan", keep={"Balkan"}) == "Пројекат Balkan"
    # A joined name is kept as written, though neither half is listed alone.
    assert lat_to_cyr("Mreža Novi-Balkan", keep={"Novi-Balkan"}) == "Мрежа Novi-Balkan"


def test_acronyms_listed() -> None:
    assert {"P/CVE", "FTF", "SALW", "OSCE", "ODIHR", "DCAF", "URL"} <= ACRONYMS
    assert {"EU", "NATO", "UN"} <= set(CYRILLIC_ACRONYMS) and not {"EU", "NATO", "UN"} & ACRONYMS


def test_lat_to_cyr_combining_caron() -> None:
    assert lat_to_cyr("c\u030cas") == "час"


SERBIAN_LATIN = [
    "injekcija",
    "konjunkcija",
    "nadživeti",
    "nadživjeti",
    "podžupan",
    "konjugacija",
    "Ljubljana",
    "NJEGOŠ",
    "Njegoš",
    "Džamija",
    "DŽAMIJA",
    "džep",
    "Đorđević",
    "ĐORĐEVIĆ",
    "Ćuprija i Šabac",
    "Ljudska prava su univerzalna, nedeljiva i međusobno zavisna.",
    "Konferencija o P/CVE i SALW u Beogradu, 12. maja 2025. u 10:00.",
    "Nadživeo je sve: injekcije, konjunkture i podžupane.",
    "LJUBAV, NJIVA I DŽEP",
    "Prijave šaljite na info@partner.rs (rok: 1. jun).",
    "Čačak, Niš, Užice, Zaječar, Đakovica, Pančevo",
    "<p>Jaka <em>reč</em>&nbsp;i XXI vek</p>",
]


@pytest.mark.parametrize("text", SERBIAN_LATIN)
def test_round_trip(text: str) -> None:
    assert cyr_to_lat(lat_to_cyr(text)) == text


@pytest.mark.parametrize("text", SERBIAN_LATIN)
def test_lat_to_cyr_leaves_no_serbian_latin_in_words(text: str) -> None:
    converted = lat_to_cyr(text)
    assert not any(ch in "čćđšžČĆĐŠŽ" for ch in converted)


# --- fold ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("Beograd", "Београд", "BEOGRAD", "beograd", "БЕОГРАД"),
        ("Kosove", "Kosovë", "KOSOVË"),
        ("Prishtine", "Prishtinë"),
        ("djordjevic", "Đorđević", "Ђорђевић", "Djordjević", "ĐORĐEVIĆ"),
        ("Skopje", "Скопје"),
        ("Gjorgji", "Ѓорѓи"),
        ("Kjose", "Ќосе"),
        ("Dzvezda", "Ѕвезда"),
        ("Dzamija", "Џамија", "Džamija", "ǅamija"),
        ("Ljubljana", "Љубљана"),
        ("Njujork", "Њујорк"),
        ("Cacak", "Čačak", "Чачак"),
        ("Sabac", "Šabac", "Шабац"),
        ("Uzice", "Užice", "Ужице"),
        ("Ceshtje", "Çështje"),
        ("Ćuprija", "Ћуприја", "cuprija"),
    ],
)
def test_fold_equivalents(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Београд", "beograd"),
        ("Ђорђевић", "djordjevic"),
        ("Ѓорѓе Ќерка Ѕвезда", "gjorgje kjerka dzvezda"),
        ("  Kosovë \t\n i   Srbija ", "kosove i srbija"),
        ("Straße", "strasse"),
        ("Ｆｕｌｌ　ｗｉｄｔｈ", "full width"),  # NFKC
        ("10 €", "10 eur"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_serbian_dj_apart_from_macedonian_gj() -> None:
    assert fold("ђ") == "dj"
    assert fold("ѓ") == "gj"


@pytest.mark.parametrize("text", ["Ђорђевић", "Kosovë", "10 €", "Ѓорѓе", "北京", "Straße"])
def test_fold_is_idempotent_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded


# --- fold_tokens and matches -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Ђорђевић-Петровић, 2024.", ["djordjevic", "petrovic", "2024"]),
        ("Prishtinë, Kosovë", ["prishtine", "kosove"]),
        ("O'Brien", ["o", "brien"]),
        ("   ", []),
    ],
)
def test_fold_tokens(text: str, tokens: list[str]) -> None:
    assert fold_tokens(text) == tokens


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("Beograd", "Конференција у Београду", True),
        ("beog", "Београд", True),
        ("Kosove", "Prishtinë, Kosovë", True),
        ("kosov prisht", "Prishtinë, Kosovë", True),
        ("djordjevic", "Марко Ђорђевић", True),
        ("ĐORĐ", "Marko Djordjević", True),
        ("Скопје", "Skopje, North Macedonia", True),
        ("ljudska prava", "Ljudska prava i slobode", True),
        ("prava ljudska", "Ljudska prava", True),  # order does not matter
        ("beograd novi", "Beograd", False),  # every query word must match
        ("grad", "Beograd", False),  # prefix of a word, not a substring
        ("", "anything", True),
        ("x", "", False),
    ],
)
def test_matches(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected


def test_a_search_box_reads_at_most_eight_distinct_words() -> None:
    assert query_words("one two three four five six seven eight nine ten") == [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
    ]
    assert query_words(None) == query_words("") == query_words("%  _ !") == []
