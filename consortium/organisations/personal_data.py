"""A person's membership and the invitations addressed to them, in their download; the
invitations go with their account (each holds their address)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_

from consortium.core import registry
from consortium.db import db
from consortium.organisations import last_admin
from consortium.organisations.models import Invitation, Organisation


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {"slug": organisation.slug, "name": organisation.name}


def _addressed_to(person: Any) -> Any:
    return or_(Invitation.email == person.email, Invitation.user_id == person.id)


def collect(person: Any) -> dict[str, Any]:
    """Where they belong, the invitations they received, and those they sent (without the
    invitee's address: that is someone else's)."""
    received = db.session.scalars(
        db.select(Invitation).where(_addressed_to(person)).order_by(Invitation.created_at)
    )
    sent = db.session.scalars(
        db.select(Invitation)
        .where(Invitation.invited_by_id == person.id)
        .order_by(Invitation.created_at)
    )
    return {
        "membership": (
            {"organisation": _organisation(person.organisation), "role": person.org_role}
            if person.organisation is not None
            else None
        ),
        "invitations_received": [
            {
                "organisation": _organisation(i.organisation),
                "role": i.role,
                "language": i.language,
                "sent_at": i.created_at,
                "expires_at": i.expires_at,
                "accepted_at": i.accepted_at,
                "withdrawn_at": i.revoked_at,
            }
            for i in received
        ],
        "invitations_sent": [
            {"organisation": _organisation(i.organisation), "role": i.role, "sent_at": i.created_at}
            for i in sent
        ],
    }


def erase(person: Any) -> None:
    """The membership ends, through the guarded change that never leaves an organisation
    without its last org admin (`auth.deletion` refuses that case up front; this closes
    the race of two admins leaving at once). Invitations to them go, open or used: each
    holds their address. Invitations they sent stay, and stop working: their sender can no
    longer stand behind them."""
    if person.organisation_id is not None:
        last_admin.set_membership(person, organisation_id=None, org_role=None)
    db.session.execute(delete(Invitation).where(_addressed_to(person)))


PART = registry.PersonalData("organisations", collect=collect, erase=erase)
