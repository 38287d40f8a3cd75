"""Who may do what with a joint statement. Pure functions, no request state.

| action                                | visitor | member | staff  | org admin | coord. | admin |
|---------------------------------------|---------|--------|--------|-----------|--------|-------|
| read a published (or withdrawn) one   |   ✓     |   ✓    |   ✓    |    ✓      |   ✓    |  ✓    |
| read and comment on a draft           |         |        | a / i  |  a / i    |   ✓    |  ✓    |
| start a draft                         |         |        |  own   |   own     |   ✓    |  ✓    |
| edit it while a draft                 |         |        |  own   |   own     |   ✓    |  ✓    |
| sign or decline for an organisation   |         |        |        |  a / i    |        |       |
| submit for review                     |         |        |  own   |   own     |        |       |
| approve, request changes, reject,     |         |        |        |           |  ¬own  | ¬own  |
| publish; withdraw a published one     |         |        |        |           |   ✓    |  ✓    |

"own" and "a" mean the author organisation, "i" an invited one; "¬own" any statement but
one their own organisation authored or they started themselves.
The operators' tools (`SYSTEM`) hold the admin's rights.
"""

from __future__ import annotations

from typing import Any

from consortium.core.actors import (
    Actor,
    belongs_to,
    is_coordinator,
    is_org_admin_of,
    is_signed_in,
    is_system,
)
from consortium.core.roles import OrgRole
from consortium.statements.vocab import EDITABLE, PUBLIC, SIGNABLE, StatementState

__all__ = [
    "can_comment",
    "can_decide",
    "can_edit",
    "can_publish",
    "can_read",
    "can_read_draft",
    "can_review",
    "can_sign",
    "can_start",
    "can_start_for",
    "can_submit",
    "can_withdraw_publication",
    "is_invited",
]

WORKERS: frozenset[str] = frozenset({OrgRole.STAFF.value, OrgRole.ORG_ADMIN.value})


def _is_worker(user: Actor | None) -> bool:
    """Staff or org admin somewhere (members only read)."""
    return is_signed_in(user) and getattr(user, "org_role", None) in WORKERS


def _org_id(user: Actor | None) -> int | None:
    return getattr(user, "organisation_id", None)


def _works_for(user: Actor | None, organisation: Any) -> bool:
    return belongs_to(user, organisation) and _is_worker(user)


def is_invited(statement: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and any(
        i.organisation_id == organisation_id for i in statement.invitations
    )


def _participates(user: Actor | None, statement: Any) -> bool:
    """Staff and org admins of the author organisation or of an invited one."""
    if not _is_worker(user):
        return False
    org_id = _org_id(user)
    return org_id == statement.organisation_id or is_invited(statement, org_id)


def can_read(user: Actor | None, statement: Any) -> bool:
    """Published and withdrawn statements are public; the rest only for participants."""
    if statement is None:
        return False
    return StatementState(statement.state) in PUBLIC or can_read_draft(user, statement)


def can_read_draft(user: Actor | None, statement: Any) -> bool:
    return statement is not None and (is_coordinator(user) or _participates(user, statement))


def can_comment(user: Actor | None, statement: Any) -> bool:
    return can_read_draft(user, statement) and StatementState(statement.state) not in PUBLIC


def can_start(user: Actor | None) -> bool:
    """Staff and org admins for their organisation; coordinators and admins for any."""
    return is_coordinator(user) or (_is_worker(user) and _org_id(user) is not None)


def can_start_for(user: Actor | None, organisation: Any) -> bool:
    return organisation is not None and (is_coordinator(user) or _works_for(user, organisation))


def can_edit(user: Actor | None, statement: Any) -> bool:
    if statement is None or StatementState(statement.state) not in EDITABLE:
        return False
    return is_coordinator(user) or _works_for_author(user, statement)


def _works_for_author(user: Actor | None, statement: Any) -> bool:
    return _is_worker(user) and _org_id(user) == statement.organisation_id


def can_sign(user: Actor | None, statement: Any, organisation: Any = None) -> bool:
    """The org admin of the author or an invited organisation signs for it."""
    if statement is None or StatementState(statement.state) not in SIGNABLE:
        return False
    organisation = organisation or getattr(user, "organisation", None)
    if organisation is None or not is_org_admin_of(user, organisation):
        return False
    return organisation.id == statement.organisation_id or is_invited(statement, organisation.id)


def can_submit(user: Actor | None, statement: Any) -> bool:
    return (
        statement is not None
        and StatementState(statement.state) in EDITABLE
        and (_works_for_author(user, statement) or is_system(user))
    )


def _independent_coordinator(user: Actor | None, statement: Any) -> bool:
    """A coordinator who is not of the author organisation (nobody approves their own)."""
    return (
        statement is not None
        and is_coordinator(user)
        and _org_id(user) != statement.organisation_id
        and (is_system(user) or statement.created_by_id != getattr(user, "id", None))
    )


def can_review(user: Actor | None, statement: Any) -> bool:
    """See the review pages of a submitted statement: a coordinator who could decide on it.
    Whether a decision is still open is the workflow's answer (a 409 when it moved on)."""
    return (
        _independent_coordinator(user, statement)
        and StatementState(statement.state) != StatementState.DRAFT
    )


def can_decide(user: Actor | None, statement: Any) -> bool:
    return (
        _independent_coordinator(user, statement)
        and StatementState(statement.state) == StatementState.IN_REVIEW
    )


def can_publish(user: Actor | None, statement: Any) -> bool:
    return (
        _independent_coordinator(user, statement)
        and StatementState(statement.state) == StatementState.APPROVED
    )


def can_withdraw_publication(user: Actor | None, statement: Any) -> bool:
    return (
        statement is not None
        and is_coordinator(user)
        and StatementState(statement.state) == StatementState.PUBLISHED
    )
