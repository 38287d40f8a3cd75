"""What the search page shows: each kind's best hits, as its domain presents them.

The index makes the first cut by audience (`searchindex.audience_tokens`); each kind's
`load` then asks its domain's policy again, so a stale or coarse audience never shows a
reader something they may not read. A page costs a fixed number of queries per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consortium import searchindex
from consortium.core.registry import SearchKind, SearchResult, search_kinds

# How many results each kind shows on the page of every kind, and on a page of one kind.
PER_KIND = 5
ONE_KIND = 50


@dataclass(frozen=True)
class Group:
    """One kind's results for this reader, and how many the index holds (capped)."""

    kind: SearchKind
    results: list[SearchResult]
    total: int
    capped: bool
    fuzzy: bool

    @property
    def more(self) -> bool:
        return self.total > len(self.results)


def kind_named(name: str | None) -> SearchKind | None:
    return next((k for k in search_kinds() if k.kind == name), None)


def search(query: str, user: Any, *, only: SearchKind | None = None) -> list[Group]:
    """The groups of results for `query`, in the registry's order, empty kinds left out.

    `only`: one kind's page, with more results. Results that the index offered but the
    domain's policy refuses are dropped, and counted out of the total."""
    kinds = [only] if only is not None else search_kinds()
    by_name = {k.kind: k for k in kinds}
    limit = ONE_KIND if only is not None else PER_KIND
    audience = searchindex.audience_tokens(user)
    groups = []
    for hit in searchindex.hits(query, kinds=list(by_name), audience=audience, limit=limit):
        kind = by_name[hit.kind]
        results = kind.load(hit.ids, user)
        if not results:
            continue
        total = hit.total - (len(hit.ids) - len(results))
        groups.append(Group(kind, results, total, hit.capped, hit.fuzzy))
    return groups
