"""The audit log: append-only rows of who did what to which object, when, from where.

Each row keeps the names it needs to be read (the person who acted, the object, the
organisation) as they were at the time: the log stays readable after a rename or a deletion,
and reading it joins nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from consortium.db import db, utcnow

if TYPE_CHECKING:  # the log names people by table, never importing the auth domain
    from consortium.auth.models import User


NAME_MAX = 200  # what a person's or an organisation's name may hold
LABEL_MAX = 254  # an object's label: a name, an e-mail address, a short address


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_organisation_at", "organisation_id", "at"),
        Index("ix_audit_events_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The e-mail as typed, for failed sign-ins where no account matched.
    actor_label: Mapped[str | None] = mapped_column(String(254))
    actor_name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    # i18n.text.search_key(actor_name, actor_label): the "person" filter finds by it.
    actor_search: Mapped[str] = mapped_column(Text, default="", server_default="")
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    object_label: Mapped[str | None] = mapped_column(String(LABEL_MAX))
    # No ON DELETE action: the rows are append-only, so history keeps what it refers to.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    organisation_name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    ip: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship("User")


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, flush_context, instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit events are never changed or deleted")


# On PostgreSQL the database itself refuses to change, delete or truncate an audit event,
# whatever the SQL (not only what goes through the ORM above). Only a session that sets
# `consortium.audit_purge` on for its transaction may (the retention job that drops old IP
# addresses, and the test suite's wipe) — a deliberate act, never an accident or a bug.
POSTGRESQL_DDL = (
    """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('consortium.audit_purge', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'audit_events is append-only';
END $$""",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
)
PURGE = "SELECT set_config('consortium.audit_purge', 'on', true)"

for _statement in POSTGRESQL_DDL:
    event.listen(
        AuditEvent.__table__,
        "after_create",
        DDL(_statement.replace("%", "%%")).execute_if(dialect="postgresql"),
    )
