"""What an expert's page shows, loaded in a fixed number of queries (issue 13: at most four
a page, the address's own query included)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from consortium.experts.models import Expert

# The expert with its organisation, account (where relayed mail goes), areas and languages
# joined in the address's own query (`ProfileConverter`), publications and contact details
# in one query each. Lazy loading would take one query per relation. Only two collections
# are joined: areas and languages are a handful of short rows each, so their product stays
# small; a third would multiply it again.
OPTIONS = (
    joinedload(Expert.organisation),
    joinedload(Expert.user),
    joinedload(Expert.areas),
    joinedload(Expert.languages),
    selectinload(Expert.publications),
    selectinload(Expert.contacts),
)
