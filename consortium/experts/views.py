"""The expert directory, profiles and their management. Thin: parse, ask, call, render."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.core import links
from consortium.core.authz import destructive, guard, public
from consortium.core.errors import Conflict, DomainError
from consortium.core.forms import ConfirmForm, fill_texts, refusals
from consortium.core.limits import Limit, limited
from consortium.core.requests import accepts_uploads
from consortium.core.storage import StoredFile, send_stored
from consortium.core.templating import this_page_is
from consortium.core.urls import next_page_url
from consortium.db import db
from consortium.experts import cards, contact, directory, policy, services, vcard
from consortium.experts.blueprint import bp
from consortium.experts.display import expert_name, spoken_language_choices
from consortium.experts.forms import (
    LANGUAGE_ROWS,
    PUBLICATION_ROWS,
    ClaimAccountForm,
    ContactForm,
    InviteForm,
    PhotoForm,
    ProfileForm,
)
from consortium.experts.models import Expert
from consortium.experts.schemas import DirectoryFilters
from consortium.experts.vocab import SPOKEN_LANGUAGES, Availability, ContactKind
from consortium.i18n import current_language
from consortium.organisations import countries
from consortium.organisations import services as organisations
from consortium.organisations.display import area_name


def _filters(areas: list) -> DirectoryFilters:
    """The query string, with anything unknown dropped (a shared link never errors)."""
    args = request.args
    area_slugs = {a.slug for a in areas}
    return DirectoryFilters(
        query=(args.get("q") or "").strip()[:200],
        area=args.get("area", "") if args.get("area") in area_slugs else "",
        country=args.get("country", "") if args.get("country") in countries.CODES else "",
        language=args.get("language", "") if args.get("language") in SPOKEN_LANGUAGES else "",
        availability=args.get("available", "")
        if Availability.lookup(args.get("available"))
        else "",
        verified=args.get("verified") == "1",
        sort="relevance" if args.get("sort") == "relevance" else "name",
    )


@bp.get("/experts/")
@public
def index():
    areas = organisations.listed_areas()
    filters = _filters(areas)
    page, match = directory.listing(
        filters, cursor=request.args.get("after"), pager=partial(cards.page, areas=areas)
    )
    counts = directory.counts(filters, match)
    next_url = next_page_url(page.next_cursor)
    return render_template(
        "experts/index.html",
        filters=filters,
        page=page,
        counts=counts,
        next_url=next_url,
        fuzzy=match.fuzzy,
        areas=areas,
        area_names={a.id: area_name(a) for a in areas},
        countries=countries.choices(),
        spoken_languages=spoken_language_choices(),
        availability=list(Availability),
        can_create=policy.can_create(current_user),
    )


@bp.get("/experts/<expert_profile:expert>")
@guard(policy.can_view, "expert", hide=True)
def detail(expert: Expert):
    return render_template(
        "experts/detail.html",
        expert=expert,
        contacts=services.visible_contacts(expert, current_user),
        reachable=contact.can_be_reached(expert),
    )


@bp.get("/experts/<expert:expert>/vcard.vcf")
@guard(policy.can_view, "expert", hide=True)
def vcard_download(expert: Expert):
    body = vcard.render(expert, services.visible_contacts(expert, current_user))
    response = make_response(body)
    response.headers["Content-Type"] = "text/vcard; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{expert.slug}.vcf"'
    return response


@bp.get("/experts/<expert:expert>/photo")
@guard(policy.can_view, "expert", hide=True)
def photo(expert: Expert):
    if not expert.photo_key:
        abort(404)
    stored = StoredFile(
        key=expert.photo_key,
        content_type="image/jpeg",
        size=0,
        sha256="",
        filename=f"{expert.slug}.jpg",
    )
    return send_stored(stored, allowed=True, as_attachment=False)


# --- the profile form ----------------------------------------------------------------------


def _profile_form(expert: Expert | None) -> ProfileForm:
    form = ProfileForm(obj=expert) if request.method == "GET" else ProfileForm()
    partners = organisations.menu()
    if not policy.can_create_for(current_user, None):
        # Staff affiliate experts to their own organisation (or keep the one they have).
        keep = {current_user.organisation_id, expert.organisation_id if expert else None}
        partners = [o for o in partners if o.id in keep]
    none_choice = [("", _("None of the partners"))]
    form.organisation.choices = none_choice + [(str(o.id), o.name) for o in partners]
    form.country.choices = [("", "—"), *countries.choices()]
    form.areas.choices = [(a.id, area_name(a)) for a in organisations.areas()]
    spoken = [("", "—"), *spoken_language_choices()]
    for i in range(LANGUAGE_ROWS):
        form[f"language_{i}"].choices = spoken
    if request.method == "GET":
        _fill(form, expert)
    return form


def _fill(form: ProfileForm, expert: Expert | None) -> None:
    if expert is None:
        form.original_language.data = current_language().code
        if current_user.organisation_id is not None:
            form.organisation.data = str(current_user.organisation_id)
            organisation = organisations.get_by_id(current_user.organisation_id)
            form.country.data = organisation.country if organisation else None
        return
    form.version.data = expert.version
    form.organisation.data = str(expert.organisation_id or "")
    form.areas.data = [a.id for a in expert.areas]
    form.availability.data = [a.value for a in Availability if getattr(expert, a.value)]
    fill_texts(form, "biography", expert.biography)
    for i, spoken in enumerate(expert.languages[:LANGUAGE_ROWS]):
        form[f"language_{i}"].data, form[f"level_{i}"].data = spoken.code, spoken.level
    for i, publication in enumerate(expert.publications[:PUBLICATION_ROWS]):
        form[f"publication_{i}_title"].data = publication.title
        form[f"publication_{i}_year"].data = publication.year
        form[f"publication_{i}_url"].data = publication.url
    for detail_ in expert.contacts:
        form[f"contact_{detail_.kind}"].data = detail_.value
        form[f"contact_{detail_.kind}_visibility"].data = detail_.visibility


def _render_form(form: ProfileForm, expert: Expert | None, status: int = 200, **extra):
    return render_template(
        "experts/edit.html",
        form=form,
        expert=expert,
        language_rows=range(LANGUAGE_ROWS),
        publication_rows=range(PUBLICATION_ROWS),
        contact_kinds=list(ContactKind),
        photo_form=PhotoForm(),
        **extra,
    ), status


@bp.route("/experts/new", methods=["GET", "POST"])
@guard(policy.can_create)
def create():
    form = _profile_form(None)
    if form.validate_on_submit():
        with refusals(form.name) as outcome:
            expert = services.create(form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("The expert profile has been created."), "success")
            return redirect(url_for("experts.detail", expert=expert))
    return _render_form(form, None)


@bp.route("/experts/<expert:expert>/edit", methods=["GET", "POST"])
@guard(policy.can_edit, "expert")
def edit(expert: Expert):
    form = _profile_form(expert)
    if form.validate_on_submit():
        try:
            with refusals(form.name) as outcome:
                services.update(
                    expert, form.to_input(), seen_version=form.version.data or 0, actor=current_user
                )
        except Conflict:
            services.reload(expert)
            form.version.data, form.version.raw_data = expert.version, [str(expert.version)]
            return _render_form(form, expert, 409, conflict=True)
        if outcome.ok:
            flash(_("The expert profile has been saved."), "success")
            return redirect(url_for("experts.detail", expert=expert))
    return _render_form(form, expert)


@bp.post("/experts/<expert:expert>/photo")
@guard(policy.can_upload_photo, "expert")
@accepts_uploads
def upload_photo(expert: Expert):
    form = PhotoForm()
    if form.validate_on_submit():
        with refusals(form.photo) as outcome:
            services.set_photo(expert, form.photo.data.stream, actor=current_user)
        if outcome.ok:
            flash(_("The photo has been saved."), "success")
            return redirect(url_for("experts.edit", expert=expert))
    for error in form.photo.errors:
        flash(str(error), "error")
    return redirect(url_for("experts.edit", expert=expert))


def _confirm(expert: Expert, **texts):
    return render_template(
        "confirm.html", cancel_url=url_for("experts.detail", expert=expert), **texts
    )


@bp.route("/experts/<expert:expert>/photo/remove", methods=["GET", "POST"])
@guard(policy.can_upload_photo, "expert")
@destructive
def remove_photo(expert: Expert):
    if request.method == "GET":
        return _confirm(
            expert,
            title=_("Remove the photo of %(name)s?", name=expert_name(expert)),
            consequence=_("The photo is deleted; the profile shows initials instead."),
            undo=_("You can upload a photo again at any time."),
            confirm_label=_("Remove"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_photo(expert, actor=current_user)
    flash(_("The photo has been removed."), "success")
    return redirect(url_for("experts.edit", expert=expert))


# --- verification, claiming, removal -------------------------------------------------------


@bp.post("/experts/<expert:expert>/verify")
@guard(policy.can_verify, "expert")
def verify(expert: Expert):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.set_verified(expert, True, actor=current_user)
    flash(_("The profile is marked as verified."), "success")
    return redirect(url_for("experts.detail", expert=expert))


@bp.route("/experts/<expert:expert>/unverify", methods=["GET", "POST"])
@guard(policy.can_verify, "expert")
@destructive
def unverify(expert: Expert):
    if request.method == "GET":
        return _confirm(
            expert,
            title=_("Withdraw the verification of %(name)s?", name=expert_name(expert)),
            consequence=_("The directory no longer shows this profile as verified."),
            undo=_("A coordinator can verify it again at any time."),
            confirm_label=_("Withdraw verification"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.set_verified(expert, False, actor=current_user)
    flash(_("The verification has been withdrawn."), "success")
    return redirect(url_for("experts.detail", expert=expert))


@bp.route("/experts/<expert:expert>/delete", methods=["GET", "POST"])
@guard(policy.can_delete, "expert")
@destructive
def delete(expert: Expert):
    if request.method == "GET":
        return _confirm(
            expert,
            title=_("Delete the profile of %(name)s?", name=expert_name(expert)),
            consequence=_(
                "The profile, its photo and its contact details are deleted from the platform."
            ),
            undo=_("This cannot be undone; the audit log keeps only that it happened."),
            confirm_label=_("Delete"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete(expert, actor=current_user)
    flash(_("The expert profile has been deleted."), "success")
    return redirect(url_for("experts.index"))


@bp.route("/experts/<expert:expert>/removal", methods=["GET", "POST"])
@guard(policy.can_request_removal, "expert")
@destructive
def request_removal(expert: Expert):
    if request.method == "GET":
        return _confirm(
            expert,
            title=_("Ask for your profile to be removed?"),
            consequence=_(
                "Your profile leaves the directory at once, and a coordinator deletes it "
                "with your contact details and photo."
            ),
            undo=_("Until a coordinator deletes it, write to them if you change your mind."),
            confirm_label=_("Ask for removal"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.request_removal(expert, actor=current_user)
    flash(_("Your profile has left the directory; a coordinator will delete it."), "success")
    return redirect(url_for("experts.detail", expert=expert))


def _sender_key() -> str:
    return f"expert-contact:{getattr(current_user, 'id', None)}"


@bp.route("/experts/<expert:expert>/contact", methods=["GET", "POST"])
@guard(policy.can_contact, "expert")
@limited(
    Limit(
        "EXPERT_CONTACT_LIMIT",
        key=_sender_key,
        deduct_when=lambda response: response.status_code in (302, 303),
    )
)
def write(expert: Expert):
    """Members write to an expert; the expert's address stays hidden from them."""
    form = ContactForm()
    if form.validate_on_submit():
        with refusals(form.message) as outcome:
            contact.relay(
                expert,
                sender=current_user,
                subject=form.subject.data or "",
                body=form.message.data or "",
            )
        if outcome.ok:
            flash(
                _(
                    "Your message has been sent. %(name)s will answer to your e-mail address.",
                    name=expert_name(expert),
                ),
                "success",
            )
            return redirect(url_for("experts.detail", expert=expert))
    return render_template(
        "experts/contact.html", form=form, expert=expert, reachable=contact.can_be_reached(expert)
    )


@bp.route("/experts/<expert:expert>/invite", methods=["GET", "POST"])
@guard(policy.can_invite_to_claim, "expert")
def invite(expert: Expert):
    form = InviteForm()
    if request.method == "GET":
        form.language.data = expert.original_language
    if form.validate_on_submit():
        with refusals(form.email) as outcome:
            contact.invite_to_claim(
                expert,
                form.email.data or "",
                language=form.language.data or "en",
                actor=current_user,
            )
        if outcome.ok:
            flash(_("The invitation has been sent."), "success")
            return redirect(url_for("experts.detail", expert=expert))
    return render_template("experts/invite.html", form=form, expert=expert)


@bp.route("/experts/claim/<token>", methods=["GET", "POST"], endpoint="claim")
@public
@links.private
def follow_claim_link(token: str):
    """The mailed link: its token moves into this browser's session, the address drops it."""
    return links.follow(links.CLAIM, token, claim_profile, "experts.claim_profile")


@bp.route("/experts/claim", methods=["GET", "POST"])
@public
@links.private
def claim_profile():
    """The invitation this browser followed: link the profile to one's account, or create one."""
    this_page_is("experts.claim_profile")
    token = links.stashed(links.CLAIM)
    invitation = contact.find_claim(token) if token else None
    if token is None or invitation is None:
        links.drop(links.CLAIM)
        return render_template("experts/claim.html", invitation=None), 404
    if current_user.is_authenticated:
        errors: list[str] = []
        if ConfirmForm().validate_on_submit():
            try:
                expert = contact.link_claim(token, user=current_user)
            except DomainError as error:
                db.session.rollback()
                errors.append(str(error.message))
            else:
                links.drop(links.CLAIM)
                flash(_("The profile is now linked to your account."), "success")
                return redirect(url_for("experts.edit", expert=expert))
        return render_template(
            "experts/claim.html", invitation=invitation, confirm=True, errors=errors
        )
    from consortium.auth.models import find_user_by_email

    has_account = find_user_by_email(invitation.email) is not None
    account_form = ClaimAccountForm()
    if request.method == "GET":
        account_form.language.data = invitation.language
    if not has_account and account_form.validate_on_submit():
        with refusals(account_form.password) as outcome:
            user = contact.accept_claim(
                token, account_form.profile(), password=account_form.password.data or ""
            )
        if outcome.ok:
            from consortium.auth.services import sign_in

            sign_in(user)  # type: ignore[arg-type]
            links.drop(links.CLAIM)
            flash(_("Your account is ready and the profile is linked to it."), "success")
            return redirect(url_for("experts.edit", expert=invitation.expert))
    return render_template(
        "experts/claim.html",
        invitation=invitation,
        account_form=account_form,
        has_account=has_account,
    )
