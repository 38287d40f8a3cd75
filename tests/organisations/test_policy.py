"""Who may see and manage organisations: every policy function, every persona.

Expected answers come from DESIGN.md (Roles): org admins manage only their own organisation
and only organisation roles; coordinators and admins manage every organisation; nobody grants
coordinator or admin through an organisation.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from consortium.organisations import policy

PERSONAS = ("visitor", "member", "staff", "org_admin", "other_org_admin", "coordinator", "admin")
ORG_ROLES = ("member", "staff", "org_admin")
CONSORTIUM_ROLES = ("coordinator", "admin")


@pytest.fixture
def as_persona(request, org, other_org):
    """The persona's user object; a visitor is None."""

    def get(name: str):
        return None if name == "visitor" else request.getfixturevalue(name)

    return get


def _allowed(*names: str) -> list[tuple[str, bool]]:
    return [(name, name in names) for name in PERSONAS]


# --- Reading ---------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), _allowed(*PERSONAS))
def test_can_view(as_persona, org, other_org, persona, expected):
    assert policy.can_view(as_persona(persona), org) is expected
    assert policy.can_view(as_persona(persona), other_org) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_can_set_partner_since(as_persona, persona, expected):
    assert policy.can_set_partner_since(as_persona(persona)) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed(*PERSONAS))
def test_can_view_directory(as_persona, persona, expected):
    assert policy.can_view_directory(as_persona(persona)) is expected


def test_nothing_to_view_without_an_organisation(admin):
    assert policy.can_view(admin, None) is False


@pytest.mark.parametrize(
    ("persona", "expected"),
    _allowed("member", "staff", "org_admin", "other_org_admin", "coordinator", "admin"),
)
def test_can_view_people(as_persona, org, persona, expected):
    assert policy.can_view_people(as_persona(persona), org) is expected


def test_an_anonymous_flask_login_user_is_a_visitor(org, staff):
    anonymous = AnonymousUserMixin()
    assert policy.can_view(anonymous, org) is True
    assert policy.can_view_people(anonymous, org) is False
    assert policy.can_edit(anonymous, org) is False
    assert policy.can_manage_people(anonymous, org) is False
    assert policy.can_invite(anonymous, org, "member") is False
    assert policy.can_change_role(anonymous, staff, "member") is False
    assert policy.can_remove_person(anonymous, staff) is False
    assert policy.can_create(anonymous) is False
    assert policy.can_manage_areas(anonymous) is False


# --- The profile and the organisation's people -------------------------------------------

OWN_ORG_MANAGERS = _allowed("org_admin", "coordinator", "admin")


@pytest.mark.parametrize(("persona", "expected"), _allowed("org_admin"))
def test_is_org_admin_of(as_persona, org, persona, expected):
    assert policy.is_org_admin_of(as_persona(persona), org) is expected


def test_is_org_admin_of_no_organisation(org_admin):
    assert policy.is_org_admin_of(org_admin, None) is False


@pytest.mark.parametrize(("persona", "expected"), OWN_ORG_MANAGERS)
def test_can_edit(as_persona, org, persona, expected):
    assert policy.can_edit(as_persona(persona), org) is expected


@pytest.mark.parametrize(
    ("persona", "expected"), _allowed("other_org_admin", "coordinator", "admin")
)
def test_can_edit_the_other_organisation(as_persona, other_org, persona, expected):
    assert policy.can_edit(as_persona(persona), other_org) is expected


@pytest.mark.parametrize(("persona", "expected"), OWN_ORG_MANAGERS)
def test_can_manage_people(as_persona, org, persona, expected):
    assert policy.can_manage_people(as_persona(persona), org) is expected


@pytest.mark.parametrize(
    ("persona", "expected"), _allowed("other_org_admin", "coordinator", "admin")
)
def test_can_manage_people_of_the_other_organisation(as_persona, other_org, persona, expected):
    assert policy.can_manage_people(as_persona(persona), other_org) is expected


@pytest.mark.parametrize("role", [None, *ORG_ROLES])
@pytest.mark.parametrize(("persona", "expected"), OWN_ORG_MANAGERS)
def test_can_invite_with_an_organisation_role(as_persona, org, persona, expected, role):
    assert policy.can_invite(as_persona(persona), org, role) is expected


@pytest.mark.parametrize("role", [*CONSORTIUM_ROLES, "owner", ""])
@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_invites_to_a_consortium_role(as_persona, org, persona, role):
    assert policy.can_invite(as_persona(persona), org, role) is False


@pytest.mark.parametrize("role", [None, *ORG_ROLES])
@pytest.mark.parametrize(("persona", "expected"), OWN_ORG_MANAGERS)
def test_can_change_role_of_a_colleague(as_persona, staff, persona, expected, role):
    assert policy.can_change_role(as_persona(persona), staff, role) is expected


@pytest.mark.parametrize("role", [None, *ORG_ROLES])
@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_can_change_role_of_the_org_admin(as_persona, org_admin, persona, expected, role):
    """An org admin cannot change their own role (nor lock the organisation out); the
    consortium-wide roles can."""
    assert policy.can_change_role(as_persona(persona), org_admin, role) is expected


@pytest.mark.parametrize("role", CONSORTIUM_ROLES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_changes_a_role_to_a_consortium_role(as_persona, staff, member, persona, role):
    assert policy.can_change_role(as_persona(persona), staff, role) is False
    assert policy.can_change_role(as_persona(persona), member, role) is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_changes_the_role_of_someone_without_organisation(as_persona, persona, admin):
    assert policy.can_change_role(as_persona(persona), admin, "member") is False
    assert policy.can_remove_person(as_persona(persona), admin) is False
    assert policy.can_change_role(as_persona(persona), None, "member") is False


@pytest.mark.parametrize(("persona", "expected"), OWN_ORG_MANAGERS)
def test_can_remove_a_colleague(as_persona, member, persona, expected):
    assert policy.can_remove_person(as_persona(persona), member) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_can_remove_the_org_admin(as_persona, org_admin, persona, expected):
    assert policy.can_remove_person(as_persona(persona), org_admin) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_people_of_the_other_organisation(as_persona, other_org_admin, persona, expected):
    """Our org admin has no say over another organisation's people."""
    user = as_persona(persona)
    assert policy.can_change_role(user, other_org_admin, "staff") is expected
    assert policy.can_remove_person(user, other_org_admin) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_a_coordinator_listed_in_the_organisation_is_not_the_org_admins(
    as_persona, listed_coordinator, persona, expected
):
    """The org admin manages the organisation's people, but not a consortium-wide role
    listed among them."""
    user = as_persona(persona)
    assert policy.can_change_role(user, listed_coordinator, "staff") is expected
    assert policy.can_remove_person(user, listed_coordinator) is expected


def test_a_listed_coordinator_may_change_their_own_role_there(listed_coordinator):
    """Only an org admin is kept from demoting themself: a coordinator cannot lock the
    organisation out, they manage it either way."""
    assert policy.can_change_role(listed_coordinator, listed_coordinator, "staff") is True
    assert policy.can_remove_person(listed_coordinator, listed_coordinator) is True


# --- Consortium-wide -----------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_can_create(as_persona, persona, expected):
    assert policy.can_create(as_persona(persona)) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("coordinator", "admin"))
def test_can_manage_areas(as_persona, persona, expected):
    assert policy.can_manage_areas(as_persona(persona)) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("admin"))
def test_can_place(as_persona, staff, other_org, persona, expected):
    """Only operators move an existing account between organisations; others invite."""
    assert policy.can_place(as_persona(persona), staff, other_org) is expected


def test_every_policy_function_is_covered():
    """A new `can_*` in policy.py needs its row in this matrix."""
    tested = {
        "can_view",
        "can_view_people",
        "can_edit",
        "can_manage_people",
        "can_invite",
        "can_change_role",
        "can_remove_person",
        "can_create",
        "can_manage_areas",
        "can_place",
        "can_view_directory",
        "can_set_partner_since",
    }
    public = {
        name
        for name in dir(policy)
        if (name.startswith("can_") or name.startswith("is_org"))
        and getattr(getattr(policy, name), "__module__", "") == policy.__name__
    }
    assert public == tested
