"""The factory_boy base bound to the Flask-SQLAlchemy session (flush, never commit)."""

from __future__ import annotations

from factory.alchemy import SQLAlchemyModelFactory

from consortium.db import db


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"
