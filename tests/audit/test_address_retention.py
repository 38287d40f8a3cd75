"""IP addresses leave the audit log after the retention period; the events stay."""

from __future__ import annotations

from datetime import timedelta

from consortium.audit.models import AuditEvent
from consortium.audit.services import record
from consortium.auth.actions import AuthAction
from consortium.db import db, utcnow


def test_old_addresses_are_cleared_and_recent_ones_kept(app, member):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        old = record(AuthAction.LOGIN, actor=member, obj=member)
        recent = record(AuthAction.LOGIN, actor=member, obj=member)
    old.at = utcnow() - timedelta(days=120)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["audit", "forget-addresses"])
    assert result.exit_code == 0, result.output
    assert "cleared 1" in result.output
    db.session.expire_all()
    assert db.session.get(AuditEvent, old.id).ip is None
    assert db.session.get(AuditEvent, recent.id).ip == "203.0.113.7"
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 2
