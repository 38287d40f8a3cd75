"""`make backup`: a consistent copy of the database, taken while the site runs.

    python bench/loadtest/backup.py                       # DATABASE_URL, into backups/
    python bench/loadtest/backup.py --out /srv/b/x.dump --database postgresql+psycopg://...

PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, restored with pg_restore,
see README "Backup, restore and load drills"). SQLite: the online backup API, which copies
pages under a read lock so that writers are never blocked for long and the copy is never
half-written (copying the file while the app writes can produce a corrupt copy).

`snapshot_dump` is the load test's drill: the row count of every table taken in the same
snapshot as the dump (`pg_export_snapshot()` in a REPEATABLE READ transaction, then
`pg_dump --snapshot`), so that a restore can be checked row for row against that moment
even though writes go on during the dump.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq (pg_dump, psycopg) takes it: without the driver."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def default_out(url: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if url.startswith("sqlite") else "dump"
    return ROOT / "backups" / f"consortium-{stamp}.{suffix}"


def backup(url: str, out: Path, pg_dump: str = "pg_dump") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        source = sqlite3.connect(make_url(url).database or "")
        target = sqlite3.connect(out)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return out
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={out}", libpq_url(url)]
    subprocess.run(command, check=True)  # noqa: S603
    return out


def tables(connection) -> list[str]:
    rows = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [row[0] for row in rows]


def count_rows(connection) -> dict[str, int]:
    counts = {}
    for table in tables(connection):
        query = f'SELECT count(*) FROM "{table}"'  # noqa: S608 - names from pg_tables
        counts[table] = connection.execute(query).fetchone()[0]
    return counts


def snapshot_dump(url: str, out: Path, pg_dump: str = "pg_dump") -> dict[str, int]:
    """Dump the database and return every table's row count at the dump's own snapshot."""
    import psycopg

    out.parent.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(libpq_url(url)) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = count_rows(connection)
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        command = [pg_dump, "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                   f"--file={out}", libpq_url(url)]  # fmt: skip
        subprocess.run(command, check=True)  # noqa: S603
        connection.execute("COMMIT")
    return counts


def restore(dump: Path, url: str, pg_restore: str = "pg_restore") -> None:
    """Into an empty database (create it first): what an operator runs after a loss."""
    command = [pg_restore, "--no-owner", "--exit-on-error", f"--dbname={libpq_url(url)}", str(dump)]
    subprocess.run(command, check=True)  # noqa: S603


def counts_of(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(libpq_url(url)) as connection:
        return count_rows(connection)


def main() -> None:
    parser = argparse.ArgumentParser(description="Back up Consortium's database (make backup)")
    parser.add_argument("--database", help="SQLAlchemy URL (default: DATABASE_URL, as the app)")
    parser.add_argument("--out", type=Path, help="the file to write (default: backups/...)")
    parser.add_argument("--pg-dump", default=os.environ.get("PG_DUMP", "pg_dump"))
    args = parser.parse_args()
    url = args.database
    if url is None:
        sys.path.insert(0, str(ROOT))
        from consortium.config import BaseConfig

        url = BaseConfig.SQLALCHEMY_DATABASE_URI
    if not url.startswith("sqlite") and shutil.which(args.pg_dump) is None:
        raise SystemExit("pg_dump is needed: apt-get install -y postgresql-client")
    out = backup(url, args.out or default_out(url), args.pg_dump)
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
