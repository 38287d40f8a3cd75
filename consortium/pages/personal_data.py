"""The footer pages a person last edited, in their download (the texts stay with their
account, unattributed on the page as they always are)."""

from __future__ import annotations

from typing import Any

from consortium.core import registry
from consortium.db import db
from consortium.pages.models import Page


def collect(person: Any) -> list[dict[str, Any]]:
    pages = db.session.scalars(
        db.select(Page).where(Page.updated_by_id == person.id).order_by(Page.slug, Page.language)
    )
    return [{"page": p.slug, "language": p.language, "edited_at": p.updated_at} for p in pages]


PART = registry.PersonalData("pages_edited", collect=collect)
