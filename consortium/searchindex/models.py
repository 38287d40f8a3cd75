"""The one search index: a row per searchable object of any domain.

Domains write their objects' folded text here through `searchindex.put` (see
`__init__.py`); nothing else reads their tables to search them. The database's own
full-text machinery serves the queries: an FTS5 table kept by triggers on SQLite, GIN
indexes over stored `to_tsvector('simple', …)` columns and `pg_trgm` on PostgreSQL. The
DDL below is what `db.create_all()` adds for the tests; the migrations write the same.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import DDL, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from consortium.db import DDL_ONLY_INDEXES, db, utcnow

KIND_MAX = 20


class SearchDocument(db.Model):
    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", name="uq_search_documents_kind_object"),
        Index("ix_search_documents_kind", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(KIND_MAX))
    object_id: Mapped[int]
    # The language the object was written in (its translations are folded in too).
    language: Mapped[str] = mapped_column(String(16), default="")
    # Who may find it, as space-delimited tokens (" public ", " staff:4 coordinators "):
    # see `audience_tokens`. The loaders ask the domain's policy again before showing.
    audience: Mapped[str] = mapped_column(Text, default=" public ")
    # Folded names (the title, a person's name in both scripts): ranked first, typo-matched.
    title_key: Mapped[str] = mapped_column(Text, default="")
    # Folded everything else: descriptions and texts in every language, places, areas.
    body_key: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# SQLite: FTS5 over the folded columns (prefix indexes serve search-as-you-type) and a
# trigram table over the names (typo candidates), both "external content" tables that
# triggers keep in step with every insert, update and delete, including the test wipe.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_key, body_key, "
    "content='search_documents', content_rowid='id', prefix='2 3')",
    "CREATE VIRTUAL TABLE search_trigram USING fts5(title_key, "
    "content='search_documents', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts(rowid, title_key, body_key) "
    "VALUES (new.id, new.title_key, new.body_key); "
    "INSERT INTO search_trigram(rowid, title_key) VALUES (new.id, new.title_key); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_key, body_key) "
    "VALUES ('delete', old.id, old.title_key, old.body_key); "
    "INSERT INTO search_trigram(search_trigram, rowid, title_key) "
    "VALUES ('delete', old.id, old.title_key); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_key, body_key) "
    "VALUES ('delete', old.id, old.title_key, old.body_key); "
    "INSERT INTO search_trigram(search_trigram, rowid, title_key) "
    "VALUES ('delete', old.id, old.title_key); "
    "INSERT INTO search_fts(rowid, title_key, body_key) "
    "VALUES (new.id, new.title_key, new.body_key); "
    "INSERT INTO search_trigram(rowid, title_key) VALUES (new.id, new.title_key); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TABLE IF EXISTS search_trigram",
    "DROP TABLE IF EXISTS search_fts",
)

# PostgreSQL: the text is folded already, so the 'simple' configuration (no stemming, no
# stop words). The vectors are stored (generated columns), not recomputed per query: a
# common prefix ("kos") matches thousands of documents, and recomputing the vector of each
# to check it and to rank names first cost seconds at 30,000 statements (issue 13).
TSV_ALL = "tsv_all"
TSV_TITLE = "tsv_title"
POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_documents ADD COLUMN tsv_all tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', title_key || ' ' || body_key)) STORED",
    "ALTER TABLE search_documents ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', title_key)) STORED",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv_all)",
    "CREATE INDEX ix_search_documents_title_tsv ON search_documents USING gin (tsv_title)",
    "CREATE INDEX ix_search_documents_title_trgm ON search_documents "
    "USING gin (title_key gin_trgm_ops)",
)

# Each kind's own indexes, partial on `(kind || '') = '<kind>'`. Searching one kind through
# the shared indexes made PostgreSQL either intersect them with the kind's 100,000 rows or
# (counting the matches of a common prefix) walk the kind's rows one by one, estimating the
# matches of a kind from the whole table's statistics: 34 ms for "kos" among experts, 4 ms
# through the kind's own index (issue 13). `kind = '<kind>'` would let the planner take the
# kind's b-tree instead; the concatenation, written alike in the queries (`of_kind`), can
# only be answered by the kind's own indexes. A kind without them is still found, through
# the shared indexes below.
KIND_INDEX_PREFIX = "ix_search_kind_"
KIND_PATTERN = re.compile(r"[a-z][a-z_]{0,19}")


def kind_predicate(kind: str) -> str:
    if not KIND_PATTERN.fullmatch(kind):
        raise ValueError(f"a search kind is lower-case letters: {kind!r}")
    return f"(kind || '') = '{kind}'"


def kind_index_ddl(kind: str) -> tuple[str, ...]:
    """PostgreSQL's indexes of one kind's documents: its words, its names, its trigrams."""
    where = kind_predicate(kind)
    return (
        f"CREATE INDEX IF NOT EXISTS {KIND_INDEX_PREFIX}{kind}_tsv ON search_documents "
        f"USING gin (tsv_all) WHERE {where}",
        f"CREATE INDEX IF NOT EXISTS {KIND_INDEX_PREFIX}{kind}_title_tsv ON search_documents "
        f"USING gin (tsv_title) WHERE {where}",
        f"CREATE INDEX IF NOT EXISTS {KIND_INDEX_PREFIX}{kind}_title_trgm ON search_documents "
        f"USING gin (title_key gin_trgm_ops) WHERE {where}",
    )


DDL_INDEXES = frozenset(
    {"ix_search_documents_tsv", "ix_search_documents_title_tsv", "ix_search_documents_title_trgm"}
)
DDL_COLUMNS = frozenset({TSV_ALL, TSV_TITLE})
# The tables SQLite's FTS5 makes for itself: not models, so Alembic must not compare them.
MACHINERY_TABLES = ("search_fts", "search_trigram")


def is_machinery(name: str | None) -> bool:
    return bool(name) and name.startswith(MACHINERY_TABLES)  # type: ignore[union-attr]


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Alembic's filter (autogenerate, `flask db check`): leave the FTS5 tables, the
    expression indexes written as DDL above and the domains' `DDL_ONLY_INDEXES` alone."""
    if type_ == "table":
        return not is_machinery(name)
    if type_ == "column":
        return name not in DDL_COLUMNS
    if type_ != "index":
        return True
    return not (
        name in DDL_INDEXES or name in DDL_ONLY_INDEXES or name.startswith(KIND_INDEX_PREFIX)
    )


for _statement in SQLITE_DDL:
    event.listen(
        SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in SQLITE_DROP:
    event.listen(
        SearchDocument.__table__, "before_drop", DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in POSTGRESQL_DDL:
    event.listen(
        SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


@event.listens_for(SearchDocument.__table__, "after_create")
def _index_registered_kinds(target, connection, **kw):  # type: ignore[no-untyped-def]
    """`create_all` (the tests) gives every kind the app registers its own indexes, as each
    kind's migration does."""
    from consortium.core.registry import search_kinds

    if connection.dialect.name != "postgresql":
        return
    for kind in search_kinds():
        for statement in kind_index_ddl(kind.kind):
            connection.exec_driver_sql(statement)
