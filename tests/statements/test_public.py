"""What readers get: the list of published statements and one statement's page."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from consortium.i18n.text import lat_to_cyr
from consortium.statements import workflow
from consortium.statements.models import StatementRevision, StatementText
from consortium.statements.texts import text_hash
from tests import factories
from tests.statements.calls import BODY, TITLE, draft, published

EN = ("Joint position on returnees", "First paragraph on reintegration.\n\nSecond.\n\nThird.")
SQ = ("Qëndrim i përbashkët për të kthyerit", "Paragrafi i parë.\n\nI dyti.\n\nI treti.")


def _page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def _titles(response) -> list[str]:
    return [h.get_text(strip=True) for h in _page(response).select(".statement-card h2")]


@pytest.fixture
def third_org_admin(app):
    third = factories.OrganisationFactory(slug="ura-demo", name="Qendra Ura", country="AL")
    return factories.UserFactory(
        name="Teuta Third", organisation=third, org_role="org_admin", email="teuta@example.org"
    )


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_published_and_withdrawn_statements_never_drafts(
    db, client_as, staff, org_admin, coordinator
):
    draft(staff, title="Nacrt koji niko ne vidi")
    in_review = draft(staff, title="Stav na pregledu")
    workflow.submit(in_review, actor=staff)
    old = published(staff, org_admin, coordinator, title="Povučeni stav")
    workflow.withdraw_publication(old, "Overtaken by events.", actor=coordinator)
    new = published(staff, org_admin, coordinator, title="Objavljeni stav")

    for person in (None, coordinator, staff):
        response = client_as(person).get("/en/statements/")
        assert _titles(response) == ["Objavljeni stav", "Povučeni stav"]
    cards = _page(client_as().get("/en/statements/")).select(".statement-card")
    assert "Withdrawn" in cards[1].get_text() and "Withdrawn" not in cards[0].get_text()
    assert new.organisation.name in cards[0].get_text()
    assert "1 signatory" in cards[0].get_text()
    assert "Title in Srpski" in cards[0].get_text(), "the title is not in the reader's language"


def test_a_title_in_the_readers_language_carries_no_note(
    db, client_as, staff, org_admin, coordinator
):
    published(staff, org_admin, coordinator, texts={"sr-latn": (TITLE, BODY), "en": EN})
    card = _page(client_as().get("/en/statements/")).select_one(".statement-card")
    assert card.h2.get_text(strip=True) == EN[0] and "Title in" not in card.get_text()
    assert card.h2.a["lang"] == "en"


def test_filters_narrow_the_list(
    db, client_as, staff, org_admin, coordinator, other_org_admin, other_org
):
    pcve = factories.AreaFactory(slug="pcve")
    cyber = factories.AreaFactory(slug="cyber")
    other_staff = factories.UserFactory(organisation=other_org, org_role="staff")
    published(
        staff,
        org_admin,
        coordinator,
        title="Kosovski stav",
        area_ids=(pcve.id,),
        texts={"sr-latn": ("Kosovski stav", BODY), "en": EN},
    )
    published(other_staff, other_org_admin, coordinator, title="Srpski stav", area_ids=(cyber.id,))
    client = client_as()  # an English reader: the Kosovo statement has an English title
    assert _titles(client.get("/en/statements/?area=pcve")) == [EN[0]]
    assert _titles(client.get("/en/statements/?area=cyber")) == ["Srpski stav"]
    assert _titles(client.get("/en/statements/?organisation=bcbp-demo")) == ["Srpski stav"]
    assert _titles(client.get("/en/statements/?country=XK")) == [EN[0]]
    assert _titles(client.get("/en/statements/?country=rs")) == ["Srpski stav"]
    assert _titles(client.get("/en/statements/?language=sr-latn")) == ["Srpski stav", EN[0]]
    assert _titles(client.get("/en/statements/?language=en")) == [EN[0]]
    assert _titles(client.get("/en/statements/?area=cyber&country=XK")) == []
    empty = _page(client.get("/en/statements/?area=cyber&country=XK"))
    assert "No published statement matches these filters." in empty.get_text()
    assert empty.select_one(".empty-state a")["href"] == "/en/statements/"


@pytest.mark.parametrize(
    "query",
    [
        "area=no-such-area",
        "organisation=no-such-org",
        "country=DE",
        "language=de",
        "language=sr",
        "area=%00",
    ],
)
def test_a_filter_that_names_nothing_is_a_404(client_as, org, query):
    factories.AreaFactory(slug="pcve")
    assert client_as().get(f"/en/statements/?{query}").status_code == 404
    assert client_as().get(f"/en/statements/feed.atom?{query}").status_code == 404


def test_an_empty_list_says_why(client_as, org):
    text = _page(client_as().get("/en/statements/")).get_text()
    assert "No statement has been published yet." in text


def test_the_list_pages_by_keyset(db, client_as, staff, org_admin, coordinator):
    for n in range(22):
        published(staff, org_admin, coordinator, title=f"Stav broj {n}")
    client = client_as()
    first = _page(client.get("/en/statements/?country=XK"))
    titles = [h.get_text(strip=True) for h in first.select(".statement-card h2")]
    assert titles == [f"Stav broj {n}" for n in range(21, 1, -1)]
    older = first.find("a", string="Older statements")["href"]
    assert "after=" in older and "country=XK" in older
    second = _page(client.get(older))
    assert [h.get_text(strip=True) for h in second.select(".statement-card h2")] == [
        "Stav broj 1",
        "Stav broj 0",
    ]
    assert second.find("a", string="Older statements") is None
    assert second.find("a", string="Newest statements")["href"] == "/en/statements/?country=XK"
    # A forged cursor only moves the start: never an error page.
    assert client.get("/en/statements/?after=bm9uc2Vuc2U").status_code == 200


def test_list_queries_do_not_grow_with_statements(
    db, client_as, staff, org_admin, coordinator, other_org_admin, count_queries
):
    area = factories.AreaFactory(slug="pcve")

    def grow(n: int) -> None:
        for i in range(n):
            published(
                staff,
                org_admin,
                coordinator,
                title=f"Stav {i}",
                area_ids=(area.id,),
                texts={"sr-latn": (f"Stav {i}", BODY), "en": EN},
                signers=[(other_org_admin, "consortium_only")],
            )

    clients = [client_as(), client_as(org_admin)]
    paths = ["/en/statements/", "/en/statements/?area=pcve", "/en/statements/feed.atom"]
    for client in clients:
        for path in paths:
            client.get(path)  # warm-up
    grow(2)
    few = []
    for client in clients:
        for path in paths:
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            few.append(len(statements))
    grow(8)
    many = []
    for client in clients:
        for path in paths:
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            many.append(len(statements))
    assert few == many


# --- One statement ------------------------------------------------------------------------


def test_the_page_shows_the_published_revision_not_a_later_one(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator)
    # A later revision cannot be made through the services once published; a row added
    # behind their back must still never reach readers.
    later = StatementRevision(
        statement_id=statement.id, number=99, original_hash=text_hash("Later", "Changed.")
    )
    later.texts = [
        StatementText(language="sr-latn", title="Kasnija verzija", body="Izmenjeno.", hash="x")
    ]
    db.session.add(later)
    db.session.flush()
    db.session.expire(statement)
    assert statement.current_revision.number == 99
    page = _page(client_as().get(f"/en/statements/{statement.slug}"))
    assert page.h1.get_text(strip=True) == TITLE
    assert "Prvi pasus o reintegraciji povratnika." in page.select_one(".statement-text").text
    assert "Kasnija verzija" not in page.get_text() and "Izmenjeno" not in page.get_text()


def test_the_readers_language_else_the_fallback_with_a_note(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator, texts={"sr-latn": (TITLE, BODY), "en": EN})
    english = _page(client_as().get(f"/en/statements/{statement.slug}"))
    assert english.h1.get_text(strip=True) == EN[0]
    assert english.select_one(".statement-text")["lang"] == "en"
    assert english.select_one(".content-language") is None
    # Macedonian readers have neither their text nor a neighbour: the original, said so.
    macedonian = _page(client_as(lang="mk").get(f"/mk/statements/{statement.slug}"))
    assert macedonian.h1.get_text(strip=True) == TITLE
    assert macedonian.select_one(".statement-text")["lang"] == "sr-Latn"
    assert "Srpski" in macedonian.select_one(".content-language").get_text()


def test_a_cyrillic_reader_gets_the_latin_text_transliterated(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator)
    page = _page(client_as().get(f"/sr-cyrl/statements/{statement.slug}"))
    assert page.h1.get_text(strip=True) == lat_to_cyr(TITLE)
    assert page.select_one(".statement-text")["lang"] == "sr-Cyrl"
    assert "Srpski" in page.select_one(".content-language").get_text()  # transliterated from


def test_every_language_of_the_text_is_one_click_away(db, client_as, staff, org_admin, coordinator):
    statement = published(
        staff, org_admin, coordinator, texts={"sr-latn": (TITLE, BODY), "en": EN, "sq": SQ}
    )
    client = client_as()
    page = _page(client.get(f"/en/statements/{statement.slug}"))
    links = {a.get_text(strip=True): a["href"] for a in page.select(".statement-languages a")}
    assert set(links) == {"English", "Shqip", "Srpski", "Српски"}
    assert links["Shqip"] == f"/en/statements/{statement.slug}?text=sq"
    albanian = _page(client.get(links["Shqip"]))
    assert albanian.h1.get_text(strip=True) == SQ[0]
    assert albanian.html["lang"] == "en", "the interface stays in the reader's language"
    assert albanian.select_one('.statement-languages a[aria-current="true"]').text == "Shqip"
    assert client.get(f"/en/statements/{statement.slug}?text=xx").status_code == 404


def test_the_page_has_a_permalink_a_canonical_link_and_a_print_stylesheet(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator)
    page = _page(client_as().get(f"/sq/statements/{statement.slug}?text=sr-latn"))
    permalink = f"http://localhost/sq/statements/{statement.slug}"
    assert page.find("link", rel="canonical")["href"] == permalink
    assert page.select_one("a.permalink")["href"] == permalink
    assert page.find("link", href="/static/css/print.css")["media"] == "print"


def test_signatories_appear_as_they_chose(
    db,
    client_as,
    staff,
    org_admin,
    coordinator,
    member,
    loner,
    other_org_admin,
    third_org_admin,
):
    statement = published(
        staff,
        org_admin,
        coordinator,
        signers=[(other_org_admin, "by_country"), (third_org_admin, "consortium_only")],
    )
    path = f"/en/statements/{statement.slug}"
    for outsider in (None, loner):
        section = _page(client_as(outsider).get(path)).select_one(".statement-signatories")
        items = [li.get_text(" ", strip=True) for li in section.select("li")]
        assert items == ["Qendra Kosovare", "A partner organisation from Serbia"]
        assert section.select_one("a")["href"] == "/en/organisations/qkss-demo"
        assert "Beogradski" not in section.get_text() and "Ura" not in section.get_text()
    for insider in (member, coordinator):
        section = _page(client_as(insider).get(path)).select_one(".statement-signatories")
        items = [li.get_text(" ", strip=True) for li in section.select("li")]
        assert items == [
            "Qendra Kosovare",
            "A partner organisation from Serbia",
            "Qendra Ura shown only to the consortium",
        ]
    listed = _page(client_as().get("/en/statements/")).select_one(".statement-card")
    assert "2 signatories" in listed.get_text()
    listed = _page(client_as(member).get("/en/statements/")).select_one(".statement-card")
    assert "3 signatories" in listed.get_text()


def test_json_ld_names_only_organisations_that_appear_by_name(
    db, client_as, staff, org_admin, coordinator, member, other_org_admin, third_org_admin
):
    area = factories.AreaFactory(slug="pcve", names={"en": "P/CVE"})
    partner = factories.OrganisationFactory(slug="jadran", name="Institut Jadran", country="HR")
    partner_admin = factories.UserFactory(organisation=partner, org_role="org_admin")
    statement = published(
        staff,
        org_admin,
        coordinator,
        area_ids=(area.id,),
        signers=[
            (other_org_admin, "by_country"),
            (third_org_admin, "consortium_only"),
            (partner_admin, "by_name"),
        ],
    )
    for person in (None, member):  # the same data for every reader
        page = _page(client_as(person).get(f"/en/statements/{statement.slug}"))
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["name"] == TITLE and data["inLanguage"] == "sr-Latn"
        assert data["url"] == f"http://localhost/en/statements/{statement.slug}"
        assert data["datePublished"].startswith(statement.published_at.date().isoformat())
        assert data["author"]["name"] == "Qendra Kosovare"
        assert [c["name"] for c in data["contributor"]] == ["Institut Jadran"]
        assert data["about"] == [{"@type": "Thing", "name": "P/CVE"}]
        raw = page.find("script", type="application/ld+json").string
        assert "Beogradski" not in raw and "Ura" not in raw


def test_an_author_that_appears_by_country_is_not_named_anywhere_public(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator, appearance="by_country")
    page = _page(client_as().get(f"/en/statements/{statement.slug}"))
    assert "Qendra Kosovare" not in page.select_one("main").get_text()
    assert "A partner organisation from Kosovo" in page.select_one(".statement-facts").text
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert "author" not in data and "Qendra" not in json.dumps(data)
    card = _page(client_as().get("/en/statements/")).select_one(".statement-card")
    assert "Qendra Kosovare" not in card.get_text()
    # Filtering by the organisation must not reveal it either.
    assert _titles(client_as().get("/en/statements/?organisation=qkss-demo")) == []
    assert _titles(client_as().get("/en/statements/?country=XK")) == [TITLE]


def test_an_author_shown_only_to_the_consortium_is_not_found_by_its_country(
    db, client_as, staff, org_admin, coordinator, member
):
    published(staff, org_admin, coordinator, appearance="consortium_only")
    assert _titles(client_as().get("/en/statements/?country=XK")) == []
    assert _titles(client_as().get("/en/statements/?organisation=qkss-demo")) == []
    assert _titles(client_as(member).get("/en/statements/?organisation=qkss-demo")) == [TITLE]
    card = _page(client_as().get("/en/statements/")).select_one(".statement-card")
    assert "A partner organisation of the consortium" in card.get_text()


def test_a_withdrawn_statement_says_so_with_its_reason(
    db, client_as, staff, org_admin, coordinator
):
    statement = published(staff, org_admin, coordinator)
    workflow.withdraw_publication(statement, "Overtaken by events.", actor=coordinator)
    page = _page(client_as().get(f"/en/statements/{statement.slug}"))
    notice = page.select_one(".notice-warning").get_text(" ", strip=True)
    assert "This statement was withdrawn on" in notice and "Overtaken by events." in notice
    assert page.h1.get_text(strip=True) == TITLE, "the text stays readable"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["creativeWorkStatus"] == "Withdrawn"


def test_a_drafts_address_is_unknown_to_visitors_and_outsiders(
    db, client_as, staff, member, loner, other_org_admin
):
    statement = draft(staff)
    path = f"/en/statements/{statement.slug}"
    for person in (None, member, loner, other_org_admin):
        response = client_as(person).get(path)
        assert response.status_code == 404, person
        assert client_as(person).get("/en/statements/no-such-statement").status_code == 404
        assert TITLE.encode() not in response.data
    page = _page(client_as(staff).get(path))
    assert "Draft — not public" in page.select_one(".notice-warning").get_text()
    assert page.h1.get_text(strip=True) == TITLE
    assert page.find("link", rel="canonical") is None
    assert page.find("script", type="application/ld+json") is None


def test_an_invited_organisation_reads_the_draft(db, client_as, staff, other_org, other_org_admin):
    statement = draft(staff, invited=[other_org])
    page = _page(client_as(other_org_admin).get(f"/en/statements/{statement.slug}"))
    assert page.h1.get_text(strip=True) == TITLE
