"""The partners' menu and the areas every list page filters by are kept by each worker until
the partners' change counter moves (`organisations.changes`): exact at once after a change,
read once per change rather than once per request."""

from __future__ import annotations

from bs4 import BeautifulSoup

from consortium.organisations.models import OrganisationName
from tests import factories


def _options(client, name: str) -> list[str]:
    page = BeautifulSoup(client.get("/en/statements/").get_data(as_text=True), "html.parser")
    return [o.get_text() for o in page.select(f"select[name={name}] option")][1:]


def _reads(statements: list[str], table: str) -> int:
    return sum(1 for s in statements if f"FROM {table}" in s and "change_counters" not in s)


def test_a_new_partner_and_a_renamed_area_show_at_once(db, client):
    area = factories.AreaFactory(slug="border", names={"en": "Border management"})
    factories.OrganisationFactory(name="Centar Alpha")
    db.session.commit()
    assert _options(client, "organisation") == ["Centar Alpha"]
    assert _options(client, "area") == ["Border management"]

    factories.OrganisationFactory(name="Qendra Beta")
    area.names = {"en": "Borders and migration"}
    db.session.commit()
    assert _options(client, "organisation") == ["Centar Alpha", "Qendra Beta"]
    assert _options(client, "area") == ["Borders and migration"]


def test_a_renamed_partner_shows_under_its_new_name(db, client):
    organisation = factories.OrganisationFactory(name="Centar Alpha")
    db.session.commit()
    assert _options(client, "organisation") == ["Centar Alpha"]
    organisation.name = "Centar Gama"
    db.session.commit()
    assert db.session.query(OrganisationName).filter_by(name="Centar Gama").count() > 0
    assert _options(client, "organisation") == ["Centar Gama"]


def test_nothing_changed_nothing_read_again(db, client, count_queries):
    factories.AreaFactory()
    factories.OrganisationFactory()
    db.session.commit()
    client.get("/en/statements/")
    with count_queries() as unchanged:
        client.get("/en/statements/")
    assert _reads(unchanged, "thematic_areas") == 0
    assert _reads(unchanged, "organisations JOIN organisation_names") == 0
    # Positive control: after a change, both are read again, once.
    factories.OrganisationFactory()
    db.session.commit()
    with count_queries() as changed:
        client.get("/en/statements/")
    assert _reads(changed, "thematic_areas") == 1
    assert _reads(changed, "organisations JOIN organisation_names") == 1
