"""What readers get: the list of published statements, one statement's page, the feeds."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.core.actors import is_coordinator, is_signed_in
from consortium.core.authz import guard, public
from consortium.core.markdown import render
from consortium.core.urls import external_url
from consortium.i18n import current_language
from consortium.i18n.languages import CODES, LANGUAGES
from consortium.organisations import countries
from consortium.organisations import services as organisations
from consortium.organisations.display import area_name, org_name
from consortium.organisations.models import ThematicArea
from consortium.statements import cards, feeds, policy, reading, services, signing
from consortium.statements.blueprint import bp
from consortium.statements.forms.public import FilterForm
from consortium.statements.models import Statement, StatementRevision
from consortium.statements.schemas import ListFilters
from consortium.statements.views.signing import workflow_context
from consortium.statements.vocab import PUBLIC, Appearance, StatementState


def in_consortium(user: Any) -> bool:
    """Consortium-only signatures are listed to people of a partner organisation and to the
    consortium-wide roles; not to visitors, nor to an account in no organisation."""
    return is_coordinator(user) or (
        is_signed_in(user) and getattr(user, "organisation_id", None) is not None
    )


def _filter_form(areas: list[organisations.Area], area_names: dict[int, str]) -> FilterForm:
    """The list's filters from the query string; 404 for a value that names nothing.
    `area_names`: each area's name as the reader sees it."""
    form = FilterForm(request.args)
    form.area.choices = [("", _("All thematic areas"))] + [
        (a.slug, area_names[a.id]) for a in areas
    ]
    form.organisation.choices = [("", _("All organisations"))] + [
        (o.slug, o.name) for o in organisations.menu()
    ]
    form.country.choices = [("", _("All countries")), *countries.choices()]
    form.language.choices = [("", _("All languages"))] + [
        (code, language.own_name) for code, language in LANGUAGES.items()
    ]
    if not form.validate():
        abort(404)  # a filter that names nothing is an address that leads nowhere
    return form


@bp.get("/statements/")
@public
def index():
    """Published and withdrawn statements, newest first, filtered, a page at a time."""
    areas = organisations.listed_areas()
    area_names = {a.id: area_name(a) for a in areas}
    form = _filter_form(areas, area_names)
    consortium = in_consortium(current_user)
    page = cards.page(
        form.to_filters(), areas=areas, consortium=consortium, cursor=request.args.get("after")
    )
    return render_template(
        "statements/index.html",
        page=page,
        form=form,
        filters=form.query_args(),
        consortium=consortium,
        area_names=area_names,
        paged="after" in request.args,
        feed_href=feed_url(form.query_args()),
    )


def _unknown_to_visitors(view: Callable) -> Callable:
    """A visitor asking for a draft gets the 404 of an unknown address, not "sign in": a
    slug is made from the title, so a redirect would confirm that such a draft exists."""

    @wraps(view)
    def checked(**kwargs: Any) -> Any:
        statement = kwargs["statement"]
        if not is_signed_in(current_user) and StatementState(statement.state) not in PUBLIC:
            abort(404)
        return view(**kwargs)

    return checked


def text_languages(revision: StatementRevision) -> list[str]:
    """The languages a revision can be read in: its texts, and Serbian in both scripts."""
    codes = {t.language for t in revision.texts}
    if codes & {"sr-latn", "sr-cyrl"}:
        codes |= {"sr-latn", "sr-cyrl"}
    return [code for code in CODES if code in codes]


@bp.get("/statements/<statement_page:statement>")
@_unknown_to_visitors
@guard(policy.can_read, "statement", hide=True)
def detail(statement: Statement):
    """One statement: the published text for everyone, the draft for those taking part."""
    is_public = statement.status in PUBLIC
    revision = statement.published_revision if is_public else statement.current_revision
    if revision is None:
        abort(404)
    wanted = request.args.get("text") or current_language().code
    if wanted not in LANGUAGES:
        abort(404)
    text = services.shown(revision, wanted, statement.original_language)
    if text is None:
        abort(404)
    consortium = in_consortium(current_user)
    can_read_draft = policy.can_read_draft(current_user, statement)
    signatories = _ordered(signing.public_signatories(statement, consortium=consortium))
    appearance = reading.author_appearance(statement)
    permalink = external_url("statements.detail", statement=statement)
    return render_template(
        "statements/detail.html",
        statement=statement,
        revision=revision,
        text=text,
        body=render(text.value["body"]),
        is_public=is_public,
        text_languages=text_languages(revision),
        signatories=signatories,
        author_appearance=appearance,
        consortium=consortium,
        permalink=permalink,
        json_ld=_json_ld(statement, text, permalink, appearance, signatories)
        if is_public
        else None,
        can_read_draft=can_read_draft,
        # The participants' partials (signatures with their revisions, the actions).
        **(workflow_context(statement) if can_read_draft else {}),
    )


def _ordered(signatories: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """By name first (alphabetically), then by country, then those shown to the consortium."""
    rank = {Appearance.BY_NAME: 0, Appearance.BY_COUNTRY: 1, Appearance.CONSORTIUM_ONLY: 2}

    def key(item: tuple[Any, str]) -> tuple[int, str]:
        signature, appearance = item
        organisation = signature.organisation
        label = (
            countries.name(organisation.country)
            if appearance == Appearance.BY_COUNTRY
            else org_name(organisation)
        )
        return rank[Appearance(appearance)], label.casefold()

    return sorted(signatories, key=key)


def _organisation_ld(organisation: Any) -> dict[str, str]:
    return {
        "@type": "Organization",
        "name": org_name(organisation),
        "url": external_url("organisations.detail", organisation=organisation),
    }


def _json_ld(
    statement: Statement,
    text: Any,
    permalink: str,
    author_appearance: str | None,
    signatories: list[tuple[Any, str]],
) -> dict[str, Any]:
    """schema.org data for search engines. It names only organisations that chose to be
    named publicly, whoever is reading: it is the same for every reader."""
    named = [s.organisation for s, appearance in signatories if appearance == Appearance.BY_NAME]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": text.value["title"],
        "name": text.value["title"],
        "inLanguage": LANGUAGES[text.lang].bcp47,
        "url": permalink,
        "mainEntityOfPage": permalink,
        "about": [{"@type": "Thing", "name": area_name(a)} for a in statement.areas],
        "publisher": {"@type": "Organization", "name": "Consortium"},
    }
    if statement.published_at is not None:
        data["datePublished"] = statement.published_at.isoformat()
    if author_appearance in (None, Appearance.BY_NAME.value):
        data["author"] = _organisation_ld(statement.organisation)
    contributors = [o for o in named if o.id != statement.organisation_id]
    if contributors:
        data["contributor"] = [_organisation_ld(o) for o in contributors]
    if statement.status == StatementState.WITHDRAWN:
        data["creativeWorkStatus"] = "Withdrawn"
    return data


def _atom(filters: ListFilters, title: str, self_url: str) -> Response:
    """The feed of published statements that match `filters`, in the reader's language."""
    entries = services.for_feed(filters)
    xml = feeds.atom(
        entries,
        authors=services.signatories_of(entries, consortium=False),
        title=title,
        self_url=self_url,
        alternate_url=external_url("statements.index", **_args(filters)),
        updated=services.last_public_change(filters),
        language=current_language().code,
    )
    return Response(xml, mimetype=feeds.MIMETYPE)


def _args(filters: ListFilters) -> dict[str, str]:
    pairs = {
        "area": filters.area_slug,
        "organisation": filters.organisation_slug,
        "country": filters.country,
        "language": filters.language,
    }
    return {k: v for k, v in pairs.items() if v}


@bp.get("/statements/feed.atom")
@public
def feed():
    """Atom: published statements, all or filtered as the list is (`?organisation=<slug>`
    for one organisation's)."""
    areas = organisations.listed_areas()
    form = _filter_form(areas, {a.id: area_name(a) for a in areas})
    filters = form.to_filters()
    parts = [_("Joint statements")]
    choices = {name: dict(form[name].choices) for name in ("area", "organisation", "country")}
    for name, value in _args(filters).items():
        parts.append(LANGUAGES[value].own_name if name == "language" else str(choices[name][value]))
    return _atom(filters, " · ".join(parts), external_url("statements.feed", **_args(filters)))


@bp.get("/statements/areas/<area:area>/feed.atom")
@public
def area_feed(area: ThematicArea):
    """Atom: published statements on one thematic area."""
    filters = ListFilters(area_slug=area.slug)
    title = " · ".join([_("Joint statements"), area_name(area)])
    return _atom(filters, title, external_url("statements.area_feed", area=area))


def feed_url(filters: dict[str, str]) -> str:
    """The feed that matches the list's filters (a thematic area alone has its own)."""
    if set(filters) == {"area"}:
        return url_for("statements.area_feed", area=filters["area"])
    return url_for("statements.feed", **filters)
