"""Experts: profiles of people the consortium can call on, their languages, publications
and contact details (each with its own visibility), and the invitations to claim them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, Column, ForeignKey, Index, String, Table, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consortium.auth.models import User
from consortium.auth.schemas import EMAIL_MAX, LANGUAGE_MAX
from consortium.db import DDL_ONLY_INDEXES, db, utcnow
from consortium.experts.schemas import (
    AFFILIATION_MAX,
    CONTACT_MAX,
    NAME_MAX,
    PUBLICATION_TITLE_MAX,
    SLUG_MAX,
    TITLE_MAX,
    URL_MAX,
)
from consortium.organisations.models import Organisation, ThematicArea

expert_areas = Table(
    "expert_areas",
    db.metadata,
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "area_id", ForeignKey("thematic_areas.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Expert(db.Model):
    __tablename__ = "experts"
    __audit_type__ = "expert"
    __table_args__ = (
        Index("ix_experts_country", "country"),
        Index("ix_experts_name_id", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    # The name as the expert writes it, and in the other script where Serbian or
    # Macedonian has one (Đorđe Đorđević / Ђорђе Ђорђевић).
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_other_script: Mapped[str | None] = mapped_column(String(NAME_MAX))
    title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    affiliation: Mapped[str | None] = mapped_column(String(AFFILIATION_MAX))  # when not a partner
    country: Mapped[str] = mapped_column(String(2))
    original_language: Mapped[str] = mapped_column(String(LANGUAGE_MAX), default="en")
    biography: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    media: Mapped[bool] = mapped_column(default=False, index=True)
    training: Mapped[bool] = mapped_column(default=False, index=True)
    advisory: Mapped[bool] = mapped_column(default=False, index=True)
    photo_key: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    verified_at: Mapped[datetime | None] = mapped_column(index=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when the expert asks to be removed: hidden from the directory at once, deleted
    # by a coordinator.
    removal_requested_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    areas: Mapped[list[ThematicArea]] = relationship(
        secondary=expert_areas, order_by=ThematicArea.position
    )
    languages: Mapped[list[ExpertLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ExpertLanguage.position"
    )
    publications: Mapped[list[Publication]] = relationship(
        cascade="all, delete-orphan", order_by="Publication.position"
    )
    contacts: Mapped[list[ContactDetail]] = relationship(
        cascade="all, delete-orphan", order_by="ContactDetail.position"
    )

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def audit_organisation_id(self) -> int | None:
        return self.organisation_id

    @property
    def audit_label(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Expert {self.slug}>"


class ExpertLanguage(db.Model):
    __tablename__ = "expert_languages"
    __table_args__ = (
        Index("ix_expert_languages_code", "code", "expert_id"),
        # The directory loads a page's languages by expert: without it, a scan of them all.
        Index("ix_expert_languages_expert_id", "expert_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)


class Publication(db.Model):
    __tablename__ = "expert_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(PUBLICATION_TITLE_MAX))
    year: Mapped[int | None]
    url: Mapped[str | None] = mapped_column(String(URL_MAX))
    position: Mapped[int] = mapped_column(default=0)


class ContactDetail(db.Model):
    """One way to reach the expert, and who may see it (`vocab.Visibility`)."""

    __tablename__ = "expert_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(CONTACT_MAX))
    visibility: Mapped[str] = mapped_column(String(16), default="nobody")
    position: Mapped[int] = mapped_column(default=0)


class ExpertInvitation(db.Model):
    """A coordinator's single-use link that lets a person claim (edit) a profile."""

    __tablename__ = "expert_invitations"
    __audit_type__ = "expert_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX), default="en")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    expert: Mapped[Expert] = relationship()

    @property
    def audit_organisation_id(self) -> int | None:
        return self.expert.organisation_id if self.expert else None

    @property
    def audit_label(self) -> str:
        return self.email

    def is_open(self, now: datetime | None = None) -> bool:
        return self.accepted_at is None and self.expires_at > (now or utcnow())


# The directory pages by name in the reader's alphabet (`collated(Expert.name)`): on
# PostgreSQL one index per collation serves that order, so that page 1 and page 500 cost
# the same at any size. (SQLite's collations are Python functions, registered on each
# connection: an index over them would break any tool that opens the file without them.)
def _name_index(collation: str) -> str:
    return f"ix_experts_name_{collation.lower().replace('-x-icu', '').replace('-', '_')}"


def name_index_ddl(collation: str) -> str:
    return f'CREATE INDEX {_name_index(collation)} ON experts ((name COLLATE "{collation}"), id)'


def _collations() -> list[str]:
    from consortium.i18n.collation import COLLATIONS

    return sorted({c.postgresql for c in COLLATIONS.values()})


for _collation in _collations():
    DDL_ONLY_INDEXES.add(_name_index(_collation))
    event.listen(
        Expert.__table__,
        "after_create",
        DDL(name_index_ddl(_collation)).execute_if(dialect="postgresql"),
    )


# Registers the flush hook that moves the directory's change counter (see that module).
from consortium.experts import changes as _changes  # noqa: E402,F401
