"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func

from consortium.auth.models import Invitation
from consortium.db import db, utcnow
from consortium.organisations import policy as org_policy
from consortium.organisations.models import Organisation

bp = Blueprint("home", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.get("/")
def index():
    """Home page."""
    stats = db.session.execute(
        db.select(func.count(Organisation.id), func.count(func.distinct(Organisation.country)))
    ).one()
    waiting = None
    if current_user.is_authenticated:
        waiting = _waiting_for(current_user)
    return render_template(
        "home/index.html", organisation_count=stats[0], country_count=stats[1], waiting=waiting
    )


def _waiting_for(user) -> dict:
    organisation = user.organisation
    open_invitations = 0
    if organisation is not None and org_policy.can_manage_people(user, organisation):
        open_invitations = db.session.scalar(
            db.select(func.count(Invitation.id)).where(
                Invitation.organisation_id == organisation.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
        )
    return {"organisation": organisation, "open_invitations": open_invitations}
