"""No GET request writes to the database: every GET route of ROUTES, as every persona,
while a listener records each INSERT, UPDATE and DELETE the requests send.

The only writes a GET may make are listed, each with its reason, in
`tests.security.crawl.ALLOWED_WRITES` (the server-side session's activity stamp).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from consortium.auth.models import AuthSession
from consortium.db import db, utcnow
from tests.security.crawl import allowed, recording_writes, routes
from tests.test_access import ROLES, ROUTES


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_writes(world, client_as, role):
    """Every GET route as one persona (signed in once: each route's row in the table)."""
    people, values = world
    client = client_as(people[role])
    forbidden = []
    for endpoint in routes("GET"):
        path = ROUTES[("GET", endpoint)].path.format(**values)
        with recording_writes() as writes:
            client.get(path)
        forbidden += [f"GET {path}: {w}" for w in writes if not allowed(w)]
    assert not forbidden, f"as {role}:\n" + "\n".join(forbidden)
    if role != "visitor":  # no GET signed them out half-way through the crawl
        assert client.get("/en/account").status_code == 200


def test_the_allowed_session_stamp_is_the_only_write_of_a_returning_person(world, client_as, app):
    """The allow-list is exercised: a session last seen two minutes ago is stamped on the
    next GET, and that UPDATE is all a GET writes."""
    people, _values = world
    client = client_as(people["member"])
    db.session.execute(db.update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=2)))
    with recording_writes() as writes:
        assert client.get("/en/statements/").status_code == 200
    assert writes and all(allowed(w) for w in writes), writes
