"""What an expert's page shows, loaded in a fixed number of queries (issue 13: at most four
a page, the address's own query included)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from consortium.db import db
from consortium.experts.models import Expert


def load(expert: Expert) -> Expert:
    """The expert the address loaded, with its organisation, account (where relayed mail
    goes), areas and languages joined in one query, publications and contact details in one
    each. Lazy loading would take one query per relation.

    Only two collections are joined: areas and languages are a handful of short rows each,
    so their product stays small; a third would multiply it again."""
    return (
        db.session.execute(
            db.select(Expert)
            .where(Expert.id == expert.id)
            .options(
                joinedload(Expert.organisation),
                joinedload(Expert.user),
                joinedload(Expert.areas),
                joinedload(Expert.languages),
                selectinload(Expert.publications),
                selectinload(Expert.contacts),
            )
        )
        .unique()
        .scalar_one()
    )
