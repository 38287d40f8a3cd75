"""The migration that makes the log readable names the entries written before it, from the
people, organisations, invitations and areas that still exist, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from consortium import create_app
from consortium.db import db
from tests.conftest import on_postgresql
from tests.test_migrations import MIGRATIONS, _testing, empty_database

BEFORE = "5b1e0c7a9d42"


@pytest.fixture
def migrated_app(tmp_path):
    with empty_database(tmp_path) as url:
        app = create_app({**_testing(), "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def _insert(table: str, **values) -> int:
    columns = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    return db.session.execute(
        text(f"INSERT INTO {table} ({columns}) VALUES ({params}) RETURNING id"), values
    ).scalar_one()


def _organisation(slug: str, name: str) -> int:
    return _insert(
        "organisations",
        slug=slug,
        name=name,
        country="XK",
        original_language="sq",
        name_translations="{}",
        description="{}",
        search_key="",
        created_at="2026-01-01 10:00:00+00:00",
        updated_at="2026-01-01 10:00:00+00:00",
        version=1,
    )


def _user(name: str, email: str, organisation_id: int | None = None) -> int:
    return _insert(
        "users",
        email=email,
        name=name,
        language="sr-cyrl",
        organisation_id=organisation_id,
        org_role="member" if organisation_id else None,
        is_coordinator=False,
        is_admin=False,
        is_active_account=True,
        created_at="2026-01-01 10:00:00+00:00",
        search_key="",
    )


def _event(action: str, **values) -> int:
    return _insert(
        "audit_events", at="2026-01-02 10:00:00+00:00", action=action, details="{}", **values
    )


def test_the_upgrade_names_the_entries_already_written(migrated_app):
    upgrade(directory=MIGRATIONS, revision=BEFORE)
    org = _organisation("qkss", "Qendra Kosovare")
    admin = _user("Bruno Org-Admin", "bruno@example.org", org)
    person = _user("Ђорђе Ђорђевић", "dj@example.rs", org)
    invitation = _insert(
        "invitations",
        token_hash="x" * 64,
        email="new@example.org",
        organisation_id=org,
        role="staff",
        language="sq",
        invited_by_id=admin,
        created_at="2026-01-01 10:00:00+00:00",
        expires_at="2026-01-08 10:00:00+00:00",
    )
    area = _insert(
        "thematic_areas",
        slug="gender",
        names='{"en": "Gender equality", "sq": "Barazia gjinore"}',
        position=0,
        created_at="2026-01-01 10:00:00+00:00",
    )
    ids = {
        "role": _event(
            "person.role_changed",
            actor_id=admin,
            actor_label="bruno@example.org",
            object_type="user",
            object_id=person,
            organisation_id=org,
        ),
        "profile": _event(
            "organisation.updated",
            actor_id=person,
            actor_label="dj@example.rs",
            object_type="organisation",
            object_id=org,
            organisation_id=org,
        ),
        "invitation": _event(
            "invitation.sent",
            actor_id=admin,
            actor_label="bruno@example.org",
            object_type="invitation",
            object_id=invitation,
            organisation_id=org,
        ),
        "area": _event(
            "area.created", actor_label="system", object_type="thematic_area", object_id=area
        ),
        "failed": _event("auth.login_failed", actor_label="nobody@example.org"),
        "gone": _event("person.removed", actor_label="system", object_type="user", object_id=9999),
    }
    db.session.commit()

    upgrade(directory=MIGRATIONS)

    rows = {
        row.id: row
        for row in db.session.execute(
            text(
                "SELECT id, actor_name, actor_search, object_label, organisation_name"
                " FROM audit_events"
            )
        )
    }
    names = {key: rows[i] for key, i in ids.items()}
    assert names["role"].actor_name == "Bruno Org-Admin"
    assert names["role"].object_label == "Ђорђе Ђорђевић"
    assert names["role"].organisation_name == "Qendra Kosovare"
    assert names["role"].actor_search == " bruno org admin bruno example org "
    assert names["profile"].actor_search == " djordje djordjevic dj example rs "
    assert names["profile"].object_label == "Qendra Kosovare"
    assert names["invitation"].object_label == "new@example.org"
    assert names["area"].object_label == "Gender equality"
    assert (names["area"].actor_name, names["area"].actor_search) == (None, " system ")
    assert names["failed"].actor_search == " nobody example org "
    assert (names["gone"].object_label, names["gone"].organisation_name) == (None, None)


@pytest.mark.postgresql  # the trigger is PostgreSQL's; the backfill pauses it, then restores it
def test_the_log_is_append_only_again_after_the_backfill(migrated_app):
    assert on_postgresql()
    upgrade(directory=MIGRATIONS, revision=BEFORE)
    _event("auth.login_failed", actor_label="nobody@example.org")
    db.session.commit()

    upgrade(directory=MIGRATIONS)

    assert (
        db.session.scalar(text("SELECT actor_search FROM audit_events")) == " nobody example org "
    )
    for statement in ("UPDATE audit_events SET actor_name = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
