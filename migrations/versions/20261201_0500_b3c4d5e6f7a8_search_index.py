"""one search index for every domain

Revision ID: b3c4d5e6f7a8
Revises: 8fedf311945d
Create Date: 2026-12-01 05:00:00

The table `search_documents` and the database's full-text machinery over it: on SQLite
FTS5 tables kept by triggers, on PostgreSQL GIN indexes and pg_trgm (SQLite's statements
are those of `consortium.searchindex.models`; PostgreSQL's are copied below as they were
then, since f1a2b3c4d5e6 changed them). The documents themselves are written by the
application: run `flask --app wsgi search rebuild` once after this upgrade.
"""
from alembic import op
import sqlalchemy as sa

from consortium.searchindex.models import SQLITE_DDL, SQLITE_DROP

POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin "
    "((to_tsvector('simple', title_key || ' ' || body_key)))",
    "CREATE INDEX ix_search_documents_title_tsv ON search_documents USING gin "
    "((to_tsvector('simple', title_key)))",
    "CREATE INDEX ix_search_documents_title_trgm ON search_documents "
    "USING gin (title_key gin_trgm_ops)",
)


revision = 'b3c4d5e6f7a8'
down_revision = '8fedf311945d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('audience', sa.Text(), nullable=False),
        sa.Column('title_key', sa.Text(), nullable=False),
        sa.Column('body_key', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
        sa.UniqueConstraint('kind', 'object_id', name='uq_search_documents_kind_object'),
    )
    op.create_index('ix_search_documents_kind', 'search_documents', ['kind'], unique=False)
    dialect = op.get_bind().dialect.name
    statements = {'sqlite': SQLITE_DDL, 'postgresql': POSTGRESQL_DDL}.get(dialect, ())
    for statement in statements:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_DROP:
            op.execute(statement)
    op.drop_index('ix_search_documents_kind', table_name='search_documents')
    op.drop_table('search_documents')
