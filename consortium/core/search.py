"""The one search semantics, in SQL: every query word starts some word of the row.

Rows store `i18n.text.search_key(...)`; `i18n.text.matches` is the same rule in Python,
and a test holds the two together. Script-, diacritic- and case-blind (DESIGN.md).
"""

from __future__ import annotations

from typing import Any

from consortium.i18n.text import query_words


def word_prefix_filters(column: Any, query: str | None) -> list[Any]:
    """SQL conditions, one per query word, for `statement.where(*conditions)`."""
    return [column.contains(" " + word, autoescape=True) for word in query_words(query)]
