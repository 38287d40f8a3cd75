"""The organisations directory, profiles, people management and the thematic areas."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.auth.models import User
from consortium.auth.services import InvalidName, sign_in
from consortium.core import links
from consortium.core.authz import destructive, guard, public, within
from consortium.core.converters import ModelIdConverter, SlugConverter
from consortium.core.errors import Conflict
from consortium.core.forms import ConfirmForm, fill_texts, per_language, refusals
from consortium.core.roles import ROLE_DESCRIPTIONS
from consortium.core.templating import this_page_is
from consortium.core.urls import next_page_url
from consortium.i18n import current_language
from consortium.organisations import countries, membership, policy, services
from consortium.organisations.display import area_name, org_name
from consortium.organisations.forms import (
    AcceptInvitationForm,
    AreaForm,
    CreateForm,
    FilterForm,
    InviteForm,
    JoinWithAccountForm,
    ProfileForm,
    RoleForm,
)
from consortium.organisations.models import Invitation, Organisation, ThematicArea
from consortium.organisations.schemas import DirectoryFilters

bp = Blueprint("organisations", __name__, url_prefix="/<lang:lang>", template_folder="templates")


class OrganisationConverter(SlugConverter):
    model = Organisation


class AreaConverter(SlugConverter):
    model = ThematicArea


class PersonConverter(ModelIdConverter):
    model = User


class InvitationConverter(ModelIdConverter):
    model = Invitation


CONVERTERS = {
    "organisation": OrganisationConverter,
    "area": AreaConverter,
    "person": PersonConverter,
    "invitation": InvitationConverter,
}


@bp.get("/organisations/")
@public
def index():
    """The public directory, filtered by country, thematic area and name."""
    form = FilterForm(request.args)
    areas = services.listed_areas()
    form.country.choices = [("", _("All countries")), *countries.choices()]
    area_names = {a.id: area_name(a) for a in areas}
    form.area.choices = [("", _("All thematic areas"))] + [
        (a.slug, area_names[a.id]) for a in areas
    ]
    if not form.validate():
        abort(404)  # a filter that names nothing is an address that leads nowhere
    filters = DirectoryFilters(
        country=form.country.data or None,
        area_slug=form.area.data or None,
        query=(form.q.data or "").strip(),
    )
    found = services.directory(filters, areas=areas, cursor=request.args.get("after"))
    next_url = next_page_url(found.page.next_cursor)
    return render_template(
        "organisations/index.html",
        found=found,
        area_names=area_names,
        next_url=next_url,
        form=form,
        filtered=bool(filters.country or filters.area_slug or filters.query),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@guard(policy.can_create)
def create():
    """Coordinators add a partner organisation."""
    form = _profile_form(None, CreateForm)
    if form.validate_on_submit():
        with refusals(form.slug) as outcome:
            organisation = services.create_organisation(form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("The organisation has been added."), "success")
            return redirect(url_for("organisations.detail", organisation=organisation))
    return render_template("organisations/edit.html", form=form, organisation=None)


@bp.get("/organisations/<organisation:organisation>")
@guard(policy.can_view, "organisation", hide=True)
def detail(organisation: Organisation):
    """One organisation's profile; its people only for signed-in members."""
    people = []
    if policy.can_view_people(current_user, organisation):
        people = membership.people_of(organisation)
    return render_template("organisations/detail.html", organisation=organisation, people=people)


def _profile_form(organisation: Organisation | None, form_class: type = ProfileForm):
    form = form_class(obj=organisation) if request.method == "GET" else form_class()
    # No country is chosen for the editor: a wrong default is easily saved unnoticed.
    form.country.choices = [("", _("Choose a country")), *countries.choices()]
    form.areas.choices = [(a.id, area_name(a)) for a in services.areas()]
    if not policy.can_set_partner_since(current_user):
        del form.partner_since
    if request.method == "GET":
        if organisation is not None:
            _show_saved(form, organisation)
        else:
            form.original_language.data = current_language().code
    if organisation is not None:
        for code in services.outdated_translations(organisation):
            form[per_language("description", code)].description = _(
                "Written before the latest change of the original: check it."
            )
    return form


def _show_saved(form: ProfileForm, organisation: Organisation) -> None:
    form.version.data = organisation.version
    form.areas.data = [a.id for a in organisation.areas]
    fill_texts(form, "description", organisation.description)
    fill_texts(form, "name", organisation.name_translations)


@bp.route("/organisations/<organisation:organisation>/edit", methods=["GET", "POST"])
@guard(policy.can_edit, "organisation")
def edit(organisation: Organisation):
    """Org admins and coordinators edit the profile and its translations."""
    form = _profile_form(organisation)
    if form.validate_on_submit():
        try:
            with refusals(form.name) as outcome:
                services.update_profile(
                    organisation,
                    form.to_input(),
                    seen_version=form.version.data or 0,
                    actor=current_user,
                )
        except Conflict:
            return _conflict(form, organisation)
        if outcome.ok:
            flash(_("The profile has been saved."), "success")
            return redirect(url_for("organisations.detail", organisation=organisation))
    return render_template("organisations/edit.html", form=form, organisation=organisation)


def _conflict(form: ProfileForm, organisation: Organisation):
    """Someone saved first: keep what this editor typed, show what was saved meanwhile."""
    services.reload(organisation)  # the refused save wrote nothing: read what is saved now
    mine, saved = form.to_input(), ProfileForm(formdata=None, obj=organisation)
    _show_saved(saved, organisation)
    changed = [
        (form[name].label.text, _shown_value(saved[name]))
        for name in ("name", "short_name", "country", "city", "website", "original_language")
        if (getattr(mine, name) or "") != (saved[name].data or "")
    ]
    changed += [
        (form[name].label.text, saved[name].data)
        for name in form.data
        if name.startswith(("description_", "name_"))
        and (form[name].data or "").strip() != (saved[name].data or "").strip()
    ]
    # Saving again now overwrites what was saved meanwhile, knowingly.
    form.version.data, form.version.raw_data = organisation.version, [str(organisation.version)]
    return render_template(
        "organisations/edit.html", form=form, organisation=organisation, conflict=changed
    ), 409


def _shown_value(field) -> str:
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(field.data, field.data or "—"))


@bp.get("/organisations/<organisation:organisation>/people")
@guard(policy.can_manage_people, "organisation")
def people(organisation: Organisation):
    """The organisation's people, their roles, and open invitations."""
    return _people_page(organisation, InviteForm())


def _people_page(
    organisation: Organisation,
    invite_form: InviteForm,
    status: int = 200,
    refused: tuple[User, RoleForm] | None = None,
):
    """`refused`: a change to someone's role or membership that was refused, shown beside
    the role they still have."""
    this_page_is("organisations.people", organisation=organisation)
    if request.method == "GET":
        invite_form.language.data = current_language().code
    people = membership.people_of(organisation, include_deactivated=True)
    role_forms = {p.id: RoleForm(formdata=None, role=p.org_role) for p in people}
    if refused is not None:
        person, form = refused
        role_forms[person.id].role.errors = list(form.role.errors)
    return render_template(
        "organisations/people.html",
        organisation=organisation,
        members=people,
        role_forms=role_forms,
        invitations=membership.open_invitations(organisation),
        invite_form=invite_form,
        role_descriptions=ROLE_DESCRIPTIONS,
    ), status


@bp.post("/organisations/<organisation:organisation>/people/invite")
@guard(policy.can_manage_people, "organisation")
def invite(organisation: Organisation):
    """Send an invitation e-mail with a 7-day single-use link."""
    form = InviteForm()
    if form.validate_on_submit():
        with refusals(form.email) as outcome:
            membership.invite(organisation, form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("organisations.people", organisation=organisation))
    return _people_page(organisation, form, status=400)


@bp.post("/organisations/<organisation:organisation>/people/<person:person>/role")
@guard(policy.can_manage_people, "organisation")
@within("person", "organisation", "organisation_id")
def change_role(organisation: Organisation, person: User):
    """Change someone's role among member, staff and org admin."""
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals(form.role) as outcome:  # e.g. the organisation's last org admin
        membership.change_role(person, role=form.role.data, actor=current_user)
    if not outcome.ok:
        return _people_page(organisation, InviteForm(), status=400, refused=(person, form))
    flash(_("The role of %(name)s has been changed.", name=person.name), "success")
    return redirect(url_for("organisations.people", organisation=organisation))


@bp.route(
    "/organisations/<organisation:organisation>/people/<person:person>/remove",
    methods=["GET", "POST"],
)
@guard(policy.can_manage_people, "organisation")
@within("person", "organisation", "organisation_id")
@destructive
def remove_person(organisation: Organisation, person: User):
    """Take someone out of the organisation, after a page that says what that means."""
    if not policy.can_remove_person(current_user, person):
        abort(403)
    name, org = person.name, org_name(organisation)
    if request.method == "GET":
        return _confirm(
            organisation,
            title=_("Remove %(name)s from %(org)s?", name=name, org=org),
            consequence=_(
                "%(name)s will no longer be part of %(org)s and will be signed out. "
                "Their account stays, without an organisation.",
                name=name,
                org=org,
            ),
            undo=_("You can invite them back at any time with the same e-mail address."),
            confirm_label=_("Remove"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    form = RoleForm(formdata=None)
    form.role.errors = []  # a refusal is shown beside the person's role, as a role change's
    with refusals(form.role) as outcome:  # e.g. the organisation's last org admin
        membership.remove_person(person, actor=current_user)
    if not outcome.ok:
        return _people_page(organisation, InviteForm(), status=400, refused=(person, form))
    flash(
        _(
            "%(name)s is no longer part of the organisation. "
            "You can invite them back below with the same e-mail address.",
            name=name,
        ),
        "success",
    )
    return redirect(url_for("organisations.people", organisation=organisation))


@bp.route(
    "/organisations/<organisation:organisation>/invitations/<invitation:invitation>/revoke",
    methods=["GET", "POST"],
)
@guard(policy.can_manage_people, "organisation")
@within("invitation", "organisation", "organisation_id")
@destructive
def revoke_invitation(organisation: Organisation, invitation: Invitation):
    """Withdraw an invitation that has not been accepted yet, after a confirmation page."""
    if request.method == "GET":
        return _confirm(
            organisation,
            title=_("Withdraw the invitation to %(email)s?", email=invitation.email),
            consequence=_("The link sent to %(email)s will stop working.", email=invitation.email),
            undo=_("You can send a new invitation at any time."),
            confirm_label=_("Withdraw"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    membership.revoke_invitation(invitation, actor=current_user)
    flash(_("The invitation has been withdrawn."), "success")
    return redirect(url_for("organisations.people", organisation=organisation))


def _confirm(organisation: Organisation, **texts: str):
    return render_template(
        "confirm.html",
        cancel_url=url_for("organisations.people", organisation=organisation),
        **texts,
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"], endpoint="accept_invitation")
@public
@links.private
def follow_invitation_link(token: str):
    """The mailed link: its token moves into this browser's session, the address drops it."""
    return links.follow(links.INVITATION, token, join, "organisations.join")


@bp.route("/invitation", methods=["GET", "POST"])
@public
@links.private
def join():
    """Follow an invitation: choose name, language and password (or, for someone who
    already has an account, give its password), and be signed in."""
    this_page_is("organisations.join")
    token = links.stashed(links.INVITATION)
    invitation = membership.find_invitation(token) if token else None
    if token is None or invitation is None or not membership.invitation_still_backed(invitation):
        links.drop(links.INVITATION)
        return render_template("auth/link_expired.html"), 404
    if membership.account_exists(invitation):
        return _join_with_account(token, invitation)
    form = AcceptInvitationForm()
    if request.method == "GET":
        form.language.data = invitation.language
    if form.validate_on_submit():
        with refusals(form.password, {InvalidName: form.name}) as outcome:
            user = membership.accept_invitation(token, form.to_input(), password=form.password.data)
            sign_in(user)
        if outcome.ok:
            links.drop(links.INVITATION)
            flash(_("Welcome to Consortium."), "success")
            return redirect(url_for("home.index", lang=user.language))
    return render_template("organisations/accept_invitation.html", form=form, invitation=invitation)


def _join_with_account(token: str, invitation: Invitation):
    form = JoinWithAccountForm()
    if form.validate_on_submit():
        with refusals(form.password) as outcome:
            user = membership.join_with_account(token, password=form.password.data)
            sign_in(user)
        if outcome.ok:
            links.drop(links.INVITATION)
            flash(_("Welcome back to %(org)s.", org=org_name(invitation.organisation)), "success")
            return redirect(url_for("home.index", lang=user.language))
    return render_template(
        "organisations/accept_invitation.html", form=form, invitation=invitation, existing=True
    )


@bp.get("/areas/")
@public
def areas():
    """The thematic areas, with links to the organisations working on each."""
    return render_template("organisations/areas.html", areas=services.areas())


@bp.route("/areas/new", methods=["GET", "POST"], defaults={"area": None})
@bp.route("/areas/<area:area>/edit", methods=["GET", "POST"])
@guard(policy.can_manage_areas)
def edit_area(area: ThematicArea | None):
    """Coordinators keep the vocabulary, naming each area in every language."""
    form = AreaForm(obj=area) if request.method == "GET" else AreaForm()
    if request.method == "GET" and area is not None:
        fill_texts(form, "name", area.names)
    if form.validate_on_submit():
        with refusals(form.slug) as outcome:
            services.save_area(area, form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("The thematic area has been saved."), "success")
            return redirect(url_for("organisations.areas"))
    return render_template("organisations/area_edit.html", form=form, area=area)
