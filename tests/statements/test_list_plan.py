"""The public list walks its own index (`ix_statements_public_order`) in order, on both
databases: with the states sent as parameters, SQLite computed every public statement's
card columns and sorted them all to show twenty-one (88 ms at 1,300 statements)."""

from __future__ import annotations

from consortium.db import db
from consortium.statements.models import Statement
from consortium.statements.schemas import ListFilters
from consortium.statements.services import public_conditions
from consortium.statements.vocab import PUBLIC
from tests.conftest import on_postgresql


def _newest_public(**filters):
    return (
        db.select(Statement.id, Statement.slug)
        .where(*public_conditions(ListFilters(**filters), PUBLIC, consortium=False))
        .order_by(Statement.published_at.desc(), Statement.id.desc())
        .limit(21)
    )


def _sql(query) -> str:
    """The statement as the database receives it (parameters left as placeholders)."""
    return str(query.compile(db.engine, compile_kwargs={"render_postcompile": True}))


def test_the_public_states_are_written_into_the_query(app):
    """So that a plan PostgreSQL keeps, too, may use the partial index."""
    assert "state IN ('published', 'withdrawn')" in _sql(_newest_public())


def _plan(query) -> str:
    compiled = query.compile(db.engine, compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)
    return " ".join(str(row[-1]) for row in rows)


def test_sqlite_walks_the_lists_own_index(app):
    if on_postgresql():
        return
    # The statistics ANALYZE keeps for a list of some size (the bench's data set S): 2,000
    # statements, a few hundred in each state, 1,300 of them public.
    connection = db.session.connection()
    connection.exec_driver_sql("ANALYZE")
    connection.exec_driver_sql(
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES"
        " ('statements', 'ix_statements_state_published_at', '2000 400 1'),"
        " ('statements', 'ix_statements_public_order', '1300 1 1'),"
        " ('statements', 'ix_statements_organisation_id', '2000 100')"
    )
    connection.exec_driver_sql("ANALYZE sqlite_schema")  # SQLite reads the statistics anew
    plan = _plan(_newest_public())
    assert "USING INDEX ix_statements_public_order" in plan and "TEMP B-TREE" not in plan
    # Positive control: the same list with its states as parameters sorts every row.
    with_parameters = (
        db.select(Statement.id, Statement.slug)
        .where(Statement.state.in_([s.value for s in PUBLIC]))
        .order_by(Statement.published_at.desc(), Statement.id.desc())
        .limit(21)
    )
    assert "TEMP B-TREE" in _plan(with_parameters)


def test_the_list_says_when_the_reader_narrowed_it():
    """Only then is a page planned for its values (`paginate(..., narrowed=...)`)."""
    assert not ListFilters().narrows()
    assert ListFilters(country="RS").narrows() and ListFilters(area_slug="pcve").narrows()
