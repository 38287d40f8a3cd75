"""the partners' change counter

Revision ID: d8e9f0a1b2c3
Revises: c7d8e9f0a1b2
Create Date: 2026-12-02 10:30:00

Issue 13: every list page read the partners' menu and the thematic areas for its filters on
every request (500 rows at 500 partners). A counter that every change to them moves
(`consortium.organisations.changes`) lets each worker keep them until something changes.
Without its row nothing is kept until the first change; the row starts it.

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e9f0a1b2c3'
down_revision = 'c7d8e9f0a1b2'
branch_labels = None
depends_on = None

counters = sa.table('change_counters', sa.column('name', sa.String), sa.column('value', sa.BigInteger))


def upgrade():
    op.bulk_insert(counters, [{'name': 'organisations', 'value': secrets.randbits(48)}])


def downgrade():
    op.execute(counters.delete().where(counters.c.name == 'organisations'))
