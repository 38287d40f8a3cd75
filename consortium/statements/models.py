"""Joint statements: the statement, its revisions and their texts per language, invited
organisations, signatures, reviews and comments.

Texts are rows per revision and language (never a JSON column): a signature points at the
exact revision that was read, and a published revision is never changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consortium.auth.schemas import LANGUAGE_MAX
from consortium.db import db, utcnow
from consortium.statements.schemas import NOTE_MAX, SLUG_MAX, TITLE_MAX
from consortium.statements.vocab import (
    Appearance,
    Decision,
    SignatureStatus,
    StatementState,
)

if TYPE_CHECKING:
    from consortium.auth.models import User
    from consortium.organisations.models import Organisation, ThematicArea

statement_areas = Table(
    "statement_areas",
    db.metadata,
    Column("statement_id", ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("thematic_areas.id", ondelete="CASCADE"), primary_key=True),
)


class Statement(db.Model):
    __tablename__ = "statements"
    __audit_type__ = "statement"
    __table_args__ = (
        # The public list, newest first: its own order, without the drafts in the way.
        Index(
            "ix_statements_public_order",
            "published_at",
            "id",
            postgresql_where=text("state IN ('published', 'withdrawn')"),
            sqlite_where=text("state IN ('published', 'withdrawn')"),
        ),
        CheckConstraint(
            "(state IN ('published', 'withdrawn')) = (published_at IS NOT NULL)",
            name="published_has_a_date",
        ),
        CheckConstraint(
            "(state IN ('published', 'withdrawn')) = (published_revision_id IS NOT NULL)",
            name="published_has_a_revision",
        ),
        CheckConstraint(
            "(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name="withdrawn_has_a_date"
        ),
        Index("ix_statements_state_published_at", "state", "published_at"),
        Index("ix_statements_organisation_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    original_language: Mapped[str] = mapped_column(String(LANGUAGE_MAX))
    state: Mapped[str] = mapped_column(String(20), default=StatementState.DRAFT.value)
    # Bumped by every save: a stale editor's save is refused, never merged silently.
    revision_number: Mapped[int] = mapped_column(default=0)
    review_round: Mapped[int] = mapped_column(default=0)
    round_approvals: Mapped[int] = mapped_column(default=0)
    sign_deadline: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    publish_at: Mapped[datetime | None]  # a scheduled publication
    published_at: Mapped[datetime | None]
    # No foreign key: statements and revisions would reference each other, a cycle SQLite
    # cannot build; only `workflow._publish_now` sets it, to a revision of this statement.
    published_revision_id: Mapped[int | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # Folded titles of the published revision, for the public list's search.
    search_key: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    # In the vocabulary's order (ids break ties), as lists and feeds show them.
    areas: Mapped[list[ThematicArea]] = relationship(
        secondary=statement_areas, order_by="[ThematicArea.position, ThematicArea.id]"
    )
    revisions: Mapped[list[StatementRevision]] = relationship(
        back_populates="statement",
        foreign_keys="StatementRevision.statement_id",
        order_by="StatementRevision.number",
        cascade="all, delete-orphan",
    )
    published_revision: Mapped[StatementRevision | None] = relationship(
        primaryjoin="foreign(Statement.published_revision_id) == StatementRevision.id",
        viewonly=True,
    )
    invitations: Mapped[list[StatementInvitation]] = relationship(
        back_populates="statement", cascade="all, delete-orphan"
    )
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="statement", cascade="all, delete-orphan"
    )

    @property
    def status(self) -> StatementState:
        return StatementState(self.state)

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def audit_label(self) -> str:
        return self.slug

    @property
    def current_revision(self) -> StatementRevision | None:
        return self.revisions[-1] if self.revisions else None

    def __repr__(self) -> str:
        return f"<Statement {self.slug} {self.state}>"


class StatementRevision(db.Model):
    """One save of the draft: its texts in every language it had then."""

    __tablename__ = "statement_revisions"
    __table_args__ = (UniqueConstraint("statement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The hash of the original language's title and body: what a signature is bound to.
    original_hash: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX))

    statement: Mapped[Statement] = relationship(
        back_populates="revisions", foreign_keys=[statement_id]
    )
    created_by: Mapped[User | None] = relationship()
    texts: Mapped[list[StatementText]] = relationship(
        back_populates="revision", cascade="all, delete-orphan", order_by="StatementText.language"
    )

    def text(self, language: str) -> StatementText | None:
        return next((t for t in self.texts if t.language == language), None)


class StatementText(db.Model):
    """The title and body of one revision in one language."""

    __tablename__ = "statement_texts"
    __table_args__ = (UniqueConstraint("revision_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("statement_revisions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))
    # Paragraphs (by index) whose original changed since this translation was checked.
    outdated: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The author organisation vouches that this translation says what the original says.
    faithful: Mapped[bool] = mapped_column(default=False)

    revision: Mapped[StatementRevision] = relationship(back_populates="texts")


class StatementInvitation(db.Model):
    """A partner organisation invited to read, comment and sign."""

    __tablename__ = "statement_invitations"
    __table_args__ = (UniqueConstraint("statement_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    statement: Mapped[Statement] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation] = relationship()


class Signature(db.Model):
    """An organisation's answer, bound to the revision its org admin read."""

    __tablename__ = "statement_signatures"
    __table_args__ = (UniqueConstraint("statement_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=SignatureStatus.SIGNED.value)
    revision_id: Mapped[int] = mapped_column(ForeignKey("statement_revisions.id"))
    original_hash: Mapped[str] = mapped_column(String(64))
    # {language: hash} of every language version the revision had when it was signed.
    language_hashes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    appearance: Mapped[str] = mapped_column(String(20), default=Appearance.BY_NAME.value)
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    statement: Mapped[Statement] = relationship(back_populates="signatures")
    organisation: Mapped[Organisation] = relationship()
    revision: Mapped[StatementRevision] = relationship()
    signed_by: Mapped[User | None] = relationship()

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id


class Review(db.Model):
    """One coordinator's decision in one review round."""

    __tablename__ = "statement_reviews"
    __table_args__ = (UniqueConstraint("statement_id", "round", "coordinator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int]
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20), default=Decision.APPROVE.value)
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX))
    revision_id: Mapped[int] = mapped_column(ForeignKey("statement_revisions.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    coordinator: Mapped[User | None] = relationship()


class Comment(db.Model):
    """A comment on a draft, threaded, optionally on one paragraph."""

    __tablename__ = "statement_comments"
    __audit_type__ = "statement_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_comments.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    paragraph: Mapped[int | None]
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_MAX))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    statement: Mapped[Statement] = relationship()

    @property
    def audit_organisation_id(self) -> int:
        return self.statement.organisation_id
