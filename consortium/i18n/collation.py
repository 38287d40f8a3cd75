"""Lists sorted by name follow the reader's alphabet: CLDR collation, in Python and in SQL.

Serbian, Croatian, Bosnian and Montenegrin put č and ć after c, dž and then đ after d, lj
after l, nj after n; Albanian puts ç after c, dh after d, ë after e, and so on; Macedonian
puts ѓ after д and ќ after т. A binary sort puts Č after Z. No alphabet is written here:
every order is CLDR's, through ICU.

- PostgreSQL: the ICU collations initdb imports into pg_catalog (`"sr-Latn-x-icu"`); no
  migration creates them. They are deterministic: names equal under ICU are ordered by
  their bytes.
- SQLite: the same CLDR rules from PyICU (the `pyicu-wheels` build, which bundles ICU),
  registered as one collation per language on every new SQLite connection, ties broken by
  code point as PostgreSQL does, so that `=` and `>` agree with ORDER BY and keyset pages
  (`consortium.core.pagination`) neither skip nor repeat a row.
- Python: `sort_key(language)` for lists sorted in memory.

English sorts by the CLDR root collation (`und`), which English adds nothing to.
Montenegrin (`cnr`) uses the `sr_Latn_ME` locale, whose collation is Serbian Latin's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale
from sqlalchemy import ColumnElement, event
from sqlalchemy.engine import Engine

from consortium.db import db
from consortium.i18n.languages import BY_CATALOG, DEFAULT, LANGUAGES

LanguageLike = str | Locale | None


@dataclass(frozen=True)
class Collation:
    language: str  # the interface language's code (`sr-latn`)
    icu_locale: str  # the ICU locale whose CLDR rules apply (`sr_Latn`, `root`)
    postgresql: str  # the ICU collation in PostgreSQL's pg_catalog (`sr-Latn-x-icu`)
    sqlite: str  # the collation registered on SQLite connections (`icu_sr_latn`)


def _collation(code: str) -> Collation:
    catalog = LANGUAGES[code].catalog
    if code == DEFAULT:
        return Collation(code, "root", "und-x-icu", "icu_root")
    return Collation(code, catalog, f"{catalog.replace('_', '-')}-x-icu", f"icu_{catalog.lower()}")


COLLATIONS: dict[str, Collation] = {code: _collation(code) for code in LANGUAGES}


def collation_for(language: LanguageLike = None) -> Collation:
    """The collation of an interface language: a code (`sr-latn`), a catalog name
    (`sr_Latn`), a Babel locale, or None for the current request's language."""
    if language is None:
        from consortium.i18n import current_language

        return COLLATIONS[current_language().code]
    key = str(language)
    code = key.lower() if key.lower() in COLLATIONS else BY_CATALOG.get(key)
    if code is None:
        raise ValueError(f"no interface language {key!r}")
    return COLLATIONS[code]


def collation_name(language: LanguageLike = None, dialect: str | None = None) -> str:
    """The name to put after COLLATE for `language` on `dialect` (default: the app's
    database, e.g. `sr-Latn-x-icu` on PostgreSQL, `icu_sr_latn` on SQLite)."""
    collation = collation_for(language)
    dialect = dialect or db.engine.dialect.name
    if dialect == "postgresql":
        return collation.postgresql
    if dialect == "sqlite":
        return collation.sqlite
    raise NotImplementedError(f"no collations for the {dialect} dialect")


def collated(column: Any, language: LanguageLike = None) -> ColumnElement[Any]:
    """`column COLLATE <the language's collation>`, for ORDER BY and `paginate` keys alike.

    `paginate(query, [collated(User.name), User.id])` pages in the reader's alphabet.
    """
    expression: ColumnElement[Any] = column.collate(collation_name(language))
    return expression


@cache
def collator(language: str) -> Any:
    """The ICU collator for an interface language's code; ICU's compare is thread-safe."""
    # Imported at the first use: on PostgreSQL the database sorts, and a served worker
    # that never loads ICU is lighter (issue 13's memory budget).
    import icu  # type: ignore[import-untyped]  # PyICU, from the pyicu-wheels distribution

    return icu.Collator.createInstance(icu.Locale(COLLATIONS[language].icu_locale))


def sort_key(language: LanguageLike = None) -> Callable[[str], tuple[bytes, str]]:
    """A `key=` for `sorted()` in `language`'s alphabet (ties: by code point, as in SQL)."""
    get_key = collator(collation_for(language).language).getSortKey

    def key(text: str) -> tuple[bytes, str]:
        return get_key(text), text

    return key


def _comparison(language: str) -> Callable[[str, str], int]:
    compare = collator(language).compare

    def compare_texts(a: str, b: str) -> int:
        return compare(a, b) or (a > b) - (a < b)

    return compare_texts


def register_sqlite_collations(dbapi_connection: Any, connection_record: Any = None) -> None:
    """On a new SQLite connection, one collation per interface language."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    for collation in COLLATIONS.values():
        dbapi_connection.create_collation(collation.sqlite, _comparison(collation.language))


# Not app wiring but a property of every SQLite connection, like a registered codec: set
# on import (consortium.i18n.init_app imports this module), once, and before any app's
# engine opens its first connection.
if not event.contains(Engine, "connect", register_sqlite_collations):
    event.listen(Engine, "connect", register_sqlite_collations)
