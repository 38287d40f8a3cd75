"""One search semantics: what SQL finds is what `i18n.text.matches` says matches."""

from __future__ import annotations

import pytest

from consortium.core.search import word_prefix_filters
from consortium.db import db
from consortium.i18n.text import matches, query_words, search_key
from consortium.organisations.models import Organisation
from tests import factories

TEXTS = [
    "Beogradski centar za bezbednosnu politiku",
    "Београдски центар за безбедносну политику",
    "Qendra Kosovare për Studime të Sigurisë, Prishtinë",
    "Марко Ђорђевић",
    "Đurđa Đorđević-Petrović",
    "Centar za mir 100% Novi Sad",
    "Skopje, Македонија",
    "Institut_za_pravdu",
]
QUERIES = [
    "beograd",
    "Београд",
    "grad",
    "kosove prisht",
    "djordjevic",
    "ĐORĐ petrov",
    "100",
    "%",
    "_",
    "mir sad",
    "македон",
    "za_pravdu",
    "pravdu",
    "",
    "x",
]


@pytest.fixture
def stored(db):
    for n, text in enumerate(TEXTS):
        factories.OrganisationFactory(slug=f"o-{n}", name=text)
    db.session.commit()


@pytest.mark.parametrize("query", QUERIES)
def test_sql_and_python_agree(stored, query):
    found = db.session.scalars(
        db.select(Organisation.name).where(*word_prefix_filters(Organisation.search_key, query))
    )
    assert sorted(found) == sorted(t for t in TEXTS if matches(query, t))


def test_the_semantics_is_word_prefix_script_and_diacritic_blind():
    assert matches("beog", "Београд") and not matches("grad", "Београд")
    assert search_key("Đorđe  Petrović") == " djordje petrovic "
    assert search_key("", None) == ""
    # Several fields: their words side by side, no word glued across two fields.
    assert search_key("Ana", None, "Beograd centar") == " ana beograd centar "


def test_a_pasted_essay_is_cut_to_a_few_distinct_words():
    assert query_words("a b c d e f g h i j k", limit=8) == list("abcdefgh")
    assert query_words("Beograd BEOGRAD beograd") == ["beograd"]
