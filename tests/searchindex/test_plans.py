"""How PostgreSQL plans the queries (PostgreSQL only): a search, a list page and a facet
count for their values; every other statement once, prepared."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consortium import searchindex
from consortium.core.pagination import paginate
from consortium.db import PLAN_PER_VALUES, db
from consortium.organisations.models import Organisation

pytestmark = pytest.mark.postgresql

RUNS = 7  # psycopg prepares a statement at its fifth run


def _prepared(fragment: str) -> int:
    """How many statements the connection has prepared whose text holds `fragment`."""
    return db.session.execute(
        text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :fragment"),
        {"fragment": f"%{fragment}%"},
    ).scalar_one()


def test_statements_planned_for_their_values_are_never_prepared(app):
    per_values = text("SELECT 1 AS per_values_probe WHERE :one = 1")
    ordinary = text("SELECT 1 AS ordinary_probe WHERE :one = 1")
    for _ in range(RUNS):
        db.session.execute(per_values, {"one": 1}, execution_options=PLAN_PER_VALUES)
        db.session.execute(ordinary, {"one": 1})
    assert _prepared("per_values_probe") == 0
    # Positive control: psycopg prepared the other one, whose generic plan PostgreSQL may keep.
    assert _prepared("ordinary_probe") == 1


def test_a_search_is_planned_for_the_words_searched(app):
    """A generic plan for the search walked every document of a kind whatever the words."""
    for _ in range(RUNS):
        searchindex.hits("kos", kinds=["expert", "statement"], audience={searchindex.PUBLIC})
    assert _prepared("search_documents") == 0


def test_a_list_nothing_narrows_keeps_one_plan(app):
    """A filtered page is planned for its filters; the whole list's plan is kept."""
    for _ in range(RUNS):
        paginate(db.select(Organisation.id.label("narrowed_probe")), [Organisation.id])
        paginate(
            db.select(Organisation.id.label("whole_list_probe")), [Organisation.id], narrowed=False
        )
    assert _prepared("narrowed_probe") == 0
    assert _prepared("whole_list_probe") == 1


def _plans(fragment: str) -> tuple[int, int]:
    """(generic, custom) plans PostgreSQL made for the prepared statement holding `fragment`."""
    row = db.session.execute(
        text(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE :fragment"
        ),
        {"fragment": f"%{fragment}%"},
    ).one()
    return row.generic_plans, row.custom_plans


def test_the_whole_list_is_planned_once(app, org, other_org):
    """PostgreSQL keeps the whole list's plan only if the page size is in the SQL: with
    LIMIT a parameter its generic plan sorted every row, and it planned each page anew."""
    newest_first = [Organisation.created_at.desc(), Organisation.id.desc()]
    for _ in range(RUNS + 3):
        paginate(
            db.select(Organisation.slug.label("kept_plan_probe")), newest_first, narrowed=False
        )
    generic, custom = _plans("kept_plan_probe")
    assert generic >= 1, (generic, custom)
