"""Operators' pages: every user, consortium-wide roles, deactivation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from consortium.admin.forms import ConsortiumRolesForm, PlacementForm
from consortium.auth import services
from consortium.auth.models import User
from consortium.auth.policy import can_grant_consortium_roles, can_manage_users
from consortium.auth.roles import OrgRole
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.db import db
from consortium.i18n.text import fold
from consortium.organisations import services as org_services
from consortium.organisations.display import org_name
from consortium.organisations.models import Organisation

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.get("/admin/users")
@login_required
def users():
    """Every account, with organisation and roles."""
    require(can_manage_users(current_user), hide=True)
    q = fold((request.args.get("q") or "")[:100])
    people = list(
        db.session.scalars(
            db.select(User).options(joinedload(User.organisation)).order_by(User.name)
        )
    )
    if q:
        people = [p for p in people if q in fold(f"{p.name} {p.email}")]
    return render_template("admin/users.html", people=people, q=request.args.get("q", ""))


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@login_required
def user(user_id: int):
    """Grant or revoke coordinator and admin; deactivate an account."""
    person = _managed_person(user_id)
    form = _roles_form(person)
    if form.validate_on_submit():
        require(can_grant_consortium_roles(current_user))
        try:
            services.set_consortium_roles(
                person,
                coordinator=form.coordinator.data,
                admin=form.admin.data,
                actor=current_user,
            )
            if form.active.data != person.is_active_account:
                services.set_active(person, active=form.active.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The roles of %(name)s have been saved.", name=person.name), "success")
            return redirect(url_for("admin.user", user_id=person.id))
    return _user_page(person, form, _placement_form(person))


def _managed_person(user_id: int) -> User:
    """The account an operator opens; everyone else learns nothing (404)."""
    require(can_manage_users(current_user), hide=True)
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    return person


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
    named = sorted(
        ((str(o.id), org_name(o)) for o in db.session.scalars(db.select(Organisation))),
        key=lambda choice: fold(choice[1]),
    )
    form.organisation.choices = [("", _("No organisation")), *named]
    return form


def _user_page(person: User, form, placement, status: int = 200):
    return render_template("admin/user.html", person=person, form=form, placement=placement), status


@bp.post("/admin/users/<id:user_id>/organisation")
@login_required
def place(user_id: int):
    """Put someone into an organisation with a role, or take them out of it."""
    person = _managed_person(user_id)
    placement = _placement_form(person, formdata=request.form)
    if not placement.validate_on_submit():
        return _user_page(person, _roles_form(person, formdata=None), placement, status=400)
    if placement.organisation.data:
        organisation = db.session.get(Organisation, int(placement.organisation.data))
        org_services.place_person(
            person, organisation, role=placement.role.data, actor=current_user
        )
    elif person.organisation_id is not None:
        org_services.remove_person(person, actor=current_user)
    db.session.commit()
    flash(_("The organisation and role of %(name)s have been saved.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=person.id))
