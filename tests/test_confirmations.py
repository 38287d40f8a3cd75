"""Actions that remove, withdraw or end something ask first, on a page of their own.

A destructive POST (`@destructive`) answers GET at the same address with a confirmation
page, and no other page carries a form that posts to it: a stray click never removes anyone.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.test_access import ROUTES, world  # noqa: F401  (the fixture is used by name)

SOUNDS_DESTRUCTIVE = re.compile(r"remove|revoke|end_|delete|withdraw|cancel|deactivat|decline")


def test_every_post_that_sounds_destructive_is_marked(app):
    unmarked = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
        and SOUNDS_DESTRUCTIVE.search(rule.endpoint.split(".")[-1])
        and not getattr(app.view_functions[rule.endpoint], "destructive", False)
    ]
    assert not unmarked, f"POST routes that remove or end something unconfirmed: {unmarked}"


def _destructive_endpoints(app) -> set[str]:
    return {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "destructive", False)
    }


def test_there_are_destructive_actions_to_check(app):
    assert {"organisations.remove_person", "auth.end_other_sessions"} <= _destructive_endpoints(app)


def _forms(html: str) -> list[tuple[str, str]]:
    page = BeautifulSoup(html, "html.parser")
    return [
        ((form.get("method") or "get").lower(), form.get("action") or "")
        for form in page.select("form")
    ]


def _endpoint(app, path: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path.split("?")[0], method=method.upper())
    except (NotFound, MethodNotAllowed):
        return None
    return endpoint


@pytest.mark.parametrize("role", ["org_admin", "coordinator", "admin", "member"])
def test_no_page_posts_to_a_destructive_action_without_its_confirmation(
    app, request, client_as, role
):
    people, values = request.getfixturevalue("world")
    client_as(people[role])  # a second browser, so the account page offers to end one
    client = client_as(people[role])
    destructive = _destructive_endpoints(app)
    checked = 0
    for (method, endpoint), route in ROUTES.items():
        if method != "GET" or route.expected.get(role) != 200:
            continue
        path = route.path.format(**values)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        checked += 1
        for form_method, action in _forms(response.get_data(as_text=True)):
            target = _endpoint(app, action or path, form_method)
            if target in destructive:
                assert endpoint == target and (action or path) == path, (
                    f"{path} posts to {target} without its confirmation page"
                )
    assert checked >= 5


def test_a_confirmation_page_says_what_happens_and_posts_to_itself(
    client_as, org, org_admin, staff
):
    path = f"/en/organisations/{org.slug}/people/{staff.id}/remove"
    response = client_as(org_admin).get(path)
    assert response.status_code == 200
    page = BeautifulSoup(response.data, "html.parser")
    text = " ".join(page.select_one("main").get_text(" ").split())
    assert "Chen Staff" in text and "Qendra Kosovare" in text
    assert "invite them back" in text  # how to undo it
    (form,) = page.select("main form")
    assert form["method"] == "post" and form["action"] == path
    assert page.select_one(f'main a[href="/en/organisations/{org.slug}/people"]'), "cancel"
    assert staff.organisation_id == org.id, "showing the page changes nothing"
