"""The audit log: all of it for coordinators and admins, their own part for org admins."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from consortium.audit import actions as actions_module
from consortium.audit import policy
from consortium.audit.actions import title as action_title
from consortium.audit.models import AuditEvent
from consortium.core.authz import require
from consortium.core.urls import MAX_ID
from consortium.db import db
from consortium.organisations.models import Organisation

bp = Blueprint("audit", __name__, url_prefix="/<lang:lang>", template_folder="templates")
PAGE_SIZE = 50


@bp.get("/audit/")
@login_required
def index():
    """The audit log, newest first, filtered by organisation, action, person and date."""
    slug = request.args.get("organisation") or None
    organisation = None
    if slug:
        organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))
        if organisation is None:
            abort(404)
    elif not policy.can_read_all(current_user) and current_user.organisation is not None:
        organisation = current_user.organisation
    require(policy.can_read(current_user, organisation))

    query = db.select(AuditEvent).options(joinedload(AuditEvent.actor))
    if organisation is not None:
        query = query.where(AuditEvent.organisation_id == organisation.id)
    action = (request.args.get("action") or "").strip()
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    who = (request.args.get("who") or "").strip().lower()
    if who:
        query = query.where(AuditEvent.actor_label.contains(who, autoescape=True))
    day = _date(request.args.get("from"))
    if day:
        query = query.where(AuditEvent.at >= day)
    # Keyset pagination: the log only grows, so OFFSET pages would drift and slow down.
    before = request.args.get("before", type=int)
    if before and 0 < before <= MAX_ID:
        query = query.where(AuditEvent.id < before)
    events = list(db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1)))
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    next_url = None
    if more:
        args = {**request.args.to_dict(), "before": events[-1].id}
        next_url = url_for("audit.index", **args)
    known = db.select(AuditEvent.action).distinct()
    if organisation is not None:
        known = known.where(AuditEvent.organisation_id == organisation.id)
    actions = sorted(db.session.scalars(known))
    return render_template(
        "audit/index.html",
        events=events,
        organisation=organisation,
        actions=actions,
        next_url=next_url,
        action_title=action_title,
        object_title=actions_module.object_title,
        event_details=actions_module.details,
        show_addresses=policy.can_see_addresses(current_user),
        filters={"action": action, "who": who, "from": request.args.get("from", "")},
    )


def _date(value: str | None):
    from consortium.db import utcnow

    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 — a calendar day
    except ValueError:
        return None
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)
