"""description dates, and descriptions searchable

When each language's description last changed

Revision ID: e1f2a3b4c5d6
Revises: c6d8e2f4a1b3
Create Date: 2026-12-01 02:30:00

A translation written before the original's latest change is marked on the edit form.
Existing descriptions are dated now: none is marked until the original changes again.
Search keys now include the descriptions (`consortium.i18n.text.search_key`).
"""
import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from consortium.i18n.text import search_key


# revision identifiers, used by Alembic.
revision = 'e1f2a3b4c5d6'
down_revision = 'c6d8e2f4a1b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('description_dates', sa.JSON(), nullable=False, server_default='{}')
        )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.alter_column('description_dates', server_default=None)
    connection = op.get_bind()
    now = datetime.now(timezone.utc).isoformat()
    rows = connection.execute(
        sa.text(
            "SELECT id, name, short_name, city, name_translations, description FROM organisations"
        )
    ).all()
    for org_id, name, short_name, city, translations, description in rows:
        translations, description = _json(translations), _json(description)
        dates = {code: now for code in description}
        key = search_key(name, short_name, city, *translations.values(), *description.values())
        connection.execute(
            sa.text(
                "UPDATE organisations SET description_dates = :dates, search_key = :key "
                "WHERE id = :id"
            ),
            {"dates": json.dumps(dates), "key": key, "id": org_id},
        )


def _json(value):
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return value or {}


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('description_dates')
