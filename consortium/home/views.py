"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from consortium.auth.policy import can_manage_users
from consortium.core.authz import public
from consortium.mail import services as mail_services
from consortium.organisations import membership
from consortium.organisations import policy as org_policy
from consortium.organisations import services as org_services

bp = Blueprint("home", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.get("/")
@public
def index():
    """Home page."""
    organisation_count, country_count = org_services.stats()
    waiting = _waiting_for(current_user) if current_user.is_authenticated else None
    return render_template(
        "home/index.html",
        organisation_count=organisation_count,
        country_count=country_count,
        waiting=waiting,
    )


def _waiting_for(user: Any) -> dict:
    """What this person should look at first; each part only for those it concerns."""
    organisation = user.organisation
    waiting: dict = {"organisation": organisation, "open_invitations": 0}
    if organisation is not None and org_policy.can_manage_people(user, organisation):
        waiting["open_invitations"] = len(membership.open_invitations(organisation))
    if org_policy.can_create(user):
        waiting["without_admin"] = membership.without_admin()
    if can_manage_users(user):
        waiting["undelivered_mails"] = mail_services.undelivered_count()
    return waiting
