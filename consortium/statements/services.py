"""Joint statements: starting and saving drafts, revisions and their differences, comments,
and what each reader may list.

Services check the policy first and flush; the request (or CLI command) commits once. The
workflow (submit, decide, publish) is in `workflow.py`, signatures in `signing.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, bindparam, func
from sqlalchemy.orm import aliased, joinedload, selectinload

from consortium.audit.services import record
from consortium.core.actors import Actor, is_coordinator
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.core.pagination import Page, paginate
from consortium.core.text import has_control_characters
from consortium.db import db, utcnow
from consortium.i18n.content import Shown, resolve
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import fold_tokens, search_key
from consortium.organisations.models import Organisation, ThematicArea
from consortium.organisations.services import LIST_COLUMNS
from consortium.statements import notify, policy, search
from consortium.statements.actions import StatementAction
from consortium.statements.models import (
    Comment,
    Signature,
    Statement,
    StatementInvitation,
    StatementRevision,
    StatementText,
)
from consortium.statements.schemas import (
    BODY_MAX,
    COMMENT_MAX,
    NOTE_MAX,
    SLUG_MAX,
    TITLE_MAX,
    CommentInput,
    DraftEdit,
    ListFilters,
    NewStatement,
    TextInput,
)
from consortium.statements.texts import (
    Piece,
    changed_paragraphs,
    join,
    paragraphs,
    text_hash,
    word_diff,
)
from consortium.statements.vocab import (
    EDITABLE,
    PUBLIC,
    Appearance,
    SignatureStatus,
    StatementState,
)


class StaleDraft(Conflict):
    """Someone saved the draft after this editor opened it."""

    default_message = _l(
        "Someone else saved this draft while you were editing it. Your text is still in the "
        "form; compare it with what was saved and save again."
    )


def serbian_script(original_language: str) -> str:
    """Serbian is one text in two scripts: it is stored in the original's script if the
    original is Serbian, else in Latin; readers of the other script get it transliterated."""
    return "sr-cyrl" if original_language == "sr-cyrl" else "sr-latn"


def editable_languages(original_language: str) -> list[str]:
    """The languages a draft holds, the original first."""
    other_script = "sr-latn" if serbian_script(original_language) == "sr-cyrl" else "sr-cyrl"
    return [original_language] + [
        code for code in LANGUAGES if code not in (original_language, other_script)
    ]


def _check_text(text: TextInput, *, required: bool) -> TextInput | None:
    title, body = (text.title or "").strip(), (text.body or "").strip()
    if not title and not body:
        if required:
            raise DomainError(_l("Write the title and the text in the original language."))
        return None
    if not title or not body:
        raise DomainError(_l("Each language version needs both a title and a text."))
    if has_control_characters(title):
        raise DomainError(_l("Write the title on one line."))
    if len(title) > TITLE_MAX or len(body) > BODY_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=BODY_MAX))
    return TextInput(title=title, body=body.replace("\r\n", "\n"))


# Addresses of pages beside a statement's own (`/statements/new`): never a statement's slug.
RESERVED_SLUGS = frozenset({"new", "drafts"})


def _proposed_slug(title: str) -> str:
    base = "-".join(fold_tokens(title))[: SLUG_MAX - 8].strip("-") or "statement"
    slug, n = base, 1
    if slug in RESERVED_SLUGS:
        slug, n = f"{base}-2", 2
    while db.session.scalar(db.select(Statement.id).where(Statement.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _areas(ids: Iterable[int]) -> list[ThematicArea]:
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(db.select(ThematicArea).where(ThematicArea.id.in_(ids))))


def _partners(ids: Iterable[int], author_id: int) -> list[Organisation]:
    ids = [i for i in ids if i != author_id]
    if not ids:
        return []
    found = list(db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids))))
    if len(found) != len(set(ids)):
        raise DomainError(_l("Choose partner organisations from the list."))
    return found


def get_by_slug(slug: str) -> Statement | None:
    return db.session.scalar(db.select(Statement).where(Statement.slug == slug))


def create_draft(new: NewStatement, *, actor: Actor) -> Statement:
    """Staff start a draft for their organisation (coordinators for any); the first revision
    holds the original text."""
    organisation_id = new.organisation_id or getattr(actor, "organisation_id", None)
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    require(policy.can_start_for(actor, organisation))
    assert organisation is not None  # can_start_for refuses None
    if new.original_language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    original = _check_text(new.original, required=True)
    assert original is not None
    if new.sign_deadline is not None and new.sign_deadline < utcnow().date():
        raise DomainError(_l("Choose a deadline from today on."))
    # Everything is checked before the statement joins the session: a query's autoflush
    # must never write a draft that is then refused.
    partners = _partners(new.invited_ids, organisation.id)
    areas = _areas(new.area_ids)
    slug = _proposed_slug(original.title)
    statement = Statement(
        slug=slug,
        organisation_id=organisation.id,
        created_by_id=getattr(actor, "id", None),
        original_language=new.original_language,
        state=StatementState.DRAFT.value,
        revision_number=1,
        sign_deadline=new.sign_deadline,
        areas=areas,
    )
    db.session.add(statement)
    statement.invitations = [StatementInvitation(organisation_id=o.id) for o in partners]
    revision = StatementRevision(
        number=1,
        created_by_id=getattr(actor, "id", None),
        original_hash=text_hash(original.title, original.body),
    )
    revision.texts = [_text_row(new.original_language, original, outdated=[], faithful=True)]
    statement.revisions = [revision]
    search.index(statement)
    record(StatementAction.CREATED, actor=actor, obj=statement, revision=1)
    notify.send("invited", statement, notify.org_admins(o.id for o in partners))
    return statement


def _text_row(
    language: str, text: TextInput, *, outdated: list[int], faithful: bool
) -> StatementText:
    return StatementText(
        language=language,
        title=text.title,
        body=text.body,
        hash=text_hash(text.title, text.body),
        outdated=sorted(set(outdated)),
        faithful=faithful,
    )


def save_draft(statement: Statement, edit: DraftEdit, *, actor: Actor) -> StatementRevision:
    """Every save is a new revision. A save from an editor who opened an older revision is
    refused (StaleDraft), never merged. Translations whose original paragraph changed are
    marked outdated, paragraph by paragraph, until someone updates or confirms them."""
    require(policy.can_edit(actor, statement))
    if len(edit.note) > NOTE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=NOTE_MAX))
    languages = editable_languages(statement.original_language)
    texts = {
        code: _check_text(text, required=code == statement.original_language)
        for code, text in edit.texts.items()
        if code in languages
    }
    if texts.get(statement.original_language) is None:
        raise DomainError(_l("Write the title and the text in the original language."))
    partners = _partners(edit.invited_ids, statement.organisation_id)  # refuse before writing
    # The lost-update guard: only the editor who saw the latest revision may save.
    claimed = db.session.execute(
        db.update(Statement)
        .where(
            Statement.id == statement.id,
            Statement.revision_number == edit.seen_revision,
            Statement.state.in_([s.value for s in EDITABLE]),
        )
        .values(revision_number=Statement.revision_number + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
        raise StaleDraft()
    db.session.refresh(statement)
    previous = statement.current_revision
    assert previous is not None
    revision = StatementRevision(
        number=edit.seen_revision + 1,
        created_by_id=getattr(actor, "id", None),
        note=edit.note.strip() or None,
    )
    original = texts[statement.original_language]
    assert original is not None
    before_original = previous.text(statement.original_language)
    moved = changed_paragraphs(before_original.body if before_original else "", original.body)
    rows = [_text_row(statement.original_language, original, outdated=[], faithful=True)]
    for code in languages[1:]:
        text = texts.get(code)
        if text is None:
            continue
        old = previous.text(code)
        edited = (
            changed_paragraphs(old.body, text.body)
            if old
            else set(range(len(paragraphs(text.body))))
        )
        confirmed = {index for lang, index in edit.confirmed if lang == code}
        outdated = ((set(old.outdated) if old else set()) | moved) - edited - confirmed
        unchanged = old is not None and old.hash == text_hash(text.title, text.body)
        faithful = code in edit.faithful or (
            old is not None and unchanged and old.faithful and not moved
        )
        count = len(paragraphs(text.body))
        rows.append(
            _text_row(code, text, outdated=[i for i in outdated if i < count], faithful=faithful)
        )
    revision.texts = rows
    revision.original_hash = text_hash(original.title, original.body)
    statement.revisions.append(revision)
    statement.sign_deadline = edit.sign_deadline
    statement.areas = _areas(edit.area_ids)
    newly_invited = _set_invitations(statement, partners)
    search.index(statement)
    record(
        StatementAction.SAVED,
        actor=actor,
        obj=statement,
        revision=revision.number,
        languages=sorted(t.language for t in rows),
    )
    notify.send("invited", statement, notify.org_admins(o.id for o in newly_invited))
    return revision


def _set_invitations(statement: Statement, partners: list[Organisation]) -> list[Organisation]:
    wanted = {o.id: o for o in partners}
    statement.invitations = [i for i in statement.invitations if i.organisation_id in wanted]
    present = {i.organisation_id for i in statement.invitations}
    added = [o for oid, o in wanted.items() if oid not in present]
    for organisation in added:
        statement.invitations.append(StatementInvitation(organisation_id=organisation.id))
    # An organisation no longer invited no longer has a say: its answer goes with it.
    statement.signatures = [
        s
        for s in statement.signatures
        if s.organisation_id in wanted or s.organisation_id == statement.organisation_id
    ]
    return added


def revision(statement: Statement, number: int) -> StatementRevision | None:
    return next((r for r in statement.revisions if r.number == number), None)


def shown(rev: StatementRevision, wanted: str, original: str, *, body: bool = True) -> Shown | None:
    """The revision's text for a reader of `wanted`, through the content fallback chain;
    the title alone without `body` (the lists, whose query loads no body: `reading`)."""
    texts = {
        t.language: {"title": t.title, "body": t.body} if body else {"title": t.title}
        for t in rev.texts
    }
    return resolve(texts, wanted, original)


def add_comment(statement: Statement, data: CommentInput, *, actor: Actor) -> Comment:
    """Those who may read a draft discuss it, optionally on one paragraph, in threads."""
    require(policy.can_comment(actor, statement), hide=not policy.can_read(actor, statement))
    body = (data.body or "").strip()
    if not body:
        raise DomainError(_l("Write a comment."))
    if len(body) > COMMENT_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=COMMENT_MAX))
    if data.parent_id is not None:
        parent = db.session.get(Comment, data.parent_id)
        if parent is None or parent.statement_id != statement.id:
            raise DomainError(_l("Answer a comment of this statement."))
    if data.paragraph is not None and not 0 <= data.paragraph < 10_000:
        raise DomainError(_l("Choose a paragraph of the text."))
    comment = Comment(
        statement_id=statement.id,
        parent_id=data.parent_id,
        author_id=getattr(actor, "id", None),
        paragraph=data.paragraph,
        language=data.language if data.language in LANGUAGES else None,
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    record(StatementAction.COMMENTED, actor=actor, obj=statement, comment=comment.id)
    return comment


def resolve_comment(comment: Comment, *, actor: Actor) -> None:
    """Those who may comment mark a comment resolved; it folds away. Resolving twice is a
    no-op. Someone who may not read the draft is told it does not exist."""
    statement = comment.statement
    require(policy.can_comment(actor, statement), hide=not policy.can_read(actor, statement))
    if comment.resolved_at is None:
        comment.resolved_at = utcnow()
        comment.resolved_by_id = getattr(actor, "id", None)
        record(StatementAction.COMMENT_RESOLVED, actor=actor, obj=statement, comment=comment.id)
    db.session.flush()


def comments_of(statement: Statement) -> list[Comment]:
    """Every comment, oldest first; the page nests answers under their comment."""
    statement_ = (
        db.select(Comment)
        .options(selectinload(Comment.author))
        .where(Comment.statement_id == statement.id)
        .order_by(Comment.created_at, Comment.id)
    )
    return list(db.session.scalars(statement_))


def comment_of(statement: Statement, comment_id: int) -> Comment | None:
    """One comment of this statement; None for an unknown id or another statement's."""
    comment = db.session.get(Comment, comment_id)
    return comment if comment is not None and comment.statement_id == statement.id else None


@dataclass
class Thread:
    """A comment and the answers to it, oldest first, answers nested under answers."""

    comment: Comment
    answers: list[Thread] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + sum(a.size for a in self.answers)


def thread(comments: Iterable[Comment]) -> list[Thread]:
    """Nest comments (oldest first) under the comment they answer. An answer whose comment
    is not in the list stands on its own rather than being lost."""
    nodes = {c.id: Thread(c) for c in comments}
    roots: list[Thread] = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id) if node.comment.parent_id else None
        (parent.answers if parent is not None else roots).append(node)
    return roots


def reload(statement: Statement) -> Statement:
    """The draft as saved now, e.g. after someone else's save made an edit stale."""
    db.session.refresh(statement)
    db.session.expire(statement, ["revisions", "invitations", "areas"])
    return statement


@dataclass(frozen=True)
class TextDiff:
    """Two versions of one language's text, word by word; the body paragraph by paragraph."""

    language: str
    title: list[Piece]
    body: list[list[Piece]]
    before_exists: bool
    after_exists: bool

    @property
    def changed(self) -> bool:
        return any(p.kind != "same" for p in self.title) or any(
            p.kind != "same" for para in self.body for p in para
        )


def _by_paragraph(pieces: list[Piece]) -> list[list[Piece]]:
    """Cut a word diff at paragraph breaks (the texts are joined by exactly one blank line),
    so each paragraph is shown as one."""
    out: list[list[Piece]] = [[]]
    for piece in pieces:
        for i, part in enumerate(piece.text.split("\n\n")):
            if i:
                out.append([])
            if part:
                out[-1].append(Piece(piece.kind, part))
    return [para for para in out if any(p.text.strip() for p in para)]


def text_diff(before: StatementText | None, after: StatementText | None, language: str) -> TextDiff:
    """The word-by-word difference between two stored texts (either may be missing)."""
    return TextDiff(
        language=language,
        title=word_diff(before.title if before else "", after.title if after else ""),
        body=_by_paragraph(
            word_diff(
                join(paragraphs(before.body if before else "")),
                join(paragraphs(after.body if after else "")),
            )
        ),
        before_exists=before is not None,
        after_exists=after is not None,
    )


def diff_revisions(statement: Statement, a: int, b: int, language: str) -> TextDiff | None:
    """What changed in `language` from revision `a` to revision `b`; None when either
    revision does not exist."""
    before, after = revision(statement, a), revision(statement, b)
    if before is None or after is None:
        return None
    return text_diff(before.text(language), after.text(language), language)


def _counted_signatures() -> Select[Any]:
    """Signatures that count on a public statement: signed, on its published text."""
    return (
        db.select(Signature.statement_id, Signature.organisation_id, Signature.appearance)
        .join(Statement, Statement.id == Signature.statement_id)
        .join(StatementRevision, StatementRevision.id == Statement.published_revision_id)
        .where(
            Signature.status == SignatureStatus.SIGNED.value,
            Signature.original_hash == StatementRevision.original_hash,
        )
    )


def _author_hidden(*, consortium: bool) -> ColumnElement[bool]:
    """The author organisation chose not to be named to this reader: its own signature
    appears by country (to everyone) or only to the consortium (and the reader is not in it).
    Filtering by organisation or country must not reveal what the byline hides."""
    hiding = [Appearance.BY_COUNTRY.value]
    if not consortium:
        hiding.append(Appearance.CONSORTIUM_ONLY.value)
    own = aliased(Signature)
    revision = aliased(StatementRevision)
    return (
        db.select(own.id)
        .join(revision, revision.id == Statement.published_revision_id)
        .where(
            own.statement_id == Statement.id,
            own.organisation_id == Statement.organisation_id,
            own.status == SignatureStatus.SIGNED.value,
            own.original_hash == revision.original_hash,
            own.appearance.in_(hiding),
        )
        .exists()
    )


def public_conditions(
    filters: ListFilters, states: Iterable[StatementState], *, consortium: bool
) -> list[ColumnElement[bool]]:
    """Which statements a public list holds: in `states`, matching the filters as this
    reader may filter them (the ORM lists, the feed and `cards` share them)."""
    # The states written into the SQL, not sent as parameters: only then can the database
    # tell that a public list's rows are those of `ix_statements_public_order` and walk it
    # in order (SQLite never could; PostgreSQL not in a kept plan). Else it computes every
    # public statement's card before sorting them: 88 ms for 21 of 1,300 on SQLite.
    shown_states = sorted(s.value for s in states)
    where: list[ColumnElement[bool]] = [
        Statement.state.in_(bindparam(None, shown_states, expanding=True, literal_execute=True))
    ]
    if filters.area_slug:
        where.append(Statement.areas.any(ThematicArea.slug == filters.area_slug))
    if filters.organisation_slug:
        where += [
            Statement.organisation.has(Organisation.slug == filters.organisation_slug),
            ~_author_hidden(consortium=consortium),
        ]
    if filters.country:
        where.append(Statement.organisation.has(Organisation.country == filters.country))
        if not consortium:
            hidden = _counted_signatures().where(
                Signature.statement_id == Statement.id,
                Signature.organisation_id == Statement.organisation_id,
                Signature.appearance == Appearance.CONSORTIUM_ONLY.value,
            )
            where.append(~hidden.exists())
    if filters.language:
        has_language = (
            db.select(StatementText.id)
            .where(
                StatementText.revision_id == Statement.published_revision_id,
                StatementText.language == filters.language,
            )
            .exists()
        )
        where.append(has_language)
    return where


def _public_query(
    filters: ListFilters, states: Iterable[StatementState], *, consortium: bool
) -> Select[Any]:
    query = db.select(Statement).where(*public_conditions(filters, states, consortium=consortium))
    # The author, the published revision and the (few) areas join the list's own query;
    # the texts, several long rows a statement, come in one more.
    return query.options(
        joinedload(Statement.organisation).options(*LIST_COLUMNS),
        joinedload(Statement.areas),
        joinedload(Statement.published_revision).selectinload(StatementRevision.texts),
    )


def published(
    filters: ListFilters,
    *,
    cursor: str | None = None,
    limit: int = 20,
    consortium: bool = False,
) -> Page[Statement]:
    """The public list: published and withdrawn statements, newest first, filtered.

    Each comes with its author organisation, areas and published texts loaded, so a page
    costs the same few queries however long the list. `consortium`: the reader belongs to
    it (an author organisation that shows itself only to the consortium is then findable
    by its name and country)."""
    query = _public_query(filters, PUBLIC, consortium=consortium)
    return paginate(
        query, [Statement.published_at.desc(), Statement.id.desc()], cursor=cursor, limit=limit
    )


def for_feed(filters: ListFilters, *, limit: int = 50) -> list[Statement]:
    """The feed's entries: published (not withdrawn) statements, newest first, as a visitor
    sees them."""
    query = _public_query(filters, [StatementState.PUBLISHED], consortium=False)
    query = query.order_by(Statement.published_at.desc(), Statement.id.desc()).limit(limit)
    return list(db.session.scalars(query).unique())


def last_public_change(filters: ListFilters) -> datetime | None:
    """When the filtered public list last changed: a publication or a withdrawal."""
    query = _public_query(filters, PUBLIC, consortium=False).options()
    changed = func.max(func.coalesce(Statement.withdrawn_at, Statement.published_at))
    return db.session.scalar(query.with_only_columns(changed).order_by(None))


@dataclass(frozen=True)
class Signatories:
    """What a list shows of each public statement's signatures, for one kind of reader."""

    count: int  # the signatures this reader sees listed on the statement's page
    author_appearance: str | None  # how the author organisation's own signature appears


def signatories_of(statements: Iterable[Statement], *, consortium: bool) -> dict[int, Signatories]:
    """For a page of public statements, in one query: how many signatories each shows this
    reader, and how its author organisation chose to appear."""
    authors = {s.id: s.organisation_id for s in statements}
    if not authors:
        return {}
    counts = dict.fromkeys(authors, 0)
    appearances: dict[int, str | None] = dict.fromkeys(authors)
    rows = db.session.execute(_counted_signatures().where(Signature.statement_id.in_(authors)))
    for statement_id, organisation_id, appearance in rows:
        if consortium or appearance != Appearance.CONSORTIUM_ONLY.value:
            counts[statement_id] += 1
        if organisation_id == authors[statement_id]:
            appearances[statement_id] = appearance
    return {sid: Signatories(counts[sid], appearances[sid]) for sid in authors}


def drafts_for(user: Actor) -> list[Statement]:
    """The unpublished statements this person takes part in, most recently changed first."""
    query = (
        db.select(Statement)
        .options(selectinload(Statement.organisation))
        .where(Statement.state.not_in([s.value for s in PUBLIC]))
    )
    if not is_coordinator(user):
        org_id = getattr(user, "organisation_id", None)
        if org_id is None or not policy.can_start(user):
            return []
        invited = db.select(StatementInvitation.statement_id).where(
            StatementInvitation.organisation_id == org_id
        )
        query = query.where((Statement.organisation_id == org_id) | Statement.id.in_(invited))
    return list(db.session.scalars(query.order_by(Statement.updated_at.desc()).limit(100)))


def published_search_key(statement: Statement) -> str:
    """The folded titles of the text being published, in every language it has."""
    rev = statement.current_revision
    return search_key(*(t.title for t in rev.texts)) if rev else ""
