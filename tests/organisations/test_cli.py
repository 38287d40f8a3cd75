"""The operators' CLI: `flask orgs create`, `flask users create|set-role`.

A refused command exits with status 2, prints one line "Error: …" on stderr and writes
nothing. The CLI runs in its own app context and session, so set-up data is committed first.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from consortium.audit.models import AuditEvent
from consortium.auth.models import AuthSession, User
from consortium.auth.passwords import verify_password
from consortium.auth.tokens import digest, new_token
from consortium.db import utcnow
from consortium.organisations.models import Organisation

NEW_PASSWORD = "zelena-reka-tece-ispod-mosta"


@pytest.fixture
def run(app, db):
    """Invoke `flask …` with the app under test, after committing what the test set up."""
    runner = app.test_cli_runner()

    def invoke(*args: str, input: str | None = None):
        db.session.commit()
        result = runner.invoke(args=list(args), input=input)
        db.session.expire_all()
        return result

    return invoke


def _rows(db) -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Organisation, User, AuditEvent)
    }


def _refused(result) -> str:
    """The single error line of a refused command."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert result.stdout == ""
    return lines[0]


# --- orgs create ---------------------------------------------------------------------------


def test_orgs_create(db, run):
    result = run("orgs", "create", "cpm-ns", "--name", "Centar za mir", "--country", "rs")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Created cpm-ns (RS).\n"
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == "cpm-ns"))
    assert (organisation.name, organisation.country, organisation.original_language) == (
        "Centar za mir",
        "RS",
        "en",
    )
    assert organisation.search_key == " centar za mir "


def test_orgs_create_in_another_language(db, run):
    result = run(
        "orgs", "create", "qkss", "--name", "Qendra Kosovare", "--country", "XK", "--language", "sq"
    )
    assert result.exit_code == 0, result.output
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == "qkss"))
    assert organisation.original_language == "sq"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("new-org", "--name", "New", "--country", "DE"),
            "Choose one of the consortium's countries.",
        ),
        (
            ("new-org", "--name", "New", "--country", "Kosovo"),
            "Choose one of the consortium's countries.",
        ),
        (("qkss-demo", "--name", "Twin", "--country", "XK"), "already exists"),
        (
            ("Bad Slug", "--name", "New", "--country", "XK"),
            "lower-case letters, digits and hyphens",
        ),
        (
            ("bad_slug", "--name", "New", "--country", "XK"),
            "lower-case letters, digits and hyphens",
        ),
        (("new-org", "--name", "  ", "--country", "XK"), "Enter a name."),
        (("new-org", "--name", "New", "--country", "XK", "--language", "de"), "languages"),
    ],
)
def test_orgs_create_refused(db, run, org, args, message):
    before = _rows(db)
    result = run("orgs", "create", *args)
    assert message in _refused(result)
    assert _rows(db) == before
    assert db.session.get(Organisation, org.id).name == "Qendra Kosovare"


def test_orgs_create_refuses_an_overlong_name(db, run):
    before = _rows(db)
    result = run("orgs", "create", "long-name", "--name", "N" * 201, "--country", "RS")
    _refused(result)
    assert _rows(db) == before


def test_orgs_create_needs_name_and_country(db, run):
    before = _rows(db)
    result = run("orgs", "create", "new-org", "--name", "New")
    assert result.exit_code == 2
    assert "--country" in result.stderr
    assert _rows(db) == before


# --- users create --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "with_org", "org_role", "coordinator", "admin"),
    [
        ("member", True, "member", False, False),
        ("staff", True, "staff", False, False),
        ("org_admin", True, "org_admin", False, False),
        ("coordinator", False, None, True, False),
        ("admin", False, None, False, True),
    ],
)
def test_users_create(db, run, org, role, with_org, org_role, coordinator, admin):
    args = ["users", "create", "Ana.Petrovic@Example.org", "--name", "Ana Petrović"]
    args += ["--role", role, "--password-stdin"]
    if with_org:
        args += ["--org", "qkss-demo"]
    result = run(*args, input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Created ana.petrovic@example.org ({role}).\n"

    user = db.session.scalar(db.select(User).where(User.email == "ana.petrovic@example.org"))
    assert user.name == "Ana Petrović"
    assert user.organisation_id == (org.id if with_org else None)
    assert (user.org_role, user.is_coordinator, user.is_admin) == (org_role, coordinator, admin)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert not verify_password(user.password_hash, NEW_PASSWORD + "\n")


def test_users_create_can_sign_in(db, run, org, client):
    run(
        "users", "create", "ana@example.org", "--name", "Ana", "--role", "staff",
        "--org", "qkss-demo", "--password-stdin", input=NEW_PASSWORD + "\n",
    )  # fmt: skip
    response = client.post("/en/login", data={"email": "ANA@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("args", "password"),
    [
        (("new@example.org", "--role", "staff", "--org", "no-such-org"), NEW_PASSWORD),
        (("BRUNO@Example.ORG", "--role", "staff", "--org", "qkss-demo"), NEW_PASSWORD),
        (("new@example.org", "--role", "staff", "--org", "qkss-demo"), "password1234"),
        (("new@example.org", "--role", "staff", "--org", "qkss-demo"), "short"),
        (("new@example.org", "--role", "member"), NEW_PASSWORD),
        (("new@example.org", "--role", "staff"), NEW_PASSWORD),
        (("new@example.org", "--role", "org_admin"), NEW_PASSWORD),
        (("not-an-address", "--role", "admin"), NEW_PASSWORD),
        (("new@example.org", "--role", "admin", "--language", "de"), NEW_PASSWORD),
    ],
)
def test_users_create_refused(db, run, org_admin, args, password):
    before = _rows(db)
    result = run(
        "users", "create", *args, "--name", "New", "--password-stdin", input=password + "\n"
    )
    _refused(result)
    assert _rows(db) == before
    assert db.session.get(User, org_admin.id).name == "Bruno Org-Admin"


def test_users_create_without_password_stdin_is_refused(db, run):
    before = _rows(db)
    result = run("users", "create", "new@example.org", "--name", "New", "--role", "admin")
    _refused(result)
    assert _rows(db) == before


@pytest.mark.parametrize("role", ["owner", "superuser", "Admin", ""])
def test_users_create_unknown_role(db, run, org, role):
    before = _rows(db)
    result = run(
        "users", "create", "new@example.org", "--name", "New", "--role", role,
        "--org", "qkss-demo", "--password-stdin", input=NEW_PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Error: Invalid value for '--role'" in result.stderr
    assert _rows(db) == before


# --- users set-role ------------------------------------------------------------------------


def test_users_set_role_coordinator(db, run, org_admin):
    expires_at = utcnow() + timedelta(hours=1)
    db.session.add(
        AuthSession(token_hash=digest(new_token()), user_id=org_admin.id, expires_at=expires_at)
    )
    result = run("users", "set-role", "Bruno@example.org", "--role", "coordinator")
    assert result.exit_code == 0, result.output
    assert result.stdout == "bruno@example.org is now coordinator.\n"
    user = db.session.get(User, org_admin.id)
    assert (user.is_coordinator, user.is_admin) == (True, False)
    assert (user.organisation_id, user.org_role) == (org_admin.organisation_id, "org_admin")
    # A privilege change starts afresh.
    assert (
        db.session.scalar(
            db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == org_admin.id)
        )
        == 0
    )


def test_users_set_role_admin_keeps_coordinator(db, run, coordinator):
    result = run("users", "set-role", "amina@example.org", "--role", "admin")
    assert result.exit_code == 0, result.output
    user = db.session.get(User, coordinator.id)
    assert (user.is_coordinator, user.is_admin) == (True, True)


def test_users_set_role_moves_into_an_organisation(db, run, other_org, coordinator):
    result = run("users", "set-role", "amina@example.org", "--role", "staff", "--org", "bcbp-demo")
    assert result.exit_code == 0, result.output
    user = db.session.get(User, coordinator.id)
    assert (user.organisation_id, user.org_role) == (other_org.id, "staff")


def test_users_set_role_organisation_role_within_the_organisation(db, run, staff):
    result = run("users", "set-role", "chen@example.org", "--role", "org_admin")
    assert result.exit_code == 0, result.output
    assert db.session.get(User, staff.id).org_role == "org_admin"


@pytest.mark.parametrize(
    "args",
    [
        ("nobody@example.org", "--role", "coordinator"),
        ("amina@example.org", "--role", "staff"),  # no organisation to be staff of
        ("amina@example.org", "--role", "staff", "--org", "no-such-org"),
    ],
)
def test_users_set_role_refused(db, run, coordinator, args):
    before = _rows(db)
    _refused(run("users", "set-role", *args))
    assert _rows(db) == before
    user = db.session.get(User, coordinator.id)
    assert (user.organisation_id, user.org_role, user.is_admin) == (None, None, False)
