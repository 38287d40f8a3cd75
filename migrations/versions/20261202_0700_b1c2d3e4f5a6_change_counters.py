"""change counters

Revision ID: b1c2d3e4f5a6
Revises: a9b8c7d6e5f4
Create Date: 2026-12-02 07:00:00

Issue 13: the expert directory counted its facets for every request (20 ms of the database
at 10,000 experts, half a second at 100,000). A counter that every change to the experts
moves (`consortium.core.changes`, bumped by `consortium.experts.changes`) lets each worker
keep the counts of a choice until something changes.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1c2d3e4f5a6'
down_revision = 'a9b8c7d6e5f4'
branch_labels = None
depends_on = None


def upgrade():
    counters = op.create_table(
        'change_counters',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_change_counters')),
    )
    op.bulk_insert(counters, [{'name': 'experts', 'value': 0}])


def downgrade():
    op.drop_table('change_counters')
