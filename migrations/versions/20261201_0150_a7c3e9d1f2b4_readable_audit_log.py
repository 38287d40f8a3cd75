"""readable audit log: each entry keeps the names of who acted, on what, in which organisation

Revision ID: a7c3e9d1f2b4
Revises: 5b1e0c7a9d42
Create Date: 2026-12-01 01:50:00

Existing entries get the names of the people, organisations, invitations and thematic
areas that still exist, and the folded search key of who acted (`consortium.i18n.text`,
pure functions). On PostgreSQL the append-only trigger is paused for the backfill only,
inside this migration's transaction.
"""

import json

from alembic import op
import sqlalchemy as sa

from consortium.i18n.text import search_key


# revision identifiers, used by Alembic.
revision = "a7c3e9d1f2b4"
down_revision = "5b1e0c7a9d42"
branch_labels = None
depends_on = None


NAMES = (
    # (column, rows it applies to, the name from the row it refers to)
    (
        "actor_name",
        "actor_id IS NOT NULL",
        "SELECT name FROM users WHERE users.id = audit_events.actor_id",
    ),
    (
        "organisation_name",
        "organisation_id IS NOT NULL",
        "SELECT name FROM organisations WHERE organisations.id = audit_events.organisation_id",
    ),
    (
        "object_label",
        "object_type = 'user'",
        "SELECT name FROM users WHERE users.id = audit_events.object_id",
    ),
    (
        "object_label",
        "object_type = 'organisation'",
        "SELECT name FROM organisations WHERE organisations.id = audit_events.object_id",
    ),
    (
        "object_label",
        "object_type = 'invitation'",
        "SELECT email FROM invitations WHERE invitations.id = audit_events.object_id",
    ),
)


def upgrade():
    # actor_search keeps its server default: a row written without it (by the previous
    # release during a deploy, or by hand) is still valid, only not found by name.
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("actor_search", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("object_label", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("organisation_name", sa.String(length=200), nullable=True))

    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    _backfill(connection)
    if postgresql:
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")


def _backfill(connection):
    for column, rows, name in NAMES:
        connection.execute(sa.text(f"UPDATE audit_events SET {column} = ({name}) WHERE {rows}"))
    # A thematic area is named by its English name, else its short address (as audit_label).
    areas = connection.execute(sa.text("SELECT id, slug, names FROM thematic_areas")).all()
    for area_id, slug, names in areas:
        if isinstance(names, str):
            names = json.loads(names or "{}")
        connection.execute(
            sa.text(
                "UPDATE audit_events SET object_label = :label"
                " WHERE object_type = 'thematic_area' AND object_id = :id"
            ),
            {"label": (names or {}).get("en") or slug, "id": area_id},
        )
    # Who acted, folded for the person filter: people by their account, others by the label.
    people = connection.execute(
        sa.text(
            "SELECT id, name, email FROM users"
            " WHERE id IN (SELECT actor_id FROM audit_events WHERE actor_id IS NOT NULL)"
        )
    ).all()
    for user_id, name, email in people:
        connection.execute(
            sa.text("UPDATE audit_events SET actor_search = :key WHERE actor_id = :id"),
            {"key": search_key(name, email), "id": user_id},
        )
    labels = (
        connection.execute(
            sa.text(
                "SELECT DISTINCT actor_label FROM audit_events"
                " WHERE actor_id IS NULL AND actor_label IS NOT NULL"
            )
        )
        .scalars()
        .all()
    )
    for label in labels:
        connection.execute(
            sa.text(
                "UPDATE audit_events SET actor_search = :key"
                " WHERE actor_id IS NULL AND actor_label = :label"
            ),
            {"key": search_key(label), "label": label},
        )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("organisation_name")
        batch_op.drop_column("object_label")
        batch_op.drop_column("actor_search")
        batch_op.drop_column("actor_name")
