"""Cursors at the edges of what a key can hold: wide integers and floats without a number.

The mutation review (docs/mutation.md) found these unchecked: a list ordered by a BIGINT
whose values pass 2**31 must page on, an INTEGER cursor must never send the database a
number its column cannot compare, and a key with no JSON form must not make a cursor.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, event, select

from consortium.core.pagination import encode_cursor, paginate
from consortium.organisations.models import Organisation
from tests.factories import OrganisationFactory

INT32_MAX = 2**31 - 1

_WIDE = MetaData()
_counters = Table(
    "pagination_test_counters",
    _WIDE,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("total", BigInteger, nullable=False),
)
# Totals just past PostgreSQL's 32-bit integer, and one far beyond it: BIGINT holds them all.
TOTALS = (2**31, 2**31 + 1, 2**31 + 7, 2**40, INT32_MAX)


@pytest.fixture
def counters(db):
    _WIDE.create_all(db.session.connection())
    db.session.execute(
        _counters.insert(), [{"id": i + 1, "total": total} for i, total in enumerate(TOTALS)]
    )
    db.session.commit()
    yield _counters
    db.session.rollback()
    _WIDE.drop_all(db.session.connection())
    db.session.commit()


@pytest.mark.parametrize("descending", [False, True])
def test_a_bigint_key_past_32_bits_pages_through_every_row(db, counters, descending):
    """Clamping is for INTEGER columns only: a BIGINT cursor keeps its exact value."""
    key = counters.c.total.desc() if descending else counters.c.total.asc()
    order = (key, counters.c.id.desc() if descending else counters.c.id.asc())
    expected = list(db.session.scalars(select(counters.c.id).order_by(*order)))
    seen: list[int] = []
    cursor = None
    for _ in range(len(TOTALS) + 1):
        page = paginate(select(counters.c.id), order, cursor=cursor, limit=1)
        seen += page.items
        if not page.has_more:
            break
        cursor = page.next_cursor
    assert seen == expected and len(seen) == len(TOTALS)


@pytest.fixture
def bound_integers(db):
    """Every integer the statements inside the test send to the database."""
    sent: list[int] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        values = parameters.values() if isinstance(parameters, dict) else parameters
        sent.extend(v for v in values if isinstance(v, int) and not isinstance(v, bool))

    event.listen(db.engine, "before_cursor_execute", listener)
    yield sent
    event.remove(db.engine, "before_cursor_execute", listener)


@pytest.mark.parametrize(
    ("cursor_id", "descending", "bound"),
    [(2**40, False, INT32_MAX), (-(2**40), True, -(2**31))],
)
def test_an_integer_cursor_past_32_bits_reaches_the_database_at_the_edge(
    db, bound_integers, cursor_id, descending, bound
):
    """PostgreSQL's `integer` id cannot compare with 2**40 (a 500): the cursor is still a
    place, after every row or before, so it is sent as the edge of the 32-bit range."""
    OrganisationFactory()
    db.session.commit()
    bound_integers.clear()  # the page's query alone (not the change counter's numbers)
    order = (Organisation.id.desc() if descending else Organisation.id.asc(),)
    page = paginate(select(Organisation), order, cursor=encode_cursor([cursor_id]))
    assert page.items == [] and not page.has_more
    assert bound in bound_integers
    assert all(-(2**31) <= value <= INT32_MAX for value in bound_integers)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_float_key_without_a_number_makes_no_cursor(value):
    """JSON has no NaN or Infinity and a cursor holding one is ignored when read, so its
    next link would lead back to the first page for ever: it is refused when made."""
    with pytest.raises(ValueError):
        encode_cursor([value, 1])


def test_a_page_reads_one_row_past_its_size_not_the_whole_list(db):
    """What keeps a page as fast on the thousandth page as on the first: the database is
    asked for the page and one row more (to know there is a next page), never for all.
    The size is written into the SQL, where PostgreSQL can plan for it (db.PLAN_PER_VALUES)."""
    for _ in range(12):
        OrganisationFactory()
    db.session.commit()
    sent: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = paginate(select(Organisation), (Organisation.id.asc(),), limit=5)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(page.items) == 5 and page.has_more
    assert any(re.search(r"\bLIMIT 6\b", statement) for statement in sent), sent
