"""On PostgreSQL the database itself keeps the audit log append-only."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from consortium.audit.models import PURGE, AuditEvent
from consortium.audit.services import record
from consortium.auth.actions import AuthAction
from consortium.db import db

pytestmark = pytest.mark.postgresql


@pytest.fixture
def logged(app, member):
    record(AuthAction.LOGIN, actor=member, obj=member)
    db.session.commit()


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_events",
        "DELETE FROM audit_events",
        "UPDATE audit_events SET actor_label = 'someone else'",
    ],
)
def test_the_applications_role_cannot_erase_or_rewrite_history(logged, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 1


def test_a_deliberate_purge_may(logged):
    db.session.execute(text(PURGE))
    db.session.execute(text("DELETE FROM audit_events"))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 0
