"""Bad input never makes a 500: every GET route, as a visitor, a member and a coordinator,
with hostile values in its own query parameters, in every filter name the app reads and in
names that collide with internal ones; then every POST route with the same values in each
of its form fields, as someone allowed to use it.

Bounded: each hostile value goes once to each name, spread over the three personas in turn
(not the full product), and one request per value puts it in every name at once.
"""

from __future__ import annotations

import zlib
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.security.crawl import (
    CORPUS,
    FILTER_NAMES,
    FORM_CORPUS,
    INTERNAL_NAMES,
    PERSONAS,
    encoded,
    routes,
    user_of,
)
from tests.test_access import ROUTES

ROTATIONS = 6
EVERYWHERE = (
    "%00", "%ff%fe", "%01%02%1b%7f", encoded(str(2**64)), encoded('"'), encoded("' OR 1=1 --"),
)  # fmt: skip


def _query(pairs: list[tuple[str, str]]) -> str:
    """Names are encoded here; values come already percent-encoded from the corpus."""
    return "&".join(f"{encoded(name)}={value}" for name, value in pairs)


def _get_requests(endpoint: str, path: str) -> list[list[tuple[str, str]]]:
    """The query strings to send to one route: the route's own parameters come first."""
    own = parse_qsl(urlsplit(path).query, keep_blank_values=True)
    names = list(dict.fromkeys([*(n for n, _ in own), *FILTER_NAMES, *INTERNAL_NAMES]))
    # The worst values in every name at once (a parser reading several names sees them all).
    requests = [[(name, value) for name in names] for value in EVERYWHERE]
    # Then each name gets a different value in each request, walking through the corpus:
    # ROTATIONS values per name per route, with a different start per name and per route.
    start = zlib.crc32(endpoint.encode())
    for k in range(ROTATIONS):
        requests.append(
            [(name, CORPUS[(start + j + 3 * k) % len(CORPUS)]) for j, name in enumerate(names)]
        )
    # Every name twice (a list where one value is expected).
    requests.append([(name, "1") for name in names] + [(name, "-2") for name in names])
    return requests


@pytest.mark.parametrize("endpoint", routes("GET"))
def test_no_get_route_answers_bad_input_with_a_server_error(world, client_as, endpoint):
    people, values = world
    path = ROUTES[("GET", endpoint)].path.format(**values)
    base = urlsplit(path).path
    clients = {role: client_as(people[role]) for role in PERSONAS}
    failures = []
    for i, pairs in enumerate(_get_requests(endpoint, path)):
        role = PERSONAS[i % len(PERSONAS)]
        query = _query(pairs)
        response = clients[role].get(base, query_string=query)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} as {role}: GET {base}?{query[:200]}")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:20])


def _form_fields(html: str, action: str) -> set[str]:
    page = BeautifulSoup(html, "html.parser")
    fields: set[str] = set()
    for form in page.select("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        if urlsplit(form.get("action") or action).path != action:
            continue
        for element in form.select("input[name], select[name], textarea[name], button[name]"):
            fields.add(element["name"])
    return fields


def _fields_of(client, endpoint: str, path: str, values: dict) -> set[str]:
    """The fields of the forms that post to `path`: on its own page, else on any page."""
    route = ROUTES[("POST", endpoint)]
    fields = set(route.data or {})
    pages = [path] if ("GET", endpoint) in ROUTES else []
    pages += [r.path.format(**values) for (m, _e), r in ROUTES.items() if m == "GET"]
    for page in pages:
        response = client.get(page)
        if response.status_code == 200 and response.mimetype == "text/html":
            found = _form_fields(response.get_data(as_text=True), path)
            fields |= found
            if found:
                break
    return fields - {"csrf_token"}


@pytest.mark.parametrize("endpoint", routes("POST", api=False))
def test_no_form_answers_bad_input_with_a_server_error(world, client_as, endpoint):
    people, values = world
    route = ROUTES[("POST", endpoint)]
    path = route.path.format(**values)
    role = user_of(endpoint)
    client = client_as(people[role])
    fields = _fields_of(client, endpoint, path, values)
    failures = []
    names = [*sorted(fields), "_method", "__proto__"]
    for value in FORM_CORPUS:
        body = "&".join(f"{encoded(name)}={value}" for name in names)
        response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
        if response.status_code >= 500:
            failures.append(f"{response.status_code} as {role}: POST {path} {body[:200]}")
    assert not failures, f"fields {sorted(fields)}; {len(failures)} server errors:\n" + "\n".join(
        failures[:20]
    )
