"""Redirect targets and e-mail links at their edges (beside tests/core/test_urls.py).

Found by the mutation review (docs/mutation.md): each case fails if the rule it names is
weakened.
"""

from __future__ import annotations

import pytest

from consortium.core.urls import external_url, is_safe_next


@pytest.mark.parametrize(
    "target",
    [
        # Browsers read three or more slashes as "//": another host, not a path.
        "///evil.example",
        "////evil.example/en/",
        # Without a leading slash it is no path on this site: it would be resolved against
        # the sign-in page's address and lead somewhere nobody asked for.
        "evil.example",
        "en/account",
    ],
)
def test_targets_that_are_not_a_path_from_the_root_are_refused(target):
    assert is_safe_next(target) is False


@pytest.mark.parametrize(
    "public_url", ["https://example.org/consortium", "https://example.org/WBX", "https://x.example"]
)
def test_the_public_address_is_kept_whole_in_mail_links(app, public_url):
    """Only a trailing slash is dropped from PUBLIC_URL, whatever its last letter."""
    app.config["PUBLIC_URL"] = public_url + "/"
    assert external_url("home.index", lang="en") == public_url + "/en/"
    with app.test_request_context("/sq/"):
        assert external_url("home.index", lang="en") == public_url + "/en/"


def test_a_link_made_during_a_request_under_a_prefix_keeps_the_prefix_once(app):
    """Behind a proxy that serves the site under /consortium (the request's script root),
    PUBLIC_URL already holds that prefix: it must not appear twice."""
    app.config["PUBLIC_URL"] = "https://example.org/consortium"
    with app.test_request_context("/en/", base_url="http://10.0.0.5:8000/consortium"):
        assert external_url("home.index", lang="hr") == "https://example.org/consortium/hr/"
