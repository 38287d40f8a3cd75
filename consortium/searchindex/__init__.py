"""One search index for every domain: script-, diacritic- and typo-tolerant, on both databases.

A domain keeps its objects current with `put(Document(...))` and `drop(kind, id)` from its
services (they flush; the request commits), and asks `matching(kind, query)` for the ids a
search box selects. The site-wide search page (`consortium.search`) reads `hits`. Text is
folded in Python (`i18n.text.fold`), so the databases only ever see ASCII words: every
query word must start a word of the document (search as you type), and when nothing does,
`fuzzy` finds names one or two typing mistakes away.

Bottom layer beside `audit` and `mail`: it knows no domain, only kinds as strings.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import Flask
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    bindparam,
    cast,
    column,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    table,
    union_all,
)

from consortium.core.actors import Actor, is_coordinator, is_signed_in
from consortium.core.roles import OrgRole
from consortium.db import PLAN_PER_VALUES, db
from consortium.i18n.text import fold_tokens, query_words
from consortium.searchindex import models
from consortium.searchindex.models import TSV_ALL, TSV_TITLE, SearchDocument

PUBLIC = "public"
MEMBERS = "members"
COORDINATORS = "coordinators"
# Counts above this read "1000+": counting every match of a common word costs a full scan.
COUNT_CAP = 1000
# Typo candidates examined per search; a name that is not among them is not found by typo.
FUZZY_CANDIDATES = 200
# How many of a kind's newest documents `hits` looks through before it asks the text index
# for older ones (each look reads a document's vector: ~1 µs).
RECENT_WINDOW = 500
# A query word shorter than this is only ever a prefix: "kos" with a typo is anything.
FUZZY_MIN_LENGTH = 4


def staff_of(organisation_id: int) -> str:
    """The audience of an organisation's staff and org admins (drafts they work on)."""
    return f"staff:{organisation_id}"


@dataclass(frozen=True)
class Document:
    """What one object contributes to the index. Text is given as written; it is folded here."""

    kind: str
    object_id: int
    titles: Sequence[str | None]
    texts: Sequence[str | None] = ()
    language: str = ""
    audience: Collection[str] = field(default_factory=lambda: (PUBLIC,))


def init_app(app: Flask) -> None:
    """Nothing to register: the index is a table and the functions below."""


def put(document: Document) -> SearchDocument:
    row = db.session.scalar(
        db.select(SearchDocument).where(
            SearchDocument.kind == document.kind, SearchDocument.object_id == document.object_id
        )
    )
    if row is None:
        row = SearchDocument(kind=document.kind, object_id=document.object_id)
        db.session.add(row)
    row.language = document.language
    row.audience = " " + " ".join(sorted(set(document.audience))) + " "
    row.title_key = " ".join(fold_tokens(" ".join(t for t in document.titles if t)))
    row.body_key = " ".join(fold_tokens(" ".join(t for t in document.texts if t)))
    db.session.flush()
    return row


def drop(kind: str, object_id: int) -> None:
    db.session.execute(
        db.delete(SearchDocument).where(
            SearchDocument.kind == kind, SearchDocument.object_id == object_id
        )
    )


def audience_tokens(user: Actor | None) -> set[str]:
    """The audiences a reader belongs to: a first, coarse cut. What is shown is decided by
    each domain's policy again when its results are loaded."""
    tokens = {PUBLIC}
    if not is_signed_in(user):
        return tokens
    organisation_id = getattr(user, "organisation_id", None)
    if is_coordinator(user):
        tokens |= {MEMBERS, COORDINATORS}
    if organisation_id is not None:
        tokens.add(MEMBERS)
        if getattr(user, "org_role", None) in (OrgRole.STAFF.value, OrgRole.ORG_ADMIN.value):
            tokens.add(staff_of(organisation_id))
    return tokens


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def of_kind(kind: str) -> ColumnElement[bool]:
    """The document is of `kind`, written as the kind's own indexes are (`kind_predicate`),
    so that only those can answer it."""
    return literal_column(models.kind_predicate(kind).replace("kind", "search_documents.kind", 1))


def _query_text(words: Sequence[str], dialect: str, *, titles_only: bool = False) -> str:
    """What the database's text search is asked: every word the start of a document's word
    (of its names only with `titles_only`)."""
    if dialect == "postgresql":
        return " & ".join(f"{word}:*" for word in words)
    terms = " AND ".join(f'"{word}"*' for word in words)
    return f"{{title_key}} : ({terms})" if titles_only else terms


def _text_match(asked: Any, dialect: str, *, titles_only: bool = False) -> ColumnElement[bool]:
    """The document matches `asked` (`_query_text`'s answer, or a bound parameter for it)."""
    if dialect == "postgresql":
        vector = literal_column(TSV_TITLE if titles_only else TSV_ALL)
        return vector.op("@@")(func.to_tsquery("simple", asked))
    fts = table("search_fts", column("rowid"), column("search_fts"))
    matched = db.select(fts.c.rowid).where(fts.c.search_fts.match(asked))
    return SearchDocument.id.in_(matched)


def _text_condition(words: Sequence[str], *, titles_only: bool = False) -> ColumnElement[bool]:
    """Every word starts a word of the document (of its names only with `titles_only`)."""
    dialect = _dialect()
    asked = _query_text(words, dialect, titles_only=titles_only)
    return _text_match(asked, dialect, titles_only=titles_only)


def matching(kind: str, query: str | None, *, titles_only: bool = False) -> Select[Any] | None:
    """The ids of the `kind` objects every query word finds, as a subquery for `.in_()`.

    None for an empty query (no filter), so a directory can tell "all" from "none found".
    """
    words = query_words(query)
    if not words:
        return None
    return db.select(SearchDocument.object_id).where(
        of_kind(kind), _text_condition(words, titles_only=titles_only)
    )


def _close(word: str, title_words: Iterable[str]) -> bool:
    """A query word is a name's word, or its beginning, with a typing mistake or two."""
    # Imported here: rapidfuzz (2.6 MiB) is loaded by the workers that meet a typo.
    from rapidfuzz.distance import Levenshtein

    allowed = 1 if len(word) < 8 else 2
    for candidate in title_words:
        if candidate.startswith(word):
            return True
        if len(word) < FUZZY_MIN_LENGTH:
            continue
        whole = Levenshtein.distance(word, candidate, score_cutoff=allowed)
        start = Levenshtein.distance(word, candidate[: len(word)], score_cutoff=allowed)
        if min(whole, start) <= allowed:
            return True
    return False


def fuzzy(kind: str, query: str | None, *, audience: Collection[str] | None = None) -> list[int]:
    """The ids of the `kind` objects whose names are a typo or two from every query word.

    The database proposes candidates by shared trigrams (SQLite's trigram FTS5 table,
    PostgreSQL's pg_trgm); one Python rule decides, so both databases answer alike.
    """
    return _fuzzy_many([kind], query, audience=audience).get(kind, [])


def _fuzzy_many(
    kinds: Sequence[str], query: str | None, *, audience: Collection[str] | None = None
) -> dict[str, list[int]]:
    """`fuzzy` for several kinds in one query: each kind's candidates side by side."""
    words = query_words(query)
    long_words = [w for w in words if len(w) >= FUZZY_MIN_LENGTH]
    if not long_words or not kinds:
        return {}
    parts = [_fuzzy_candidates(kind, long_words, audience).subquery() for kind in kinds]
    statement = union_all(*(db.select(part) for part in parts))
    found: dict[str, list[int]] = {}
    for kind, object_id, title_key in db.session.execute(
        statement, execution_options=PLAN_PER_VALUES
    ):
        title_words = title_key.split()
        if all(_close(word, title_words) for word in words):
            found.setdefault(kind, []).append(object_id)
    return found


def _fuzzy_candidates(
    kind: str, long_words: Sequence[str], audience: Collection[str] | None
) -> Select[Any]:
    statement = db.select(
        literal(kind).label("kind"), SearchDocument.object_id, SearchDocument.title_key
    ).where(of_kind(kind))
    if audience is not None:
        statement = statement.where(_audience_condition(audience))
    if _dialect() == "postgresql":
        statement = statement.where(
            *(SearchDocument.title_key.op("%>")(word) for word in long_words)
        )
    else:
        trigrams = {w[i : i + 3] for w in long_words for i in range(len(w) - 2)}
        tri = table("search_trigram", column("rowid"), column("search_trigram"))
        candidates = (
            db.select(tri.c.rowid)
            .where(tri.c.search_trigram.match(" OR ".join(f'"{t}"' for t in sorted(trigrams))))
            .order_by(literal_column("rank"))
            .limit(FUZZY_CANDIDATES)
        )
        statement = statement.where(SearchDocument.id.in_(candidates))
    return statement.limit(FUZZY_CANDIDATES)


def _audience_condition(audience: Collection[str]) -> ColumnElement[bool]:
    if not audience:
        return false()
    return db.or_(*(SearchDocument.audience.contains(f" {token} ") for token in sorted(audience)))


@dataclass(frozen=True)
class Hits:
    """One kind's best matches for the search page, and how many there are (capped)."""

    kind: str
    ids: list[int]
    total: int
    fuzzy: bool = False

    @property
    def more(self) -> bool:
        return self.total > len(self.ids)

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP


def hits(
    query: str | None, *, kinds: Sequence[str], audience: Collection[str], limit: int = 5
) -> list[Hits]:
    """Per kind, the ids of the first `limit` documents the reader's audiences may find:
    those whose names match first, then the newest. Kinds with no match are left out.

    One query for every kind's best ids and capped count (side by side, each part the query
    a kind alone would run). Only when no kind has a match, one more for close spellings:
    a guess is for a search that found nothing; beside what was found as typed, guesses
    only crowd the page (and cost a trigram scan of every kind that matched nothing)."""
    words = query_words(query)
    if not words or not kinds:
        return []
    dialect = _dialect()
    tokens = sorted(audience)
    statement = _hits_statement(dialect, tuple(kinds), len(tokens), limit)
    params = {
        "asked": _query_text(words, dialect),
        "asked_in_titles": _query_text(words, dialect, titles_only=True),
        **{f"audience_{i}": f" {token} " for i, token in enumerate(tokens)},
    }
    best_of: dict[str, list[tuple[bool, int]]] = {kind: [] for kind in kinds}
    totals: dict[str, int] = {}
    for kind, object_id, title_match, total in db.session.execute(
        statement, params, execution_options=PLAN_PER_VALUES
    ):
        if total is not None:
            totals[kind] = int(total)
        else:
            best_of[kind].append((bool(title_match), object_id))
    found = any(best_of.values())
    typos = {} if found else _fuzzy_many(kinds, query, audience=audience)
    results = []
    for kind in kinds:
        if best_of[kind]:
            ranked = sorted(best_of[kind], reverse=True)  # names first, then the newest
            ids = list(dict.fromkeys(object_id for _, object_id in ranked))[:limit]
            results.append(Hits(kind, ids, totals[kind]))
        elif typos.get(kind):
            typo = typos[kind]
            results.append(Hits(kind, typo[:limit], len(typo), fuzzy=True))
    return results


@lru_cache(maxsize=64)
def _hits_statement(dialect: str, kinds: tuple[str, ...], audiences: int, limit: int) -> Any:
    """`hits`' query for these kinds, a number of audiences and a page size, built once:
    the words and the audiences are its parameters (`asked`, `asked_in_titles`,
    `audience_<i>`). Building this union of a dozen parts anew cost a third of the search
    page (issue 13); built once, SQLAlchemy also keeps its cache key."""
    in_titles = _text_match(bindparam("asked_in_titles"), dialect, titles_only=True)
    matches = _text_match(bindparam("asked"), dialect)
    if audiences:
        audience = or_(
            *(
                SearchDocument.audience.contains(bindparam(f"audience_{i}"))
                for i in range(audiences)
            )
        )
    else:
        audience = false()
    no_id = cast(null(), Integer)
    parts = []
    for kind in kinds:
        findable = db.select(SearchDocument.id).where(of_kind(kind), audience)
        base = findable.where(matches)
        # The newest documents whose names match (names are part of the whole text): a small
        # sort of what the title index finds. `+ 0`: never walk the documents backwards
        # hoping to meet five matches soon; for a rare word that walk reads every document of
        # the kind.
        names = (
            findable.where(in_titles)
            .with_only_columns(SearchDocument.object_id)
            .order_by((SearchDocument.object_id + 0).desc())
            .limit(limit)
            .subquery()
        )
        # The newest of all matches: sorting them all costs a common prefix ("kos", a third of
        # 150,000 statements) 300 ms, the backward walk a rare word as much. So look among
        # the newest RECENT_WINDOW documents first, walking back; only when they hold fewer
        # than `limit` matches are the older ones asked, through the text index (a word rare
        # among the newest is rare, and its matches few). The LIMIT over the UNION stops
        # before the second part when the first gave enough.
        edge = (
            db.select(SearchDocument.object_id)
            .where(SearchDocument.kind == kind)
            .order_by(SearchDocument.object_id.desc())
            .offset(RECENT_WINDOW - 1)
            .limit(1)
            .scalar_subquery()
        )
        # Not `of_kind` here: the kind's b-tree (kind, object_id) gives its newest documents,
        # and the kind's own text index, whose matches PostgreSQL cannot estimate, would
        # be read whole instead (110 ms for "kos").
        recent = (
            db.select(SearchDocument.object_id)
            .where(SearchDocument.kind == kind, audience, matches)
            .where(SearchDocument.object_id >= edge)
            .order_by(SearchDocument.object_id.desc())
            .limit(limit)
        )
        older = (
            base.where(or_(edge.is_(None), SearchDocument.object_id < edge))
            .with_only_columns(SearchDocument.object_id)
            .order_by((SearchDocument.object_id + 0).desc())
            .limit(limit)
        )
        both = union_all(recent.subquery().select(), older.subquery().select()).subquery()
        newest = db.select(both.c.object_id).limit(limit).subquery()
        for names_only, best in ((True, names), (False, newest)):
            parts.append(
                db.select(
                    literal(kind).label("kind"),
                    best.c.object_id,
                    literal(names_only).label("title_match"),
                    cast(null(), Integer).label("total"),
                )
            )
        capped = base.limit(COUNT_CAP + 1).subquery()
        parts.append(
            db.select(literal(kind), no_id, cast(null(), Boolean), func.count()).select_from(capped)
        )
    return union_all(*parts)
