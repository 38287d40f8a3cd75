"""The API: its document, tokens, the CSRF and CORS rules, ETags, languages, pages, and
contact details exactly as the pages show them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openapi_spec_validator import validate

from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.experts.schemas import PublicationInput
from consortium.tokens import services as tokens
from consortium.tokens.models import AccessToken
from tests import factories
from tests.experts.factories import make_expert

EMAIL, PHONE, SITE = "ana@example.org", "+381 11 555 0101", "https://ana.example.org"


@pytest.fixture
def expert(org):
    expert = make_expert(
        "Ana Petrović",
        country="RS",
        original_language="sr-latn",
        organisation_id=org.id,
        contacts=(
            ("email", EMAIL, "members"),
            ("phone", PHONE, "nobody"),
            ("website", SITE, "public"),
        ),
    )
    db.session.commit()
    return expert


def bearer(user, scope: str = "read", **kwargs) -> dict:
    _, secret = tokens.create(user, name="script", scope=scope, expires_days=30, actor=SYSTEM)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_the_document_is_valid_openapi_and_describes_every_route(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    documented = set(document["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and "docs" not in rule.rule:
            path = rule.rule.replace("<int:", "{").replace(">", "}")
            assert path in documented or rule.rule.endswith("openapi.json"), rule.rule


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("visitor", {SITE}),
        ("loner", {SITE}),
        ("member", {SITE, EMAIL}),
        ("staff", {SITE, EMAIL, PHONE}),
    ],
)
def test_contacts_are_what_the_caller_may_see(request, client, expert, who, sees):
    headers = {} if who == "visitor" else bearer(request.getfixturevalue(who))
    for path in (f"/api/v1/experts/{expert.id}", "/api/v1/experts/?q=petrovic"):
        body = client.get(path, headers=headers).get_data(as_text=True)
        for value in (EMAIL, PHONE, SITE):
            assert (value in body) is (value in sees), (who, path, value)


@pytest.mark.parametrize("who", ["visitor", "member", "staff"])
@pytest.mark.parametrize("lang", ["en", "sr-cyrl"])
def test_a_listed_expert_is_the_expert_its_own_address_shows(request, client, org, who, lang):
    """The list reads each profile's lists as rows (`experts.profiles`), the single expert
    as objects: every field must come out the same, for every reader."""
    areas = [factories.AreaFactory(slug=f"a{i}", position=i) for i in (2, 1)]
    expert = make_expert(
        "Ана Петровић",
        name_other_script="Ana Petrović",
        country="RS",
        original_language="sr-cyrl",
        organisation_id=org.id,
        area_ids=tuple(a.id for a in areas),
        speaks=(("sr", "native"), ("en", "fluent"), ("sq", "basic")),
        biography={"sr-cyrl": "Истраживачица.", "en": "A researcher."},
        publications=(PublicationInput("Police reform", 2024), PublicationInput("Borders")),
        availability=frozenset({"media", "advisory"}),
        contacts=(
            ("email", EMAIL, "members"),
            ("phone", PHONE, "nobody"),
            ("website", SITE, "public"),
        ),
    )
    make_expert("Arben Krasniqi")  # another, with nothing in its lists
    db.session.commit()
    headers = {} if who == "visitor" else bearer(request.getfixturevalue(who))
    one = client.get(f"/api/v1/experts/{expert.id}?lang={lang}", headers=headers).get_json()
    listed = client.get(f"/api/v1/experts/?lang={lang}", headers=headers).get_json()["items"]
    assert [item for item in listed if item["id"] == expert.id] == [one]
    assert one["areas"] == ["a1", "a2"] and [s["code"] for s in one["languages"]] == [
        "sr",
        "en",
        "sq",
    ]
    assert [p["title"] for p in one["publications"]] == ["Police reform", "Borders"]
    assert one["organisation"]["id"] == org.id
    bare = next(item for item in listed if item["id"] != expert.id)
    assert (bare["areas"], bare["languages"], bare["publications"]) == ([], [], [])


def test_a_token_acts_for_its_owner_until_revoked_or_expired(client, expert, member):
    headers = bearer(member)
    assert EMAIL in client.get(f"/api/v1/experts/{expert.id}", headers=headers).get_data(True)
    token = db.session.scalar(db.select(AccessToken))
    assert token.last_used_at is not None
    tokens.revoke(token, actor=member)
    db.session.commit()
    refused = client.get(f"/api/v1/experts/{expert.id}", headers=headers)
    assert refused.status_code == 401
    assert refused.mimetype == "application/problem+json"
    expired = bearer(member)
    db.session.execute(db.update(AccessToken).values(expires_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    assert client.get("/api/v1/experts/", headers=expired).status_code == 401


def test_a_token_in_the_query_string_is_refused(client, member):
    secret = bearer(member)["Authorization"].split()[1]
    response = client.get(f"/api/v1/experts/?access_token={secret}")
    assert response.status_code == 400
    assert "Authorization header" in response.get_json()["detail"]


def test_a_read_token_cannot_write(client, member):
    read, write = bearer(member, "read"), bearer(member, "write")
    assert client.post("/api/v1/experts/", headers=read, json={}).status_code == 403
    # The control: a write token gets past the scope check (no write here yet: 405).
    assert client.post("/api/v1/experts/", headers=write, json={}).status_code == 405


def test_a_token_request_gets_no_cookie(client, member):
    response = client.get("/api/v1/organisations/", headers=bearer(member))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_a_cookie_write_needs_the_csrf_header(client_as, member, app):
    client = client_as(member)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/api/v1/experts/", json={})
        assert response.status_code == 400
        assert response.mimetype == "application/problem+json"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_public_reads_are_shared_with_any_origin_without_credentials(client):
    response = client.get("/api/v1/organisations/", headers={"Origin": "https://partner.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_an_unchanged_read_answers_304(client, expert):
    first = client.get(f"/api/v1/experts/{expert.id}")
    etag = first.headers["ETag"]
    again = client.get(f"/api/v1/experts/{expert.id}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    make_expert("Someone Else", country="AL")
    db.session.commit()
    listed = client.get("/api/v1/experts/", headers={"If-None-Match": etag})
    assert listed.status_code == 200


def test_language_by_parameter_or_header(client, org):
    assert (
        client.get("/api/v1/organisations/?lang=sq").get_json()["items"][0]["country_name"]
        == "Kosovë"
    )
    by_header = client.get("/api/v1/organisations/", headers={"Accept-Language": "mk"})
    assert by_header.get_json()["items"][0]["country_name"] == "Косово"
    problem = client.get("/api/v1/organisations/?limit=500&lang=sq")
    assert problem.status_code == 400 and problem.mimetype == "application/problem+json"


def test_lists_page_with_next_links(client, app):
    for n in range(5):
        make_expert(f"Person {n} Paged", country="AL")
    db.session.commit()
    seen, url = [], "/api/v1/experts/?limit=2"
    while url:
        body = client.get(url).get_json()
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 5


def test_search_respects_what_the_reader_may_see(client, expert):
    body = client.get("/api/v1/search?q=petrovic").get_json()
    assert body["groups"][0]["kind"] == "expert"
    assert body["groups"][0]["items"][0]["url"].startswith("http")
    assert client.get("/api/v1/search?q=ana%40example.org").get_json()["groups"] == []


def test_the_cli_creates_a_token_and_prints_it_once(app, member):
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["tokens", "create", member.email, "--scope", "write", "--expires-days", "7"]
    )
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    token = db.session.scalar(db.select(AccessToken))
    assert token.scope == "write" and secret not in (token.token_hash or "")
    assert tokens.authenticate(secret).id == token.id


def test_people_create_and_revoke_their_tokens_on_the_account_page(client_as, member):
    client = client_as(member)
    page = client.post(
        "/en/account/tokens", data={"name": "Website", "scope": "read", "expires_days": "30"}
    )
    assert page.headers["Cache-Control"] == "no-store"
    secret = page.get_data(as_text=True).split('<code class="secret">')[1].split("<")[0]
    assert tokens.authenticate(secret) is not None
    again = client.get("/en/account/tokens").get_data(as_text=True)
    assert secret not in again and "Website" in again  # shown once
    token = db.session.scalar(db.select(AccessToken))
    assert client.post(f"/en/account/tokens/{token.id}/revoke").status_code == 302
    db.session.expire_all()
    assert tokens.authenticate(secret) is None


def test_a_token_is_limited_and_told_when_to_retry(client, member, app):
    app.config["API_LIMIT_PER_TOKEN"] = "3 per minute"
    try:
        headers = bearer(member)
        for _ in range(3):
            assert client.get("/api/v1/thematic-areas/", headers=headers).status_code == 200
        refused = client.get("/api/v1/thematic-areas/", headers=headers)
        assert refused.status_code == 429
        assert refused.mimetype == "application/problem+json"
        assert int(refused.headers["Retry-After"]) > 0
        # Another caller (no token, so only the address bucket) is not held back by it.
        assert client.get("/api/v1/thematic-areas/").status_code == 200
    finally:
        app.config["API_LIMIT_PER_TOKEN"] = "300 per minute"
