"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func

from consortium.auth.policy import can_manage_users
from consortium.db import db
from consortium.mail import services as mail_services
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
        waiting["without_admin"] = org_services.without_admin()
    if can_manage_users(user):
        waiting["undelivered_mails"] = mail_services.undelivered_count()
    return waiting
