"""one search semantics: users get a search key, every key becomes word-prefix searchable

Revision ID: 5b1e0c7a9d42
Revises: 12d7b034172c
Create Date: 2026-12-01 01:30:00

Search keys are now the folded words preceded by spaces (`" beograd centar "`), so that
`LIKE '% word%'` finds a word's start, as `i18n.text.matches` does. The keys are
recomputed with the application's folding (`consortium.i18n.text`, pure functions).
"""
import json

from alembic import op
import sqlalchemy as sa

from consortium.i18n.text import search_key


# revision identifiers, used by Alembic.
revision = '5b1e0c7a9d42'
down_revision = '12d7b034172c'
branch_labels = None
depends_on = None


def _names(value):
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return list((value or {}).values())


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('search_key', server_default=None)

    connection = op.get_bind()
    users = connection.execute(sa.text("SELECT id, name, email FROM users")).all()
    for user_id, name, email in users:
        connection.execute(
            sa.text("UPDATE users SET search_key = :key WHERE id = :id"),
            {"key": search_key(name, email), "id": user_id},
        )
    rows = connection.execute(
        sa.text("SELECT id, name, short_name, city, name_translations FROM organisations")
    ).all()
    for org_id, name, short_name, city, translations in rows:
        connection.execute(
            sa.text("UPDATE organisations SET search_key = :key WHERE id = :id"),
            {"key": search_key(name, short_name, city, *_names(translations)), "id": org_id},
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('search_key')
