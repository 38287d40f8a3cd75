"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from bs4 import BeautifulSoup

from consortium.db import db, utcnow
from consortium.mail.models import OutboxMessage
from tests import factories


def _text(response) -> str:
    return BeautifulSoup(response.data, "html.parser").select_one("main").get_text(" ", strip=True)


def test_visitors_learn_what_the_consortium_is(client, org, other_org):
    text = _text(client.get("/en/"))
    assert "2 partner organisations" in text
    assert "2 countries" in text
    assert "Sign in" in text


def test_org_admins_see_their_open_invitations(client_as, org, org_admin):
    client = client_as(org_admin)
    client.post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "en"},
    )
    text = _text(client.get("/en/"))
    assert "1 invitation has not been accepted yet" in text
    assert "Manage people" in text


def test_members_do_not_see_management_links(client_as, member):
    text = _text(client_as(member).get("/en/"))
    assert "Manage people" not in text
    assert "invitation" not in text


def test_coordinators_see_partners_without_an_admin(client_as, coordinator, org, org_admin):
    lonely = factories.OrganisationFactory(slug="lonely", name="Lonely Partner", country="ME")
    text = _text(client_as(coordinator).get("/en/"))
    assert "1 partner organisation has no organisation admin yet" in text
    assert lonely.name in text
    assert org.name not in text.split("admin yet:")[1]


def test_admins_hear_of_undelivered_mail(client_as, admin, db):
    db.session.add(
        OutboxMessage(
            kind="x",
            to_address="a@example.org",
            language="en",
            subject="s",
            body_text="b",
            failed_at=utcnow(),
        )
    )
    assert "1 e-mail could not be delivered" in _text(client_as(admin).get("/en/"))


def test_page_queries_do_not_grow_with_people_or_partners(
    client_as, coordinator, org, org_admin, count_queries
):
    """The people page and the home page cost the same with 3 or 20 people and partners
    (the partners still one page of the directory: a second page costs one more query, the
    count of how many there are in all)."""

    def grow(n: int) -> None:
        for _ in range(n):
            factories.UserFactory(organisation=org, org_role="staff")
            factories.OrganisationFactory()

    admin_client, coordinator_client = client_as(org_admin), client_as(coordinator)
    pages = [
        (admin_client, f"/en/organisations/{org.slug}/people"),
        (admin_client, f"/en/organisations/{org.slug}"),
        (coordinator_client, "/en/"),
        (coordinator_client, "/en/organisations/"),
    ]
    for client, path in pages:
        client.get(path)  # warm-up
    grow(3)
    few = []
    for client, path in pages:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        few.append(len(statements))
    grow(17)
    many = []
    for client, path in pages:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        many.append(len(statements))
    assert few == many, dict(zip([p for _, p in pages], zip(few, many, strict=True), strict=True))


def test_a_pending_admin_invitation_is_said_to_be_pending(client_as, coordinator, db):
    from tests.organisations.calls import invite

    waiting = factories.OrganisationFactory(slug="waiting", name="Waiting Partner", country="AL")
    lonely = factories.OrganisationFactory(slug="lonely", name="Lonely Partner", country="ME")
    invite(waiting, email="boss@example.org", role="org_admin", language="sq", actor=coordinator)
    text = _text(client_as(coordinator).get("/en/"))
    no_admin, pending = text.split("has no organisation admin yet:")[1].split("waiting for")
    assert lonely.name in no_admin and waiting.name not in no_admin
    assert "1 partner organisation is waiting for its invited organisation admin" in text
    assert waiting.name in pending


def test_a_staff_invitation_does_not_count_as_a_pending_admin(client_as, coordinator):
    from tests.organisations.calls import invite

    org = factories.OrganisationFactory(slug="staffonly", name="Staff Only", country="AL")
    invite(org, email="helper@example.org", role="staff", language="sq", actor=coordinator)
    text = _text(client_as(coordinator).get("/en/"))
    assert "Staff Only" in text.split("has no organisation admin yet:")[1]
    assert "waiting for its invited" not in text


def test_the_dashboard_shows_the_organisation_at_a_glance(client_as, org, org_admin, member):
    text = _text(client_as(member).get("/en/"))
    assert "Your organisation" in text and "Qendra Kosovare" in text
    assert "Your role: Member" in text and "2 people" in text
    assert "Nothing waits for you right now." in text


def test_recent_activity_shows_only_what_the_person_may_read(
    client_as, org, org_admin, other_org, other_org_admin, coordinator
):
    client_as(other_org_admin)  # a sign-in in the other organisation's part of the log
    admin_view = BeautifulSoup(client_as(org_admin).get("/en/").data, "html.parser")
    activity = admin_view.select_one("ul.activity").get_text(" ")
    assert "Bruno Org-Admin" in activity and "Olga Other" not in activity
    assert "Olga Other" in _text(client_as(coordinator).get("/en/"))


def test_members_see_no_activity_of_the_log(client_as, member, org_admin):
    client_as(org_admin)
    page = BeautifulSoup(client_as(member).get("/en/").data, "html.parser")
    assert page.select_one("ul.activity") is None


def test_visitors_see_how_many_partners_each_country_has(client, org, other_org):
    factories.OrganisationFactory(slug="novi-sad", name="Novosadski forum", country="RS")
    db.session.commit()
    page = BeautifulSoup(client.get("/en/").data, "html.parser")
    groups = [
        (li.a.get_text(strip=True), li.a["href"], li.get_text(" ", strip=True))
        for li in page.select("ul.partners li")
    ]
    assert groups == [
        ("Kosovo", "/en/organisations/?country=XK", "Kosovo : 1 partner organisation"),
        ("Serbia", "/en/organisations/?country=RS", "Serbia : 2 partner organisations"),
    ]
    # Each country's link lists exactly its partners.
    listed = BeautifulSoup(client.get("/en/organisations/?country=RS").data, "html.parser")
    names = [a.get_text(strip=True) for a in listed.select(".org-card h2 a")]
    assert names == ["Beogradski centar", "Novosadski forum"]


# --- Joint statements that wait for someone -------------------------------------------------


def _statement_for_review(author, org_admin, title):
    from consortium.statements import workflow
    from tests.statements.calls import draft, sign

    statement = draft(author, title=title)
    sign(statement, org_admin)
    workflow.submit(statement, actor=author)
    return statement


def test_org_admins_see_the_statements_awaiting_their_signature(
    client_as, org, other_org, other_org_admin, staff
):
    from tests.statements.calls import draft, sign

    waiting = draft(staff, invited=[other_org], title="Stav o povratnicima")
    answered = draft(staff, invited=[other_org], title="Stav o granicama")
    sign(answered, other_org_admin)
    page = BeautifulSoup(client_as(other_org_admin).get("/en/").data, "html.parser")
    text = page.select_one("main").get_text(" ", strip=True)
    assert "1 statement awaits your organisation's signature" in text
    assert page.select_one(f'a[href="/en/statements/{waiting.slug}/sign"]')
    assert not page.select_one(f'a[href="/en/statements/{answered.slug}/sign"]')


def test_staff_are_not_asked_to_sign(client_as, org, other_org, staff, member):
    from tests.statements.calls import draft

    draft(staff, title="Stav o povratnicima")
    for person in (staff, member):
        assert "signature" not in _text(client_as(person).get("/en/"))


def test_coordinators_see_the_statements_waiting_for_review(
    client_as, org, staff, org_admin, coordinator, listed_coordinator
):
    statement = _statement_for_review(staff, org_admin, "Stav za pregled")
    page = BeautifulSoup(client_as(coordinator).get("/en/").data, "html.parser")
    assert "1 statement waits for review" in page.select_one("main").get_text(" ", strip=True)
    assert page.select_one(f'a[href="/en/statements/{statement.slug}/review"]')
    # A coordinator of the author organisation does not decide on it, so nothing waits.
    assert "waits for review" not in _text(client_as(listed_coordinator).get("/en/"))


def test_home_queries_do_not_grow_with_statements(
    client_as, org, other_org, org_admin, other_org_admin, staff, coordinator, count_queries
):
    """The org admin's and the coordinator's home pages cost the same with 2 or 12 statements
    waiting for a signature and for review."""
    partner_staff = factories.UserFactory(organisation=other_org, org_role="staff")

    def grow(n: int) -> None:
        from tests.statements.calls import draft

        for i in range(n):
            draft(partner_staff, invited=[org], title=f"Poziv {i} {len(str(n))}")
            _statement_for_review(partner_staff, other_org_admin, f"Pregled {i} {len(str(n))}")

    admin_client, coordinator_client = client_as(org_admin), client_as(coordinator)
    clients = [admin_client, coordinator_client]
    for client in clients:
        client.get("/en/")  # warm-up
    grow(2)
    few = []
    for client in clients:
        with count_queries() as statements:
            assert client.get("/en/").status_code == 200
        few.append(len(statements))
    grow(10)
    many = []
    for client in clients:
        with count_queries() as statements:
            text = _text(client.get("/en/"))
        many.append(len(statements))
        assert "12 statements" in text
    assert few == many
