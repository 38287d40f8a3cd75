"""Partner organisations and the thematic areas they work on."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consortium.auth.models import User
from consortium.db import db, utcnow

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

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    # {language code: name}; every interface language is required by the service.
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ThematicArea {self.slug}>"


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (Index("ix_organisations_country", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2, Kosovo is XK
    city: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(300))
    partner_since: Mapped[date | None]
    # The language the name and description were written in, and their translations.
    original_language: Mapped[str] = mapped_column(String(10), default="en")
    name_translations: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    areas: Mapped[list[ThematicArea]] = relationship(
        secondary=organisation_areas, order_by=ThematicArea.position
    )
    people: Mapped[list[User]] = relationship(back_populates="organisation", order_by=User.name)

    def names_by_language(self) -> dict[str, str]:
        return {self.original_language: self.name, **(self.name_translations or {})}

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
