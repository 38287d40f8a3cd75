"""Statements in the search index and in the site-wide search.

A published or withdrawn statement is public and is found by its published text; any
other is a draft, found only by those who may read it: the staff of its author and invited
organisations, and coordinators (`policy.can_read_draft`). Services call `index` wherever
the text, the invitations or the state change; `load` asks the policy again.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import case
from sqlalchemy.orm import selectinload

from consortium import searchindex
from consortium.core.actors import is_signed_in
from consortium.core.markdown import render
from consortium.core.registry import SearchKind, SearchResult
from consortium.core.text import excerpt
from consortium.db import db
from consortium.i18n import current_language
from consortium.i18n.content import resolve
from consortium.statements import policy
from consortium.statements.models import Statement, StatementRevision, StatementText
from consortium.statements.vocab import PUBLIC, StatementState

KIND = "statement"


def _revision(statement: Statement) -> StatementRevision | None:
    """The text readers find: the published one once public, else the current draft."""
    if statement.status in PUBLIC:
        return statement.published_revision
    return statement.current_revision


def audience(statement: Statement) -> list[str]:
    if statement.status in PUBLIC:
        return [searchindex.PUBLIC]
    return [
        searchindex.staff_of(statement.organisation_id),
        *(searchindex.staff_of(i.organisation_id) for i in statement.invitations),
        searchindex.COORDINATORS,
    ]


def document(statement: Statement) -> searchindex.Document:
    """Its titles and texts in every language of the revision readers find."""
    revision = _revision(statement)
    texts = revision.texts if revision is not None else []
    return searchindex.Document(
        KIND,
        statement.id,
        titles=[t.title for t in texts],
        texts=[t.body for t in texts],
        language=statement.original_language,
        audience=audience(statement),
    )


def index(statement: Statement) -> None:
    """Write the statement's document after a change of its text, invitations or state."""
    db.session.flush()
    searchindex.put(document(statement))


def _with_texts() -> list[Any]:
    return [
        selectinload(Statement.invitations),
        selectinload(Statement.revisions).selectinload(StatementRevision.texts),
        selectinload(Statement.published_revision).selectinload(StatementRevision.texts),
    ]


def reindex() -> int:
    """Write every statement's document again (`flask search rebuild`)."""
    count = 0
    query = db.select(Statement).options(*_with_texts()).order_by(Statement.id)
    for statement in db.session.scalars(query):
        searchindex.put(document(statement))
        count += 1
    return count


def load(ids: list[int], user: Any) -> list[SearchResult]:
    """The statements of `ids` that `user` may read, in that order, in one query (two for a
    signed-in reader, who may be shown drafts); drafts the policy refuses are left out
    whatever the index said.

    Each statement comes with the texts of the one revision readers find (the published
    one, or a draft's latest), joined: the excerpt is made from them, not from every
    revision a statement has had."""
    if not ids:
        return []
    latest = (
        db.select(StatementRevision.id)
        .where(StatementRevision.statement_id == Statement.id)
        .order_by(StatementRevision.number.desc())
        .limit(1)
        .scalar_subquery()
    )
    found = case(
        (Statement.state.in_([s.value for s in PUBLIC]), Statement.published_revision_id),
        else_=latest,
    )
    query = (
        db.select(Statement, StatementText)
        .outerjoin(StatementText, StatementText.revision_id == found)
        .where(Statement.id.in_(ids))
    )
    if is_signed_in(user):  # only participants read drafts, and they ask for invitations
        query = query.options(selectinload(Statement.invitations))
    statements: dict[int, Statement] = {}
    texts: dict[int, list[StatementText]] = {}
    for statement, text in db.session.execute(query):
        statements[statement.id] = statement
        texts.setdefault(statement.id, [])
        if text is not None:
            texts[statement.id].append(text)
    shown = (statements.get(i) for i in ids)
    return [_result(s, texts[s.id]) for s in shown if s is not None and policy.can_read(user, s)]


def _result(statement: Statement, rows: list[StatementText]) -> SearchResult:
    texts = {t.language: {"title": t.title, "body": t.body} for t in rows}
    shown = resolve(texts, current_language().code, statement.original_language)
    title = shown.value["title"] if shown else statement.slug
    body = shown.value["body"] if shown else ""
    state = statement.status
    when = statement.published_at if state == StatementState.PUBLISHED else None
    when = when or statement.withdrawn_at or statement.updated_at
    return SearchResult(
        title=title or statement.slug,
        url=url_for("statements.detail", statement=statement),
        summary=excerpt(render(body or "").striptags()),
        meta=f"{state.title} · {format_date(when, 'long')}",
    )


SEARCH_KIND = SearchKind(
    kind=KIND,
    title=_l("Statements"),
    load=load,
    reindex=reindex,
    order=20,
)
