"""pages: the operators' texts of the footer's pages, one row per page and language

Revision ID: c6d8e2f4a1b3
Revises: a7c3e9d1f2b4
Create Date: 2026-12-01 02:00:00

Without a row a page shows the text the app ships (consortium/pages/data); a row replaces
it for its language.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6d8e2f4a1b3'
down_revision = 'a7c3e9d1f2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_pages_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pages')),
    sa.UniqueConstraint('slug', 'language', name=op.f('uq_pages_slug_language'))
    )


def downgrade():
    op.drop_table('pages')
