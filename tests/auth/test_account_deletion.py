"""A person deletes their own account (issue 12): the row stays, anonymised; what they
wrote stays under "Former member"; their organisation's signatures stay; the last admin of
an organisation or of the platform cannot leave it without one."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import Forbidden

from consortium.audit.models import AuditEvent
from consortium.auth import deletion, second_factor
from consortium.auth import services as accounts
from consortium.auth.models import AuthSession, PasswordReset, RecoveryCode, User
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.experts.models import Expert, ExpertInvitation
from consortium.mail.models import OutboxMessage
from consortium.organisations.models import Invitation
from consortium.statements import services as statement_services
from consortium.statements.models import Comment, Signature, Statement
from consortium.statements.schemas import CommentInput
from consortium.tokens import services as tokens
from consortium.tokens.models import AccessToken
from tests import factories
from tests.conftest import PASSWORD
from tests.experts.factories import make_expert
from tests.statements import calls

ADDRESS = "/en/account/delete"
COMMENT = "Predlažem kraći treći pasus."
NEW_PASSWORD = "kamen-voda-vjetar-2026"


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.data, "html.parser").get_text(" ").split())


def _path(response) -> str:
    return urlsplit(response.headers["Location"]).path


@pytest.fixture
def eva(org):
    """A second org admin of the Kosovo organisation: Bruno is not its last one."""
    return factories.UserFactory(
        name="Eva Second-Admin", organisation=org, org_role="org_admin", email="eva@example.org"
    )


@pytest.fixture
def footprint(org, org_admin, eva, coordinator):
    """Bruno drafted, commented, signed for his organisation, holds a token, claimed an
    expert profile, and has mail and invitations addressed to him."""
    draft = calls.draft(org_admin, title="Nacrt o povratnicima")
    statement_services.add_comment(draft, CommentInput(COMMENT), actor=org_admin)
    published = calls.published(org_admin, org_admin, coordinator, title="Stav o oružju")
    _token, secret = tokens.create(
        org_admin, name="script", scope="read", expires_days=30, actor=org_admin
    )
    expert = make_expert("Bruno Org-Admin", organisation_id=org.id)
    expert.user_id = org_admin.id
    now = utcnow()
    db.session.add_all(
        [
            Invitation(
                token_hash="a" * 64,
                email=org_admin.email,
                organisation_id=org.id,
                role="org_admin",
                expires_at=now,
                accepted_at=now,
                user_id=org_admin.id,
                invited_by_id=eva.id,
            ),
            ExpertInvitation(
                token_hash="b" * 64, expert_id=expert.id, email=org_admin.email, expires_at=now
            ),
        ]
    )
    accounts.request_password_reset(org_admin.email, language="en")
    db.session.commit()
    return {"draft": draft, "published": published, "secret": secret, "expert": expert}


def _delete(client, password=PASSWORD, **data):
    return client.post(ADDRESS, data={"password": password, **data})


def test_the_confirmation_page_says_what_goes_and_what_stays(client_as, org_admin, eva):
    response = client_as(org_admin).get(ADDRESS)
    assert response.status_code == 200
    page = BeautifulSoup(response.data, "html.parser")
    text = _text(response)
    assert "This cannot be undone" in text and "Former member" in text
    assert "signatures stay" in text
    (form,) = page.select("main form")
    assert form["method"] == "post" and not form.get("action")  # posts to itself
    assert form.select_one('input[name="password"]')
    assert not form.select_one('input[name="code"]'), "no second factor, no code asked"
    db.session.refresh(org_admin)
    assert org_admin.deleted_at is None, "showing the page changes nothing"


def test_deleting_anonymises_the_account_and_keeps_what_they_wrote(
    client_as, footprint, org, org_admin, eva, loner
):
    colleague = client_as(eva)
    history = f"/en/statements/{footprint['draft'].slug}/history"
    assert "Bruno Org-Admin" in _text(colleague.get(history))  # the control: named before
    other_browser = client_as(org_admin)
    api = client_as(None)
    bearer = {"Authorization": f"Bearer {footprint['secret']}"}
    assert api.get("/api/v1/organisations/", headers=bearer).status_code == 200
    person_id = org_admin.id

    client = client_as(org_admin)
    response = _delete(client)
    assert response.status_code == 302 and _path(response) == "/en/"
    assert "Your account has been deleted." in _text(client.get("/en/"))

    db.session.expire_all()
    person = db.session.get(User, person_id)
    assert person is not None, "the row stays, for the audit log and the texts"
    assert person.deleted_at is not None and not person.is_active
    assert person.email == f"former-member-{person_id}@deleted.invalid"
    assert (person.stored_name, person.search_key) == ("", "")
    assert person.name == "Former member"
    assert person.password_hash is None and person.totp_secret is None
    assert (person.organisation_id, person.org_role) == (None, None)
    for model in (AuthSession, PasswordReset, RecoveryCode, AccessToken):
        assert not db.session.scalars(db.select(model).where(model.user_id == person_id)).all()
    for browser in (client, other_browser):
        assert _path(browser.get("/en/account")) == "/en/login"
    assert api.get("/api/v1/organisations/", headers=bearer).status_code == 401

    # Invitations and mail that held the address are gone.
    assert not db.session.scalars(
        db.select(Invitation).where(Invitation.email == "bruno@example.org")
    ).all()
    assert not db.session.scalars(db.select(ExpertInvitation)).all()
    assert not db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.to_address == "bruno@example.org")
    ).all()

    # The expert profile is unlinked and hidden until a coordinator deletes it.
    expert = db.session.get(Expert, footprint["expert"].id)
    assert expert.user_id is None and expert.removal_requested_at is not None
    assert client_as(loner).get(f"/en/experts/{expert.slug}").status_code == 404

    # What he wrote stays, under "Former member"; so does the organisation's signature.
    assert db.session.get(Statement, footprint["draft"].id) is not None
    (comment,) = db.session.scalars(db.select(Comment)).all()
    assert (comment.body, comment.author_id) == (COMMENT, person_id)
    page = _text(colleague.get(history))
    assert "Former member" in page and "Bruno" not in page
    comments = _text(colleague.get(f"/en/statements/{footprint['draft'].slug}/comments"))
    assert COMMENT in comments and "Former member" in comments and "Bruno" not in comments
    published = footprint["published"]
    (signature,) = db.session.scalars(
        db.select(Signature).where(Signature.statement_id == published.id)
    ).all()
    assert (signature.organisation_id, signature.signed_by_id) == (org.id, person_id)
    public = client_as(None).get(f"/en/statements/{published.slug}")
    assert public.status_code == 200
    assert "Stav o oružju" in _text(public) and "Qendra Kosovare" in _text(public)


def test_the_audit_log_keeps_the_events_under_former_member(
    client_as, footprint, org_admin, eva, coordinator
):
    person_id = org_admin.id
    client_as(eva)  # Eva signs in: the log names her
    assert _delete(client_as(org_admin)).status_code == 302
    db.session.expire_all()
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.actor_id == person_id))
    actions = {e.action for e in events}
    assert {"auth.login", "statement.created", "user.deleted"} <= actions
    # Wherever he acted, was acted on, or was invited: neither his name nor his address.
    # (The expert profile he claimed keeps its own name until a coordinator deletes it.)
    for event in db.session.scalars(db.select(AuditEvent)):
        if event.object_type == "expert":
            continue
        stored = " ".join(
            str(v) for v in (event.actor_name, event.actor_label, event.object_label, event.details)
        )
        assert "Bruno" not in stored and "bruno@" not in stored, event.action
        if event.actor_id == person_id:
            assert event.actor_search == ""
    log = _text(client_as(coordinator).get("/en/audit/"))
    assert "Former member" in log and "Account deleted by its owner" in log
    assert "Eva Second-Admin" in log  # the control: other people keep their names


def test_a_deleted_account_cannot_sign_in(client_as, client, org_admin, eva):
    assert _delete(client_as(org_admin)).status_code == 302
    for email in ("bruno@example.org", f"former-member-{org_admin.id}@deleted.invalid"):
        response = client.post("/en/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 200, email
        assert "not correct" in _text(response)
    signed_in = client.post("/en/login", data={"email": eva.email, "password": PASSWORD})
    assert signed_in.status_code == 302  # the control


def test_the_address_can_be_invited_again(client_as, org, org_admin, eva):
    inviting = client_as(eva)
    invite = {"email": "bruno@example.org", "role": "staff", "language": "en"}
    people = f"/en/organisations/{org.slug}/people/invite"
    refused = inviting.post(people, data=invite)
    assert "already exists" in _text(refused)  # the control: the address is taken

    assert _delete(client_as(org_admin)).status_code == 302
    assert inviting.post(people, data=invite).status_code == 302
    mail = db.session.scalar(
        db.select(OutboxMessage)
        .where(OutboxMessage.to_address == "bruno@example.org")
        .order_by(OutboxMessage.id.desc())
    )
    url = re.search(r"https?://\S+/invitation/\S+", mail.body_text).group(0)
    path = "/" + url.split("/", 3)[3]
    newcomer = client_as(None)
    form = BeautifulSoup(newcomer.get(path, follow_redirects=True).data, "html.parser")
    assert form.select_one("input#name"), "a new account, not the old one's password"
    account = {
        "name": "Bruno Again",
        "language": "en",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }
    assert newcomer.post(path, data=account).status_code == 302
    fresh = db.session.scalar(db.select(User).where(User.email == "bruno@example.org"))
    assert fresh.id != org_admin.id and fresh.name == "Bruno Again"
    assert (fresh.organisation_id, fresh.org_role) == (org.id, "staff")


def test_the_last_org_admin_is_refused(client_as, org, org_admin):
    client = client_as(org_admin)
    page = client.get(ADDRESS)
    assert page.status_code == 200
    assert "only organisation admin" in _text(page)
    assert not BeautifulSoup(page.data, "html.parser").select("main form")
    refused = _delete(client)
    assert refused.status_code == 400
    db.session.refresh(org_admin)
    assert org_admin.deleted_at is None and org_admin.email == "bruno@example.org"
    assert client.get("/en/account").status_code == 200

    # The control: with a second org admin, the same request goes through.
    factories.UserFactory(organisation=org, org_role="org_admin", email="eva@example.org")
    assert _delete(client).status_code == 302
    db.session.refresh(org_admin)
    assert org_admin.deleted_at is not None


def test_the_last_platform_admin_is_refused(client_as, admin):
    def code() -> str:
        db.session.execute(db.update(User).values(totp_last_step=None))  # a fresh step
        db.session.commit()
        return pyotp.TOTP(factories.TEST_TOTP_SECRET).now()

    client = client_as(admin)
    assert "only administrator" in _text(client.get(ADDRESS))
    assert _delete(client, code=code()).status_code == 400
    db.session.refresh(admin)
    assert admin.deleted_at is None and admin.is_admin

    factories.UserFactory(is_admin=True, email="second-admin@example.org")
    assert _delete(client, code=code()).status_code == 302
    db.session.refresh(admin)
    assert admin.deleted_at is not None and not admin.is_admin


def test_a_wrong_password_is_refused(client_as, member):
    client = client_as(member)
    refused = _delete(client, password="not-my-password")
    assert refused.status_code == 400
    assert "current password is not correct" in _text(refused)
    db.session.expire_all()
    assert member.deleted_at is None and member.email == "dara@example.org"
    (failed,) = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "auth.account_deletion_failed")
    ).all()
    assert failed.actor_id == member.id
    assert client.get("/en/account").status_code == 200

    assert _delete(client).status_code == 302  # the control: the right password
    db.session.expire_all()
    assert member.deleted_at is not None


def test_with_a_second_factor_a_code_is_needed_too(client_as, member):
    second_factor.enable(
        member,
        secret=factories.TEST_TOTP_SECRET,
        code=pyotp.TOTP(factories.TEST_TOTP_SECRET).now(),
        actor=SYSTEM,
    )
    db.session.commit()
    client = client_as(member)
    page = BeautifulSoup(client.get(ADDRESS).data, "html.parser")
    assert page.select_one('main form input[name="code"]')
    for code in ("", "000000"):
        refused = _delete(client, code=code)
        assert refused.status_code == 400, code
        assert "code is not correct" in _text(refused)
        db.session.expire_all()
        assert member.deleted_at is None

    db.session.execute(db.update(User).values(totp_last_step=None))
    db.session.commit()
    assert _delete(client, code=pyotp.TOTP(factories.TEST_TOTP_SECRET).now()).status_code == 302
    db.session.expire_all()
    assert member.deleted_at is not None


def test_nobody_deletes_someone_elses_account(app, member, admin, org_admin):
    for actor in (admin, org_admin):
        with pytest.raises(Forbidden):
            deletion.delete_account(member, password=PASSWORD, code=None, actor=actor)
    db.session.refresh(member)
    assert member.deleted_at is None
    with app.test_request_context("/en/"):
        deletion.delete_account(member, password=PASSWORD, code=None, actor=member)
    assert member.deleted_at is not None
