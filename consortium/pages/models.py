"""An operator's text of a footer page in one language; it replaces the shipped default."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consortium.db import db, utcnow
from consortium.pages.schemas import LANGUAGE_MAX, SLUG_MAX, TITLE_MAX


class Page(db.Model):
    """One row per (page, language). Without a row, readers get the text the app ships
    (`pages.defaults`); the row wins for its language only."""

    __tablename__ = "pages"
    __audit_type__ = "page"
    __table_args__ = (UniqueConstraint("slug", "language"),)
    audit_organisation_id = None  # consortium-wide: in the whole log, no organisation's part

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX))
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)  # Markdown, rendered safely (pages.markdown)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Named by table, not imported: pages sit beside organisations, above auth, and need
    # no User object here. A deleted account leaves the text, unattributed.
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def audit_label(self) -> str:
        """How the audit log names the text: the page and the language, `privacy (sq)`."""
        return f"{self.slug} ({self.language})"

    def __repr__(self) -> str:
        return f"<Page {self.slug} {self.language}>"
