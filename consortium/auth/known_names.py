"""The partner organisations' names, short names and cities, which no password may contain
(`passwords.password_problems(known_names=...)`).

`auth` sits below `organisations` and does not import it: the organisation is reached through
the mapper of the relationship `User.organisation` names. The names are read once per
request (or CLI command): organisations are added and renamed, so they are never cached for
longer.
"""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import inspect

from consortium.auth.models import User
from consortium.db import db

_CACHE = "partner_names"


def _organisation_model() -> Any:
    return inspect(User).relationships["organisation"].mapper.class_


def partner_names() -> tuple[str, ...]:
    """Every partner organisation's name (in each of its languages), short name and city."""
    if _CACHE not in g:
        g.setdefault(_CACHE, _load())
    return g.get(_CACHE, ())


def _load() -> tuple[str, ...]:
    organisation = _organisation_model()
    rows = db.session.execute(
        db.select(
            organisation.name,
            organisation.short_name,
            organisation.city,
            organisation.name_translations,
        )
    )
    names: set[str] = set()
    for name, short_name, city, translations in rows:
        names.update(v for v in (name, short_name, city) if v)
        names.update(v for v in (translations or {}).values() if isinstance(v, str) and v)
    return tuple(sorted(names))
