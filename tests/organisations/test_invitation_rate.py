"""An organisation's admins can make the platform send only so many invitations."""

from __future__ import annotations

import pytest

from consortium.db import db
from consortium.mail.models import OutboxMessage
from consortium.organisations import membership
from consortium.organisations.models import Invitation
from consortium.organisations.schemas import InvitationRequest


def _invite(org, actor, n: int):
    return membership.invite(
        org, InvitationRequest(f"person{n}@example.org", "member", "en"), actor=actor
    )


def test_an_org_admin_is_stopped_at_the_hourly_limit_and_nothing_is_sent(app, org, org_admin):
    app.config["INVITATIONS_PER_ORGANISATION_PER_HOUR"] = 3
    for n in range(3):
        _invite(org, org_admin, n)
    with pytest.raises(membership.TooManyInvitations):
        _invite(org, org_admin, 99)
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 3
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 3


def test_coordinators_are_not_counted_against(app, org, coordinator):
    app.config["INVITATIONS_PER_ORGANISATION_PER_HOUR"] = 1
    for n in range(3):
        _invite(org, coordinator, n)
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 3


def test_the_refusal_is_a_form_error_in_the_readers_language(app, client_as, org, org_admin):
    app.config["INVITATIONS_PER_ORGANISATION_PER_HOUR"] = 0
    response = client_as(org_admin).post(
        f"/sq/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "member", "language": "sq"},
    )
    assert response.status_code == 400  # the form again, with the refusal on it
    body = response.get_data(as_text=True)
    assert 'value="new@example.org"' in body and 'class="error' in body
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0
