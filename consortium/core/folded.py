"""Short lists folded into one column of a list page's row: a card's area ids, an expert's
languages. One query then gives every card whole, instead of a query (or a join that
multiplies the rows) per list (issue 13).

Each item is its parts joined by ":", the items joined by " ", so a part must hold neither
(ids, positions, slugs, language codes and levels do not). The aggregate keeps no order on
every database: an item that must come in order leads with its sort keys (numbers).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, func

FIELD, ITEM = ":", " "


def folded(*parts: Any) -> Any:
    """The aggregate of `parts` (columns) over the rows a scalar subquery selects."""
    joined: Any = cast(parts[0], String)
    for part in parts[1:]:
        joined = joined + FIELD + cast(part, String)
    return func.aggregate_strings(joined, ITEM)


def unfolded(value: str | None, *, keys: int = 0) -> list[list[str]]:
    """The items of a folded column, each as its parts after its `keys` leading sort keys,
    in the order of those keys."""
    items = [item.split(FIELD) for item in (value or "").split(ITEM) if item]
    if keys:
        items.sort(key=lambda parts: [int(part) for part in parts[:keys]])
    return [parts[keys:] for parts in items]
