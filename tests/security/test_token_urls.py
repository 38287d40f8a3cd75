"""Single-use links never travel in addresses that get logged (issue 12).

The mailed link keeps its token in the path; its first request moves the token into the
session and redirects to the same page without it. Every answer of the flow is checked for
the token (in `Location` and anywhere in the body), the pages carrying the form answer
`no-store` and `no-referrer`, the whole reset / invitation / claim completes on the address
without the token, the old address still works, and the logs that could show the first
request's path (the development server's, gunicorn's access log, the security log) show
`…` in place of the token.
"""

from __future__ import annotations

import logging
import re
import runpy
import threading
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from consortium.audit.models import AuditEvent
from consortium.auth.models import PasswordReset, User
from consortium.auth.services import hasher
from consortium.auth.tokens import digest
from consortium.core import links
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.experts import contact
from consortium.experts.models import Expert
from consortium.mail.models import OutboxMessage
from consortium.organisations.models import Invitation
from tests.conftest import PASSWORD
from tests.experts.factories import make_expert

NEW_PASSWORD = "jezero-ispod-planine-2026"
ROOT = Path(__file__).resolve().parents[2]


def _mailed_path(kind: str, to: str) -> tuple[str, str]:
    """The path of the link mailed to `to`, and its token."""
    body = db.session.scalar(
        db.select(OutboxMessage.body_text)
        .where(OutboxMessage.kind == kind, OutboxMessage.to_address == to)
        .order_by(OutboxMessage.id.desc())
    )
    url = re.search(r"https?://\S+", body).group(0)
    path = "/" + url.split("/", 3)[3]
    return path, path.rsplit("/", 1)[1]


class Flow:
    """Every answer a browser gets while following one link, each checked for the token."""

    def __init__(self, client, token: str) -> None:
        self.client, self.token = client, token

    def _seen(self, response):
        assert self.token not in response.headers.get("Location", "")
        assert self.token not in response.get_data(as_text=True)
        return response

    def get(self, path: str):
        return self._seen(self.client.get(path))

    def post(self, path: str, data: dict):
        return self._seen(self.client.post(path, data=data))

    def follow(self, path: str, to: str):
        """The mailed link: a 303 to `to` (no token), answered no-store and no-referrer."""
        response = self.get(path)
        assert response.status_code == 303
        assert urlsplit(response.headers["Location"]).path == to
        _assert_private(response)
        page = self.get(to)
        assert page.status_code == 200
        _assert_private(page)
        return page


def _assert_private(response) -> None:
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def _form_actions(response) -> list[str]:
    return re.findall(r'<form[^>]*action="([^"]*)"', response.get_data(as_text=True))


# --- Password reset -----------------------------------------------------------------------


def test_a_reset_link_swaps_its_token_for_a_clean_address_and_the_reset_completes(client, member):
    client.post("/en/forgot-password", data={"email": member.email})
    path, token = _mailed_path("password_reset", member.email)
    assert path == f"/en/reset-password/{token}", "the mail keeps a plain link"

    flow = Flow(client, token)
    page = flow.follow(path, "/en/reset-password")
    assert "/en/reset-password" in _form_actions(page)
    done = flow.post("/en/reset-password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/en/login"

    reset = db.session.scalar(db.select(PasswordReset))
    assert reset.used_at is not None
    db.session.expire_all()
    stored = db.session.get(User, member.id).password_hash
    assert hasher().verify(stored, NEW_PASSWORD)
    # The browser forgot the link once it was used.
    again = flow.get("/en/reset-password")
    assert again.status_code == 404
    assert "no longer valid" in again.get_data(as_text=True)


def test_the_clean_address_without_a_followed_link_opens_nothing(client, member):
    """The control: the page without the token is no way around the token."""
    response = client.get("/en/reset-password")
    assert response.status_code == 404
    posted = client.post("/en/reset-password", data={"password": NEW_PASSWORD})
    assert posted.status_code == 404
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 0


def test_the_old_address_still_works_for_a_form_opened_before(client, member):
    """A page opened before the change posts to the address with the token: it completes."""
    client.post("/en/forgot-password", data={"email": member.email})
    path, _token = _mailed_path("password_reset", member.email)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    _assert_private(response)
    db.session.expire_all()
    assert hasher().verify(db.session.get(User, member.id).password_hash, NEW_PASSWORD)


def test_a_form_sent_back_on_the_old_address_leads_only_to_clean_ones(client, member):
    client.post("/en/forgot-password", data={"email": member.email})
    path, token = _mailed_path("password_reset", member.email)
    response = client.post(path, data={"password": "short", "confirm": "short"})
    assert response.status_code == 200, "the weak password is refused on the form"
    # The form and the language switcher lead to the address without the token.
    assert _form_actions(response) == ["/en/reset-password"]
    assert token not in response.get_data(as_text=True)
    _assert_private(response)


def test_a_malformed_or_unknown_token_ends_on_the_expired_page(client):
    for token in ("x" * 10_000, "not-a-token-we-made", "%C3%A9t%C3%A9"):
        response = client.get(f"/en/reset-password/{token}")
        assert response.status_code == 303
        page = client.get(response.headers["Location"])
        assert page.status_code == 404
        assert "no longer valid" in page.get_data(as_text=True)
        # Nothing that large rides in the session cookie.
        assert len(response.headers.get("Set-Cookie", "")) < 1000


def test_a_stashed_link_goes_stale_in_a_browser_left_behind(client, member, monkeypatch):
    client.post("/en/forgot-password", data={"email": member.email})
    path, _token = _mailed_path("password_reset", member.email)
    client.get(path)
    assert client.get("/en/reset-password").status_code == 200
    later = links.time.time() + links.STASH_SECONDS + 1
    monkeypatch.setattr(links.time, "time", lambda: later)
    assert client.get("/en/reset-password").status_code == 404


# --- Invitations --------------------------------------------------------------------------


def _invite(client_as, org, org_admin, email: str) -> None:
    response = client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": email, "role": "staff", "language": "en"},
    )
    assert response.status_code == 302


def test_an_invitation_link_swaps_its_token_and_the_newcomer_joins(client_as, org, org_admin):
    _invite(client_as, org, org_admin, "nova@example.org")
    path, token = _mailed_path("invitation", "nova@example.org")
    assert path == f"/en/invitation/{token}"

    flow = Flow(client_as(None), token)
    page = flow.follow(path, "/en/invitation")
    assert _form_actions(page) == ["/en/invitation"]
    data = {"name": "Nova", "language": "en", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    done = flow.post("/en/invitation", data)
    assert done.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "nova@example.org"))
    assert (user.organisation_id, user.org_role) == (org.id, "staff")
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.accepted_at is not None and invitation.user_id == user.id
    assert flow.get("/en/account").status_code == 200, "signed in"


def test_someone_invited_back_joins_on_the_clean_address_with_their_password(
    client_as, org, org_admin, loner
):
    _invite(client_as, org, org_admin, loner.email)
    path, token = _mailed_path("invitation", loner.email)
    flow = Flow(client_as(None), token)
    page = flow.follow(path, "/en/invitation")
    assert 'autocomplete="current-password"' in page.get_data(as_text=True)
    wrong = flow.post("/en/invitation", {"password": "not-the-password"})
    assert wrong.status_code == 200
    _assert_private(wrong)
    assert db.session.get(User, loner.id).organisation_id is None
    done = flow.post("/en/invitation", {"password": PASSWORD})
    assert done.status_code == 302
    db.session.expire_all()
    person = db.session.get(User, loner.id)
    assert (person.organisation_id, person.org_role) == (org.id, "staff")


# --- Expert profile claims ----------------------------------------------------------------


@pytest.fixture
def expert(org):
    return make_expert("Arben Krasniqi", organisation_id=org.id)


def test_a_claim_link_swaps_its_token_and_the_expert_creates_an_account(client, expert):
    token = contact.invite_to_claim(expert, "arben@example.org", language="sq", actor=SYSTEM)
    db.session.commit()
    path, mailed = _mailed_path("expert.claim", "arben@example.org")
    assert (path, mailed) == (f"/sq/experts/claim/{token}", token)

    flow = Flow(client, token)
    page = flow.follow(path, "/sq/experts/claim")
    assert _form_actions(page) == ["/sq/experts/claim"]
    data = {
        "name": "Arben Krasniqi",
        "language": "sq",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }
    done = flow.post("/sq/experts/claim", data)
    assert done.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == "arben@example.org"))
    assert db.session.get(Expert, expert.id).user_id == user.id


def test_an_expert_with_an_account_signs_in_on_the_way_and_the_link_is_kept(client, expert, loner):
    """Signing in starts a fresh session; the link being followed survives it."""
    token = contact.invite_to_claim(expert, loner.email, language="en", actor=SYSTEM)
    db.session.commit()
    flow = Flow(client, token)
    page = flow.follow(f"/en/experts/claim/{token}", "/en/experts/claim")
    assert "/en/login?next=/en/experts/claim" in page.get_data(as_text=True).replace("%2F", "/")
    signed_in = flow.post(
        "/en/login?next=/en/experts/claim", {"email": loner.email, "password": PASSWORD}
    )
    assert signed_in.headers["Location"] == "/en/experts/claim"
    confirm = flow.get("/en/experts/claim")
    assert confirm.status_code == 200
    _assert_private(confirm)
    done = flow.post("/en/experts/claim", {})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).user_id == loner.id


def test_other_pages_keep_the_usual_headers(client):
    """The control: no-store and no-referrer are for pages that carry a link's form."""
    response = client.get("/en/forgot-password")
    assert response.headers["Referrer-Policy"] == "same-origin"


# --- Logs ---------------------------------------------------------------------------------


def test_redact_hides_every_token_segment_and_nothing_else():
    line = (
        '10.0.0.1 - - [01/Jan/2026] "GET /sq/reset-password/AbC_12-x HTTP/1.1" 303 - '
        '"https://mail.example/en/invitation/Tok3n?x=1" "/en/experts/claim/t0k"'
    )
    redacted = links.redact(line)
    for secret in ("AbC_12-x", "Tok3n", "t0k"):
        assert secret not in redacted
    assert "/sq/reset-password/…" in redacted and "/en/invitation/…?x=1" in redacted
    plain = '"GET /en/organisations/qkss/invitations/3/revoke HTTP/1.1" 200'
    assert links.redact(plain) == plain


def _captured(logger_name: str, caplog, emit) -> str:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=logger_name):
        emit(logging.getLogger(logger_name))
    return "\n".join(r.getMessage() for r in caplog.records if r.name == logger_name)


def test_the_development_servers_access_log_hides_the_token(app, member, caplog):
    reset_token = "dev-server-token-abc"
    db.session.add(
        PasswordReset(
            token_hash=digest(reset_token),
            user_id=member.id,
            expires_at=utcnow().replace(year=utcnow().year + 1),
        )
    )
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    caplog.set_level(logging.INFO, logger="werkzeug")
    thread.start()
    try:
        opener = urllib.request.build_opener(_NoRedirect)
        url = f"http://127.0.0.1:{server.server_port}/en/reset-password/{reset_token}"
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(url, timeout=10)
        assert answer.value.code == 303
    finally:
        server.shutdown()
        thread.join(timeout=10)
    logged = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    requests = [line for line in logged if "reset-password" in line]
    assert requests, logged
    assert all(reset_token not in line for line in logged)
    assert "/en/reset-password/…" in requests[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorns_access_log_hides_the_token(caplog):
    """gunicorn.conf.py at the root adds the filter when gunicorn starts; gunicorn logs each
    request as `access_log.info(format, atoms)`."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["accesslog"] == "-"
    access = logging.getLogger("gunicorn.access")
    before = list(access.filters)
    try:
        config["on_starting"](None)
        atoms = {"h": "10.0.0.1", "r": "GET /en/invitation/s3cr3t-Token HTTP/1.1", "s": "303"}
        text = _captured(
            "gunicorn.access", caplog, lambda log: log.info('%(h)s "%(r)s" %(s)s', atoms)
        )
    finally:
        access.filters[:] = before
    assert text == '10.0.0.1 "GET /en/invitation/… HTTP/1.1" 303'


def test_the_security_log_shows_the_old_address_without_its_token(client, member, caplog):
    client.post("/en/forgot-password", data={"email": member.email})
    path, token = _mailed_path("password_reset", member.email)
    caplog.set_level(logging.INFO, logger="consortium.security")
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    events = [r.getMessage() for r in caplog.records if r.name == "consortium.security"]
    assert any("/en/reset-password/…" in e for e in events), events
    assert all(token not in e for e in events)
