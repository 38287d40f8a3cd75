"""the audit log is append-only in the database

Revision ID: a1d2e3f4b5c6
Revises: 032d7215ff18
Create Date: 2026-12-01 06:10:00

On PostgreSQL, triggers refuse UPDATE, DELETE and TRUNCATE on audit_events unless the
transaction set `consortium.audit_purge` (consortium.audit.models). SQLite has no
TRUNCATE and the application refuses changes there (the ORM's before-flush check).
"""
from alembic import op

from consortium.audit.models import POSTGRESQL_DDL

# What the first revision installed: UPDATE and DELETE refused, TRUNCATE not, no purge.
FIRST_GUARD = (
    """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql""",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
)


revision = 'a1d2e3f4b5c6'
down_revision = '032d7215ff18'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        for statement in POSTGRESQL_DDL:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        for statement in FIRST_GUARD:
            op.execute(statement)
