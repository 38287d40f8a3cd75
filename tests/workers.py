"""Under pytest-xdist each worker has a PostgreSQL database of its own.

The workers are named `gw0`, `gw1`…; each gets `<name>_gw0`… beside the database that
TEST_DATABASE_URL names, created on first use (the CI script drops them at the end). SQLite
in memory belongs to its process anyway.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def own_database(url: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not (worker and url.startswith("postgresql")):
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)
