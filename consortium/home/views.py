"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from consortium.audit import actions as audit_actions
from consortium.audit import policy as audit_policy
from consortium.audit import services as audit_services
from consortium.auth.policy import can_manage_users
from consortium.core.authz import public
from consortium.experts import policy as expert_policy
from consortium.experts import services as expert_services
from consortium.mail import services as mail_services
from consortium.organisations import countries, membership
from consortium.organisations import policy as org_policy
from consortium.organisations import services as org_services
from consortium.statements import signing, workflow

bp = Blueprint("home", __name__, url_prefix="/<lang:lang>", template_folder="templates")
RECENT = 6


@bp.get("/")
@public
def index():
    """A visitor learns what the consortium is; a signed-in person sees what waits for them."""
    partners = org_services.by_country()
    context: dict[str, Any] = {
        "organisation_count": sum(count for _, count in partners),
        "country_count": len(partners),
    }
    if current_user.is_authenticated:
        context.update(
            waiting=_waiting_for(current_user),
            glance=_glance(current_user),
            recent=_recent(current_user),
            action_title=audit_actions.title,
            actor_name=audit_actions.actor_name,
        )
    else:
        context["partners"] = _by_country_name(partners)
    return render_template("home/index.html", **context)


def _waiting_for(user: Any) -> dict:
    """What this person should look at first; each part only for those it concerns."""
    organisation = user.organisation
    waiting: dict = {"open_invitations": 0}
    if organisation is not None and org_policy.can_manage_people(user, organisation):
        waiting["open_invitations"] = len(membership.open_invitations(organisation))
    if org_policy.can_create(user):
        waiting["without_admin"], waiting["admin_invited"] = membership.without_admin()
    if can_manage_users(user):
        waiting["undelivered_mails"] = mail_services.undelivered_count()
    # Joint statements: the organisation's signature (org admins), decisions (coordinators).
    waiting["awaiting_signature"] = signing.awaiting(user)
    waiting["waiting_for_review"] = workflow.waiting_for_review(user)
    if expert_policy.can_handle_removals(user):
        waiting["expert_removals"] = expert_services.removal_requests()
    return waiting


def _glance(user: Any) -> dict | None:
    """The person's organisation at a glance: who is in it, and the way to manage it."""
    organisation = user.organisation
    if organisation is None:
        return None
    return {"organisation": organisation, "people": membership.count_people(organisation)}


def _recent(user: Any) -> list:
    """The latest entries of the audit log this person may read (their organisation's part)."""
    if audit_policy.can_read_all(user):
        scope = None
    elif user.organisation is not None and audit_policy.can_read(user, user.organisation):
        scope = user.organisation.id
    else:
        return []
    page = audit_services.search(audit_services.Filters(organisation_id=scope), limit=RECENT)
    return page.items


def _by_country_name(partners: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """(name, code, how many partners) per country, in the reader's alphabet."""
    counts = dict(partners)
    return [(name, code, counts[code]) for code, name in countries.choices() if code in counts]
