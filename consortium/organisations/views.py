"""The organisations directory, profiles, people management and the thematic areas."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consortium.auth.models import Invitation, User
from consortium.core.authz import require
from consortium.core.forms import refusals
from consortium.db import db
from consortium.i18n import current_language
from consortium.i18n.languages import LANGUAGES
from consortium.organisations import countries, policy, services
from consortium.organisations.display import TEMPLATE_GLOBALS, area_name
from consortium.organisations.forms import (
    AreaForm,
    ConfirmForm,
    CreateForm,
    FilterForm,
    InviteForm,
    ProfileForm,
    RoleForm,
    per_language,
)
from consortium.organisations.models import Organisation, ThematicArea

bp = Blueprint("organisations", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.app_context_processor
def _globals():
    return TEMPLATE_GLOBALS


def _areas() -> list[ThematicArea]:
    return list(db.session.scalars(db.select(ThematicArea).order_by(ThematicArea.position)))


def _get(slug: str) -> Organisation:
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))
    if organisation is None or not policy.can_view(current_user, organisation):
        abort(404)
    return organisation


@bp.get("/organisations/")
def index():
    """The public directory, filtered by country, thematic area and name."""
    areas = _areas()
    form = FilterForm(request.args)
    form.country.choices = [("", _("All countries")), *countries.choices()]
    form.area.choices = [("", _("All thematic areas"))] + [(a.slug, area_name(a)) for a in areas]
    country = request.args.get("country", "").upper()
    area_slug = request.args.get("area", "")
    area = next((a for a in areas if a.slug == area_slug), None)
    if (country and country not in countries.CODES) or (area_slug and area is None):
        abort(404)  # a filter that names nothing is an address that leads nowhere
    q = (request.args.get("q") or "").strip()[:100]
    organisations = services.directory(country=country or None, area=area, query=q)
    return render_template(
        "organisations/index.html",
        organisations=organisations,
        form=form,
        filtered=bool(country or area_slug or q),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create():
    """Coordinators add a partner organisation."""
    require(policy.can_create(current_user))
    form = _profile_form(None, CreateForm)
    if form.validate_on_submit():
        with refusals(form.slug) as outcome:
            organisation = services.create_organisation(
                slug=form.slug.data.strip().lower(),
                name=form.name.data,
                short_name=form.short_name.data or None,
                country=form.country.data,
                city=form.city.data or None,
                website=form.website.data or None,
                original_language=form.original_language.data,
                description=_texts(form, "description"),
                name_translations=_texts(form, "name"),
                areas=_chosen_areas(form),
                actor=current_user,
            )
        if outcome.ok:
            db.session.commit()
            flash(_("The organisation has been added."), "success")
            return redirect(url_for("organisations.detail", slug=organisation.slug))
    return render_template("organisations/edit.html", form=form, organisation=None)


@bp.get("/organisations/<slug>")
def detail(slug: str):
    """One organisation's profile; its people only for signed-in members."""
    organisation = _get(slug)
    people = []
    if policy.can_view_people(current_user, organisation):
        people = services.people_of(organisation)
    return render_template("organisations/detail.html", organisation=organisation, people=people)


def _profile_form(
    organisation: Organisation | None, form_class: type[ProfileForm] = ProfileForm
) -> ProfileForm:
    form = form_class(obj=organisation) if request.method == "GET" else form_class()
    form.country.choices = countries.choices()
    form.areas.choices = [(a.id, area_name(a)) for a in _areas()]
    if request.method == "GET":
        if organisation is not None:
            form.version.data = organisation.version
            form.areas.data = [a.id for a in organisation.areas]
            for code in LANGUAGES:
                form[per_language("description", code)].data = organisation.description.get(
                    code, ""
                )
                form[per_language("name", code)].data = organisation.name_translations.get(code, "")
        else:
            form.original_language.data = current_language().code
    return form


def _texts(form, prefix: str) -> dict[str, str]:
    """What the per-language fields hold, by language code."""
    return {code: form[per_language(prefix, code)].data or "" for code in LANGUAGES}


def _chosen_areas(form: ProfileForm) -> list[ThematicArea]:
    ids = set(form.areas.data or [])
    return [a for a in _areas() if a.id in ids]


@bp.route("/organisations/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Org admins and coordinators edit the profile and its translations."""
    organisation = _get(slug)
    require(policy.can_edit(current_user, organisation))
    form = _profile_form(organisation)
    if form.validate_on_submit():
        with refusals(form.name) as outcome:
            services.update_profile(
                organisation,
                actor=current_user,
                seen_version=form.version.data or 0,
                name=form.name.data,
                short_name=form.short_name.data,
                country=form.country.data,
                city=form.city.data,
                website=form.website.data,
                original_language=form.original_language.data,
                description=_texts(form, "description"),
                name_translations=_texts(form, "name"),
                areas=_chosen_areas(form),
            )
        if outcome.ok:
            db.session.commit()
            flash(_("The profile has been saved."), "success")
            return redirect(url_for("organisations.detail", slug=organisation.slug))
    return render_template("organisations/edit.html", form=form, organisation=organisation)


@bp.get("/organisations/<slug>/people")
@login_required
def people(slug: str):
    """The organisation's people, their roles, and open invitations."""
    organisation = _get(slug)
    require(policy.can_manage_people(current_user, organisation))
    return _people_page(organisation, InviteForm())


def _people_page(organisation: Organisation, invite_form: InviteForm, status: int = 200):
    members = services.people_of(organisation, include_deactivated=True)
    if request.method == "GET":
        invite_form.language.data = current_language().code
    return render_template(
        "organisations/people.html",
        organisation=organisation,
        members=members,
        invitations=services.open_invitations(organisation),
        invite_form=invite_form,
        role_form=RoleForm,
        confirm_form=ConfirmForm(),
    ), status


@bp.post("/organisations/<slug>/people/invite")
@login_required
def invite(slug: str):
    """Send an invitation e-mail with a 7-day single-use link."""
    organisation = _get(slug)
    require(policy.can_manage_people(current_user, organisation))
    form = InviteForm()
    if form.validate_on_submit():
        with refusals(form.email) as outcome:
            services.invite(
                organisation,
                email=form.email.data,
                role=form.role.data,
                language=form.language.data,
                actor=current_user,
            )
        if outcome.ok:
            db.session.commit()
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("organisations.people", slug=slug))
    return _people_page(organisation, form, status=400)


def _person(organisation: Organisation, user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.organisation_id != organisation.id:
        abort(404)
    return person


@bp.post("/organisations/<slug>/people/<id:user_id>/role")
@login_required
def change_role(slug: str, user_id: int):
    """Change someone's role among member, staff and org admin."""
    organisation = _get(slug)
    require(policy.can_manage_people(current_user, organisation))
    person = _person(organisation, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    services.change_role(person, role=form.role.data, actor=current_user)
    db.session.commit()
    flash(_("The role of %(name)s has been changed.", name=person.name), "success")
    return redirect(url_for("organisations.people", slug=slug))


@bp.post("/organisations/<slug>/people/<id:user_id>/remove")
@login_required
def remove_person(slug: str, user_id: int):
    """Take someone out of the organisation."""
    organisation = _get(slug)
    require(policy.can_manage_people(current_user, organisation))
    person = _person(organisation, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_person(person, actor=current_user)
    db.session.commit()
    flash(_("%(name)s is no longer part of the organisation.", name=person.name), "success")
    return redirect(url_for("organisations.people", slug=slug))


@bp.post("/organisations/<slug>/invitations/<id:invitation_id>/revoke")
@login_required
def revoke_invitation(slug: str, invitation_id: int):
    """Withdraw an invitation that has not been accepted yet."""
    organisation = _get(slug)
    require(policy.can_manage_people(current_user, organisation))
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.revoke_invitation(invitation, actor=current_user)
    db.session.commit()
    flash(_("The invitation has been withdrawn."), "success")
    return redirect(url_for("organisations.people", slug=slug))


@bp.get("/areas/")
def areas():
    """The thematic areas, with links to the organisations working on each."""
    return render_template("organisations/areas.html", areas=_areas())


@bp.route("/areas/new", methods=["GET", "POST"], defaults={"slug": None})
@bp.route("/areas/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_area(slug: str | None):
    """Coordinators keep the vocabulary, naming each area in every language."""
    require(policy.can_manage_areas(current_user))
    area = None
    if slug is not None:
        area = db.session.scalar(db.select(ThematicArea).where(ThematicArea.slug == slug))
        if area is None:
            abort(404)
    form = AreaForm(obj=area) if request.method == "GET" else AreaForm()
    if request.method == "GET" and area is not None:
        for code in LANGUAGES:
            form[per_language("name", code)].data = area.names.get(code, "")
    if form.validate_on_submit():
        names = _texts(form, "name")
        with refusals(form.slug) as outcome:
            services.save_area(area, slug=form.slug.data.strip(), names=names, actor=current_user)
        if outcome.ok:
            db.session.commit()
            flash(_("The thematic area has been saved."), "success")
            return redirect(url_for("organisations.areas"))
    return render_template("organisations/area_edit.html", form=form, area=area)
