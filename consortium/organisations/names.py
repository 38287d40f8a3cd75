"""The name each reader sees of each organisation, stored beside it (`OrganisationName`).

The directory sorts by the name a reader is shown, which depends on the reader's language
(a translation, a neighbouring language's, the original; Serbian in the other script
transliterated): only a stored copy lets the database sort and page it. The copy is kept
on every flush that changes a name, however the change was made (a form, the API, the CLI,
a migration's data step, a test factory), so that no path can leave it stale.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from consortium.i18n.content import resolve
from consortium.i18n.languages import CODES
from consortium.organisations.models import Organisation, OrganisationName

# The columns `shown` reads: a change to any other leaves the stored names as they are.
_NAME_COLUMNS = ("name", "name_translations", "original_language")


def shown(organisation: Organisation) -> dict[str, str]:
    """{interface language: the name its reader sees}, as `display.org_name` would show it."""
    names = organisation.names_by_language()
    original = organisation.original_language
    result = {}
    for code in CODES:
        found = resolve(names, code, original)
        result[code] = found.value if found is not None else organisation.name
    return result


def refresh(organisation: Organisation) -> None:
    stored = organisation.shown_names
    for code, name in shown(organisation).items():
        row = stored.get(code)
        if row is None:
            stored[code] = OrganisationName(language=code, name=name)
        elif row.name != name:
            row.name = name


def _names_changed(organisation: Organisation) -> bool:
    state = inspect(organisation)
    return any(state.attrs[column].history.has_changes() for column in _NAME_COLUMNS)


@event.listens_for(Session, "before_flush")
def _keep_shown_names(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.new:
        if isinstance(obj, Organisation):
            refresh(obj)
    for obj in session.dirty:
        if isinstance(obj, Organisation) and _names_changed(obj):
            refresh(obj)
