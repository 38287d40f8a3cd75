"""What a refusal looks like: sign in first, then 403, or 404 for what must stay unknown.

Each test declares routes of its own on a fresh app, guarded by plain predicates, so the
answers are those of `core.authz` and not of any domain's policy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import Forbidden, NotFound

from consortium.core.authz import destructive, guard, public, require, within
from consortium.db import db
from tests import factories


def nobody(user, *objects) -> bool:
    return False


def signed_in(user, *objects) -> bool:
    return bool(user.is_authenticated)


def _ok(**_kwargs) -> str:
    return "the page"


@pytest.fixture
def routes(fresh_app):
    """Pages and API routes refused to everyone, hidden or not, and a signed-in client."""
    app = fresh_app
    app.add_url_rule("/<lang:lang>/test-refused", "refused", guard(nobody)(_ok))
    app.add_url_rule("/<lang:lang>/test-hidden", "hidden", guard(nobody, hide=True)(_ok))
    app.add_url_rule("/api/v1/test-refused", "api_refused", guard(nobody)(_ok))
    app.add_url_rule("/api/v1/test-hidden", "api_hidden", guard(nobody, hide=True)(_ok))
    app.add_url_rule("/<lang:lang>/test-members", "members", guard(signed_in)(_ok))
    return app


def _signed_in_client(app):
    person = factories.UserFactory()
    db.session.commit()
    client = app.test_client()
    response = client.post(
        "/en/login", data={"email": person.email, "password": factories.TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("path", ["/en/test-refused", "/sq/test-hidden", "/en/test-members"])
def test_a_visitor_refused_a_page_is_sent_to_sign_in(routes, path):
    response = routes.test_client().get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path.endswith("/login") and "next=" in location.query


@pytest.mark.parametrize("path", ["/api/v1/test-refused", "/api/v1/test-hidden"])
def test_a_visitor_refused_by_the_api_gets_401_not_a_sign_in_page(routes, path):
    assert routes.test_client().get(path).status_code == 401


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/test-refused", 403),
        ("/en/test-hidden", 404),
        ("/api/v1/test-refused", 403),
        ("/api/v1/test-hidden", 404),
        ("/en/test-members", 200),
    ],
)
def test_a_signed_in_person_is_refused_403_or_404_when_hidden(routes, path, status):
    assert _signed_in_client(routes).get(path).status_code == status


def test_the_predicate_gets_the_loaded_objects_in_the_order_named(fresh_app):
    asked: list[tuple] = []

    def check(user, *objects) -> bool:
        asked.append(objects)
        return True

    fresh_app.add_url_rule(
        "/<lang:lang>/test-pair/<first>/<second>", "pair", guard(check, "second", "first")(_ok)
    )
    assert fresh_app.test_client().get("/en/test-pair/a/b").status_code == 200
    assert asked == [("b", "a")]


def test_within_hides_an_object_of_another_parent(fresh_app):
    class Loaded:
        def __init__(self, id, parent_id=None):
            self.id, self.parent_id = id, parent_id

    def view(child, parent):
        return "the child"

    scoped = within("child", "parent", "parent_id")(view)
    assert scoped(child=Loaded(1, parent_id=7), parent=Loaded(7)) == "the child"
    with pytest.raises(NotFound):
        scoped(child=Loaded(1, parent_id=8), parent=Loaded(7))


def test_require_refuses_with_403_or_404():
    require(True)
    with pytest.raises(Forbidden):
        require(False)
    with pytest.raises(NotFound):
        require(False, hide=True)


def test_each_route_declares_what_guards_it():
    """The access tests read the declarations: the predicate, or `public`; and whether a
    POST removes something, so that it must ask first (tests/test_confirmations.py)."""

    def page() -> str:
        return "a page"

    assert guard(nobody)(page).guarded_by is nobody
    assert public(page).guarded_by == "public"
    assert destructive(page).destructive is True
