"""What the public statements pages read, each in a fixed number of queries (issue 13: at
most four a page, however many statements, signatures or languages)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.orm import defaultload, joinedload, selectinload

from consortium.core.pagination import Page, paginate
from consortium.db import db
from consortium.statements.models import Signature, Statement, StatementRevision, StatementText
from consortium.statements.schemas import ListFilters
from consortium.statements.services import Signatories, _public_query
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


def published_page(
    filters: ListFilters,
    *,
    cursor: str | None = None,
    limit: int = 20,
    consortium: bool = False,
    bodies: bool = False,
) -> tuple[Page[Statement], dict[int, Signatories]]:
    """`services.published` and `services.signatories_of` for its page, in one query and
    the texts' (two in all): each row carries its signatories' count and how its author
    appears, as two small subqueries on the signatures of that one statement. The texts'
    bodies, the longest values of all, only with `bodies` (the list pages show titles:
    `services.shown(..., body=False)`)."""
    query = _public_query(filters, PUBLIC, consortium=consortium).add_columns(
        *signatory_columns(consortium)
    )
    if not bodies:
        query = query.options(
            defaultload(Statement.published_revision)
            .selectinload(StatementRevision.texts)
            .load_only(StatementText.revision_id, StatementText.language, StatementText.title)
        )
    order: list[Any] = [Statement.published_at.desc(), Statement.id.desc()]
    rows = paginate(query, order, cursor=cursor, limit=limit)
    page = Page(items=[statement for statement, _, _ in rows.items], next_cursor=rows.next_cursor)
    signatories = {
        statement.id: Signatories(int(signed or 0), appearance)
        for statement, signed, appearance in rows.items
    }
    return page, signatories


def for_page(statement: Statement) -> Statement:
    """The statement the address loaded, with what its page shows: the author, the published
    revision, the signatures with their organisations and the areas in one query, every
    revision (the current text decides which signatures count) in a second; the shown
    text's languages are the third.

    Two collections are joined, signatures and areas: one statement has a few of each, so
    their product stays small; revisions are selected apart."""
    return (
        db.session.execute(
            db.select(Statement)
            .where(Statement.id == statement.id)
            .options(
                joinedload(Statement.organisation),
                joinedload(Statement.published_revision),
                joinedload(Statement.signatures).joinedload(Signature.organisation),
                joinedload(Statement.areas),
                selectinload(Statement.revisions),
            )
        )
        .unique()
        .scalar_one()
    )


def author_appearance(statement: Statement) -> str | None:
    """`services.signatories_of(...)[id].author_appearance` for a statement loaded by
    `for_page`, from its signatures rather than one more query."""
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
