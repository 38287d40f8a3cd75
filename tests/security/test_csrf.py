"""CSRF, proven: with CSRF protection on (as in production), every state-changing browser
route refuses a request without a token and one carrying another session's token: 400, and
nothing written. The JSON API has its own rule (a token in a header), tested in tests/api.

`client_as` signs in with CSRF off (the testing profile); it is switched on afterwards.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.db import db
from tests.security.crawl import recording_writes, user_of
from tests.test_access import ROUTES

EXPIRED = "The form has expired. Reload the page and try again."  # handle_csrf's message
BROWSER_WRITES = sorted(
    (method, endpoint)
    for (method, endpoint), route in ROUTES.items()
    if method not in ("GET", "HEAD", "OPTIONS") and not route.path.startswith("/api/")
)


def _token(client, path: str) -> str:
    """The CSRF token a page gives this client's session (in the hidden form field)."""
    response = client.get(path)
    assert response.status_code == 200, f"GET {path}: {response.status_code}"
    field = BeautifulSoup(response.data, "html.parser").select_one('input[name="csrf_token"]')
    assert field is not None, f"{path} has no form with a CSRF token"
    return field["value"]


def _form_page(role: str) -> str:
    return "/en/login" if role == "visitor" else "/en/account"


def test_every_browser_write_is_checked():
    assert len(BROWSER_WRITES) >= 40
    assert ("POST", "auth.login") in BROWSER_WRITES


@pytest.mark.parametrize(("method", "endpoint"), BROWSER_WRITES)
def test_a_missing_or_foreign_csrf_token_is_refused(world, app, client_as, method, endpoint):
    people, values = world
    route = ROUTES[(method, endpoint)]
    path = route.path.format(**values)
    role = user_of(endpoint, method)
    client = client_as(people[role])
    stranger = client_as(None)  # another browser, with a session and a token of its own
    app.config["WTF_CSRF_ENABLED"] = True
    own = _token(client, _form_page(role))  # this session has a token: only the form lacks it
    foreign = _token(stranger, "/en/login")
    assert own != foreign
    for label, token in (("missing", None), ("foreign", foreign)):
        data = dict(route.data or {})
        if token is not None:
            data["csrf_token"] = token
        with recording_writes() as writes:
            response = client.open(path, method=method, data=data)
        assert response.status_code == 400, (
            f"{method} {path} as {role}, {label} token: {response.status_code}"
        )
        # Refused by the CSRF check itself, not by the form's validation (also a 400).
        assert EXPIRED in response.get_data(as_text=True), f"{method} {path}: not a CSRF refusal"
        assert not writes, f"{method} {path} as {role}, {label} token, wrote: {writes}"


def test_a_valid_token_is_accepted(world, app, client_as):
    """The positive control: the same request with the session's own token goes through."""
    people, _values = world
    client = client_as(people["member"])
    app.config["WTF_CSRF_ENABLED"] = True
    token = _token(client, "/en/account")
    data = {"name": "Dara Renamed", "language": "en", "csrf_token": token}
    with recording_writes() as writes:
        response = client.post("/en/account", data=data)
    assert response.status_code == 302, response.status_code
    assert any(w.startswith("UPDATE users") for w in writes), writes
    db.session.refresh(people["member"])
    assert people["member"].name == "Dara Renamed"
