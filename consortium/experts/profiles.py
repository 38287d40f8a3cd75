"""Whole profiles for a page of the API's expert list, their lists read as plain rows.

The API shows each expert whole: areas, languages, publications and contact details. Loaded
as objects, a page of twenty built some 150 of them, which cost more than the rest of the
request (issue 13). Here the experts are objects (the policy reads them), and what hangs off
them comes as rows: the areas and languages folded into the page's own query, the
publications and contact details in one query each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from consortium.core.folded import folded, unfolded
from consortium.core.pagination import Page, paginate
from consortium.db import db
from consortium.experts.directory import PAGE_SIZE, QueryMatch, conditions, order
from consortium.experts.models import (
    ContactDetail,
    Expert,
    ExpertLanguage,
    Publication,
    expert_areas,
)
from consortium.experts.schemas import DirectoryFilters
from consortium.organisations.display import org_name
from consortium.organisations.models import Organisation, OrganisationName, ThematicArea
from consortium.organisations.services import shown_name_for_reader


@dataclass(frozen=True)
class Affiliation:
    id: int
    slug: str
    name: str  # as the reader sees it


@dataclass(frozen=True)
class Spoken:
    code: str
    level: str


@dataclass(frozen=True)
class Work:
    title: str
    year: int | None
    url: str | None


@dataclass(frozen=True)
class Contact:
    kind: str
    value: str
    visibility: str


@dataclass(frozen=True)
class Profile:
    """An expert and everything the API shows of it."""

    expert: Expert
    organisation: Affiliation | None
    areas: list[str]  # slugs, in the areas' order
    languages: list[Spoken]
    publications: list[Work]
    contacts: list[Contact]  # all of them: `services.visible_contacts` picks

    @classmethod
    def of(cls, expert: Expert) -> Profile:
        """One expert loaded as an object (its own address), shown the same way."""
        organisation = expert.organisation
        return cls(
            expert=expert,
            organisation=Affiliation(organisation.id, organisation.slug, org_name(organisation))
            if organisation
            else None,
            areas=[area.slug for area in expert.areas],
            languages=[Spoken(s.code, s.level) for s in expert.languages],
            publications=[Work(p.title, p.year, p.url) for p in expert.publications],
            contacts=[Contact(c.kind, c.value, c.visibility) for c in expert.contacts],
        )


def page(
    filters: DirectoryFilters,
    match: QueryMatch,
    *,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page[Profile]:
    """One page of whole profiles, in the directory's order (`directory.listing`'s pager)."""
    # Each area and language leads with its place (`Expert.areas` are ordered by position,
    # then id; languages by the expert's order).
    area_slugs = (
        db.select(folded(ThematicArea.position, ThematicArea.id, ThematicArea.slug))
        .join(expert_areas, expert_areas.c.area_id == ThematicArea.id)
        .where(expert_areas.c.expert_id == Expert.id)
        .scalar_subquery()
    )
    spoken = (
        db.select(folded(ExpertLanguage.position, ExpertLanguage.code, ExpertLanguage.level))
        .where(ExpertLanguage.expert_id == Expert.id)
        .scalar_subquery()
    )
    query = (
        db.select(Expert, Organisation.slug, OrganisationName.name, area_slugs, spoken)
        .outerjoin(Organisation, Organisation.id == Expert.organisation_id)
        .outerjoin(OrganisationName, shown_name_for_reader(Expert.organisation_id))
        .where(*conditions(filters, match))
    )
    rows = paginate(
        query, order(filters, match), cursor=cursor, limit=limit, narrowed=filters.narrows()
    )
    ids = [row[0].id for row in rows.items]
    works, contacts = _works(ids), _contacts(ids)
    profiles = [
        Profile(
            expert=expert,
            organisation=Affiliation(expert.organisation_id, slug, name)
            if expert.organisation_id is not None and slug is not None
            else None,
            areas=[slug for (slug,) in unfolded(areas, keys=2)],
            languages=[Spoken(code, level) for code, level in unfolded(languages, keys=1)],
            publications=works[expert.id],
            contacts=contacts[expert.id],
        )
        for expert, slug, name, areas, languages in rows.items
    ]
    return Page(items=profiles, next_cursor=rows.next_cursor)


def _works(ids: Sequence[int]) -> defaultdict[int, list[Work]]:
    found: defaultdict[int, list[Work]] = defaultdict(list)
    if ids:
        rows = db.session.execute(
            db.select(Publication.expert_id, Publication.title, Publication.year, Publication.url)
            .where(Publication.expert_id.in_(ids))
            .order_by(Publication.expert_id, Publication.position, Publication.id)
        )
        for expert_id, *work in rows:
            found[expert_id].append(Work(*work))
    return found


def _contacts(ids: Sequence[int]) -> defaultdict[int, list[Contact]]:
    found: defaultdict[int, list[Contact]] = defaultdict(list)
    if ids:
        rows = db.session.execute(
            db.select(
                ContactDetail.expert_id,
                ContactDetail.kind,
                ContactDetail.value,
                ContactDetail.visibility,
            )
            .where(ContactDetail.expert_id.in_(ids))
            .order_by(ContactDetail.expert_id, ContactDetail.position, ContactDetail.id)
        )
        for expert_id, *contact in rows:
            found[expert_id].append(Contact(*contact))
    return found
