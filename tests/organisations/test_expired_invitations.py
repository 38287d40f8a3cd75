"""An invitation whose time has passed is gone: from the people page, the home page's count,
and its link. Invitations are made by the service, as the people page makes them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage
from tests.organisations.calls import invite

FRESH, EXPIRED = "fresh@example.org", "expired@example.org"


def _main_text(response) -> str:
    return BeautifulSoup(response.data, "html.parser").select_one("main").get_text(" ", strip=True)


def _link_path(email: str) -> str:
    body = db.session.scalar(
        db.select(OutboxMessage.body_text).where(OutboxMessage.to_address == email)
    )
    url = re.search(r"https?://\S+/invitation/\S+", body).group(0)
    return "/" + url.split("/", 3)[3]


def _invite(org, org_admin, email: str, *, expired: bool):
    invitation = invite(org, email=email, role="member", language="en", actor=org_admin)
    if expired:
        invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    return invitation


@pytest.fixture
def invitations(org, org_admin):
    return {
        FRESH: _invite(org, org_admin, FRESH, expired=False),
        EXPIRED: _invite(org, org_admin, EXPIRED, expired=True),
    }


def test_the_people_page_lists_only_the_unexpired_invitation(
    client_as, org, org_admin, invitations
):
    response = client_as(org_admin).get(f"/en/organisations/{org.slug}/people")
    assert response.status_code == 200
    section = BeautifulSoup(response.data, "html.parser").select_one("#open-heading").find_parent()
    listed = [li.get_text(" ", strip=True).split(" · ")[0] for li in section.select("li")]
    assert listed == [FRESH]
    assert EXPIRED not in _main_text(response)


def test_the_home_page_counts_only_the_unexpired_invitation(client_as, org_admin, invitations):
    text = _main_text(client_as(org_admin).get("/en/"))
    assert "1 invitation has not been accepted yet" in text
    assert "2 invitations" not in text


def test_with_only_expired_invitations_nothing_waits(client_as, org, org_admin):
    _invite(org, org_admin, EXPIRED, expired=True)
    people = client_as(org_admin).get(f"/en/organisations/{org.slug}/people")
    assert people.status_code == 200
    assert BeautifulSoup(people.data, "html.parser").select_one("#open-heading") is None
    home = _main_text(client_as(org_admin).get("/en/"))
    assert "Manage people" in home, "the org admin's home page was rendered"
    assert "not been accepted yet" not in home


def test_the_expired_link_answers_link_expired_and_the_fresh_one_works(client, invitations):
    expired = client.get(_link_path(EXPIRED), follow_redirects=True)
    assert expired.status_code == 404
    assert "This link is no longer valid" in _main_text(expired)

    fresh = client.get(_link_path(FRESH), follow_redirects=True)
    assert fresh.status_code == 200
    assert "This link is no longer valid" not in _main_text(fresh)
    assert BeautifulSoup(fresh.data, "html.parser").select_one("input#password") is not None
