"""The directory's cards: what a page of the expert directory shows, read as plain rows.

A card needs a dozen short columns, the name the reader sees of the expert's organisation
(stored per language, `OrganisationName`) and the codes of its areas and languages. One
query gives all of it, the areas and languages as two short lists per row, so no profile
object is built for a page: building twenty experts with their organisations, areas and
languages cost more than everything else the page does (issue 13). The API and the profile
page, which show whole profiles, still load the objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from consortium.core.folded import folded, unfolded
from consortium.core.pagination import Page, paginate
from consortium.db import db
from consortium.experts.directory import PAGE_SIZE, QueryMatch, conditions, order
from consortium.experts.models import Expert, ExpertLanguage, expert_areas
from consortium.experts.schemas import DirectoryFilters
from consortium.organisations.models import OrganisationName
from consortium.organisations.services import Area, areas_in, shown_name_for_reader


@dataclass(frozen=True)
class Card:
    slug: str
    name: str
    name_other_script: str | None
    title: str | None
    photo_key: str | None
    verified: bool
    affiliation: str | None
    country: str
    organisation_name: str | None
    areas: list[Area]
    languages: list[str]  # codes, in the expert's order


def page(
    filters: DirectoryFilters,
    match: QueryMatch,
    *,
    areas: Sequence[Area],
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page[Card]:
    """One page of cards. `areas`: every thematic area (the page has them for its filter)."""
    area_ids = (
        db.select(folded(expert_areas.c.area_id))
        .where(expert_areas.c.expert_id == Expert.id)
        .scalar_subquery()
    )
    spoken = (
        db.select(folded(ExpertLanguage.position, ExpertLanguage.code))
        .where(ExpertLanguage.expert_id == Expert.id)
        .scalar_subquery()
    )
    query = (
        db.select(
            Expert.slug,
            Expert.name,
            Expert.name_other_script,
            Expert.title,
            Expert.photo_key,
            Expert.verified_at.is_not(None),
            Expert.affiliation,
            Expert.country,
            OrganisationName.name,
            area_ids,
            spoken,
        )
        .outerjoin(OrganisationName, shown_name_for_reader(Expert.organisation_id))
        .where(*conditions(filters, match))
    )
    rows = paginate(
        query, order(filters, match), cursor=cursor, limit=limit, narrowed=filters.narrows()
    )
    cards = [_card(row, areas) for row in rows.items]
    return Page(items=cards, next_cursor=rows.next_cursor)


def _card(row: Sequence[Any], areas: Sequence[Area]) -> Card:
    """`areas`: all of them, in their order (`organisations.services.listed_areas`)."""
    (slug, name, other, title, photo, verified, affiliation, country, organisation) = row[:9]
    return Card(
        slug=slug,
        name=name,
        name_other_script=other,
        title=title,
        photo_key=photo,
        verified=bool(verified),
        affiliation=affiliation,
        country=country,
        organisation_name=organisation,
        areas=areas_in(row[9], areas),
        languages=[code for (code,) in unfolded(row[10], keys=1)],
    )
