"""A person downloads everything the platform holds about them (issue 12): each domain's
part, none of the secrets, nobody else's private data, and only their own."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import Forbidden

from consortium.auth import personal_data, second_factor
from consortium.auth import services as accounts
from consortium.auth.models import AuthSession, PasswordReset, RecoveryCode
from consortium.core import registry
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage
from consortium.organisations import membership
from consortium.organisations.schemas import InvitationRequest
from consortium.statements import services as statement_services
from consortium.statements.schemas import CommentInput
from consortium.tokens import services as tokens
from tests.experts.factories import make_expert
from tests.factories import TEST_TOTP_SECRET
from tests.statements import calls

ADDRESS = "/en/account/data.json"
OWN_COMMENT = "Bruno piše: treći pasus treba skratiti."
COLLEAGUE_COMMENT = "Chen piše: slažem se s nacrtom."


@pytest.fixture
def footprint(org, org_admin, staff, coordinator):
    """Bruno (an org admin with a second factor) has left a trace in every domain; Chen, a
    colleague, has left some of his own beside it."""
    codes = second_factor.enable(
        org_admin, secret=TEST_TOTP_SECRET, code=pyotp.TOTP(TEST_TOTP_SECRET).now(), actor=SYSTEM
    )
    draft = calls.draft(org_admin, title="Nacrt o povratnicima")
    statement_services.add_comment(draft, CommentInput(OWN_COMMENT), actor=org_admin)
    statement_services.add_comment(draft, CommentInput(COLLEAGUE_COMMENT), actor=staff)
    signed = calls.draft(staff, title="Stav o malom oružju")
    calls.sign(signed, org_admin)
    token, token_secret = tokens.create(
        org_admin, name="bruno-script", scope="read", expires_days=30, actor=org_admin
    )
    tokens.create(staff, name="chen-script", scope="read", expires_days=30, actor=staff)
    invitation = InvitationRequest("invited@example.org", "member", "sq")
    membership.invite(org, invitation, actor=org_admin)
    expert = make_expert(
        "Bruno Org-Admin",
        contacts=[("email", "bruno.expert@example.org", "members")],
        organisation_id=org.id,
    )
    expert.user_id = org_admin.id
    accounts.request_password_reset(org_admin.email, language="en")
    db.session.commit()
    return {
        "draft": draft,
        "signed": signed,
        "codes": codes,
        "token": token,
        "token_secret": token_secret,
        "expert": expert,
    }


def _download(client) -> dict:
    response = client.get(ADDRESS)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return json.loads(response.get_data(as_text=True))


def test_the_download_holds_each_domains_part(client_as, footprint, org_admin):
    data = _download(client_as(org_admin))

    assert [part.name for part in registry.personal_data_parts()] == [
        "account",
        "access_tokens",
        "experts",
        "mail",
        "organisations",
        "pages_edited",
        "statements",
        "audit_log",
    ]
    account = data["account"]
    assert (account["email"], account["name"]) == ("bruno@example.org", "Bruno Org-Admin")
    assert account["password"]["set"] is True
    assert account["second_factor"] == {
        "enabled": True,
        "since": account["second_factor"]["since"],
        "recovery_codes_left": 10,
    }
    assert [s["ip"] for s in account["sessions"]] == ["127.0.0.1"]
    assert len(account["password_reset_links"]) == 1

    assert [t["name"] for t in data["access_tokens"]] == ["bruno-script"]
    profile = data["experts"]["profile"]
    assert profile["slug"] == footprint["expert"].slug
    assert profile["contact_details"] == [
        {"kind": "email", "value": "bruno.expert@example.org", "shown_to": "members"}
    ]
    (reset_mail,) = data["mail"]["received"]
    assert reset_mail["subject"] == "Set a new password for Consortium"
    assert "/reset-password/…" in reset_mail["text"]

    organisations = data["organisations"]
    assert organisations["membership"] == {
        "organisation": {"slug": "qkss-demo", "name": "Qendra Kosovare"},
        "role": "org_admin",
    }
    (sent,) = organisations["invitations_sent"]
    assert sent["role"] == "member" and sent["organisation"]["slug"] == "qkss-demo"

    statements = data["statements"]
    assert [s["statement"] for s in statements["statements_started"]] == [footprint["draft"].slug]
    assert [c["text"] for c in statements["comments"]] == [OWN_COMMENT]
    (signature,) = statements["signatures_given"]
    assert signature["statement"] == footprint["signed"].slug
    assert (signature["organisation"], signature["answer"]) == ("qkss-demo", "signed")

    actions = {event["action"] for event in data["audit_log"]["your_actions"]}
    assert {"auth.login", "statement.created", "token.created"} <= actions
    assert data["pages_edited"] == []
    assert data["format"] == "consortium-personal-data/1"


def test_no_secret_is_in_the_download_only_whether_it_exists(client_as, footprint, org_admin):
    client = client_as(org_admin)
    text = client.get(ADDRESS).get_data(as_text=True)
    data = json.loads(text)
    assert data["account"]["second_factor"]["enabled"] is True  # said to exist…

    db.session.expire_all()
    secrets = [
        org_admin.password_hash,
        TEST_TOTP_SECRET,
        org_admin.totp_secret,  # as stored
        *footprint["codes"],
        *(c.replace("-", "") for c in footprint["codes"]),
        *db.session.scalars(db.select(RecoveryCode.code_hash)),
        footprint["token_secret"],
        footprint["token"].token_hash,
        *db.session.scalars(db.select(AuthSession.token_hash)),
        *db.session.scalars(db.select(PasswordReset.token_hash)),
    ]
    assert all(secrets)
    for secret in secrets:  # …but never shown
        assert secret not in text
    (mail,) = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.kind == "password_reset")
    )
    link = next(word for word in mail.body_text.split() if "/reset-password/" in word)
    assert link not in text, "the reset link's token is cut"
    assert link.rsplit("/", 1)[0] + "/…" in text


def test_nobody_elses_private_data_is_in_it(client_as, footprint, org_admin, staff):
    client_as(staff)  # Chen signs in too: his session, his address and browser
    text = client_as(org_admin).get(ADDRESS).get_data(as_text=True)
    assert "bruno@example.org" in text and OWN_COMMENT in text  # the control
    for other in (
        COLLEAGUE_COMMENT,
        "chen-script",
        "chen@example.org",
        "Chen Staff",
        "invited@example.org",  # the address Bruno invited is the invitee's
    ):
        assert other not in text, other


def test_each_person_downloads_only_their_own(client_as, footprint, staff):
    data = _download(client_as(staff))
    assert data["account"]["email"] == "chen@example.org"
    text = json.dumps(data)
    assert "bruno" not in text.lower() and OWN_COMMENT not in text
    assert [c["text"] for c in data["statements"]["comments"]] == [COLLEAGUE_COMMENT]


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(ADDRESS)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/en/login"


def test_a_stale_sign_in_confirms_the_password_first(client_as, member):
    client = client_as(member)
    db.session.execute(db.update(AuthSession).values(created_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    response = client.get(ADDRESS)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/en/confirm-password"
    confirmed = client.post(
        "/en/confirm-password", data={"password": "tri-plave-lipe-na-obali", "next": ADDRESS}
    )
    assert confirmed.headers["Location"] == ADDRESS
    assert _download(client)["account"]["email"] == "dara@example.org"


def test_the_service_refuses_anyone_but_the_owner(app, member, staff, admin):
    with pytest.raises(Forbidden):
        personal_data.export(member, actor=admin)
    with pytest.raises(Forbidden):
        personal_data.export(member, actor=staff)
    with app.test_request_context("/en/"):
        assert personal_data.export(member, actor=member)["account"]["email"] == member.email


def test_the_account_page_offers_the_download_and_the_deletion(client_as, member):
    page = BeautifulSoup(client_as(member).get("/en/account").data, "html.parser")
    download = page.select_one(f'main a[href="{ADDRESS}"]')
    assert download is not None and download.has_attr("download")
    assert download.get_text(strip=True) == "Download my data"
    delete = page.select_one('main a[href="/en/account/delete"]')
    assert delete is not None and delete.get_text(strip=True) == "Delete my account"
    assert not page.select('main form[action="/en/account/delete"]'), "a link, not a form"
