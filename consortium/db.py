"""The declarative base, its naming convention and time helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, event
from sqlalchemy.orm import DeclarativeBase, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Indexes a domain writes as DDL for one database only (a collation PostgreSQL has, an
# expression Alembic cannot compare): created on `create_all` and by their migration, and
# left out of Alembic's comparison (`searchindex.models.include_object`).
DDL_ONLY_INDEXES: set[str] = set()


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use consortium.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)


# A statement whose best plan depends on its values (a search's words, the filters of a
# list the reader narrowed, a facet's counts) is run with `PLAN_PER_VALUES`: psycopg sends
# it unprepared, and PostgreSQL plans it for the values it is given. psycopg prepares any
# other statement it has run five times, and PostgreSQL then keeps one generic plan for it
# once that plan is no costlier: for a search that plan walked every document of a kind
# whatever the words (110 ms instead of 47 for "kos" among 250,000 documents, issue 13),
# while for a page's joined load by its slug it saves the planning (1.2 ms, four times the
# run).
PLAN_PER_VALUES = {"plan_per_values": True}


@event.listens_for(Engine, "do_execute")
def _unprepared_when_planned_per_values(cursor, statement, parameters, context):  # type: ignore[no-untyped-def]
    if context.execution_options.get("plan_per_values") and context.dialect.name == "postgresql":
        cursor.execute(statement, parameters, prepare=False)
        return True
    return None
