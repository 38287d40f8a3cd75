"""The home page: what the consortium is, and what waits for a signed-in person."""

from __future__ import annotations

from bs4 import BeautifulSoup

from consortium.db import utcnow
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
    """The people page and the home page cost the same with 3 or 30 people and partners."""

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
    grow(27)
    many = []
    for client, path in pages:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        many.append(len(statements))
    assert few == many, dict(zip([p for _, p in pages], zip(few, many, strict=True), strict=True))
