"""The role predicates every policy builds on, for the cast and for the operators' SYSTEM."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from consortium.core.actors import (
    SYSTEM,
    belongs_to,
    is_admin,
    is_coordinator,
    is_org_admin_of,
    is_signed_in,
    is_system,
)

PERSONAS = ("visitor", "anonymous", "member", "org_admin", "other_org_admin", "coordinator")
PERSONAS += ("admin", "listed_coordinator", "system")


@pytest.fixture
def as_persona(request, org, other_org):
    def get(name: str):
        if name == "visitor":
            return None
        if name == "anonymous":
            return AnonymousUserMixin()
        if name == "system":
            return SYSTEM
        return request.getfixturevalue(name)

    return get


def _allowed(*names: str) -> list[tuple[str, bool]]:
    return [(name, name in names) for name in PERSONAS]


SIGNED_IN = PERSONAS[2:]
CONSORTIUM_WIDE = ("coordinator", "admin", "listed_coordinator", "system")


@pytest.mark.parametrize(("persona", "expected"), _allowed(*SIGNED_IN))
def test_is_signed_in(as_persona, persona, expected):
    assert is_signed_in(as_persona(persona)) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed(*CONSORTIUM_WIDE))
def test_coordinators_and_admins_are_consortium_wide(as_persona, persona, expected):
    assert is_coordinator(as_persona(persona)) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("admin", "system"))
def test_is_admin(as_persona, persona, expected):
    assert is_admin(as_persona(persona)) is expected


@pytest.mark.parametrize(
    ("persona", "expected"), _allowed("member", "org_admin", "listed_coordinator")
)
def test_belongs_to_the_organisation(as_persona, org, persona, expected):
    assert belongs_to(as_persona(persona), org) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("org_admin"))
def test_is_org_admin_of(as_persona, org, persona, expected):
    assert is_org_admin_of(as_persona(persona), org) is expected


@pytest.mark.parametrize(("persona", "expected"), _allowed("system"))
def test_only_the_operators_tools_are_the_system(as_persona, persona, expected):
    assert is_system(as_persona(persona)) is expected


def test_something_that_is_not_a_person_is_never_signed_in(org):
    """Policies accept anything shaped like an actor; what does not say it is signed in,
    an organisation passed by mistake for instance, is refused rather than an error."""
    assert is_signed_in(org) is False
    assert is_signed_in(object()) is False
    assert is_admin(org) is False and is_coordinator(org) is False
