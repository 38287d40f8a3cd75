"""What the public statements pages read, each in a fixed number of queries (issue 13: at
most four a page, however many statements, signatures or languages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.orm import joinedload, selectinload

from consortium.core.folded import folded, unfolded
from consortium.core.pagination import Page, paginate
from consortium.db import db
from consortium.organisations.display import org_name
from consortium.organisations.models import Organisation, OrganisationName, ThematicArea
from consortium.organisations.services import shown_name_for_reader
from consortium.statements.models import (
    Signature,
    Statement,
    StatementRevision,
    StatementText,
    statement_areas,
)
from consortium.statements.schemas import ListFilters
from consortium.statements.services import Signatories, public_conditions
from consortium.statements.vocab import PUBLIC, Appearance, SignatureStatus


def _counted(signature: Any, published: Any) -> ColumnElement[bool]:
    """`services._counted_signatures` for the statement of the enclosing query: signed, on
    its published text."""
    return and_(
        signature.c.statement_id == Statement.id,
        signature.c.status == SignatureStatus.SIGNED.value,
        published.c.id == Statement.published_revision_id,
        signature.c.original_hash == published.c.original_hash,
    )


@cache
def signatory_columns(consortium: bool) -> tuple[Any, Any]:
    """How many signatories a reader sees listed, and how the author appears: built once
    (expressions are immutable, and building them costs more than running them)."""
    listed, own = Signature.__table__.alias(), Signature.__table__.alias()
    revision = StatementRevision.__table__
    count = db.select(func.count(listed.c.id)).where(_counted(listed, revision.alias()))
    if not consortium:
        count = count.where(listed.c.appearance != Appearance.CONSORTIUM_ONLY.value)
    author = db.select(own.c.appearance).where(
        _counted(own, revision.alias()), own.c.organisation_id == Statement.organisation_id
    )
    return count.scalar_subquery(), author.scalar_subquery()


@dataclass(frozen=True)
class Published:
    """A public statement as the API lists it, read as plain values (issue 13: building each
    with its organisation, areas, revision and texts as objects cost more than the rest of
    the request). `Published.of` gives the same for one statement loaded as an object."""

    id: int
    slug: str
    state: str
    original_language: str
    published_at: datetime | None
    withdrawn_at: datetime | None
    revision: int  # the published revision's number
    organisation_id: int
    organisation_slug: str
    organisation_country: str
    organisation_name: str  # as the reader sees it
    areas: list[str]  # slugs, in the areas' order
    texts: dict[str, tuple[str, str]]  # language -> (title, body) of the published revision
    signatories: Signatories

    @classmethod
    def of(cls, statement: Statement, signatories: Signatories) -> Published:
        revision = statement.published_revision
        assert revision is not None  # only published and withdrawn statements are listed
        organisation = statement.organisation
        return cls(
            id=statement.id,
            slug=statement.slug,
            state=statement.state,
            original_language=statement.original_language,
            published_at=statement.published_at,
            withdrawn_at=statement.withdrawn_at,
            revision=revision.number,
            organisation_id=organisation.id,
            organisation_slug=organisation.slug,
            organisation_country=organisation.country,
            organisation_name=org_name(organisation),
            areas=[area.slug for area in statement.areas],
            texts={t.language: (t.title, t.body) for t in revision.texts},
            signatories=signatories,
        )


def published_page(
    filters: ListFilters,
    *,
    cursor: str | None = None,
    limit: int = 20,
    consortium: bool = False,
) -> Page[Published]:
    """`services.published` and `services.signatories_of` for its page, as plain values, in
    two queries: the statements with their author, published revision number, areas and the
    two signature figures (small subqueries on that statement's signatures), then the
    published revisions' texts."""
    # Each area leads with its place: `Statement.areas` are ordered by position, then id.
    area_slugs = (
        db.select(folded(ThematicArea.position, ThematicArea.id, ThematicArea.slug))
        .join(statement_areas, statement_areas.c.area_id == ThematicArea.id)
        .where(statement_areas.c.statement_id == Statement.id)
        .scalar_subquery()
    )
    query = (
        db.select(
            Statement.id,
            Statement.slug,
            Statement.state,
            Statement.original_language,
            Statement.published_at,
            Statement.withdrawn_at,
            Statement.published_revision_id,
            StatementRevision.number,
            Organisation.id,
            Organisation.slug,
            Organisation.country,
            func.coalesce(OrganisationName.name, Organisation.name),
            *signatory_columns(consortium),
            area_slugs,
        )
        .join(Organisation, Organisation.id == Statement.organisation_id)
        .join(StatementRevision, StatementRevision.id == Statement.published_revision_id)
        .outerjoin(OrganisationName, shown_name_for_reader(Organisation.id))
        .where(*public_conditions(filters, PUBLIC, consortium=consortium))
    )
    order: list[Any] = [Statement.published_at.desc(), Statement.id.desc()]
    rows = paginate(query, order, cursor=cursor, limit=limit, narrowed=filters.narrows())
    texts = _texts([row[6] for row in rows.items])
    items = [
        Published(
            *row[:6],
            revision=row[7],
            organisation_id=row[8],
            organisation_slug=row[9],
            organisation_country=row[10],
            organisation_name=row[11],
            areas=[slug for (slug,) in unfolded(row[14], keys=2)],
            texts=texts.get(row[6], {}),
            signatories=Signatories(int(row[12] or 0), row[13]),
        )
        for row in rows.items
    ]
    return Page(items=items, next_cursor=rows.next_cursor)


def _texts(revision_ids: list[int]) -> dict[int, dict[str, tuple[str, str]]]:
    found: dict[int, dict[str, tuple[str, str]]] = {}
    if revision_ids:
        rows = db.session.execute(
            db.select(
                StatementText.revision_id,
                StatementText.language,
                StatementText.title,
                StatementText.body,
            ).where(StatementText.revision_id.in_(revision_ids))
        )
        for revision_id, language, title, body in rows:
            found.setdefault(revision_id, {})[language] = (title, body)
    return found


# What a statement's page shows, read with the address's own query (`PageConverter`): the
# author, the published revision, the signatures with their organisations and the areas
# joined, every revision (the current text decides which signatures count) in a second
# query; the shown text's languages are the third. Two collections are joined, signatures
# and areas: one statement has a few of each, so their product stays small; revisions are
# selected apart.
PAGE_OPTIONS = (
    joinedload(Statement.organisation),
    joinedload(Statement.published_revision),
    joinedload(Statement.signatures).joinedload(Signature.organisation),
    joinedload(Statement.areas),
    selectinload(Statement.revisions),
)


def author_appearance(statement: Statement) -> str | None:
    """`services.signatories_of(...)[id].author_appearance` for a statement loaded by
    a statement's page (`PAGE_OPTIONS`), from its signatures rather than one more query."""
    published = statement.published_revision
    if published is None:
        return None
    for signature in statement.signatures:
        if (
            signature.organisation_id == statement.organisation_id
            and signature.status == SignatureStatus.SIGNED.value
            and signature.original_hash == published.original_hash
        ):
            return signature.appearance
    return None
