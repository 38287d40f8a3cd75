"""The migrations build the schema from nothing, agree with the models, and go down and up."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from consortium import create_app
from consortium.config import TestingConfig
from consortium.db import db
from consortium.searchindex.models import include_object, is_machinery

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "migrations")


@contextmanager
def empty_database(tmp_path):
    """A fresh database of the kind under test: a SQLite file, or a new PostgreSQL database."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    url = make_url(base)
    name = f"migr_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migrated_app(tmp_path):
    with empty_database(tmp_path) as url:
        app = create_app({**_testing(), "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def _testing() -> dict:
    return {k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()}


def _tables() -> set[str]:
    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_machinery(name)}


def test_upgrade_builds_every_table_from_nothing(migrated_app):
    upgrade(directory=MIGRATIONS)
    assert _tables() == {t.name for t in db.metadata.sorted_tables}


def test_models_and_migrations_agree(migrated_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade(directory=MIGRATIONS)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_object": include_object,
            },
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models differ from migrations: {differences}"


def test_downgrade_to_base_and_up_again(migrated_app):
    upgrade(directory=MIGRATIONS)
    downgrade(directory=MIGRATIONS, revision="base")
    assert _tables() == set()
    upgrade(directory=MIGRATIONS)
    assert _tables() == {t.name for t in db.metadata.sorted_tables}


def test_flask_db_check_finds_nothing(migrated_app):
    upgrade(directory=MIGRATIONS)
    result = migrated_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.postgresql  # the database-level guard is a PostgreSQL trigger
def test_audit_log_is_append_only_in_postgresql(migrated_app):
    upgrade(directory=MIGRATIONS)
    db.session.execute(
        text("INSERT INTO audit_events (at, action, details) VALUES (now(), 'test', '{}')")
    )
    db.session.commit()
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_partners_already_there_get_the_names_each_reader_sees(migrated_app):
    """The directory's stored names (issue 13) are filled in for existing partners, as the
    app would write them: a Cyrillic original reaches Latin readers transliterated."""
    upgrade(directory=MIGRATIONS, revision="c5abbad59510")
    db.session.execute(
        text(
            "INSERT INTO organisations (id, slug, name, country, original_language, "
            "name_translations, description, description_dates, search_key, created_at, "
            "updated_at, version) VALUES (7, 'bc', 'Београдски центар', 'RS', 'sr-cyrl', "
            "'{\"en\": \"Belgrade Centre\"}', '{}', '{}', '', '2026-01-01', '2026-01-01', 1)"
        )
    )
    db.session.commit()
    upgrade(directory=MIGRATIONS)
    names = dict(
        db.session.execute(
            text("SELECT language, name FROM organisation_names WHERE organisation_id = 7")
        ).all()
    )
    assert names["sr-cyrl"] == "Београдски центар"
    assert names["sr-latn"] == names["hr"] == "Beogradski centar"
    assert names["en"] == "Belgrade Centre"
    assert len(names) == 8


@pytest.mark.postgresql  # SQLite searches through its FTS5 tables
def test_every_search_kind_has_its_own_indexes(migrated_app):
    """A domain that adds a search kind adds its indexes in a migration: without them its
    searches read the shared indexes, which PostgreSQL walks kind by kind (issue 13)."""
    from consortium.core.registry import search_kinds
    from consortium.searchindex.models import KIND_INDEX_PREFIX

    upgrade(directory=MIGRATIONS)
    names = set(
        db.session.scalars(
            text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents'")
        )
    )
    kinds = [kind.kind for kind in search_kinds()]
    assert kinds  # positive control: the app registers its kinds
    for kind in kinds:
        for suffix in ("tsv", "title_tsv", "title_trgm"):
            assert f"{KIND_INDEX_PREFIX}{kind}_{suffix}" in names
