"""Partner organisations, the thematic areas they work on, invitations to join them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from consortium.auth.models import User
from consortium.auth.schemas import EMAIL_MAX, LANGUAGE_MAX
from consortium.db import db, utcnow
from consortium.organisations.schemas import (
    AREA_SLUG_MAX,
    CITY_MAX,
    NAME_MAX,
    SHORT_NAME_MAX,
    SLUG_MAX,
    WEBSITE_MAX,
)

organisation_areas = Table(
    "organisation_areas",
    db.metadata,
    Column(
        "organisation_id",
        ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "area_id",
        ForeignKey("thematic_areas.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class ThematicArea(db.Model):
    """One term of the controlled vocabulary, named in every interface language."""

    __tablename__ = "thematic_areas"
    __audit_type__ = "thematic_area"
    audit_organisation_id = None

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(AREA_SLUG_MAX), unique=True)
    # {language code: name}; every interface language is required by the service.
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def audit_label(self) -> str:
        return (self.names or {}).get("en") or self.slug

    def __repr__(self) -> str:
        return f"<ThematicArea {self.slug}>"


class Organisation(db.Model):
    __tablename__ = "organisations"
    __audit_type__ = "organisation"
    __table_args__ = (Index("ix_organisations_country", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    short_name: Mapped[str | None] = mapped_column(String(SHORT_NAME_MAX))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2, Kosovo is XK
    city: Mapped[str | None] = mapped_column(String(CITY_MAX))
    website: Mapped[str | None] = mapped_column(String(WEBSITE_MAX))
    partner_since: Mapped[date | None]
    # The language the name and description were written in, and their translations.
    original_language: Mapped[str] = mapped_column(String(LANGUAGE_MAX), default="en")
    name_translations: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # {language code: ISO time its description last changed}: marks stale translations.
    description_dates: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    areas: Mapped[list[ThematicArea]] = relationship(
        secondary=organisation_areas, order_by=ThematicArea.position
    )
    people: Mapped[list[User]] = relationship(back_populates="organisation", order_by=User.name)
    # Kept by `organisations.names` whenever a name changes, whoever saves it.
    shown_names: Mapped[dict[str, OrganisationName]] = relationship(
        collection_class=attribute_keyed_dict("language"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def audit_organisation_id(self) -> int:
        return self.id

    @property
    def audit_label(self) -> str:
        return self.name

    def names_by_language(self) -> dict[str, str]:
        return {self.original_language: self.name, **(self.name_translations or {})}

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class OrganisationName(db.Model):
    """The name a reader of one interface language sees (`org_name`: the content fallback
    and Serbian's other script applied), stored so that the directory sorts and pages in the
    database, in that reader's alphabet, whatever the number of partners."""

    __tablename__ = "organisation_names"
    __table_args__ = (Index("ix_organisation_names_language_name", "language", "name"),)

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX), primary_key=True)
    # Twice the name's limit: a Cyrillic name written in Latin letters grows (Љ → Lj).
    name: Mapped[str] = mapped_column(String(2 * NAME_MAX))


class Invitation(db.Model):
    """A single-use link that lets someone join an organisation with a role."""

    __tablename__ = "invitations"
    __audit_type__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX), default="en")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def audit_label(self) -> str:
        return self.email

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


# The stored names follow every change of a name, on every path that flushes one.
# The partners' change counter follows every change to them, their names and the areas.
from consortium.organisations import changes as _changes  # noqa: E402,F401
from consortium.organisations import names as _names  # noqa: E402,F401
