"""search vectors stored, not recomputed per query (PostgreSQL)

Revision ID: f1a2b3c4d5e6
Revises: e7f8a9b0c1d2
Create Date: 2026-12-02 03:00:00

A common prefix ("kos") matches thousands of search documents; checking and ranking each by
a vector recomputed from its text cost seconds at 30,000 statements (issue 13). The vectors
become generated columns with the GIN indexes on them. SQLite's FTS5 tables are unchanged.

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'e7f8a9b0c1d2'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_search_documents_tsv")
    op.execute("DROP INDEX IF EXISTS ix_search_documents_title_tsv")
    op.execute(
        "ALTER TABLE search_documents ADD COLUMN tsv_all tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple', title_key || ' ' || body_key)) STORED"
    )
    op.execute(
        "ALTER TABLE search_documents ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple', title_key)) STORED"
    )
    op.execute("CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv_all)")
    op.execute(
        "CREATE INDEX ix_search_documents_title_tsv ON search_documents USING gin (tsv_title)"
    )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_search_documents_tsv")
    op.execute("DROP INDEX IF EXISTS ix_search_documents_title_tsv")
    op.execute("ALTER TABLE search_documents DROP COLUMN tsv_all")
    op.execute("ALTER TABLE search_documents DROP COLUMN tsv_title")
    op.execute(
        "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin "
        "((to_tsvector('simple', title_key || ' ' || body_key)))"
    )
    op.execute(
        "CREATE INDEX ix_search_documents_title_tsv ON search_documents USING gin "
        "((to_tsvector('simple', title_key)))"
    )
