"""The audit log: append-only rows of who did what to which object, when and from where,
and the page where coordinators, admins and org admins read them.

The PostgreSQL trigger that refuses raw UPDATE/DELETE comes from the migration; the tests'
schema is built with create_all, so that trigger is tested with the migrations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from consortium.audit.models import AuditEvent, AuditLogIsAppendOnly
from consortium.audit.services import record
from consortium.auth.actions import AuthAction
from consortium.db import utcnow
from consortium.i18n import in_language
from consortium.organisations.actions import AreaAction, OrganisationAction, PersonAction
from consortium.organisations.models import Invitation
from tests import factories
from tests.conftest import PASSWORD

IP = "198.51.100.23"
# Column headings (English pages) to keys; org admins' pages have neither "Organisation"
# (the page is their organisation's) nor "From".
HEADERS = {
    "When": "when",
    "Who": "who",
    "Action": "action",
    "Object": "object",
    "Organisation": "organisation",
    "From": "ip",
    "Details": "details",
}


# --- Helpers -------------------------------------------------------------------------------


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def rows(soup: BeautifulSoup) -> list[dict[str, str]]:
    """The table's rows as dicts (an empty log has none)."""
    headers = [HEADERS[th.get_text(strip=True)] for th in soup.select("table.audit thead th")]
    found = []
    for tr in soup.select("table.audit tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        if len(cells) == len(headers):
            found.append(dict(zip(headers, cells, strict=True)))
    return found


def markers(soup: BeautifulSoup) -> list[str]:
    """The `marker: …` detail of each row that has one, in page order."""
    return [
        part.split(": ", 1)[1]
        for row in rows(soup)
        for part in row["details"].split("; ")
        if part.startswith("marker: ")
    ]


def events(db, action: str | None = None) -> list[AuditEvent]:
    query = db.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def client_from(app, ip: str = IP):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def sign_in(app, db, user, ip: str = IP):
    db.session.commit()
    client = client_from(app, ip)
    response = client.post("/en/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def outsider(app):
    """Signed in, but in no organisation and with no consortium role."""
    return factories.UserFactory(name="Omar Outsider", email="omar@example.org")


@pytest.fixture
def logged(db, org, other_org, staff, other_org_admin, coordinator):
    """One event in each organisation and one consortium-wide, each with a marker."""
    record(
        OrganisationAction.UPDATED,
        actor=staff,
        obj=org,
        organisation_id=org.id,
        marker="kosovo-profile",
    )
    record(
        PersonAction.ROLE_CHANGED,
        actor=other_org_admin,
        obj=other_org_admin,
        organisation_id=other_org.id,
        marker="serbia-role",
    )
    record(
        AreaAction.CREATED,
        actor=coordinator,
        obj=factories.AreaFactory(),
        marker="consortium-area",
    )
    db.session.commit()


# --- Append-only -----------------------------------------------------------------------------


def test_an_audit_event_cannot_be_changed(db, member):
    entry = record(AuthAction.LOGIN, actor=member)
    db.session.commit()

    entry.action = "auth.logout"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()

    assert [e.action for e in events(db)] == ["auth.login"]


def test_an_audit_event_cannot_be_deleted(db, member):
    entry = record(AuthAction.LOGIN, actor=member)
    db.session.commit()

    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()

    assert [e.action for e in events(db)] == ["auth.login"]


def test_an_event_rolls_back_with_the_change_it_records(db, member):
    record(AuthAction.LOGIN, actor=member)
    db.session.rollback()
    assert events(db) == []


# --- What gets recorded ----------------------------------------------------------------------


def test_signing_in_is_recorded_with_who_when_and_from_where(app, db, org, member):
    before = utcnow()
    sign_in(app, db, member)

    [entry] = events(db, "auth.login")
    assert (entry.actor_id, entry.actor_label) == (member.id, "dara@example.org")
    assert entry.organisation_id == org.id
    assert entry.ip == IP
    assert before <= entry.at <= utcnow()


def test_a_sign_in_with_an_unknown_address_is_recorded_with_the_typed_address(app, db):
    db.session.commit()
    before = utcnow()
    response = client_from(app).post(
        "/en/login", data={"email": "  Nobody@Example.ORG ", "password": "wrong-password-123"}
    )
    assert response.status_code == 200

    [entry] = events(db, "auth.login_failed")
    assert entry.actor_id is None
    assert entry.actor_label == "nobody@example.org"
    assert entry.ip == IP
    assert before <= entry.at <= utcnow()
    assert events(db, "auth.login") == []


def test_a_wrong_password_is_recorded_against_the_account(app, db, org, org_admin):
    db.session.commit()
    response = client_from(app).post(
        "/en/login", data={"email": "Bruno@Example.org", "password": "not-the-password-1"}
    )
    assert response.status_code == 200

    [entry] = events(db, "auth.login_failed")
    assert (entry.actor_id, entry.actor_label) == (org_admin.id, "bruno@example.org")
    assert entry.organisation_id == org.id
    assert entry.ip == IP
    assert events(db, "auth.login") == []


def test_signing_out_is_recorded(app, db, org, member):
    client = sign_in(app, db, member, ip="203.0.113.5")

    assert client.post("/en/logout").status_code == 302

    [entry] = events(db, "auth.logout")
    assert (entry.actor_id, entry.organisation_id, entry.ip) == (member.id, org.id, "203.0.113.5")


def test_an_invitation_is_recorded_and_shown_to_the_org_admin(app, db, org, org_admin):
    client = sign_in(app, db, org_admin)
    before = utcnow()
    response = client.post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "sq"},
    )
    assert response.status_code == 302

    invitation = db.session.scalar(db.select(Invitation))
    [entry] = events(db, "invitation.sent")
    assert (entry.actor_id, entry.actor_label) == (org_admin.id, "bruno@example.org")
    assert (entry.object_type, entry.object_id) == ("invitation", invitation.id)
    assert entry.organisation_id == org.id
    assert entry.details == {"email": "new@example.org", "role": "staff"}
    assert entry.ip == IP
    assert before <= entry.at <= utcnow()

    [shown] = [r for r in rows(page(client.get("/en/audit/"))) if r["action"] == "Invitation sent"]
    assert shown["who"] == "Bruno Org-Admin"
    assert shown["object"] == "new@example.org"
    assert "organisation" not in shown, "an org admin's log is their organisation's"
    assert "ip" not in shown, "addresses stay with coordinators and admins"
    assert "new@example.org" in shown["details"]


def test_a_role_change_is_recorded_with_before_and_after(app, db, org, org_admin, member):
    client = sign_in(app, db, org_admin)
    response = client.post(
        f"/en/organisations/{org.slug}/people/{member.id}/role", data={"role": "staff"}
    )
    assert response.status_code == 302

    [entry] = events(db, "person.role_changed")
    assert entry.actor_id == org_admin.id
    assert (entry.object_type, entry.object_id) == ("user", member.id)
    assert entry.organisation_id == org.id
    assert entry.details == {"before": "member", "after": "staff"}
    assert entry.ip == IP


# --- Who reads the log -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "admin"])
def test_coordinators_and_admins_read_everything(request, client_as, logged, persona):
    soup = page(client_as(request.getfixturevalue(persona)).get("/en/audit/"))
    assert sorted(markers(soup)) == ["consortium-area", "kosovo-profile", "serbia-role"]


def test_an_org_admin_reads_only_their_organisation(client_as, org_admin, logged):
    soup = page(client_as(org_admin).get("/en/audit/"))

    assert markers(soup) == ["kosovo-profile"]
    assert {r["who"] for r in rows(soup)} <= {"Chen Staff", "Bruno Org-Admin"}
    assert "Olga Other" not in soup.get_text()


def test_an_org_admin_may_name_their_own_organisation(client_as, org, org_admin, logged):
    soup = page(client_as(org_admin).get(f"/en/audit/?organisation={org.slug}"))
    assert markers(soup) == ["kosovo-profile"]


def test_an_org_admin_may_not_read_another_organisation(client_as, other_org, org_admin, logged):
    response = client_as(org_admin).get(f"/en/audit/?organisation={other_org.slug}")
    assert response.status_code == 403
    assert "serbia-role" not in response.get_data(as_text=True)


def test_an_org_admins_filters_stay_inside_their_organisation(client_as, org_admin, logged):
    for query in ("who=olga", "action=person.role_changed", "action=area"):
        soup = page(client_as(org_admin).get(f"/en/audit/?{query}"))
        assert markers(soup) == [], query


@pytest.mark.parametrize("persona", ["staff", "member", "outsider"])
def test_everyone_else_is_refused(request, client_as, logged, persona):
    client = client_as(request.getfixturevalue(persona))
    assert client.get("/en/audit/").status_code == 403
    assert client.get("/en/audit/?organisation=qkss-demo").status_code == 403


def test_a_visitor_is_sent_to_sign_in(client_as, logged):
    response = client_as(None).get("/en/audit/")

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/en/login"
    assert parse_qs(location.query)["next"] == ["/en/audit/"]


def test_an_unknown_organisation_is_not_found(client_as, coordinator, logged):
    assert client_as(coordinator).get("/en/audit/?organisation=nowhere").status_code == 404


# --- Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=person.role_changed", ["serbia-role"]),
        ("action=area", ["consortium-area"]),
        ("who=olga", ["serbia-role"]),
        ("who=OLGA@EXAMPLE", ["serbia-role"]),
        ("who=chen", ["kosovo-profile"]),
        ("organisation=bcbp-demo", ["serbia-role"]),
        ("organisation=qkss-demo", ["kosovo-profile"]),
        ("organisation=qkss-demo&who=olga", []),
        ("action=organisation&organisation=qkss-demo", ["kosovo-profile"]),
    ],
)
def test_coordinators_filter_the_log(client_as, coordinator, logged, query, expected):
    soup = page(client_as(coordinator).get(f"/en/audit/?{query}"))
    assert markers(soup) == expected


def test_filtering_from_a_date(db, client_as, coordinator, logged):
    old = record(AuthAction.LOGIN, actor=coordinator, marker="old-login")
    old.at = datetime(2020, 3, 1, 12, 0, tzinfo=UTC)
    db.session.commit()
    client = client_as(coordinator)

    assert "old-login" not in markers(page(client.get("/en/audit/?from=2021-01-01")))
    assert "kosovo-profile" in markers(page(client.get("/en/audit/?from=2021-01-01")))
    assert "old-login" in markers(page(client.get("/en/audit/?from=2020-03-01")))
    assert "old-login" not in markers(page(client.get("/en/audit/?from=2020-03-02")))


def test_the_filter_form_shows_the_active_filters(client_as, coordinator, logged):
    soup = page(client_as(coordinator).get("/en/audit/?action=area.created&who=olga"))

    assert soup.select_one("select#action option[selected]")["value"] == "area.created"
    assert soup.select_one("input#who")["value"] == "olga"


# --- Readable names, pagination, queries -----------------------------------------------------


def test_actions_are_shown_by_name_not_by_code(client_as, coordinator, logged):
    soup = page(client_as(coordinator).get("/en/audit/"))  # signing in logged "auth.login"

    shown = {r["action"] for r in rows(soup)}
    assert {"Signed in", "Organisation profile edited", "Role changed"} <= shown
    assert not any("." in action for action in shown), shown
    options = {o["value"]: o.get_text(strip=True) for o in soup.select("select#action option")}
    assert options["auth.login"] == "Signed in"


def test_the_log_pages_by_fifty_newest_first(db, client_as, coordinator, org):
    client = client_as(coordinator)  # its sign-in is the oldest event
    for n in range(120):
        record(OrganisationAction.UPDATED, actor=coordinator, obj=org, organisation_id=org.id, n=n)
    db.session.commit()

    def numbers(soup):
        return [int(r["details"].removeprefix("n: ")) for r in rows(soup) if r["details"]]

    first = page(client.get("/en/audit/"))
    assert numbers(first) == list(range(119, 69, -1))

    older = first.find("a", rel="next")
    assert older.get_text(strip=True) == "Older entries"
    second = page(client.get(older["href"]))
    assert numbers(second) == list(range(69, 19, -1))

    third = page(client.get(second.find("a", rel="next")["href"]))
    assert numbers(third) == list(range(19, -1, -1))
    assert [r["action"] for r in rows(third)][-1] == "Signed in"
    assert third.find("a", rel="next") is None


def test_the_next_page_keeps_the_filters(db, client_as, coordinator, org, other_org):
    client = client_as(coordinator)
    for n in range(60):
        record(OrganisationAction.UPDATED, actor=coordinator, obj=org, organisation_id=org.id, n=n)
        record(OrganisationAction.UPDATED, obj=other_org, organisation_id=other_org.id, n=1000 + n)
    db.session.commit()

    first = page(client.get(f"/en/audit/?organisation={org.slug}&action=organisation"))
    href = first.find("a", rel="next")["href"]
    query = parse_qs(urlsplit(href).query)
    assert query["organisation"] == [org.slug]
    assert query["action"] == ["organisation"]
    second = page(client.get(href))
    assert [r["details"] for r in rows(second)] == [f"n: {n}" for n in range(9, -1, -1)]


def test_the_page_runs_a_bounded_number_of_queries(
    app, db, client_as, coordinator, org, count_queries
):
    client = client_as(coordinator)

    def add_events(count: int) -> None:
        for _ in range(count):
            actor = factories.UserFactory(organisation=org, org_role="member")
            record(AuthAction.LOGIN, actor=actor, organisation_id=org.id)
        db.session.commit()

    def queries_for_the_page() -> int:
        with count_queries() as statements:
            page(client.get("/en/audit/"))
        return len(statements)

    client.get("/en/audit/")  # warm-up: the first request after sign-in may write more
    add_events(10)
    with_ten = queries_for_the_page()
    add_events(50)
    with_sixty = queries_for_the_page()

    assert with_ten == with_sixty
    assert with_sixty <= 12


def test_org_admins_see_neither_addresses_nor_other_organisations_actions(
    client_as, org, other_org, org_admin, other_org_admin, coordinator
):
    client_as(other_org_admin).post(
        f"/en/organisations/{other_org.slug}/edit",
        data={"version": "1", "name": "Renamed", "country": "RS", "original_language": "en"},
    )
    page = client_as(org_admin).get("/en/audit/").get_data(as_text=True)
    assert "Organisation profile edited" not in page
    assert "127.0.0.1" not in page
    assert "127.0.0.1" in client_as(coordinator).get("/en/audit/").get_data(as_text=True)


def test_every_audit_action_has_a_translated_title(app):
    """Each domain's action enum is registered with titles, so no raw code reaches a page."""
    from consortium.audit import actions
    from consortium.core import registry

    registered = registry.of(app).audit_actions
    assert len(registered) >= 24, "every domain registers its vocabulary in init_app"
    for code, action in registered.items():
        assert code == action.value and action.title != code, code
        assert actions.title(code) == action.title
    with in_language("sq"):
        assert actions.title("auth.login") != "Signed in"


def test_record_refuses_a_bare_string(db, member):
    with pytest.raises(TypeError):
        record("auth.login", actor=member)
    assert record(AuthAction.LOGIN, actor=member).action == "auth.login"
