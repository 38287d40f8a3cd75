"""How PostgreSQL plans the index's queries (PostgreSQL only): each for its values."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from consortium.db import db

pytestmark = pytest.mark.postgresql


def test_every_connection_plans_each_statement_for_its_values(app):
    """psycopg prepares a statement after five runs; PostgreSQL must still plan it for the
    words searched, not settle on one generic plan for every word."""
    assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
    # Positive control: a connection made without the app's hook plans as PostgreSQL does.
    url = db.engine.url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as plain:
        assert plain.execute("SHOW plan_cache_mode").fetchone() == ("auto",)
