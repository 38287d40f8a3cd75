"""The statement workflow's named states and choices (DESIGN.md, Statement).

draft → in_review → approved → published, with in_review → changes_requested → in_review,
in_review → rejected, and published → withdrawn (with a public reason).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.core.vocab import TitledEnum


class StatementState(TitledEnum):
    DRAFT = "draft", _l("Draft")
    IN_REVIEW = "in_review", _l("In review")
    CHANGES_REQUESTED = "changes_requested", _l("Changes requested")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")
    PUBLISHED = "published", _l("Published")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


# Where the text may still change; where organisations may sign; what the public reads.
EDITABLE = frozenset({StatementState.DRAFT, StatementState.CHANGES_REQUESTED})
SIGNABLE = frozenset(
    {
        StatementState.DRAFT,
        StatementState.CHANGES_REQUESTED,
        StatementState.IN_REVIEW,
        StatementState.APPROVED,
    }
)
PUBLIC = frozenset({StatementState.PUBLISHED, StatementState.WITHDRAWN})


class SignatureStatus(TitledEnum):
    SIGNED = "signed", _l("Signed")
    DECLINED = "declined", _l("Declined")
    WITHDRAWN = "withdrawn", _l("Signature withdrawn")


class Appearance(TitledEnum):
    """How a signature appears once the statement is published."""

    BY_NAME = "by_name", _l("By the organisation's name")
    BY_COUNTRY = "by_country", _l("As a partner organisation from its country")
    CONSORTIUM_ONLY = "consortium_only", _l("Listed only to the consortium")


class Decision(TitledEnum):
    APPROVE = "approve", _l("Approve")
    REQUEST_CHANGES = "request_changes", _l("Request changes")
    REJECT = "reject", _l("Reject")
