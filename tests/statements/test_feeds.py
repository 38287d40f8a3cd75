"""Atom feeds of published statements: valid Atom, the reader's language, only what is public."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from consortium.i18n.text import lat_to_cyr
from consortium.statements import workflow
from tests import factories
from tests.statements.calls import BODY, TITLE, draft, published

NS = {"atom": "http://www.w3.org/2005/Atom"}
A = "{http://www.w3.org/2005/Atom}"
EN = ("Joint position on returnees", "First **paragraph** on reintegration.\n\nSecond.")


def _feed(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 — the app's own response
    assert root.tag == f"{A}feed"
    return root


def _entry_titles(root: ET.Element) -> list[str]:
    return [e.findtext("atom:title", namespaces=NS) for e in root.findall("atom:entry", NS)]


def test_the_feed_is_valid_atom(db, client_as, staff, org_admin, coordinator):
    area = factories.AreaFactory(slug="pcve", names={"en": "P/CVE"})
    statement = published(staff, org_admin, coordinator, area_ids=(area.id,))
    root = _feed(client_as().get("/en/statements/feed.atom"))
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author (here on
    # the feed and on every entry); a self link.
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"atom:{name}", NS)) == 1, name
    assert root.findtext("atom:id", namespaces=NS) == "http://localhost/en/statements/feed.atom"
    assert root.find("atom:author/atom:name", NS).text == "Consortium"
    links = {link.get("rel"): link.get("href") for link in root.findall("atom:link", NS)}
    assert links["self"] == "http://localhost/en/statements/feed.atom"
    assert links["alternate"] == "http://localhost/en/statements/"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    (entry,) = root.findall("atom:entry", NS)
    for name in ("id", "title", "updated", "published", "summary"):
        assert len(entry.findall(f"atom:{name}", NS)) == 1, name
    date = statement.published_at.date().isoformat()
    assert entry.findtext("atom:id", namespaces=NS) == f"tag:localhost,{date}:statement-1"
    assert entry.findtext("atom:title", namespaces=NS) == TITLE
    assert entry.findtext("atom:updated", namespaces=NS).startswith(date)
    assert entry.findtext("atom:summary", namespaces=NS) == "Prvi pasus o reintegraciji povratnika."
    link = entry.find("atom:link", NS)
    assert link.get("href") == f"http://localhost/en/statements/{statement.slug}"
    # feedgen 1.0 drops the entry link's other attributes (lkiesow/python-feedgen#135); a
    # link without rel is rel="alternate" (RFC 4287 4.2.7.2), so the feed stays valid.
    assert link.get("rel", "alternate") == "alternate"
    assert entry.find("atom:author/atom:name", NS).text == "Qendra Kosovare"
    assert (
        entry.find("atom:author/atom:uri", NS).text == "http://localhost/en/organisations/qkss-demo"
    )
    assert entry.find("atom:category", NS).attrib == {"term": "pcve", "label": "P/CVE"}


def test_an_empty_feed_is_still_valid(client_as, org):
    root = _feed(client_as().get("/en/statements/feed.atom"))
    assert root.findtext("atom:updated", namespaces=NS)
    assert root.findall("atom:entry", NS) == []


def test_only_published_statements_are_in_the_feed(db, client_as, staff, org_admin, coordinator):
    draft(staff, title="Nacrt koji niko ne vidi")
    approved = draft(staff, title="Odobreni stav")
    from tests.statements.calls import decide, sign

    sign(approved, org_admin)
    workflow.submit(approved, actor=staff)
    decide(approved, coordinator)
    gone = published(staff, org_admin, coordinator, title="Povučeni stav")
    workflow.withdraw_publication(gone, "Overtaken by events.", actor=coordinator)
    published(staff, org_admin, coordinator, title="Objavljeni stav")
    for person in (None, coordinator, staff):
        root = _feed(client_as(person).get("/en/statements/feed.atom"))
        assert _entry_titles(root) == ["Objavljeni stav"]


def test_entries_are_in_the_readers_language(db, client_as, staff, org_admin, coordinator):
    published(staff, org_admin, coordinator, texts={"sr-latn": (TITLE, BODY), "en": EN})
    english = _feed(client_as().get("/en/statements/feed.atom"))
    assert _entry_titles(english) == [EN[0]]
    entry = english.find("atom:entry", NS)
    assert entry.findtext("atom:summary", namespaces=NS) == "First paragraph on reintegration."
    cyrillic = _feed(client_as().get("/sr-cyrl/statements/feed.atom"))
    assert _entry_titles(cyrillic) == [lat_to_cyr(TITLE)]
    assert (
        cyrillic.find("atom:entry/atom:link", NS)
        .get("href")
        .startswith("http://localhost/sr-cyrl/statements/")
    )
    # The same entry in every language's feed.
    assert english.findtext("atom:entry/atom:id", namespaces=NS) == cyrillic.findtext(
        "atom:entry/atom:id", namespaces=NS
    )


def test_the_area_and_organisation_feeds_narrow(
    db, client_as, staff, org_admin, coordinator, other_org, other_org_admin
):
    pcve = factories.AreaFactory(slug="pcve", names={"en": "P/CVE"})
    cyber = factories.AreaFactory(slug="cyber")
    other_staff = factories.UserFactory(organisation=other_org, org_role="staff")
    published(staff, org_admin, coordinator, title="Kosovski stav", area_ids=(pcve.id,))
    published(other_staff, other_org_admin, coordinator, title="Srpski stav", area_ids=(cyber.id,))
    client = client_as()
    area = _feed(client.get("/en/statements/areas/pcve/feed.atom"))
    assert _entry_titles(area) == ["Kosovski stav"]
    assert area.findtext("atom:title", namespaces=NS) == "Joint statements · P/CVE"
    assert area.findtext("atom:id", namespaces=NS) == (
        "http://localhost/en/statements/areas/pcve/feed.atom"
    )
    organisation = _feed(client.get("/en/statements/feed.atom?organisation=bcbp-demo"))
    assert _entry_titles(organisation) == ["Srpski stav"]
    assert organisation.findtext("atom:title", namespaces=NS) == (
        "Joint statements · Beogradski centar"
    )
    assert organisation.findtext("atom:id", namespaces=NS) == (
        "http://localhost/en/statements/feed.atom?organisation=bcbp-demo"
    )
    assert _entry_titles(_feed(client.get("/en/statements/feed.atom?country=XK"))) == [
        "Kosovski stav"
    ]
    assert client.get("/en/statements/areas/no-such-area/feed.atom").status_code == 404
    assert client.get("/en/statements/feed.atom?organisation=nobody").status_code == 404


@pytest.mark.parametrize("appearance", ["consortium_only", "by_country"])
def test_a_hidden_author_is_not_named_in_the_feed(
    db, client_as, staff, org_admin, coordinator, appearance
):
    published(staff, org_admin, coordinator, appearance=appearance)
    response = client_as(org_admin).get("/en/statements/feed.atom")
    root = _feed(response)
    assert b"Qendra Kosovare" not in response.data and b"qkss-demo" not in response.data
    author = root.find("atom:entry/atom:author", NS)
    assert author.find("atom:uri", NS) is None
    assert author.findtext("atom:name", namespaces=NS) in (
        "A partner organisation of the consortium",
        "A partner organisation from Kosovo",
    )
    # Nor found through the organisation's feed.
    organisation = _feed(client_as().get("/en/statements/feed.atom?organisation=qkss-demo"))
    assert _entry_titles(organisation) == []


def test_a_statement_slug_never_takes_the_feeds_address(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator, title="Feed")
    assert statement.slug == "feed"
    client = client_as()
    assert client.get("/en/statements/feed").mimetype == "text/html"
    assert _entry_titles(_feed(client.get("/en/statements/feed.atom"))) == ["Feed"]


def test_the_list_links_its_feed(db, client_as, staff, org_admin, coordinator):
    factories.AreaFactory(slug="pcve")
    client = client_as()
    page = BeautifulSoup(client.get("/en/statements/").data, "html.parser")
    link = page.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "/en/statements/feed.atom"
    page = BeautifulSoup(client.get("/en/statements/?area=pcve").data, "html.parser")
    link = page.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "/en/statements/areas/pcve/feed.atom"
    page = BeautifulSoup(client.get("/en/statements/?country=XK&area=pcve").data, "html.parser")
    link = page.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "/en/statements/feed.atom?area=pcve&country=XK"
    assert _feed(client.get(link["href"])) is not None
