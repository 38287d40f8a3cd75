"""Safe redirects after sign-in: `is_safe_next` on the literal strings a browser could send.

The test client decodes `%2F` before the view sees it, so the function is tested directly.
"""

from __future__ import annotations

import pytest

from consortium.core.urls import is_safe_next


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "/%2fevil.example",
        "javascript:alert(1)",
        "/ok\r\nLocation: x",
        "\\\\evil",
        "http:/evil",
    ],
)
def test_targets_off_the_site_are_refused(target):
    assert is_safe_next(target) is False


@pytest.mark.parametrize(
    "target", ["/en/", "/sq/organisations/?country=XK", "/en/account#sessions"]
)
def test_paths_on_the_site_are_accepted(target):
    assert is_safe_next(target) is True
