"""The one search index on a table of the region's names and places, in both scripts, with
and without diacritics, on SQLite (FTS5) and PostgreSQL (tsvector, pg_trgm) alike."""

from __future__ import annotations

import pytest

from consortium import searchindex
from consortium.db import db

DOCUMENTS = {
    1: ("Ђорђе Ђорђевић", "Београд, Србија"),
    2: ("Đorđe Đorđević", "Novi Sad"),
    3: ("Arbërie Krasniqi", "Prishtinë, Kosovë"),
    4: ("Марија Трајковска", "Скопје, Северна Македонија"),
    5: ("Ѓорѓи Ќостов", "Битола"),
    6: ("Amra Hodžić", "Sarajevo, Bosna i Hercegovina"),
    7: ("Ivana Horvat", "Zagreb, Hrvatska"),
    8: ("Vesna Vujošević", "Podgorica, Crna Gora"),
    9: ("Blerta Gashi", "Kosova, Tiranë"),
    10: ("Kosovo Centre for Security Studies", "Priština"),
    11: ("Љубица Њежић", "Ниш"),
    12: ("Džemal Šehić", "Tuzla"),
}

CASES = [
    ("Beograd", {1}),
    ("београд", {1}),
    ("djordjevic", {1, 2}),
    ("Đorđević", {1, 2}),
    ("ЂОРЂЕВИЋ", {1, 2}),
    ("Kosove", {3}),
    ("kos", {3, 9, 10}),
    ("Skopje", {4}),
    ("gjorgji", {5}),
    ("kjostov", {5}),
    ("Bitola", {5}),
    ("hodzic", {6}),
    ("Ходжић", {6}),
    ("ljubica njezic", {11}),
    ("Nis", {11}),
    ("dzemal sehic", {12}),
    ("Џемал", {12}),
    ("Pristina", {10}),
    ("prishtine", {3}),
    ("vujosevic podgorica", {8}),
    ("trajk", {4}),
    ("Zagreb Horvat", {7}),
    ("sarajevo hercegovina", {6}),
]

TYPOS = [
    ("djordjevik", {1, 2}),
    ("krasnik", {3}),
    ("trajkovka", {4}),
    ("horvath", {7}),
]


@pytest.fixture
def indexed(app):
    for object_id, (name, place) in DOCUMENTS.items():
        searchindex.put(searchindex.Document("person", object_id, [name], [place]))
    db.session.commit()


@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_every_word_starts_a_word_whatever_the_script_or_marks(indexed, typed, expected):
    assert set(db.session.scalars(searchindex.matching("person", typed))) == expected


@pytest.mark.parametrize(("typed", "expected"), TYPOS)
def test_a_small_typo_in_a_name_still_finds_it(indexed, typed, expected):
    assert set(db.session.scalars(searchindex.matching("person", typed))) == set()
    assert set(searchindex.fuzzy("person", typed)) == expected


def test_a_word_that_no_name_is_near_finds_nothing(indexed):
    assert searchindex.fuzzy("person", "xylophone") == []
    assert searchindex.fuzzy("person", "kos") == []  # too short to guess at


def test_an_update_replaces_what_was_indexed_and_drop_removes_it(indexed):
    searchindex.put(searchindex.Document("person", 7, ["Ivana Horvat"], ["Split"]))
    assert set(db.session.scalars(searchindex.matching("person", "zagreb"))) == set()
    assert set(db.session.scalars(searchindex.matching("person", "split"))) == {7}
    searchindex.drop("person", 7)
    assert set(db.session.scalars(searchindex.matching("person", "horvat"))) == set()


def test_kinds_and_audiences_are_kept_apart(indexed):
    searchindex.put(
        searchindex.Document("statement", 1, ["Nacrt o Beogradu"], audience=["staff:4"])
    )
    db.session.flush()
    kinds = ["person", "statement"]
    seen = searchindex.hits("beograd", kinds=kinds, audience={"public"})
    assert [(h.kind, h.ids) for h in seen] == [("person", [1])]
    staff = searchindex.hits("beograd", kinds=kinds, audience={"public", "staff:4"})
    assert [(h.kind, h.ids) for h in staff] == [("person", [1]), ("statement", [1])]


def test_close_spellings_only_when_nothing_matches_as_typed(indexed):
    """A guess is for a search that found nothing: beside a kind found as typed, another
    kind's near spellings are not offered."""
    searchindex.put(searchindex.Document("statement", 1, ["Horvath and the border police"]))
    db.session.flush()
    kinds = ["person", "statement"]
    as_typed = searchindex.hits("horvath", kinds=kinds, audience={"public"})
    assert [(h.kind, h.ids, h.fuzzy) for h in as_typed] == [("statement", [1], False)]
    # Positive control: with nothing found as typed, both kinds' close spellings come.
    guessed = searchindex.hits("horvatth", kinds=kinds, audience={"public"})
    assert [(h.kind, h.ids, h.fuzzy) for h in guessed] == [
        ("person", [7], True),
        ("statement", [1], True),
    ]


def test_one_query_shape_serves_every_audience_and_word(indexed):
    """The query is built once per shape; the words and audiences are its parameters, so
    a second search must not see the first one's."""
    searchindex.put(searchindex.Document("person", 20, ["Ana Beogradska"], audience=["staff:9"]))
    db.session.flush()
    first = searchindex.hits("beograd", kinds=["person"], audience={"public"})
    other = searchindex.hits("beograd", kinds=["person"], audience={"staff:9"})
    words = searchindex.hits("zagreb", kinds=["person"], audience={"public"})
    assert [h.ids for h in first] == [[1]]
    assert [h.ids for h in other] == [[20]]
    assert [h.ids for h in words] == [[7]]


def test_odd_input_is_harmless(indexed):
    for typed in ('"', "*", "a OR b", "NEAR(", "-", "'; drop table x; --", "\x00", "ё" * 300):
        found = searchindex.matching("person", typed)
        if found is not None:
            assert list(db.session.scalars(found)) == []
        assert searchindex.fuzzy("person", typed) == []
