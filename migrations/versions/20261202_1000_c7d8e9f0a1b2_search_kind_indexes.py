"""each search kind's own indexes (PostgreSQL)

Revision ID: c7d8e9f0a1b2
Revises: b1c2d3e4f5a6
Create Date: 2026-12-02 10:00:00

Issue 13: searching one kind through the indexes all kinds share made PostgreSQL either
intersect them with the kind's b-tree or walk the kind's documents one by one (34 ms to
count the experts a common prefix finds among 250,000 documents). Each kind gets its words,
names and trigrams indexed apart, partial on `(kind || '') = '<kind>'`, the form the queries
use (`consortium.searchindex.of_kind`). A domain that adds a search kind adds these three
in its own migration (`consortium.searchindex.models.kind_index_ddl`, copied as it is then).

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c7d8e9f0a1b2'
down_revision = 'b1c2d3e4f5a6'
branch_labels = None
depends_on = None

KINDS = ('organisation', 'expert', 'statement')
INDEXES = (
    ('tsv', 'gin (tsv_all)'),
    ('title_tsv', 'gin (tsv_title)'),
    ('title_trgm', 'gin (title_key gin_trgm_ops)'),
)


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for kind in KINDS:
        for suffix, method in INDEXES:
            op.execute(
                f"CREATE INDEX IF NOT EXISTS ix_search_kind_{kind}_{suffix} ON search_documents "
                f"USING {method} WHERE (kind || '') = '{kind}'"
            )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for kind in KINDS:
        for suffix, _ in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS ix_search_kind_{kind}_{suffix}")
