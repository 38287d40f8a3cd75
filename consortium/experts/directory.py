"""The expert directory: filters, the count each choice would give, keyset pages.

Everything happens in the database: a filter is a WHERE on an indexed column, the search box
asks the search index for ids, and a page is the rows after the previous page's last key,
so the hundredth page costs what the first does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func
from sqlalchemy.orm import selectinload

from consortium import searchindex
from consortium.core.pagination import Page, paginate
from consortium.db import db
from consortium.experts.models import Expert, ExpertLanguage, expert_areas
from consortium.experts.schemas import DirectoryFilters
from consortium.experts.services import KIND
from consortium.experts.vocab import Availability
from consortium.i18n.collation import collated
from consortium.organisations.models import ThematicArea

PAGE_SIZE = 20
COUNT_CAP = searchindex.COUNT_CAP


def name_key() -> ColumnElement[Any]:
    """The name as the reader's alphabet sorts it."""
    return collated(Expert.name)


@dataclass(frozen=True)
class QueryMatch:
    """How the search box narrows the directory: by the index, or by close spellings."""

    condition: ColumnElement[bool] | None
    fuzzy: bool = False


def match_query(query: str) -> QueryMatch:
    exact = searchindex.matching(KIND, query)
    if exact is None:
        return QueryMatch(None)
    if db.session.scalar(db.select(exact.exists())):
        return QueryMatch(Expert.id.in_(exact))
    return QueryMatch(Expert.id.in_(searchindex.fuzzy(KIND, query)), fuzzy=True)


def _conditions(
    filters: DirectoryFilters, match: QueryMatch, *, skip: str = ""
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Expert.removal_requested_at.is_(None)]
    if match.condition is not None:
        conditions.append(match.condition)
    if filters.area and skip != "area":
        conditions.append(
            Expert.id.in_(
                db.select(expert_areas.c.expert_id)
                .join(ThematicArea, ThematicArea.id == expert_areas.c.area_id)
                .where(ThematicArea.slug == filters.area)
            )
        )
    if filters.country and skip != "country":
        conditions.append(Expert.country == filters.country)
    if filters.language and skip != "language":
        conditions.append(
            Expert.id.in_(
                db.select(ExpertLanguage.expert_id).where(ExpertLanguage.code == filters.language)
            )
        )
    if filters.availability and skip != "availability":
        available = Availability.lookup(filters.availability)
        if available is not None:
            conditions.append(getattr(Expert, available.value).is_(True))
    if filters.verified and skip != "verified":
        conditions.append(Expert.verified_at.is_not(None))
    return conditions


def page(
    filters: DirectoryFilters,
    match: QueryMatch,
    *,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    full: bool = False,
) -> Page:
    """One page of the directory; `full` also loads what only a whole profile shows
    (publications, contact details), for the API."""
    statement = (
        db.select(Expert)
        .where(*_conditions(filters, match))
        .options(
            selectinload(Expert.areas),
            selectinload(Expert.languages),
            selectinload(Expert.organisation),
        )
    )
    if full:
        statement = statement.options(
            selectinload(Expert.publications), selectinload(Expert.contacts)
        )
    order: list[Any] = [name_key(), Expert.id]
    titles = searchindex.matching(KIND, filters.query, titles_only=True)
    if filters.sort == "relevance" and titles is not None and not match.fuzzy:
        order.insert(0, Expert.id.in_(titles).desc())
    return paginate(statement, order, cursor=cursor, limit=limit)


@dataclass(frozen=True)
class Counts:
    """How many experts the list holds, and would hold after each further choice."""

    total: int
    areas: dict[str, int]
    countries: dict[str, int]
    languages: dict[str, int]
    availability: dict[str, int]
    verified: int

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP


def counts(filters: DirectoryFilters, match: QueryMatch) -> Counts:
    """Six grouped queries, whatever the number of experts or choices."""

    def ids(skip: str) -> Any:
        return db.select(Expert.id).where(*_conditions(filters, match, skip=skip))

    capped = ids("").limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(db.select(func.count()).select_from(capped)) or 0
    areas = db.session.execute(
        db.select(ThematicArea.slug, func.count())
        .join(expert_areas, expert_areas.c.area_id == ThematicArea.id)
        .where(expert_areas.c.expert_id.in_(ids("area")))
        .group_by(ThematicArea.slug)
    ).all()
    countries = db.session.execute(
        db.select(Expert.country, func.count())
        .where(*_conditions(filters, match, skip="country"))
        .group_by(Expert.country)
    ).all()
    languages = db.session.execute(
        db.select(ExpertLanguage.code, func.count())
        .where(ExpertLanguage.expert_id.in_(ids("language")))
        .group_by(ExpertLanguage.code)
    ).all()
    flags = db.session.execute(
        db.select(
            *(
                func.coalesce(func.sum(case((getattr(Expert, a.value).is_(True), 1), else_=0)), 0)
                for a in Availability
            )
        ).where(*_conditions(filters, match, skip="availability"))
    ).one()
    verified = db.session.scalar(
        db.select(func.count()).where(
            *_conditions(filters, match, skip="verified"), Expert.verified_at.is_not(None)
        )
    )
    return Counts(
        total=total,
        areas=dict(areas),  # type: ignore[arg-type]
        countries=dict(countries),  # type: ignore[arg-type]
        languages=dict(languages),  # type: ignore[arg-type]
        availability={a.value: int(n) for a, n in zip(Availability, flags, strict=True)},
        verified=verified or 0,
    )
