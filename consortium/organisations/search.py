"""Organisations in the site-wide search: what a hit shows, in the reader's language."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from consortium.core.registry import SearchKind, SearchResult
from consortium.core.text import excerpt
from consortium.db import db
from consortium.organisations import countries, services
from consortium.organisations.display import org_description, org_name
from consortium.organisations.models import Organisation


def load(ids: list[int], user: Any) -> list[SearchResult]:
    """The organisations of `ids` as results, in that order, in one query. Every partner's
    profile is public, so nobody's results are narrowed."""
    if not ids:
        return []
    rows = db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids)))
    by_id = {o.id: o for o in rows}
    return [_result(by_id[i]) for i in ids if i in by_id]


def _result(organisation: Organisation) -> SearchResult:
    description = org_description(organisation)
    place = [countries.name(organisation.country)]
    if organisation.city:
        place.insert(0, organisation.city)
    return SearchResult(
        title=org_name(organisation),
        url=url_for("organisations.detail", organisation=organisation),
        summary=excerpt(description.value if description else ""),
        meta=", ".join(place),
    )


def more_url(query: str) -> str:
    return url_for("organisations.index", q=query)


SEARCH_KIND = SearchKind(
    kind=services.KIND,
    title=_l("Organisations"),
    load=load,
    reindex=services.reindex,
    more_url=more_url,
    order=10,
)
