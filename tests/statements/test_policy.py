"""Who may do what with a joint statement: every policy function, every persona, every state.

Expected answers come from DESIGN.md (Roles) and the table in statements/policy.py: drafts
are for the author organisation, the invited organisations and the coordinators; only org
admins sign, for their own organisation; the author organisation submits; a coordinator
decides and publishes, never on a statement of their own organisation or one they started.

The statement is drafted by the author organisation's staff member, inviting the other
organisation; its state is then set directly (the policy only reads attributes).
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from consortium.core.actors import SYSTEM
from consortium.db import utcnow
from consortium.statements import policy
from consortium.statements.vocab import PUBLIC, StatementState
from tests import factories
from tests.statements.calls import draft

PERSONAS = (
    "visitor",
    "member",
    "staff",
    "org_admin",
    "other_org_admin",  # org admin of the invited organisation
    "third_org_admin",  # org admin of an organisation that was not invited
    "coordinator",
    "admin",
    "listed_coordinator",  # a coordinator listed as a member of the author organisation
    "loner",
    "system",
)
STATES = tuple(StatementState)

# One column per state, in this order:
#   draft · in review · changes requested · approved · rejected · published · withdrawn
#     D        IR            CR                AP         RJ         PU          WD
# ✓ allowed, · refused.
NOBODY = "·······"
ALWAYS = "✓✓✓✓✓✓✓"

TABLE: dict[str, dict[str, str]] = {
    "can_review": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": NOBODY,
        "org_admin": NOBODY,
        "other_org_admin": NOBODY,
        "third_org_admin": NOBODY,
        "coordinator": "·✓✓✓✓✓✓",
        "admin": "·✓✓✓✓✓✓",
        "listed_coordinator": NOBODY,
        "loner": NOBODY,
        "system": "·✓✓✓✓✓✓",
    },
    "can_read": {
        "visitor": "·····✓✓",
        "member": "·····✓✓",
        "staff": ALWAYS,
        "org_admin": ALWAYS,
        "other_org_admin": ALWAYS,
        "third_org_admin": "·····✓✓",
        "coordinator": ALWAYS,
        "admin": ALWAYS,
        "listed_coordinator": ALWAYS,
        "loner": "·····✓✓",
        "system": ALWAYS,
    },
    "can_read_draft": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": ALWAYS,
        "org_admin": ALWAYS,
        "other_org_admin": ALWAYS,
        "third_org_admin": NOBODY,
        "coordinator": ALWAYS,
        "admin": ALWAYS,
        "listed_coordinator": ALWAYS,
        "loner": NOBODY,
        "system": ALWAYS,
    },
    "can_comment": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": "✓✓✓✓✓··",
        "org_admin": "✓✓✓✓✓··",
        "other_org_admin": "✓✓✓✓✓··",
        "third_org_admin": NOBODY,
        "coordinator": "✓✓✓✓✓··",
        "admin": "✓✓✓✓✓··",
        "listed_coordinator": "✓✓✓✓✓··",
        "loner": NOBODY,
        "system": "✓✓✓✓✓··",
    },
    "can_edit": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": "✓·✓····",
        "org_admin": "✓·✓····",
        "other_org_admin": NOBODY,
        "third_org_admin": NOBODY,
        "coordinator": "✓·✓····",
        "admin": "✓·✓····",
        "listed_coordinator": "✓·✓····",
        "loner": NOBODY,
        "system": "✓·✓····",
    },
    "can_sign": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": NOBODY,
        "org_admin": "✓✓✓✓···",
        "other_org_admin": "✓✓✓✓···",
        "third_org_admin": NOBODY,
        "coordinator": NOBODY,
        "admin": NOBODY,
        "listed_coordinator": NOBODY,
        "loner": NOBODY,
        "system": NOBODY,
    },
    "can_submit": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": "✓·✓····",
        "org_admin": "✓·✓····",
        "other_org_admin": NOBODY,
        "third_org_admin": NOBODY,
        "coordinator": NOBODY,
        "admin": NOBODY,
        "listed_coordinator": NOBODY,
        "loner": NOBODY,
        "system": "✓·✓····",
    },
    "can_decide": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": NOBODY,
        "org_admin": NOBODY,
        "other_org_admin": NOBODY,
        "third_org_admin": NOBODY,
        "coordinator": "·✓·····",
        "admin": "·✓·····",
        "listed_coordinator": NOBODY,
        "loner": NOBODY,
        "system": "·✓·····",
    },
    "can_publish": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": NOBODY,
        "org_admin": NOBODY,
        "other_org_admin": NOBODY,
        "third_org_admin": NOBODY,
        "coordinator": "···✓···",
        "admin": "···✓···",
        "listed_coordinator": NOBODY,
        "loner": NOBODY,
        "system": "···✓···",
    },
    "can_withdraw_publication": {
        "visitor": NOBODY,
        "member": NOBODY,
        "staff": NOBODY,
        "org_admin": NOBODY,
        "other_org_admin": NOBODY,
        "third_org_admin": NOBODY,
        "coordinator": "·····✓·",
        "admin": "·····✓·",
        # Withdrawing is not deciding: the policy lets any coordinator do it (see below).
        "listed_coordinator": "·····✓·",
        "loner": NOBODY,
        "system": "·····✓·",
    },
}

# Starting a draft does not depend on a statement: for anyone, and for a given organisation.
START: dict[str, bool] = {
    "visitor": False,
    "member": False,
    "staff": True,
    "org_admin": True,
    "other_org_admin": True,
    "third_org_admin": True,
    "coordinator": True,
    "admin": True,
    "listed_coordinator": True,
    "loner": False,
    "system": True,
}
# For the author organisation, the invited one, the third one.
START_FOR: dict[str, str] = {
    "visitor": "···",
    "member": "···",
    "staff": "✓··",
    "org_admin": "✓··",
    "other_org_admin": "·✓·",
    "third_org_admin": "··✓",
    "coordinator": "✓✓✓",
    "admin": "✓✓✓",
    "listed_coordinator": "✓✓✓",
    "loner": "···",
    "system": "✓✓✓",
}


def _row(marks: str) -> dict[StatementState, bool]:
    assert len(marks) == len(STATES), marks
    return {state: mark == "✓" for state, mark in zip(STATES, marks, strict=True)}


@pytest.fixture
def third_org(app):
    return factories.OrganisationFactory(slug="mcms-demo", name="Treća organizacija", country="MK")


@pytest.fixture
def third_org_admin(third_org):
    return factories.UserFactory(
        name="Toma Third", organisation=third_org, org_role="org_admin", email="toma@example.org"
    )


@pytest.fixture
def as_persona(request, org, other_org):
    """The persona's user object; a visitor is None, the operators' tools are SYSTEM."""

    def get(name: str):
        if name == "visitor":
            return None
        if name == "system":
            return SYSTEM
        return request.getfixturevalue(name)

    return get


@pytest.fixture
def statement(db, org, staff, other_org):
    """A draft of the author organisation (`org`), the other organisation invited."""
    return draft(staff, invited=[other_org])


def put_in(statement, state: StatementState) -> None:
    """Set the state, with the columns the database ties to it, without the workflow."""
    statement.state = state.value
    public = state in PUBLIC
    statement.published_at = utcnow() if public else None
    statement.published_revision_id = statement.current_revision.id if public else None
    statement.withdrawn_at = utcnow() if state == StatementState.WITHDRAWN else None
    statement.withdrawal_reason = "Overtaken by events." if statement.withdrawn_at else None


def _mismatches(check, user, statement, row: dict[StatementState, bool]) -> list[str]:
    wrong = []
    for state, expected in row.items():
        put_in(statement, state)
        answer = check(user, statement)
        if answer is not expected:
            wrong.append(f"{state.value}: {answer} (expected {expected})")
    return wrong


@pytest.mark.parametrize(
    ("action", "persona"), [(action, persona) for action in TABLE for persona in PERSONAS]
)
def test_role_by_state(as_persona, statement, action, persona):
    user = as_persona(persona)
    check = getattr(policy, action)
    assert _mismatches(check, user, statement, _row(TABLE[action][persona])) == []


def test_the_table_has_every_persona_for_every_action():
    for action, rows in TABLE.items():
        assert set(rows) == set(PERSONAS), action
    assert set(START) == set(PERSONAS) and set(START_FOR) == set(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_start(as_persona, persona):
    assert policy.can_start(as_persona(persona)) is START[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_start_for(as_persona, org, other_org, third_org, persona):
    user = as_persona(persona)
    answers = "".join(
        "✓" if policy.can_start_for(user, o) else "·" for o in (org, other_org, third_org)
    )
    assert answers == START_FOR[persona]
    assert policy.can_start_for(user, None) is False


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_nothing_is_allowed_on_no_statement(as_persona, action, persona):
    assert getattr(policy, action)(as_persona(persona), None) is False


def test_an_anonymous_flask_login_user_is_a_visitor(statement):
    anonymous = AnonymousUserMixin()
    assert policy.can_start(anonymous) is False
    for action, rows in TABLE.items():
        row = _row(rows["visitor"])
        assert _mismatches(getattr(policy, action), anonymous, statement, row) == [], action


# --- Cases the persona table does not show --------------------------------------------------


def test_a_coordinator_does_not_decide_on_a_statement_they_started(
    org, coordinator, admin, listed_coordinator
):
    statement = draft(coordinator, organisation_id=org.id)
    for state, check in (
        (StatementState.IN_REVIEW, policy.can_decide),
        (StatementState.APPROVED, policy.can_publish),
    ):
        put_in(statement, state)
        assert check(coordinator, statement) is False
        assert check(admin, statement) is True
        assert check(listed_coordinator, statement) is False
        assert check(SYSTEM, statement) is True


def test_an_org_admin_signs_only_for_their_own_organisation(
    statement, org, other_org, org_admin, other_org_admin, coordinator
):
    assert policy.can_sign(org_admin, statement, org) is True
    assert policy.can_sign(org_admin, statement, other_org) is False
    assert policy.can_sign(other_org_admin, statement, org) is False
    assert policy.can_sign(other_org_admin, statement, other_org) is True
    assert policy.can_sign(coordinator, statement, other_org) is False


def test_an_uninvited_organisation_gains_the_draft_when_invited(
    db, statement, third_org, third_org_admin
):
    from consortium.statements.models import StatementInvitation

    assert policy.can_read_draft(third_org_admin, statement) is False
    statement.invitations.append(StatementInvitation(organisation_id=third_org.id))
    assert policy.can_read_draft(third_org_admin, statement) is True
    assert policy.can_sign(third_org_admin, statement) is True
    assert policy.can_edit(third_org_admin, statement) is False
    assert policy.can_submit(third_org_admin, statement) is False


def test_is_invited(statement, org, other_org, third_org):
    assert policy.is_invited(statement, other_org.id) is True
    assert policy.is_invited(statement, third_org.id) is False
    assert policy.is_invited(statement, org.id) is False  # the author is not invited
    assert policy.is_invited(statement, None) is False


def test_every_policy_function_is_covered():
    """A new `can_*` in policy.py needs its row in this table."""
    tested = set(TABLE) | {"can_start", "can_start_for", "is_invited"}
    public = {
        name
        for name in dir(policy)
        if (name.startswith("can_") or name.startswith("is_"))
        and getattr(getattr(policy, name), "__module__", "") == policy.__name__
    }
    assert public == tested
    assert set(policy.__all__) == tested
