"""Who may read and edit the footer's pages: every persona, and the operators' tools."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from consortium.core.actors import SYSTEM
from consortium.pages import policy

PERSONAS = ("visitor", "member", "staff", "org_admin", "other_org_admin", "coordinator", "admin")


@pytest.fixture
def as_persona(request, org, other_org):
    def get(name: str):
        return None if name == "visitor" else request.getfixturevalue(name)

    return get


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_pages(as_persona, persona):
    assert policy.can_read(as_persona(persona)) is True


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_platform_admins_edit_the_pages(as_persona, persona):
    assert policy.can_edit_pages(as_persona(persona)) is (persona == "admin")


def test_the_operators_tools_edit_the_pages_and_an_anonymous_user_does_not():
    assert policy.can_edit_pages(SYSTEM) is True
    assert policy.can_edit_pages(AnonymousUserMixin()) is False


def test_a_coordinator_who_is_also_listed_in_an_organisation_may_not_edit(listed_coordinator):
    assert policy.can_edit_pages(listed_coordinator) is False
