"""A contact detail appears exactly for those its visibility allows: in the HTML, the vCard
and nowhere else; members write to the others through the relay."""

from __future__ import annotations

import pytest

from consortium.audit.models import AuditEvent
from consortium.db import db
from consortium.mail.models import OutboxMessage
from tests.experts.factories import make_expert

EMAIL = "ana.petrovic@example.org"  # shared with members
PHONE = "+381 11 555 0142"  # shared with nobody
WEBSITE = "https://ana-petrovic.example.org"  # public


@pytest.fixture
def expert(org):
    return make_expert(
        "Ana Petrović",
        country="RS",
        original_language="sr-latn",
        organisation_id=org.id,
        contacts=(
            ("email", EMAIL, "members"),
            ("phone", PHONE, "nobody"),
            ("website", WEBSITE, "public"),
        ),
    )


# Who sees what: (email, phone, website). The expert's own organisation's staff edit it.
SEES = {
    "visitor": (False, False, True),
    "loner": (False, False, True),
    "member": (True, False, True),
    "other_org_admin": (True, False, True),
    "staff": (True, True, True),
    "coordinator": (True, True, True),
}


@pytest.mark.parametrize("role", SEES)
def test_each_detail_appears_only_for_those_allowed(request, client_as, expert, role):
    user = None if role == "visitor" else request.getfixturevalue(role)
    client = client_as(user)
    email, phone, website = SEES[role]
    for path in (f"/en/experts/{expert.slug}", f"/en/experts/{expert.slug}/vcard.vcf"):
        body = client.get(path).get_data(as_text=True)
        assert (EMAIL in body) is email, path
        assert (PHONE in body or "5550142" in body) is phone, path
        assert (WEBSITE in body) is website, path
        if not email:
            assert "mailto:" not in body and "ana.petrovic" not in body


def test_search_never_finds_an_expert_by_a_hidden_detail(client, expert):
    body = client.get("/en/experts/?q=ana.petrovic%40example.org").get_data(as_text=True)
    assert f"/en/experts/{expert.slug}" not in body
    body = client.get("/en/experts/?q=petrovic").get_data(as_text=True)
    assert f"/en/experts/{expert.slug}" in body  # the positive control


def test_a_member_writes_through_the_relay_without_learning_the_address(client_as, expert, member):
    client = client_as(member)
    page = client.get(f"/en/experts/{expert.slug}/contact").get_data(as_text=True)
    assert PHONE not in page
    response = client.post(
        f"/en/experts/{expert.slug}/contact",
        data={"subject": "Interview", "message": "Would you speak to our radio?"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    message = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.kind == "expert.contact")
    )
    assert message.to_address == EMAIL
    assert message.reply_to == member.email
    assert "Would you speak to our radio?" in message.body_text
    assert member.email in message.body_text
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "expert.contacted"))
    assert event is not None and event.actor_id == member.id
    assert "radio" not in str(event.details)  # the log says who wrote to whom, not what


def test_a_visitor_cannot_write_and_is_sent_to_sign_in(client, expert):
    response = client.post(
        f"/en/experts/{expert.slug}/contact", data={"subject": "x", "message": "y"}
    )
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_the_relay_is_limited_per_sender(client_as, expert, member, app):
    client = client_as(member)
    limit = int(app.config["EXPERT_CONTACT_LIMIT"].split()[0])
    data = {"subject": "Hello", "message": "A question"}
    for _ in range(limit):
        assert client.post(f"/en/experts/{expert.slug}/contact", data=data).status_code == 302
    refused = client.post(f"/en/experts/{expert.slug}/contact", data=data)
    assert refused.status_code == 429
    sent = db.session.scalar(
        db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.kind == "expert.contact")
    )
    assert sent == limit


def test_an_empty_message_is_a_form_error_and_sends_nothing(client_as, expert, member):
    response = client_as(member).post(
        f"/en/experts/{expert.slug}/contact", data={"subject": "", "message": ""}
    )
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
