"""Change counters: a number that moves with every change to a set of rows, so that a worker
may keep what it computed from those rows (the expert directory's facet counts) exactly as
long as the number stays where it was.

The number is bumped inside the writing transaction (a domain's flush hook calls `bump`),
so no reader sees the change without the new number. Readers must read the number before
they compute: what they compute may then be newer than the number, never older.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache  # type: ignore[import-untyped]
from flask import g, has_app_context
from sqlalchemy import BigInteger, String, insert, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from consortium.db import db

NAME_MAX = 40
_READ = "change_counters"  # this request's reading of every counter (in `g`)


class ChangeCounter(db.Model):  # type: ignore[name-defined]  # db.Model is made at run time
    __tablename__ = "change_counters"

    name: Mapped[str] = mapped_column(String(NAME_MAX), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def current(name: str) -> int | None:
    """The counter's value, None if it has none yet. Every counter is read in one query, once
    a request (a page that keeps the areas, the partners' menu and the directory's counts
    asks three times); a `bump` in this transaction reads them again."""
    values = g.get(_READ) if has_app_context() else None
    if values is None:
        rows = db.session.execute(db.select(ChangeCounter.name, ChangeCounter.value))
        values = {name: value for name, value in rows}
        if has_app_context():
            setattr(g, _READ, values)
    return values.get(name)


def bump(session: Session, name: str) -> None:
    """Move the counter, in the session's transaction (call it from a flush hook)."""
    if has_app_context():
        g.pop(_READ, None)
    table = ChangeCounter.__table__
    connection = session.connection()
    # A random step: what a worker computed inside a transaction that then rolled back was
    # kept under the number it bumped to; the next real change must not reach that number.
    step = 1 + secrets.randbelow(2**20)
    moved = connection.execute(
        update(table).where(table.c.name == name).values(value=table.c.value + step)
    )
    if moved.rowcount == 0:
        # A database that never had the row (made by `create_all`, emptied by a test, restored
        # from elsewhere) starts it anywhere: a worker still holding what it computed for a
        # number the last database had must not take it for this one's.
        connection.execute(insert(table).values(name=name, value=secrets.randbits(48)))


class Kept:
    """What a worker computed from the rows counter `name` covers, kept while the counter
    stays where it was (the expert directory's facet counts, the partners' menu, the
    areas). `get(key, compute)` reads the counter first, so what it keeps may be newer than
    its number, never older; a database whose counter has no row keeps nothing."""

    def __init__(self, name: str, maxsize: int) -> None:
        self.name = name
        self._kept: LRUCache = LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        version = current(self.name)
        if version is None:
            return compute()
        with self._lock:
            found = self._kept.get((version, key))
        if found is None:
            found = compute()
            with self._lock:
                self._kept[(version, key)] = found
        return found
