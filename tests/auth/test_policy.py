"""Who may manage accounts: every policy function, every persona (DESIGN.md, Roles)."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from consortium.auth import policy
from consortium.core.actors import SYSTEM

PERSONAS = ("visitor", "anonymous", "member", "staff", "org_admin", "coordinator", "admin")


@pytest.fixture
def as_persona(request, org):
    """The persona's user object: a visitor is None, `anonymous` is Flask-Login's."""

    def get(name: str):
        if name == "visitor":
            return None
        if name == "anonymous":
            return AnonymousUserMixin()
        return request.getfixturevalue(name)

    return get


ADMIN_ONLY = (
    policy.can_manage_users,
    policy.can_create_accounts,
    policy.can_grant_consortium_roles,
)


def _allowed(*names: str) -> list[tuple[str, bool]]:
    return [(name, name in names) for name in PERSONAS]


@pytest.mark.parametrize("check", ADMIN_ONLY)
@pytest.mark.parametrize(("persona", "expected"), _allowed("admin"))
def test_only_admins_manage_accounts(as_persona, check, persona, expected):
    assert check(as_persona(persona)) is expected


@pytest.mark.parametrize("check", ADMIN_ONLY)
def test_the_operators_tools_act_with_the_admins_rights(check):
    assert check(SYSTEM) is True


@pytest.mark.parametrize(("persona", "expected"), _allowed("member", "staff", "org_admin"))
def test_remember_me_is_never_offered_to_the_consortium_wide_roles(as_persona, persona, expected):
    assert policy.can_be_remembered(as_persona(persona)) is expected


@pytest.mark.parametrize("persona", PERSONAS[2:])
def test_people_edit_their_own_account(as_persona, persona):
    user = as_persona(persona)
    assert policy.can_edit_account(user, user) is True


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_edits_someone_elses_account_through_it(as_persona, loner, persona):
    """Admins change others' roles and status in the admin pages, not their name or password."""
    assert policy.can_edit_account(as_persona(persona), loner) is False


def test_there_is_no_account_to_edit(member):
    assert policy.can_edit_account(member, None) is False
