"""indexes for the lists' own orders

Revision ID: a9b8c7d6e5f4
Revises: f1a2b3c4d5e6
Create Date: 2026-12-02 03:20:00

Issue 13 measured the lists at 100,000 experts and 150,000 statements: the expert directory
sorted every expert by name in the reader's alphabet for each page (170 ms), the public
statements list every published statement by date (185 ms), and a page's spoken languages
were found by scanning them all (41 ms). Each now has an index in its order: the public
statements list a partial one, the expert names one per collation on PostgreSQL (SQLite's
collations live in the application, see `consortium.experts.models`).

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9b8c7d6e5f4'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None

PUBLIC = "state IN ('published', 'withdrawn')"
# The interface languages' collations as they were at this revision.
COLLATIONS = (
    'bs-x-icu', 'hr-x-icu', 'mk-x-icu', 'sq-x-icu', 'sr-Cyrl-x-icu', 'sr-Latn-ME-x-icu',
    'sr-Latn-x-icu', 'und-x-icu',
)


def _name_index(collation):
    return f"ix_experts_name_{collation.lower().replace('-x-icu', '').replace('-', '_')}"


def upgrade():
    op.create_index(
        'ix_statements_public_order', 'statements', ['published_at', 'id'], unique=False,
        postgresql_where=sa.text(PUBLIC), sqlite_where=sa.text(PUBLIC),
    )
    op.create_index('ix_expert_languages_expert_id', 'expert_languages', ['expert_id'])
    if op.get_bind().dialect.name == 'postgresql':
        for collation in COLLATIONS:
            op.execute(
                f'CREATE INDEX {_name_index(collation)} ON experts '
                f'((name COLLATE "{collation}"), id)'
            )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for collation in COLLATIONS:
            op.execute(f'DROP INDEX IF EXISTS {_name_index(collation)}')
    op.drop_index('ix_expert_languages_expert_id', table_name='expert_languages')
    op.drop_index('ix_statements_public_order', table_name='statements')
