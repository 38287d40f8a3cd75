"""deleted accounts

Revision ID: d4e5f6a7b8c9
Revises: a1d2e3f4b5c6
Create Date: 2026-12-01 07:00:00

When a person deleted their account (issue 12): the row stays, anonymised, for the audit
log and the texts that point at it; the interface names it "Former member".

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'a1d2e3f4b5c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
