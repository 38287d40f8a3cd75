"""Keyset pages: every row once and in order, ties included, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    select,
)
from sqlalchemy import Enum as SAEnum

from consortium.core.pagination import (
    MAX_CURSOR_LENGTH,
    MAX_LIMIT,
    clamp_limit,
    encode_cursor,
    paginate,
)
from consortium.core.roles import OrgRole
from consortium.organisations.models import Organisation
from tests.factories import OrganisationFactory

NAMES = ("Alpha", "Beta", "Gamma")  # 23 rows over three names: long runs of ties
COUNTRIES = ("RS", "XK", "MK", "AL")
START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)

ORDERS = {
    "name-asc": (Organisation.name.asc(), Organisation.id.asc()),
    "name-desc": (Organisation.name.desc(), Organisation.id.desc()),
    "bare-columns": (Organisation.name, Organisation.id),
    "mixed-three-keys": (
        Organisation.country.asc(),
        Organisation.name.desc(),
        Organisation.id.asc(),
    ),
    "time-desc": (Organisation.created_at.desc(), Organisation.id.desc()),
    "id-only": (Organisation.id.desc(),),
}


@pytest.fixture
def orgs(db):
    made = [
        OrganisationFactory(
            name=NAMES[i % 3],
            country=COUNTRIES[i % 4],
            # Five distinct instants: runs of equal timestamps, as a bulk import makes.
            created_at=START + timedelta(minutes=i % 5),
        )
        for i in range(23)
    ]
    db.session.commit()
    return made


def unpaged(db, query, order) -> list[int]:
    """The order the database itself gives the whole list, the yardstick for the pages."""
    return [org.id for org in db.session.scalars(query.order_by(*order))]


def walk(query, order, limit) -> tuple[list[int], list[int]]:
    """Follow next cursors to the end: the ids seen and the size of each page."""
    seen: list[int] = []
    sizes: list[int] = []
    cursor = None
    for _ in range(200):  # a cursor that never advances would loop forever
        page = paginate(query, order, cursor=cursor, limit=limit)
        seen += [org.id for org in page.items]
        sizes.append(len(page.items))
        assert page.has_more == (page.next_cursor is not None)
        if not page.has_more:
            return seen, sizes
        cursor = page.next_cursor
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("order_name", ORDERS)
@pytest.mark.parametrize("limit", [1, 4, 5, 23, 100])
def test_walking_every_page_visits_every_row_once_in_order(db, orgs, order_name, limit):
    order = ORDERS[order_name]
    query = select(Organisation)
    seen, sizes = walk(query, order, limit)
    assert seen == unpaged(db, query, order)
    assert len(set(seen)) == len(orgs) == 23
    assert all(size == limit for size in sizes[:-1]) and 0 < sizes[-1] <= limit


def test_the_order_really_has_ties_and_both_directions_differ(db, orgs):
    names = [org.name for org in db.session.scalars(select(Organisation).order_by(Organisation.id))]
    assert len(set(names)) == 3
    ascending = unpaged(db, select(Organisation), ORDERS["name-asc"])
    assert unpaged(db, select(Organisation), ORDERS["name-desc"]) == ascending[::-1]


def test_filters_on_the_query_are_kept_on_every_page(db, orgs):
    query = select(Organisation).where(Organisation.country == "RS")
    seen, _sizes = walk(query, ORDERS["mixed-three-keys"], 2)
    assert seen == unpaged(db, query, ORDERS["mixed-three-keys"])
    assert {db.session.get(Organisation, i).country for i in seen} == {"RS"}


def test_the_querys_own_order_is_replaced(db, orgs):
    query = select(Organisation).order_by(Organisation.slug.desc())
    seen, _sizes = walk(query, ORDERS["name-asc"], 7)
    assert seen == unpaged(db, select(Organisation), ORDERS["name-asc"])


def test_a_multi_column_query_gives_tuples(db, orgs):
    query = select(Organisation.id, Organisation.name)
    page = paginate(query, ORDERS["name-asc"], limit=3)
    expected = unpaged(db, select(Organisation), ORDERS["name-asc"])[:3]
    assert [row[0] for row in page.items] == expected
    assert all(isinstance(row, tuple) and len(row) == 2 for row in page.items)


def test_an_empty_list_is_one_empty_last_page(db):
    page = paginate(select(Organisation), ORDERS["name-asc"])
    assert (page.items, page.next_cursor, page.has_more) == ([], None, False)


def test_the_cursor_is_url_safe_and_opaque(db, orgs):
    page = paginate(select(Organisation), ORDERS["time-desc"], limit=2)
    assert page.next_cursor and set(page.next_cursor) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


BAD_CURSORS = {
    "empty": "",
    "not-base64": "!!!***",
    "non-ascii": "čćž",
    "not-json": _b64("hello"),
    "json-object": _b64('{"name": "Beta", "id": 3}'),
    "too-few-values": _b64('["Beta"]'),
    "too-many-values": _b64('["Beta", 3, 4]'),
    "wrong-types": _b64('[3, "Beta"]'),
    "null": _b64("[null, 3]"),
    "boolean-id": _b64('["Beta", true]'),
    "float-id": _b64('["Beta", 2.5]'),
    "huge-id": _b64(f'["Beta", {10**30}]'),
    "nan": _b64('["Beta", NaN]'),
    "nul-in-text": _b64('["Be\\u0000ta", 3]'),
    "lone-surrogate": _b64('["\\ud800", 3]'),
    "deeply-nested": _b64("[" * 600 + "]" * 600),
    "very-long": "A" * 5000,
    "padding-junk": _b64('["Beta", 3]') + "====",
}


@pytest.mark.parametrize("name", BAD_CURSORS)
def test_a_bad_cursor_is_the_first_page_never_an_error(db, orgs, name):
    order = ORDERS["name-asc"]
    first = paginate(select(Organisation), order, limit=5)
    page = paginate(select(Organisation), order, cursor=BAD_CURSORS[name], limit=5)
    assert [o.id for o in page.items] == [o.id for o in first.items]
    assert page.next_cursor == first.next_cursor


@pytest.mark.parametrize(
    "values",
    [
        ["2025-03-01T09:31:00", 3],  # naive: would fail at bind time on UTCDateTime
        ["yesterday", 3],
        [1700000000, 3],
        ["2025-03-01T09:31:00+00:00", "3"],
    ],
)
def test_a_bad_time_cursor_is_the_first_page(db, orgs, values):
    order = ORDERS["time-desc"]
    cursor = _b64(json.dumps(values))
    first = paginate(select(Organisation), order, limit=4)
    page = paginate(select(Organisation), order, cursor=cursor, limit=4)
    assert [o.id for o in page.items] == [o.id for o in first.items]


def test_a_hand_made_cursor_starts_after_the_row_it_names(db, orgs):
    """A valid cursor need not come from us: it is a position, not a capability."""
    order = ORDERS["name-asc"]
    everything = unpaged(db, select(Organisation), order)
    sixth = db.session.get(Organisation, everything[5])
    cursor = encode_cursor([sixth.name, sixth.id])
    page = paginate(select(Organisation), order, cursor=cursor, limit=3)
    assert [o.id for o in page.items] == everything[6:9]


def test_a_limit_above_100_is_clamped(db):
    for _ in range(MAX_LIMIT + 5):
        OrganisationFactory()
    db.session.commit()
    page = paginate(select(Organisation), ORDERS["id-only"], limit=1000)
    assert len(page.items) == MAX_LIMIT and page.has_more
    rest = paginate(select(Organisation), ORDERS["id-only"], cursor=page.next_cursor, limit=1000)
    assert len(rest.items) == 5 and not rest.has_more


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [
        (None, 20, 20),
        (None, 50, 50),
        (7, 20, 7),
        ("7", 20, 7),
        (0, 20, 1),
        (-3, 20, 1),
        (101, 20, 100),
        ("1000", 50, 100),
        ("lots", 50, 50),
        ("", 20, 20),
    ],
)
def test_limits_are_clamped_between_1_and_100(value, default, expected):
    assert clamp_limit(value, default) == expected


def test_the_default_limit_is_the_callers(db, orgs):
    assert len(paginate(select(Organisation), ORDERS["name-asc"]).items) == 20
    assert len(paginate(select(Organisation), ORDERS["name-asc"], default_limit=5).items) == 5


def test_ordering_by_anything_but_columns_is_refused_early(db):
    with pytest.raises(TypeError):
        paginate(select(Organisation), (Organisation.name.asc().nulls_last(), Organisation.id))
    with pytest.raises(ValueError):
        paginate(select(Organisation), ())
    with pytest.raises(TypeError, match="cannot page"):  # a JSON column has no cursor form
        paginate(select(Organisation), (Organisation.description, Organisation.id))


def test_a_cursor_at_either_end_of_the_integer_range_is_a_position(db, orgs):
    """The largest and smallest ids a database can compare are still places in the list."""
    last = encode_cursor([2**63 - 1])
    assert paginate(select(Organisation), (Organisation.id.asc(),), cursor=last).items == []
    first = encode_cursor([-(2**63)])
    assert paginate(select(Organisation), (Organisation.id.desc(),), cursor=first).items == []


@pytest.mark.parametrize(
    "cursor", [_b64('"p"'), _b64('{"p": 1}')], ids=["json-string", "json-object"]
)
def test_a_cursor_that_is_not_a_list_is_the_first_page(db, orgs, cursor):
    """Even when it has as many parts as there are keys (slugs are "org-N", all before "p")."""
    order = (Organisation.slug.asc(),)
    first = paginate(select(Organisation), order, limit=5)
    page = paginate(select(Organisation), order, cursor=cursor, limit=5)
    assert [o.id for o in page.items] == [o.id for o in first.items] != []


# --- Every kind of key a cursor carries ----------------------------------------------------
# The app's lists page on text, times and ids; `paginate` also accepts booleans, dates,
# decimals, floats and enums. A table of this test's own (dropped afterwards) holds them all.

_KINDS = MetaData()
_things = Table(
    "pagination_test_things",
    _KINDS,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("flag", Boolean, nullable=False),
    Column("day", Date, nullable=False),
    Column("amount", Numeric(10, 2), nullable=False),
    Column("score", Float, nullable=False),
    Column("role", SAEnum(OrgRole, native_enum=False), nullable=False),
    Column("label", Text, nullable=False),
)
# Labels with Cyrillic and diacritics (escaped in the cursor), and two whose cursors hold
# the URL-safe alphabet's "-" and "_".
LABELS = ("Ђорђе", "Čačak", "Peace > war", "What next?", "Beograd", "Ђорђе", "Skopje")


@pytest.fixture
def things(db):
    _KINDS.create_all(db.session.connection())
    db.session.execute(
        _things.insert(),
        [
            {
                "id": i + 1,
                "flag": i % 2 == 0,
                "day": date(2025, 3, 1 + i % 3),
                "amount": Decimal("10.50") * (i % 3),
                "score": 0.5 * (i % 4) - 1,
                "role": list(OrgRole)[i % 3],
                "label": label,
            }
            for i, label in enumerate(LABELS)
        ],
    )
    db.session.commit()
    yield _things
    db.session.rollback()
    _KINDS.drop_all(db.session.connection())
    db.session.commit()


def _walk_ids(order, limit) -> tuple[list[int], list[str]]:
    seen: list[int] = []
    cursors: list[str] = []
    cursor = None
    for _ in range(50):
        page = paginate(select(_things.c.id), order, cursor=cursor, limit=limit)
        seen += page.items
        if not page.has_more:
            return seen, cursors
        cursor = page.next_cursor
        cursors.append(cursor)
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize(
    "column",
    ["flag", "day", "amount", "score", "role", "label"],
)
@pytest.mark.parametrize("descending", [False, True])
def test_every_kind_of_key_walks_the_whole_list(db, things, column, descending):
    key = things.c[column].desc() if descending else things.c[column].asc()
    order = (key, things.c.id.desc() if descending else things.c.id.asc())
    expected = list(db.session.scalars(select(things.c.id).order_by(*order)))
    seen, _cursors = _walk_ids(order, limit=1)
    assert seen == expected and len(expected) == len(LABELS)


def test_cursors_use_the_url_safe_alphabet_both_ways(db, things):
    seen, cursors = _walk_ids((things.c.label, things.c.id), limit=1)
    assert len(seen) == len(LABELS)
    assert any("-" in c for c in cursors) and any("_" in c for c in cursors)


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("flag", [1, 1]),  # a number is not a boolean
        ("day", [None, 1]),
        ("day", ["2025-02-30", 1]),
        ("amount", ["NaN", 1]),
        ("amount", ["lots", 1]),
        ("amount", [10.5, 1]),  # decimals travel as text
        ("score", ["NaN", 1]),
        ("score", [float("inf"), 1]),
        ("score", ["1.5", 1]),
        ("role", ["owner", 1]),  # not a role: it must never reach the database
        ("role", ["ORG_ADMIN", 1]),  # the stored name, not the code
        ("label", [7, 1]),
    ],
)
def test_a_bad_value_for_any_kind_of_key_is_the_first_page(db, things, column, values):
    order = (things.c[column], things.c.id)
    cursor = _b64(json.dumps(values))
    first = paginate(select(things.c.id), order, limit=2)
    page = paginate(select(things.c.id), order, cursor=cursor, limit=2)
    assert page.items == first.items


def test_the_longest_cursor_allowed_still_leads_on(db, things):
    """A cursor is refused past MAX_CURSOR_LENGTH; one exactly that long is made and read."""
    longest = "A" + "x" * (MAX_CURSOR_LENGTH * 3 // 4 - len('["A",1]'))  # sorts first
    assert len(encode_cursor([longest, 1])) == MAX_CURSOR_LENGTH
    db.session.execute(_things.update().where(_things.c.id == 1).values(label=longest))
    order = (things.c.label, things.c.id)
    first = paginate(select(things.c.id), order, limit=1)
    assert first.items == [1] and len(first.next_cursor) == MAX_CURSOR_LENGTH
    second = paginate(select(things.c.id), order, cursor=first.next_cursor, limit=1)
    assert second.items != [1]
    with pytest.raises(ValueError, match="too long"):
        encode_cursor([longest + "x", 1])
