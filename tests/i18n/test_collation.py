"""Names in the reader's alphabet: in Python, in SQL on SQLite and PostgreSQL, across keyset
pages, and on the admins' list of people.

Each expected order below is written out by hand from the language's alphabet; a binary
sort (Č after Z, Љ before А) and the root collation (Ljubić before Lukić, Ѓ before Г)
both fail it, as the control tests show.
"""

from __future__ import annotations

import pytest
from babel import Locale
from bs4 import BeautifulSoup
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from consortium.auth import services as accounts
from consortium.core.pagination import paginate
from consortium.i18n import in_language
from consortium.i18n.collation import (
    COLLATIONS,
    collated,
    collation_for,
    collation_name,
    register_sqlite_collations,
    sort_key,
)
from consortium.i18n.languages import LANGUAGES
from tests.factories import UserFactory

# Serbian, Croatian, Bosnian and Montenegrin in Latin script: c č ć d dž đ … l lj … n nj …
# s š … z ž.
LATIN = [
    "Cvijić",
    "Čolić",
    "Ćosić",
    "Dabić",
    "Dragić",
    "Džajić",
    "Đokić",
    "Lazić",
    "Lukić",
    "Ljubić",
    "Nikolić",
    "Njegoš",
    "Sarić",
    "Šarić",
    "Zorić",
    "Žarković",
]
# English (the root collation): letters with marks sort with their base letter.
ROOT = [
    "Čolić",
    "Ćosić",
    "Cvijić",
    "Dabić",
    "Đokić",
    "Dragić",
    "Džajić",
    "Lazić",
    "Ljubić",
    "Lukić",
    "Nikolić",
    "Njegoš",
    "Sarić",
    "Šarić",
    "Žarković",
    "Zorić",
]
# Azbuka: а б в г д ђ е ж з и ј к л љ м н њ о п р с т ћ у ф х ц ч џ ш.
CYRILLIC = [
    "Драгић",
    "Дукић",
    "Ђорђевић",
    "Ерић",
    "Лукић",
    "Љубић",
    "Мандић",
    "Николић",
    "Његош",
    "Олић",
    "Тодоровић",
    "Ћосић",
    "Урошевић",
    "Цвијић",
    "Чолић",
    "Џајић",
    "Шапић",
    "Шарић",
]
# Macedonian: а б в г д ѓ е ж з ѕ и ј к л љ м н њ о п р с т ќ у ф х ц ч џ ш.
MACEDONIAN = [
    "Гоце",
    "Дамјан",
    "Ѓорѓиев",
    "Ерменка",
    "Зоран",
    "Ѕвездан",
    "Илија",
    "Јане",
    "Лазо",
    "Љупчо",
    "Никола",
    "Његош",
    "Тоше",
    "Ќосе",
    "Урош",
    "Цане",
    "Чедо",
    "Џемаил",
    "Шоле",
]
# Albanian: c ç d dh e ë g gj l ll n nj r rr s sh t th x xh z zh.
ALBANIAN = [
    "Cani",
    "Çela",
    "Duka",
    "Dhimitri",
    "Ezeri",
    "Ëngjëll",
    "Gzimi",
    "Gjoka",
    "Lumi",
    "Llazi",
    "Nuri",
    "Njeri",
    "Rushiti",
    "Rrapi",
    "Sula",
    "Shala",
    "Tusha",
    "Thaçi",
    "Xuxa",
    "Xhaka",
    "Zogu",
    "Zhuri",
]
EXPECTED = {
    "en": ROOT,
    "sq": ALBANIAN,
    "sr-latn": LATIN,
    "sr-cyrl": CYRILLIC,
    "mk": MACEDONIAN,
    "bs": LATIN,
    "hr": LATIN,
    "cnr": LATIN,
}
LANGS = list(EXPECTED)


def shuffled(names: list[str]) -> list[str]:
    """A fixed scramble: neither the expected order, nor its reverse, nor binary order."""
    return names[1::2] + names[0::2][::-1]


_SCRATCH = MetaData()
_people = Table(
    "collation_test_people",
    _SCRATCH,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
)


@pytest.fixture
def people(db):
    """A table of this test's own, filled per test with `fill(names)`."""
    _SCRATCH.create_all(db.session.connection())

    def fill(names: list[str]) -> None:
        rows = [{"id": i + 1, "name": name} for i, name in enumerate(names)]
        db.session.execute(_people.insert(), rows)
        db.session.commit()

    yield fill
    db.session.rollback()
    _SCRATCH.drop_all(db.session.connection())
    db.session.commit()


# --- The expected orders are ones a naive sort gets wrong ----------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_expected_order_is_not_the_binary_one(lang):
    assert sorted(EXPECTED[lang]) != EXPECTED[lang]
    assert shuffled(EXPECTED[lang]) != EXPECTED[lang]
    assert sorted(shuffled(EXPECTED[lang])) == sorted(EXPECTED[lang])  # same names


@pytest.mark.parametrize("lang", ["sq", "sr-latn", "mk", "bs", "hr", "cnr"])
def test_each_language_differs_from_the_root_order(lang):
    """Only Serbian Cyrillic agrees with root, whose Cyrillic order is already the azbuka."""
    assert sorted(EXPECTED[lang], key=sort_key("en")) != EXPECTED[lang]


# --- In Python -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_python_sorts_in_the_languages_alphabet(lang):
    assert sorted(shuffled(EXPECTED[lang]), key=sort_key(lang)) == EXPECTED[lang]


def test_sort_key_follows_the_current_language(app):
    with app.test_request_context("/sr-latn/"), in_language("sr-latn"):
        assert sorted(shuffled(LATIN), key=sort_key()) == LATIN
    with app.test_request_context("/en/"), in_language("en"):
        assert sorted(shuffled(LATIN), key=sort_key()) == ROOT


def test_names_equal_under_the_collation_still_have_one_order():
    """NFC and NFD spellings of Čolić compare equal in ICU; code points decide, as in SQL."""
    composed, decomposed = "\u010colić", "C\u030colić"
    key = sort_key("hr")
    assert key(composed) != key(decomposed)
    assert sorted([decomposed, composed], key=key) == sorted([composed, decomposed], key=key)


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("sr-latn", "sr-latn"),
        ("sr-Latn", "sr-latn"),
        ("sr_Latn", "sr-latn"),
        ("sr_Cyrl", "sr-cyrl"),
        ("sr_Latn_ME", "cnr"),
        (Locale.parse("sr_Latn_ME"), "cnr"),
        ("cnr", "cnr"),
        ("en", "en"),
    ],
)
def test_a_language_is_named_by_code_catalog_or_locale(language, code):
    assert collation_for(language).language == code


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="de"):
        collation_for("de")


def test_every_interface_language_has_a_collation_on_both_databases():
    assert set(COLLATIONS) == set(LANGUAGES)
    assert collation_name("sr-latn", "postgresql") == "sr-Latn-x-icu"
    assert collation_name("sr-cyrl", "postgresql") == "sr-Cyrl-x-icu"
    assert collation_name("cnr", "postgresql") == "sr-Latn-ME-x-icu"
    assert collation_name("en", "postgresql") == "und-x-icu"
    assert collation_name("cnr", "sqlite") == "icu_sr_latn_me"
    with pytest.raises(NotImplementedError):
        collation_name("hr", "mysql")


def test_only_sqlite_connections_get_the_collations():
    class NotSQLite:
        def create_collation(self, *args):
            raise AssertionError("not an SQLite connection")

    register_sqlite_collations(NotSQLite(), None)


# --- In the database (SQLite; PostgreSQL too when TEST_DATABASE_URL is set) ----------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_database_sorts_in_the_languages_alphabet(db, people, lang):
    people(shuffled(EXPECTED[lang]))
    name = _people.c.name
    ordered = db.session.scalars(select(name).order_by(collated(name, lang), _people.c.id))
    assert list(ordered) == EXPECTED[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_database_compares_in_the_languages_alphabet(db, people, lang):
    """WHERE agrees with ORDER BY: what keyset pages rely on."""
    people(shuffled(EXPECTED[lang]))
    name = collated(_people.c.name, lang)
    middle = EXPECTED[lang][len(EXPECTED[lang]) // 2]
    after = db.session.scalars(select(_people.c.name).where(name > middle).order_by(name))
    assert list(after) == EXPECTED[lang][len(EXPECTED[lang]) // 2 + 1 :]


def test_the_database_follows_the_current_language(app, db, people):
    people(shuffled(LATIN))
    for lang, expected in (("hr", LATIN), ("en", ROOT)):
        with app.test_request_context(f"/{lang}/"), in_language(lang):
            query = select(_people.c.name).order_by(collated(_people.c.name), _people.c.id)
            assert list(db.session.scalars(query)) == expected


def test_the_database_tells_apart_names_equal_under_the_collation(db, people):
    """As PostgreSQL's deterministic collations do, so `=` and `>` agree with ORDER BY."""
    composed, decomposed = "\u010colić", "C\u030colić"
    people([decomposed, composed, "Cvijić"])
    name = collated(_people.c.name, "hr")
    assert list(db.session.scalars(select(_people.c.id).where(name == composed))) == [2]
    ordered = db.session.scalars(select(_people.c.id).order_by(name))
    assert list(ordered) == [3, 1, 2]  # "C" + caron before "Č": by code point


def test_without_a_collation_the_database_sorts_by_code_point(db, people):
    """The control: the test databases' own order is binary, so the tests above prove it."""
    people(shuffled(LATIN))
    ordered = db.session.scalars(select(_people.c.name).order_by(_people.c.name))
    assert list(ordered) == sorted(LATIN)


# --- Keyset pages over a collated column ---------------------------------------------------


def walk(order, limit: int) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor = None
    for _ in range(50):
        page = paginate(select(_people.c.name), order, cursor=cursor, limit=limit)
        pages.append(page.items)
        if not page.has_more:
            return pages
        cursor = page.next_cursor
    raise AssertionError("the cursor never reached the end")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("limit", [3, 4])
def test_keyset_pages_continue_where_the_last_one_ended(db, people, lang, limit):
    people(shuffled(EXPECTED[lang]))
    pages = walk([collated(_people.c.name, lang), _people.c.id], limit)
    assert [name for page in pages for name in page] == EXPECTED[lang]
    assert all(len(page) == limit for page in pages[:-1])


def test_keyset_pages_backwards_and_with_equal_names(db, people):
    """Descending, and runs of the same name (the id breaks the tie) across page breaks."""
    names = [name for name in LATIN for _ in range(2)]
    people(shuffled(names))
    name = collated(_people.c.name, "sr-latn")
    pages = walk([name.desc(), _people.c.id.desc()], 3)
    assert [n for page in pages for n in page] == names[::-1]


# --- The admins' list of people ------------------------------------------------------------


def listed_names(response) -> list[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("tbody td:first-child a")]


def test_the_people_list_follows_the_readers_alphabet(client_as, admin):
    for surname in shuffled(LATIN):
        UserFactory(name=f"{surname} Ana")
    expected = {lang: [f"{surname} Ana" for surname in EXPECTED[lang]] for lang in EXPECTED}
    client = client_as(admin)
    for lang in ("sr-latn", "hr", "en"):
        shown = listed_names(client.get(f"/{lang}/admin/users?q=ana"))
        assert shown == expected[lang], lang


def test_the_people_list_pages_in_the_readers_alphabet(app, admin):
    for surname in shuffled(LATIN):
        UserFactory(name=surname)
    with app.test_request_context("/sr-latn/"), in_language("sr-latn"):
        seen: list[str] = []
        cursor = None
        for _ in range(20):
            page = accounts.search_users("", actor=admin, cursor=cursor, limit=5)
            seen += [person.name for person in page.items]
            if not page.has_more:
                break
            cursor = page.next_cursor
    assert seen == [admin.name, *LATIN]
