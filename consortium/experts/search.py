"""The experts' part of the site-wide search: index hits become results the reader may see."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from consortium.core.registry import SearchKind, SearchResult
from consortium.db import db
from consortium.experts import policy, services
from consortium.experts.display import expert_name
from consortium.experts.models import Expert
from consortium.organisations import countries
from consortium.organisations.display import org_name


def load(ids: list[int], user: Any) -> list[SearchResult]:
    experts = db.session.scalars(
        db.select(Expert).where(Expert.id.in_(ids)).options(joinedload(Expert.organisation))
    )
    by_id = {e.id: e for e in experts}
    results = []
    for expert_id in ids:
        expert = by_id.get(expert_id)
        if expert is None or not policy.can_view(user, expert):
            continue
        affiliation = org_name(expert.organisation) if expert.organisation else expert.affiliation
        results.append(
            SearchResult(
                title=expert_name(expert),
                url=url_for("experts.detail", expert=expert),
                summary=expert.title or "",
                meta=" · ".join(x for x in (countries.name(expert.country), affiliation) if x),
            )
        )
    return results


KIND = SearchKind(
    kind=services.KIND,
    title=_l("Experts"),
    load=load,
    reindex=services.reindex_all,
    more_url=lambda query: url_for("experts.index", q=query),
    order=30,
)
