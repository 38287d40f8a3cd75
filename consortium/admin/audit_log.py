"""The audit log's page: all of it for coordinators and admins, their own part for org admins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from consortium.audit import actions, policy, services
from consortium.auth import services as accounts
from consortium.core.authz import guard, require
from consortium.db import utcnow
from consortium.organisations.services import get_by_slug

bp = Blueprint("audit", __name__, url_prefix="/<lang:lang>", template_folder="templates")
PAGE_SIZE = 50


@bp.get("/audit/")
@guard(policy.can_read_some)
def index():
    """The audit log, newest first, filtered by organisation, action, person and date."""
    slug = request.args.get("organisation") or None
    organisation = None
    if slug:
        organisation = get_by_slug(slug) or abort(404)
    elif not policy.can_read_all(current_user) and current_user.organisation is not None:
        organisation = current_user.organisation
    require(policy.can_read(current_user, organisation))
    filters = services.Filters(
        organisation_id=organisation.id if organisation is not None else None,
        action=(request.args.get("action") or "").strip()[:60],
        who=(request.args.get("who") or "").strip()[:254],
        since=_day(request.args.get("from")),
    )
    page = services.search(filters, cursor=request.args.get("after"), limit=PAGE_SIZE)
    next_url = None
    if page.next_cursor:
        next_url = url_for("audit.index", **{**request.args.to_dict(), "after": page.next_cursor})
    return render_template(
        "audit/index.html",
        events=page.items,
        organisation=organisation,
        actions=actions.action_choices(services.known_actions(filters.organisation_id)),
        next_url=next_url,
        action_title=actions.title,
        actor_name=actions.actor_name,
        object_name=actions.object_name,
        event_details=_details_naming_roles_as_chosen(page.items),
        show_addresses=policy.can_see_addresses(current_user),
        filters={
            "action": filters.action,
            "who": filters.who,
            "from": request.args.get("from", ""),
        },
    )


def _details_naming_roles_as_chosen(events: list) -> Callable:
    """`actions.details`, with each role in the form its holder chose: one query a page."""
    holders = {h for e in events if (h := actions.role_holder(e)) is not None}
    forms = accounts.grammatical_genders(holders)

    def event_details(event, names=None) -> list[tuple[str, str]]:
        return actions.details(event, names, form=forms.get(actions.role_holder(event), ""))

    return event_details


def _day(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 — a calendar day
    except ValueError:
        return None
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)
