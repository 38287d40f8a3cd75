"""The statements list's cards, read as plain rows (the expert directory's `cards` did the
same first).

A card shows a title in the reader's language, the author organisation as it chose to
appear, the date, how many signatories this reader sees and the areas. One query gives the
columns, the organisation's name as this reader sees it, the two signature figures, the
area ids and the published revision's titles in every language (never the bodies).
Building each statement with its organisation, areas, revision and texts as objects cost
more than the rest of the page together (issue 13); the API, which shows whole statements,
reads its own rows, bodies included (`reading.published_page`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func

from consortium.core.folded import folded
from consortium.core.pagination import Page, paginate
from consortium.db import db
from consortium.i18n import current_language
from consortium.i18n.content import Shown, resolve
from consortium.organisations.models import Organisation, OrganisationName
from consortium.organisations.services import Area, areas_in, shown_name_for_reader
from consortium.statements.models import Statement, StatementText, statement_areas
from consortium.statements.reading import signatory_columns
from consortium.statements.schemas import ListFilters
from consortium.statements.services import public_conditions
from consortium.statements.vocab import PUBLIC, StatementState

# Separators of the titles folded into a card's row (ASCII's unit and record separators).
UNIT, RECORD = "\x1f", "\x1e"


@dataclass(frozen=True)
class Author:
    slug: str
    country: str
    name: str
    appearance: str | None  # how its own signature appears (`vocab.Appearance`)


@dataclass(frozen=True)
class Card:
    slug: str
    status: StatementState
    published_at: datetime
    title: Shown
    author: Author
    signatories: int  # those this reader sees listed
    areas: list[Area]


def page(
    filters: ListFilters,
    *,
    areas: Sequence[Area],
    consortium: bool,
    cursor: str | None = None,
    limit: int = 20,
) -> Page[Card]:
    """One page of the public list, newest first. `areas`: every thematic area, in order
    (the page has them for its filter); `consortium`: the reader belongs to it."""
    language = current_language().code
    area_ids = (
        db.select(folded(statement_areas.c.area_id))
        .where(statement_areas.c.statement_id == Statement.id)
        .scalar_subquery()
    )
    # "language US title" joined by RS: a title holds no control character (the services
    # refuse them), so the separators cannot occur in it.
    titles = (
        db.select(
            func.aggregate_strings(StatementText.language + UNIT + StatementText.title, RECORD)
        )
        .where(StatementText.revision_id == Statement.published_revision_id)
        .scalar_subquery()
    )
    query = (
        db.select(
            Statement.slug,
            Statement.state,
            Statement.published_at,
            Statement.original_language,
            Statement.published_revision_id,
            Organisation.slug,
            Organisation.country,
            Organisation.name,
            OrganisationName.name,
            *signatory_columns(consortium),
            area_ids,
            titles,
        )
        .join(Organisation, Organisation.id == Statement.organisation_id)
        .outerjoin(OrganisationName, shown_name_for_reader(Organisation.id))
        .where(*public_conditions(filters, PUBLIC, consortium=consortium))
    )
    order: list[Any] = [Statement.published_at.desc(), Statement.id.desc()]
    rows = paginate(query, order, cursor=cursor, limit=limit, narrowed=filters.narrows())
    cards = [_card(row, _titles(row[12]), areas, language) for row in rows.items]
    return Page(items=cards, next_cursor=rows.next_cursor)


def _titles(listed: str | None) -> dict[str, dict[str, str]]:
    """The revision's titles by language, in `services.shown`'s shape."""
    found: dict[str, dict[str, str]] = {}
    for record in (listed or "").split(RECORD):
        language, unit, title = record.partition(UNIT)
        if unit:
            found[language] = {"title": title}
    return found


def _card(
    row: Sequence[Any],
    titles: dict[str, dict[str, str]],
    areas: Sequence[Area],
    language: str,
) -> Card:
    (slug, state, published_at, original, _revision, org_slug, country, org_name) = row[:8]
    shown_name, signed, appearance, area_list = row[8:12]  # row[12]: the titles
    title = resolve(titles, language, original)
    return Card(
        slug=slug,
        status=StatementState(state),
        published_at=published_at,
        title=title or Shown({"title": slug}, original, original, False, False, True),
        author=Author(org_slug, country, shown_name or org_name, appearance),
        signatories=int(signed or 0),
        areas=areas_in(area_list, areas),
    )
