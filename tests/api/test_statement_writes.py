"""The statements' write API: the pages' services and policies as JSON, the whole life cycle
with write tokens, drafts unknown across organisations, If-Match, and the body's rules."""

from __future__ import annotations

import pytest

from consortium.db import db
from consortium.statements.models import Statement
from tests import factories
from tests.api.test_api import bearer
from tests.statements import calls

PROBLEM = "application/problem+json"
ENGLISH = {"title": "Joint position on returnees", "body": "First.\n\nSecond.\n\nThird."}


def _new(**fields) -> dict:
    return {"original_language": "sr-latn", "title": calls.TITLE, "body": calls.BODY, **fields}


def _stored(statement_id: int) -> Statement:
    db.session.expire_all()
    return db.session.get(Statement, statement_id)


def test_the_whole_life_cycle_through_the_api(client, staff, org_admin, other_org, coordinator, db):
    write = bearer(staff, "write")
    created = client.post("/api/v1/statements/", headers=write, json=_new())
    assert created.status_code == 201, created.get_json()
    draft = created.get_json()
    assert draft["state"] == "draft" and draft["revision"] == 1
    assert draft["texts"] == {"sr-latn": {"title": calls.TITLE, "body": calls.BODY}}
    location = created.headers["Location"]
    assert location.endswith(f"/api/v1/statements/{draft['id']}")

    read = client.get(location, headers=write)
    assert read.status_code == 200
    etag = read.headers["ETag"]
    assert etag == created.headers["ETag"]

    saved = client.patch(
        location,
        headers={**write, "If-Match": etag},
        json={"texts": {"en": ENGLISH}, "invited_ids": [other_org.id], "note": "English"},
    )
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["revision"] == 2 and body["invited_ids"] == [other_org.id]
    assert body["texts"]["en"] == ENGLISH and body["texts"]["sr-latn"]["title"] == calls.TITLE
    assert saved.headers["ETag"] not in (etag, None)
    assert client.get(location, headers=write).headers["ETag"] == saved.headers["ETag"]

    # An edit from the revision read before that save is refused, and nothing is saved.
    stale = client.patch(
        location,
        headers={**write, "If-Match": etag},
        json={"texts": {"en": {"title": "Lost", "body": "Lost."}}},
    )
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    statement = _stored(draft["id"])
    assert statement.revision_number == 2 and len(statement.revisions) == 2
    assert statement.current_revision.text("en").title == ENGLISH["title"]

    signed = client.post(
        f"{location}/signature",
        headers=bearer(org_admin, "write"),
        json={"decision": "sign", "appearance": "by_name", "revision": 2},
    )
    assert signed.status_code == 200, signed.get_json()

    submitted = client.post(f"{location}/submit", headers=write)
    assert submitted.status_code == 200 and submitted.get_json()["state"] == "in_review"

    coordinating = bearer(coordinator, "write")
    approved = client.post(
        f"{location}/decision", headers=coordinating, json={"decision": "approve"}
    )
    assert approved.status_code == 200 and approved.get_json()["state"] == "approved"
    published = client.post(f"{location}/publish", headers=coordinating, json={})
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["state"] == "published"

    listed = client.get("/api/v1/statements/").get_json()["items"]
    assert [item["id"] for item in listed] == [draft["id"]]
    assert listed[0]["title"]["value"] == ENGLISH["title"]  # in the reader's language
    public = client.get(location).get_json()
    assert public["state"] == "published" and public["revision"] == 2 and "texts" not in public


def test_a_draft_of_one_organisation_is_unknown_to_another(
    client, staff, other_org_admin, org_admin
):
    ours = bearer(staff, "write")
    theirs = bearer(other_org_admin, "write")
    mine = client.post("/api/v1/statements/", headers=ours, json=_new()).get_json()
    other = client.post(
        "/api/v1/statements/", headers=theirs, json=_new(title="Stav druge organizacije")
    ).get_json()
    for headers, statement in ((theirs, mine), (ours, other)):
        path = f"/api/v1/statements/{statement['id']}"
        assert client.get(path, headers=headers).status_code == 404
        edit = client.patch(
            path, headers={**headers, "If-Match": "*"}, json={"texts": {"en": ENGLISH}}
        )
        assert edit.status_code == 404 and edit.mimetype == PROBLEM
        sign = client.post(
            f"{path}/signature", headers=headers, json={"decision": "sign", "revision": 1}
        )
        assert sign.status_code == 404
    assert _stored(mine["id"]).revision_number == 1
    assert _stored(other["id"]).signatures == []
    # The control: each reads its own, and a visitor is asked for a token.
    assert client.get(f"/api/v1/statements/{mine['id']}", headers=ours).status_code == 200
    assert client.get(f"/api/v1/statements/{mine['id']}").status_code == 404
    assert client.post("/api/v1/statements/", json=_new()).status_code == 401


def test_a_read_token_cannot_write(client, staff):
    refused = client.post("/api/v1/statements/", headers=bearer(staff, "read"), json=_new())
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    assert db.session.scalar(db.select(Statement)) is None


@pytest.fixture
def draft(staff):
    statement = calls.draft(staff)
    db.session.commit()
    return statement


@pytest.mark.parametrize(
    "body",
    [
        _new(state="published"),  # no mass assignment
        _new(organisation={"id": 1}),
    ],
)
def test_an_unknown_field_is_refused(client, staff, body):
    refused = client.post("/api/v1/statements/", headers=bearer(staff, "write"), json=body)
    assert refused.status_code == 400 and refused.mimetype == PROBLEM
    assert refused.get_json()["errors"]
    assert db.session.scalar(db.select(Statement)) is None


def test_an_unknown_field_of_a_nested_text_is_refused(client, staff, draft):
    write = bearer(staff, "write")
    path = f"/api/v1/statements/{draft.id}"
    etag = client.get(path, headers=write).headers["ETag"]
    refused = client.patch(
        path,
        headers={**write, "If-Match": etag},
        json={"texts": {"en": {**ENGLISH, "faithful": True}}},
    )
    assert refused.status_code == 400 and refused.mimetype == PROBLEM
    assert _stored(draft.id).revision_number == 1


def test_a_body_that_is_not_json_is_refused(client, staff, draft):
    write = bearer(staff, "write")
    form = client.post("/api/v1/statements/", headers=write, data={"title": "x"})
    assert form.status_code == 415 and form.mimetype == PROBLEM
    text = client.post(
        f"/api/v1/statements/{draft.id}/submit",
        headers=write,
        data="submit",
        content_type="text/plain",
    )
    assert text.status_code == 415
    malformed = client.post(
        "/api/v1/statements/", headers=write, data="{", content_type="application/json"
    )
    assert malformed.status_code == 400 and malformed.mimetype == PROBLEM
    assert _stored(draft.id).state == "draft"


def test_an_edit_without_if_match_is_refused(client, staff, draft):
    refused = client.patch(
        f"/api/v1/statements/{draft.id}",
        headers=bearer(staff, "write"),
        json={"texts": {"en": ENGLISH}},
    )
    assert refused.status_code == 428 and refused.mimetype == PROBLEM
    assert refused.get_json()["title"] == "Precondition required"
    assert _stored(draft.id).revision_number == 1


def test_a_domain_refusal_is_a_problem_with_its_message(client, staff, draft):
    refused = client.post(
        "/api/v1/statements/",
        headers=bearer(staff, "write"),
        json=_new(title="   ", body="Tekst."),
    )
    assert refused.status_code == 400 and refused.mimetype == PROBLEM
    assert refused.get_json()["detail"] == "Each language version needs both a title and a text."


def test_signing_an_older_revision_is_a_conflict(client, staff, org_admin, draft):
    calls.save(draft, staff, {"sr-latn": (calls.TITLE, "Novi tekst.")})
    db.session.commit()
    refused = client.post(
        f"/api/v1/statements/{draft.id}/signature",
        headers=bearer(org_admin, "write"),
        json={"decision": "sign", "revision": 1},
    )
    assert refused.status_code == 409 and refused.mimetype == PROBLEM
    assert _stored(draft.id).signatures == []


def test_nobody_decides_on_their_own_organisations_statement(client, staff, org_admin):
    statement = calls.draft(staff)
    calls.sign(statement, org_admin)
    calls.workflow.submit(statement, actor=staff)
    db.session.commit()
    refused = client.post(
        f"/api/v1/statements/{statement.id}/decision",
        headers=bearer(org_admin, "write"),
        json={"decision": "approve"},
    )
    assert refused.status_code == 404
    assert _stored(statement.id).state == "in_review"


@pytest.mark.parametrize("appearance", ["by_name", "by_country", "consortium_only"])
@pytest.mark.parametrize("lang", ["en", "sr-cyrl", "sq"])
def test_a_listed_statement_is_the_statement_its_own_address_shows(
    client, staff, org_admin, other_org_admin, coordinator, appearance, lang
):
    """The list reads each statement as rows (`statements.reading.published_page`), the
    single statement as objects: every field must come out the same, for every reader."""
    areas = [factories.AreaFactory(slug=f"a{i}", position=i) for i in (2, 1)]
    statement = calls.published(
        staff,
        org_admin,
        coordinator,
        texts={"sr-latn": ("Stav", calls.BODY), "en": ("Statement", "The text.")},
        signers=[(other_org_admin, "by_name")],
        appearance=appearance,
        area_ids=tuple(a.id for a in areas),
    )
    db.session.commit()
    for headers in ({}, bearer(staff)):
        one = client.get(f"/api/v1/statements/{statement.id}?lang={lang}", headers=headers)
        listed = client.get(f"/api/v1/statements/?lang={lang}", headers=headers)
        assert listed.get_json()["items"] == [one.get_json()]
    assert one.get_json()["areas"] == ["a1", "a2"]
