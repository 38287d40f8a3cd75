"""What the audit log records about joint statements."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.audit.actions import AuditAction


class StatementAction(AuditAction):
    CREATED = "statement.created", _l("Statement drafted")
    SAVED = "statement.saved", _l("Statement draft saved")
    SUBMITTED = "statement.submitted", _l("Statement submitted for review")
    APPROVED = "statement.approved", _l("Statement approved")
    CHANGES_REQUESTED = "statement.changes_requested", _l("Changes requested to a statement")
    REJECTED = "statement.rejected", _l("Statement rejected")
    SCHEDULED = "statement.scheduled", _l("Statement publication scheduled")
    PUBLISHED = "statement.published", _l("Statement published")
    WITHDRAWN = "statement.withdrawn", _l("Published statement withdrawn")
    SIGNED = "statement.signed", _l("Statement signed")
    DECLINED = "statement.declined", _l("Signature declined")
    SIGNATURE_WITHDRAWN = "statement.signature_withdrawn", _l("Signature withdrawn")
    COMMENTED = "statement.commented", _l("Comment on a statement")
    COMMENT_RESOLVED = "statement.comment_resolved", _l("Comment marked resolved")


OBJECT_TYPES = {"statement": _l("Statement"), "statement_comment": _l("Comment")}
