"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func

from consortium.auth.models import User
from consortium.auth.policy import can_manage_users
from consortium.auth.roles import OrgRole
from consortium.db import db
from consortium.mail.models import OutboxMessage
from consortium.organisations import policy as org_policy
from consortium.organisations import services as org_services
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
    """What this person should look at first; each part only for those it concerns."""
    organisation = user.organisation
    waiting: dict = {"organisation": organisation, "open_invitations": 0}
    if organisation is not None and org_policy.can_manage_people(user, organisation):
        waiting["open_invitations"] = len(org_services.open_invitations(organisation))
    if org_policy.can_create(user):
        # Partners nobody can manage yet: a coordinator should invite their first admin.
        has_admin = (
            db.select(User.id)
            .where(
                User.organisation_id == Organisation.id,
                User.org_role == OrgRole.ORG_ADMIN,
                User.is_active_account,
            )
            .exists()
        )
        waiting["without_admin"] = list(
            db.session.scalars(
                db.select(Organisation).where(~has_admin).order_by(Organisation.name)
            )
        )
    if can_manage_users(user):
        waiting["undelivered_mails"] = db.session.scalar(
            db.select(func.count(OutboxMessage.id)).where(OutboxMessage.failed_at.is_not(None))
        )
    return waiting
