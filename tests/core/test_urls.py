"""Safe redirects after sign-in: `is_safe_next` on the literal strings a browser could send.

The test client decodes `%2F` before the view sees it, so the function is tested directly.
"""

from __future__ import annotations

import pytest

from consortium.core.urls import external_url, is_safe_next


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


def test_only_a_leading_encoded_slash_is_refused():
    """`/%2F…` becomes `//…` once decoded; an encoded slash further on is an ordinary path."""
    assert is_safe_next("/a%2Fb") is True
    assert is_safe_next("/en/organisations/?q=a%2Fb") is True


# --- Links in e-mails ----------------------------------------------------------------------


def test_a_mail_written_outside_a_request_links_to_the_public_address(app):
    """The mail worker and the CLI have no request: links are built on PUBLIC_URL."""
    app.config["PUBLIC_URL"] = "https://consortium.example"
    assert external_url("home.index", lang="sq") == "https://consortium.example/sq/"


def test_a_mail_written_during_a_request_links_to_the_public_address(app):
    app.config["PUBLIC_URL"] = "https://consortium.example"
    with app.test_request_context("/en/", base_url="http://10.0.0.5:8000"):
        assert external_url("home.index", lang="hr") == "https://consortium.example/hr/"


def test_a_trailing_slash_on_the_public_address_is_not_doubled(app):
    app.config["PUBLIC_URL"] = "https://consortium.example/"
    assert external_url("home.index", lang="en") == "https://consortium.example/en/"
    with app.test_request_context("/en/"):
        assert external_url("home.index", lang="en") == "https://consortium.example/en/"


def test_a_public_address_under_a_path_keeps_the_path_once(app):
    app.config["PUBLIC_URL"] = "https://example.org/consortium"
    assert external_url("home.index", lang="en") == "https://example.org/consortium/en/"


@pytest.mark.parametrize("language", ["en", "sr-cyrl", "sq"])
@pytest.mark.parametrize(
    ("endpoint", "argument", "values"),
    [
        ("organisations.detail", "organisation", {}),
        ("statements.detail", "statement", {"text": "mk"}),
        ("experts.photo", "expert", {}),
    ],
)
def test_addresses_built_once_are_those_url_for_builds(app, language, endpoint, argument, values):
    """The lists build their links with `addresses`: each must be exactly url_for's, in the
    reader's language, with the query arguments, and a value needing quotes quoted alike."""
    from flask import url_for

    from consortium.core.urls import addresses

    with app.test_request_context(f"/{language}/"):
        app.preprocess_request()
        build = addresses(endpoint, argument, **values)
        for value in ("centar-za-mir", "a1", "ne đ/š?"):
            assert build(value) == url_for(endpoint, **{argument: value}, **values)
        assert build("centar-za-mir").startswith(f"/{language}/")
