"""Operators' pages: every user, consortium-wide roles, deactivation, placement."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.admin.forms import ConsortiumRolesForm, PlacementForm
from consortium.auth import policy as auth_policy
from consortium.auth import second_factor
from consortium.auth import services as accounts
from consortium.auth import sessions as auth_sessions
from consortium.auth.gates import recent_password
from consortium.auth.models import User
from consortium.core.authz import destructive, guard
from consortium.core.forms import ConfirmForm, refusals
from consortium.core.roles import OrgRole
from consortium.core.templating import this_page_is
from consortium.organisations import last_admin, membership
from consortium.organisations import services as organisations
from consortium.organisations.display import org_name

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang>", template_folder="templates")
PAGE_SIZE = 50


@bp.get("/admin/users")
@guard(auth_policy.can_manage_users, hide=True)
def users():
    """Every account, with organisation and roles, one page at a time."""
    q = (request.args.get("q") or "")[:100]
    page = accounts.search_users(
        q, actor=current_user, cursor=request.args.get("after"), limit=PAGE_SIZE
    )
    next_url = None
    if page.next_cursor:
        next_url = url_for("admin.users", **{**request.args.to_dict(), "after": page.next_cursor})
    return render_template("admin/users.html", people=page.items, q=q, next_url=next_url)


@bp.route("/admin/users/<person:person>", methods=["GET", "POST"])
@guard(auth_policy.can_manage_users, hide=True)
@recent_password(methods=("POST",))
def user(person: User):
    """Grant or revoke coordinator and admin; deactivate an account (its sessions end and
    its access tokens are revoked)."""
    form = _roles_form(person)
    if form.validate_on_submit():
        with refusals(form.admin) as outcome:
            accounts.set_consortium_roles(
                person, coordinator=form.coordinator.data, admin=form.admin.data, actor=current_user
            )
            accounts.set_active(person, active=form.active.data, actor=current_user)
        if outcome.ok:
            flash(_("The roles of %(name)s have been saved.", name=person.name), "success")
            _warn_if_left_without_admin(person)
            return redirect(url_for("admin.user", person=person))
    return _user_page(person, form, _placement_form(person))


def _warn_if_left_without_admin(person: User) -> None:
    """Deactivating an organisation's last org admin is allowed (a compromised account must
    be shut out at once); the admin is told, and coordinators see the organisation among
    those without an admin."""
    organisation = person.organisation
    if (
        organisation is not None
        and not person.is_active_account
        and person.org_role == OrgRole.ORG_ADMIN
        and not last_admin.has_an_active_admin(organisation.id)
    ):
        flash(
            _(
                "%(org)s now has no active organisation admin. A coordinator can invite one.",
                org=org_name(organisation),
            ),
            "info",
        )


def _roles_form(person: User, **kwargs) -> ConsortiumRolesForm:
    return ConsortiumRolesForm(
        coordinator=person.is_coordinator,
        admin=person.is_admin,
        active=person.is_active_account,
        **kwargs,
    )


def _placement_form(person: User, formdata=None) -> PlacementForm:
    form = PlacementForm(
        formdata=formdata,
        organisation=str(person.organisation_id or ""),
        role=person.org_role or OrgRole.MEMBER.value,
    )
    named = [(str(o.id), o.name) for o in organisations.menu()]
    form.organisation.choices = [("", _("No organisation")), *named]
    return form


def _user_page(person: User, form, placement, status: int = 200):
    this_page_is("admin.user", person=person)
    page = render_template(
        "admin/user.html",
        person=person,
        form=form,
        placement=placement,
        session_count=len(auth_sessions.active_for(person)),
    )
    return page, status


@bp.post("/admin/users/<person:person>/organisation")
@guard(auth_policy.can_manage_users, hide=True)
def place(person: User):
    """Put someone into an organisation with a role, or take them out of it."""
    placement = _placement_form(person, formdata=request.form)
    if not placement.validate_on_submit():
        return _user_page(person, _roles_form(person, formdata=None), placement, status=400)
    with refusals(placement.organisation) as outcome:  # e.g. an organisation's last org admin
        if placement.organisation.data:
            organisation = organisations.get_by_id(int(placement.organisation.data))
            membership.place_person(
                person, organisation, role=placement.role.data, actor=current_user
            )
        else:
            membership.remove_person(person, actor=current_user)
    if not outcome.ok:
        return _user_page(person, _roles_form(person, formdata=None), placement, status=400)
    flash(_("The organisation and role of %(name)s have been saved.", name=person.name), "success")
    return redirect(url_for("admin.user", person=person))


@bp.route("/admin/users/<person:person>/second-factor/reset", methods=["GET", "POST"])
@guard(auth_policy.can_manage_users, hide=True)
@destructive
@recent_password()
def reset_second_factor(person: User):
    """Remove someone's second factor (a lost phone), after a confirmation page."""
    if request.method == "GET":
        return _confirm(
            person,
            title=_("Reset the second factor of %(name)s?", name=person.name),
            consequence=_(
                "Their authenticator app and recovery codes stop working. They sign in with "
                "their password alone and, if their role needs one, set up a new second factor "
                "at once."
            ),
            undo=_("Only they can set up a new second factor, with their own phone."),
            confirm_label=_("Reset the second factor"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    second_factor.reset(person, actor=current_user)
    flash(_("The second factor of %(name)s has been reset.", name=person.name), "success")
    return redirect(url_for("admin.user", person=person))


@bp.route("/admin/users/<person:person>/sessions/end", methods=["GET", "POST"])
@guard(auth_policy.can_manage_users, hide=True)
@destructive
def end_sessions(person: User):
    """Sign someone out in every browser, after a confirmation page."""
    if request.method == "GET":
        return _confirm(
            person,
            title=_("Sign %(name)s out everywhere?", name=person.name),
            consequence=_(
                "Every browser signed in to this account is signed out at its next request."
            ),
            undo=_("They can sign in again with their password and second factor."),
            confirm_label=_("Sign out everywhere"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    accounts.end_sessions_of(person, actor=current_user)
    flash(_("%(name)s has been signed out everywhere.", name=person.name), "success")
    if person.id == current_user.id:
        return redirect(url_for("auth.login"))
    return redirect(url_for("admin.user", person=person))


def _confirm(person: User, **texts: str):
    return render_template("confirm.html", cancel_url=url_for("admin.user", person=person), **texts)
