"""Organisations: the directory, creating and editing profiles, the thematic areas.

People, roles and invitations are in `membership.py`. Services check the policy first and
flush; the request (or CLI command) commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.orm import defer

from consortium import searchindex
from consortium.audit.services import changes, record
from consortium.core import changes as counters
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.core.folded import folded, unfolded
from consortium.core.pagination import Page, paginate
from consortium.core.text import has_control_characters, mixes_scripts
from consortium.db import db, utcnow
from consortium.i18n import current_language
from consortium.i18n.collation import collated
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import fold, fold_tokens
from consortium.i18n.text import search_key as fold_key
from consortium.organisations import countries, names, policy
from consortium.organisations.actions import AreaAction, OrganisationAction
from consortium.organisations.changes import COUNTER
from consortium.organisations.models import (
    Organisation,
    OrganisationName,
    ThematicArea,
    organisation_areas,
)
from consortium.organisations.schemas import (
    AREA_NAME_MAX,
    AREA_SLUG_MAX,
    CITY_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    SHORT_NAME_MAX,
    SLUG_MAX,
    SLUG_RE,
    WEBSITE_MAX,
    AreaInput,
    DirectoryFilters,
    NewOrganisation,
    OrganisationProfile,
)


class OnOneLine(DomainError):
    default_message = _l("Names and addresses must be written on one line.")


class MixedScripts(DomainError):
    default_message = _l(
        "Write each word in one script: a word that mixes Latin and Cyrillic letters looks "
        "like another name."
    )


class NameTaken(DomainError):
    default_message = _l("A partner organisation with this name already exists.")


# A page of the partner directory: about as long as the other lists' (20 experts, 20
# statements), and a full last row in a grid of two, three or four cards. Fifty cards cost
# twice the page's time with nothing more to see before scrolling (issue 13).
DIRECTORY_PAGE = 24


@dataclass(frozen=True)
class Directory:
    """One page of partners, each with the name the reader sees, and how many match."""

    page: Page[PartnerCard]
    total: int


@dataclass(frozen=True)
class PartnerCard:
    """What the directory shows of a partner, read as a plain row (issue 13: building each
    organisation with its areas as objects cost more than the rest of the page)."""

    slug: str
    name: str
    short_name: str | None
    shown_name: str  # as this reader sees it (`OrganisationName`)
    city: str | None
    country: str
    areas: list[Area]


def _check_unique_name(name: str, exclude_id: int | None = None) -> None:
    """Two partners whose names fold to the same letters (Центар/Centar, Qendra/Qëndra) are
    one name to a reader: the second is refused. Tens of partners: read them all."""
    wanted = fold(name)
    for other in db.session.execute(db.select(Organisation.id, Organisation.name)):
        if other.id != exclude_id and fold(other.name) == wanted:
            raise NameTaken()


class BadSlug(DomainError):
    default_message = _l("The short address may use only lower-case letters, digits and hyphens.")


def search_key(organisation: Organisation) -> str:
    """Every name it goes by and its description, in every language, and its city, folded
    for search."""
    return fold_key(
        organisation.name,
        organisation.short_name,
        organisation.city,
        *(organisation.name_translations or {}).values(),
        *(organisation.description or {}).values(),
    )


KIND = "organisation"


def document(organisation: Organisation) -> searchindex.Document:
    """What the search index holds of a partner: every name it goes by (ranked first and
    typo-tolerant), its description in every language, its city and country. Public."""
    return searchindex.Document(
        KIND,
        organisation.id,
        titles=[
            organisation.name,
            organisation.short_name,
            *(organisation.name_translations or {}).values(),
        ],
        texts=[
            *(organisation.description or {}).values(),
            organisation.city,
            *countries.every_name(organisation.country),
        ],
        language=organisation.original_language,
        audience=[searchindex.PUBLIC],
    )


def index(organisation: Organisation) -> None:
    """Bring the organisation's search key and its search index document up to date."""
    organisation.search_key = search_key(organisation)
    db.session.flush()
    searchindex.put(document(organisation))


def reindex() -> int:
    """Write every organisation's document again (`flask search rebuild`), and the names
    each reader sees (after a language is added, or the fallback between them changes)."""
    count = 0
    for organisation in db.session.scalars(db.select(Organisation).order_by(Organisation.id)):
        searchindex.put(document(organisation))
        names.refresh(organisation)
        count += 1
    return count


def get_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))


def reload(organisation: Organisation) -> Organisation:
    """The profile as saved now, e.g. after someone else's save made an edit stale."""
    db.session.refresh(organisation)
    return organisation


def get_by_id(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


class Choice(NamedTuple):
    """A partner as a menu offers it."""

    id: int
    slug: str
    name: str  # the name the reader sees


# Every list page's filters offer the partners and the areas: read once per change of them
# (`organisations.changes`) rather than per request, 500 rows at 500 partners (issue 13).
_kept = counters.Kept(COUNTER, maxsize=32)


def menu() -> list[Choice]:
    """Every partner for a menu, by the name the reader sees, in the reader's alphabet:
    sorted by the database, and only the three columns a menu shows."""
    language = current_language().code

    def read() -> list[Choice]:
        rows = db.session.execute(
            db.select(Organisation.id, Organisation.slug, OrganisationName.name)
            .join(OrganisationName, shown_name_for_reader(Organisation.id, language))
            .order_by(collated(OrganisationName.name, language), Organisation.id)
        )
        return [Choice(*row) for row in rows]

    return list(_kept.get(("menu", language), read))


@dataclass(frozen=True)
class Area:
    """A thematic area as the lists show it and filter by it (`display.area_name`)."""

    id: int
    slug: str
    names: dict[str, str]
    position: int


def areas_in(area_ids: str | None, areas: Sequence[Area]) -> list[Area]:
    """The areas whose ids a row holds (`core.folded`), in `areas`' order (all of them, in
    order: `listed_areas`)."""
    given = {int(area_id) for (area_id,) in unfolded(area_ids)}
    return [area for area in areas if area.id in given]


def listed_areas() -> list[Area]:
    """Every thematic area, in order, as plain values kept until one changes."""

    def read() -> tuple[Area, ...]:
        columns = (ThematicArea.id, ThematicArea.slug, ThematicArea.names, ThematicArea.position)
        rows = db.session.execute(
            db.select(*columns).order_by(ThematicArea.position, ThematicArea.id)
        )
        return tuple(Area(id, slug, names or {}, position) for id, slug, names, position in rows)

    return list(_kept.get("areas", read))


def shown_name_for_reader(organisation_id: Any, language: str | None = None) -> ColumnElement[bool]:
    """Joins `OrganisationName` to a query: the name a reader of `language` (this reader)
    sees of the organisation whose id is `organisation_id` (a column)."""
    return and_(
        OrganisationName.organisation_id == organisation_id,
        OrganisationName.language == (language or current_language().code),
    )


def areas() -> list[ThematicArea]:
    return list(db.session.scalars(db.select(ThematicArea).order_by(ThematicArea.position)))


# What a list of partners shows: never the descriptions (the largest values of a profile).
LIST_COLUMNS = (
    defer(Organisation.description),
    defer(Organisation.description_dates),
    defer(Organisation.search_key),
)


def directory(
    filters: DirectoryFilters, *, areas: list[Area], cursor: str | None = None
) -> Directory:
    """One page of the partners matching the filters, in the reader's alphabet by the name
    that reader sees (`OrganisationName`), and how many match.

    The query goes to the search index: script- and diacritic-blind, every query word must
    start a word of one of the organisation's names, its description, city or country. When
    no organisation matches that way, those whose names are a typo or two away are listed.
    `areas`: every thematic area, in order (the page has them for its filter).
    """
    language = current_language().code
    conditions = []
    if filters.country:
        conditions.append(Organisation.country == filters.country)
    if filters.area_slug:
        conditions.append(Organisation.areas.any(ThematicArea.slug == filters.area_slug))
    total = None
    matching = searchindex.matching(KIND, filters.query)
    if matching is not None:
        found = Organisation.id.in_(matching)
        total = _count(*conditions, found)
        if not total:
            found = Organisation.id.in_(searchindex.fuzzy(KIND, filters.query))
            total = None
        conditions.append(found)
    area_ids = (
        db.select(folded(organisation_areas.c.area_id))
        .where(organisation_areas.c.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    statement = (
        db.select(
            Organisation.slug,
            Organisation.name,
            Organisation.short_name,
            OrganisationName.name,
            Organisation.city,
            Organisation.country,
            area_ids,
        )
        .join(OrganisationName, shown_name_for_reader(Organisation.id, language))
        .where(*conditions)
    )
    rows = paginate(
        statement,
        [collated(OrganisationName.name, language), Organisation.id],
        cursor=cursor,
        limit=DIRECTORY_PAGE,
        narrowed=bool(conditions),
    )
    cards = [_partner_card(row, areas) for row in rows.items]
    page = Page(items=cards, next_cursor=rows.next_cursor)
    if total is None:
        total = _count(*conditions) if page.next_cursor or cursor else len(page.items)
    return Directory(page=page, total=total)


def _partner_card(row: Any, areas: list[Area]) -> PartnerCard:
    slug, name, short_name, shown_name, city, country, area_ids = row
    chosen = areas_in(area_ids, areas)
    return PartnerCard(slug, name, short_name, shown_name, city, country, chosen)


def _count(*conditions: Any) -> int:
    return db.session.scalar(db.select(func.count(Organisation.id)).where(*conditions)) or 0


def by_country() -> list[tuple[str, int]]:
    """How many partners each country has (for the home page), one grouped query."""
    rows = db.session.execute(
        db.select(Organisation.country, func.count(Organisation.id)).group_by(Organisation.country)
    )
    return [(country, count) for country, count in rows]


def _check_profile(profile: OrganisationProfile) -> None:
    values = (profile.name, profile.short_name, profile.city, profile.website)
    if not profile.name.strip():
        raise DomainError(_l("Enter a name."))
    if any(has_control_characters(v) for v in values):
        raise OnOneLine()
    if any(mixes_scripts(v) for v in (profile.name, profile.short_name, profile.city)):
        raise MixedScripts()
    website = (profile.website or "").strip().lower()
    if website and not website.startswith(("https://", "http://")):
        # Shown as a link on the profile: only web addresses, never javascript: and the like.
        raise DomainError(_l("Enter a full web address (https://…)."))
    limits = (
        (profile.name, NAME_MAX),
        (profile.short_name, SHORT_NAME_MAX),
        (profile.city, CITY_MAX),
        (profile.website, WEBSITE_MAX),
        *((text, DESCRIPTION_MAX) for text in profile.description.values()),
    )
    for value, limit in limits:
        if value and len(value.strip()) > limit:
            raise DomainError(_l("Use at most %(max)d characters.", max=limit))
    if profile.country.upper() not in countries.CODES:
        raise DomainError(_l("Choose one of the consortium's countries."))
    if profile.original_language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))


def _check_slug(slug: str, limit: int) -> str:
    if not SLUG_RE.match(slug) or len(slug) > limit:
        raise BadSlug()
    return slug


def _clean_texts(texts: dict[str, str] | None) -> dict[str, str]:
    return {k: v.strip() for k, v in (texts or {}).items() if k in LANGUAGES and v and v.strip()}


def _name_translations(texts: dict[str, str] | None, original: str) -> dict[str, str]:
    """The name in other languages: the original language's name is `name` itself."""
    names = {k: v for k, v in _clean_texts(texts).items() if k != original}
    if any(has_control_characters(v) for v in names.values()):
        raise OnOneLine()
    if any(len(v) > NAME_MAX for v in names.values()):
        raise DomainError(_l("Use at most %(max)d characters.", max=NAME_MAX))
    return names


def proposed_slug(name: str) -> str:
    """A short address made from a name in any script (`Центар за мир` -> `centar-za-mir`),
    with a number added when it is taken."""
    base = "-".join(fold_tokens(name))[:SLUG_MAX].strip("-") or "organisation"
    slug, n = base, 1
    while get_by_slug(slug) is not None:
        n += 1
        slug = f"{base[: SLUG_MAX - len(str(n)) - 1]}-{n}"
    return slug


def _dated(texts: dict[str, str], before: dict[str, str], dates: dict[str, str]) -> dict[str, str]:
    """When each language's text last changed, so a translation older than its original
    can be marked for checking."""
    now = utcnow().isoformat()
    return {
        code: now if before.get(code) != text else dates.get(code, now)
        for code, text in texts.items()
    }


def outdated_translations(organisation: Organisation) -> set[str]:
    """The languages whose description was written before the original's latest change."""
    dates = organisation.description_dates or {}
    original = dates.get(organisation.original_language)
    if original is None:
        return set()
    return {
        code
        for code, when in dates.items()
        if code != organisation.original_language
        and code in (organisation.description or {})
        and when < original
    }


def _chosen_areas(ids: tuple[int, ...]) -> list[ThematicArea]:
    if not ids:
        return []
    statement = db.select(ThematicArea).where(ThematicArea.id.in_(ids))
    return list(db.session.scalars(statement.order_by(ThematicArea.position)))


def create_organisation(new: NewOrganisation, *, actor: Actor) -> Organisation:
    """Coordinators, admins and the operators' tools add a partner."""
    require(policy.can_create(actor))
    _check_profile(new)
    _check_unique_name(new.name)
    if new.slug.strip():
        slug = _check_slug(new.slug.strip().lower(), SLUG_MAX)
        if get_by_slug(slug) is not None:
            raise DomainError(_l("An organisation with this short address already exists."))
    else:
        slug = proposed_slug(new.short_name or new.name)
    organisation = Organisation(
        slug=slug,
        name=new.name.strip(),
        short_name=(new.short_name or "").strip() or None,
        country=new.country.upper(),
        city=(new.city or "").strip() or None,
        website=(new.website or "").strip() or None,
        original_language=new.original_language,
        description=_clean_texts(new.description),
        name_translations=_name_translations(new.name_translations, new.original_language),
        partner_since=new.partner_since,
        areas=_chosen_areas(new.area_ids),
    )
    organisation.description_dates = _dated(organisation.description, {}, {})
    db.session.add(organisation)
    index(organisation)
    record(OrganisationAction.CREATED, actor=actor, obj=organisation)
    return organisation


def update_profile(
    organisation: Organisation, profile: OrganisationProfile, *, seen_version: int, actor: Actor
) -> Organisation:
    """Org admins (own) and coordinators edit a profile; a stale form is refused, not merged."""
    require(policy.can_edit(actor, organisation))
    new_since = profile.partner_since not in (None, organisation.partner_since)
    require(not new_since or policy.can_set_partner_since(actor))
    _check_profile(profile)
    _check_unique_name(profile.name, exclude_id=organisation.id)
    # Lost-update guard across requests: write only if nobody saved since the form was shown.
    result = db.session.execute(
        db.update(Organisation)
        .where(Organisation.id == organisation.id, Organisation.version == seen_version)
        .values(version=Organisation.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
        raise Conflict()
    db.session.refresh(organisation, ["version"])
    previous_language, previous_name = organisation.original_language, organisation.name
    previous_description = dict(organisation.description or {})
    before = _audited_profile(organisation)
    language = profile.original_language
    organisation.name = profile.name.strip()
    organisation.short_name = (profile.short_name or "").strip() or None
    organisation.country = profile.country.upper()
    organisation.city = (profile.city or "").strip() or None
    organisation.website = (profile.website or "").strip() or None
    organisation.original_language = language
    if new_since:
        organisation.partner_since = profile.partner_since
    organisation.description = _clean_texts(profile.description)
    organisation.description_dates = _dated(
        organisation.description, previous_description, organisation.description_dates or {}
    )
    translations = _clean_texts(profile.name_translations)
    if language != previous_language:
        # Switching the original language keeps the name written in the old one, and an
        # unchanged name gives way to what the form already holds for the new language.
        translations.setdefault(previous_language, previous_name)
        if profile.name.strip() == previous_name and translations.get(language):
            organisation.name = translations[language]
    organisation.name_translations = _name_translations(translations, language)
    organisation.areas = _chosen_areas(profile.area_ids)
    index(organisation)
    edited = changes(before, _audited_profile(organisation))
    record(OrganisationAction.UPDATED, actor=actor, obj=organisation, changes=edited or None)
    return organisation


def _audited_profile(organisation: Organisation) -> dict[str, object]:
    """The profile's fields as the audit log compares them before and after an edit."""
    since = organisation.partner_since
    names, descriptions = organisation.name_translations or {}, organisation.description or {}
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "country": organisation.country,
        "city": organisation.city,
        "website": organisation.website,
        "original_language": organisation.original_language,
        "partner_since": since.isoformat() if since else None,
        **{f"name.{code}": names.get(code) for code in LANGUAGES},
        **{f"description.{code}": descriptions.get(code) for code in LANGUAGES},
        "areas": [area.audit_label for area in organisation.areas],
    }


def save_area(area: ThematicArea | None, data: AreaInput, *, actor: Actor) -> ThematicArea:
    """Coordinators keep the vocabulary; every interface language needs a name."""
    require(policy.can_manage_areas(actor))
    names = _clean_texts(data.names)
    if any(has_control_characters(v) for v in names.values()):
        raise OnOneLine()
    if any(len(v) > AREA_NAME_MAX for v in names.values()):
        raise DomainError(_l("Use at most %(max)d characters.", max=AREA_NAME_MAX))
    if any(code not in names for code in LANGUAGES):
        raise DomainError(_l("Give the name in every language."))
    slug = _check_slug(data.slug.strip(), AREA_SLUG_MAX)
    clash = db.session.scalar(db.select(ThematicArea).where(ThematicArea.slug == slug))
    if clash is not None and clash is not area:
        raise DomainError(_l("A thematic area with this short address already exists."))
    if area is None:
        position = db.session.scalar(db.select(db.func.count(ThematicArea.id))) or 0
        area = ThematicArea(slug=slug, names=names, position=position)
        db.session.add(area)
        action = AreaAction.CREATED
    else:
        area.slug, area.names = slug, names
        action = AreaAction.UPDATED
    db.session.flush()
    record(action, actor=actor, obj=area)
    return area
