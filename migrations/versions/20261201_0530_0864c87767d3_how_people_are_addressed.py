"""how people are addressed

Revision ID: 0864c87767d3
Revises: c7fb4a4c7e13
Create Date: 2026-12-01 05:30:00

Each person chooses how the interface refers to them (feminine, masculine, or not stated):
role titles and mail greetings agree with it. Everyone already there starts as not stated
(""), which shows both forms (koordinator/ka) until they choose.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0864c87767d3'
down_revision = 'c7fb4a4c7e13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('grammatical_gender', sa.String(length=10), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('grammatical_gender')
