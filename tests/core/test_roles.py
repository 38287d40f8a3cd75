"""Role titles: what a reader sees for a stored role code, in their language."""

from __future__ import annotations

import pytest

from consortium.core.roles import ROLE_CHOICES, role_title
from consortium.i18n import in_language


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("member", "Member"),
        ("staff", "Staff"),
        ("org_admin", "Organisation admin"),
        ("coordinator", "Coordinator"),
        ("admin", "Administrator"),
    ],
)
def test_every_role_has_its_title(app, code, title):
    with in_language("en"):
        assert role_title(code) == title


@pytest.mark.parametrize("code", ROLE_CHOICES)
def test_titles_are_translated(app, code):
    with in_language("en"):
        english = role_title(code)
    with in_language("sq"):
        assert role_title(code) not in (english, code)


@pytest.mark.parametrize(("code", "shown"), [("owner", "owner"), ("", ""), (None, "")])
def test_an_unknown_code_is_shown_as_stored(app, code, shown):
    assert role_title(code) == shown
