"""The expert directory: filters, the count each choice would give, keyset pages.

Everything happens in the database: a filter is a WHERE on an indexed column, the search box
asks the search index for ids, and a page is the rows after the previous page's last key,
so the hundredth page costs what the first does. A page is one query (with its organisation
and areas joined) and one for the spoken languages; the areas of the filter come with the
change counter, and the counts, when the counter moved since this worker last counted that
choice, are one more, whatever the number of experts or choices (issue 13: at most four
queries a page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, union_all

from consortium import searchindex
from consortium.core import changes
from consortium.core.pagination import Page
from consortium.db import PLAN_PER_VALUES, db
from consortium.experts.changes import COUNTER
from consortium.experts.models import Expert, ExpertLanguage, expert_areas
from consortium.experts.schemas import DirectoryFilters
from consortium.experts.vocab import KIND, Availability
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


def listing(
    filters: DirectoryFilters,
    *,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    pager: Callable[..., Page],
) -> tuple[Page, QueryMatch]:
    """One page of the directory, and how its search box matched: the experts the index
    finds when it finds any (whatever the other filters leave of them), else the names a
    typo or two away.

    A page that shows an exact match proves that there is one, so "is there an exact match
    at all?" is only asked when the page is empty (the other filters may have left none of
    the exact matches: then the answer is still the empty page, not typos).

    `pager(filters, match, cursor=, limit=)` reads the page: `cards.page` for the directory
    page, `profiles.page` (whole profiles) for the API."""
    page_of = pager
    exact = searchindex.matching(KIND, filters.query)
    if exact is None:
        match = QueryMatch(None)
        return page_of(filters, match, cursor=cursor, limit=limit), match
    match = QueryMatch(Expert.id.in_(exact))
    found = page_of(filters, match, cursor=cursor, limit=limit)
    if found.items or db.session.scalar(
        db.select(exact.exists()), execution_options=PLAN_PER_VALUES
    ):
        return found, match
    match = QueryMatch(Expert.id.in_(searchindex.fuzzy(KIND, filters.query)), fuzzy=True)
    return page_of(filters, match, cursor=cursor, limit=limit), match


def conditions(
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


def order(filters: DirectoryFilters, match: QueryMatch) -> list[Any]:
    """The directory's order: names in the reader's alphabet, the best matches of a search
    first when sorted by relevance."""
    keys: list[Any] = [name_key(), Expert.id]
    titles = searchindex.matching(KIND, filters.query, titles_only=True)
    if filters.sort == "relevance" and titles is not None and not match.fuzzy:
        keys.insert(0, Expert.id.in_(titles).desc())
    return keys


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


# Counting every facet reads every expert the filters leave: 5 ms at 1,000 experts, 20 ms at
# 10,000, 0.3–0.6 s at 100,000 (issue 13). Each worker keeps the counts of the choices it was
# asked for until the directory's change counter moves (`experts.changes`): exact at once
# after any change, and counted once per change rather than once per request.
_kept_counts = changes.Kept(COUNTER, maxsize=512)


def counts(filters: DirectoryFilters, match: QueryMatch) -> Counts:
    """How many experts each further choice would leave (see `_counts`), kept while the
    directory's change counter stays put."""
    key = (replace(filters, sort=""), match.fuzzy)  # the order changes no count
    return _kept_counts.get(key, lambda: _counts(filters, match))


def _counts(filters: DirectoryFilters, match: QueryMatch) -> Counts:
    """One query: the grouped count of each facet, side by side (UNION ALL), each over the
    experts the other filters leave."""

    def ids(skip: str) -> Any:
        return db.select(Expert.id).where(*conditions(filters, match, skip=skip))

    capped = ids("").limit(COUNT_CAP + 1).subquery()
    # One row per kind of availability: each expert is joined to the kinds it offers.
    # (A VALUES list would do, but SQLAlchemy cannot cache a statement that holds one.)
    flags = union_all(*(db.select(literal(a.value).label("flag")) for a in Availability)).subquery(
        "flags"
    )
    parts = [
        db.select(literal("total"), literal(""), func.count()).select_from(capped),
        db.select(literal("area"), ThematicArea.slug, func.count())
        .join(expert_areas, expert_areas.c.area_id == ThematicArea.id)
        .where(expert_areas.c.expert_id.in_(ids("area")))
        .group_by(ThematicArea.slug),
        db.select(literal("country"), Expert.country, func.count())
        .where(*conditions(filters, match, skip="country"))
        .group_by(Expert.country),
        db.select(literal("language"), ExpertLanguage.code, func.count())
        .where(ExpertLanguage.expert_id.in_(ids("language")))
        .group_by(ExpertLanguage.code),
        db.select(literal("availability"), flags.c.flag, func.count())
        .select_from(Expert)
        .join(
            flags,
            case(*((flags.c.flag == a.value, getattr(Expert, a.value)) for a in Availability)),
        )
        .where(*conditions(filters, match, skip="availability"))
        .group_by(flags.c.flag),
        db.select(literal("verified"), literal(""), func.count()).where(
            *conditions(filters, match, skip="verified"), Expert.verified_at.is_not(None)
        ),
    ]
    grouped: dict[str, dict[str, int]] = {
        "total": {},
        "area": {},
        "country": {},
        "language": {},
        "availability": {},
        "verified": {},
    }
    for name, key, number in db.session.execute(
        union_all(*parts), execution_options=PLAN_PER_VALUES
    ):
        grouped[name][key] = int(number)
    return Counts(
        total=grouped["total"].get("", 0),
        areas=grouped["area"],
        countries=grouped["country"],
        languages=grouped["language"],
        availability={a.value: grouped["availability"].get(a.value, 0) for a in Availability},
        verified=grouped["verified"].get("", 0),
    )
