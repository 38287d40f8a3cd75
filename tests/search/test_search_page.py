"""The site-wide search page: what each person finds, across scripts, typos and kinds.

Pages are fetched through the real client and read as HTML, the way a reader sees them.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.db import db
from consortium.organisations.models import Organisation
from consortium.searchindex.models import SearchDocument
from consortium.statements import services as statement_services
from consortium.statements import workflow
from consortium.statements.schemas import DraftEdit, TextInput
from tests import factories
from tests.organisations import calls as org_calls
from tests.statements import calls

DRAFT = "Tajni nacrt o povratnicima"
PUBLISHED = "Javni stav o povratnicima"


def _page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _titles(response, kind: str | None = None) -> list[str]:
    """The result titles on the page (of one kind's group, if given)."""
    page = _page(response)
    scope = page.select_one(f"#results-{kind}" if kind else "main")
    if scope is None:
        return []
    if kind:
        scope = scope.parent
    return [a.get_text(strip=True) for a in scope.select(".search-results h3 a")]


def _main_text(response) -> str:
    return " ".join(_page(response).select_one("main").get_text(" ").split())


def _org(**fields):
    organisation = factories.OrganisationFactory(**fields)
    db.session.commit()
    return organisation


# --- Who finds what ----------------------------------------------------------------------


@pytest.fixture
def statements(staff, org_admin, coordinator, other_org):
    """A draft of the Kosovo organisation (nobody invited) and a published statement."""
    draft = calls.draft(staff, title=DRAFT)
    published = calls.published(staff, org_admin, coordinator, title=PUBLISHED)
    db.session.commit()
    return draft, published


@pytest.fixture
def other_staff(other_org):
    return factories.UserFactory(
        name="Stefan Other-Staff", organisation=other_org, org_role="staff"
    )


@pytest.mark.parametrize(
    ("persona", "sees_draft"),
    [
        ("visitor", False),
        ("member", False),
        ("staff", True),  # of the author organisation
        ("org_admin", True),
        ("other_staff", False),  # of an organisation that was not invited
        ("other_org_admin", False),
        ("coordinator", True),
        ("admin", True),
        ("loner", False),
    ],
)
def test_a_draft_is_found_only_by_those_who_may_read_it(
    request, client_as, statements, persona, sees_draft
):
    user = None if persona == "visitor" else request.getfixturevalue(persona)
    response = client_as(user).get("/en/search?q=povratnicima")
    titles = _titles(response, "statement")
    assert PUBLISHED in titles
    assert (DRAFT in titles) is sees_draft
    assert (DRAFT in response.get_data(as_text=True)) is sees_draft
    draft, _ = statements
    assert (f"/en/statements/{draft.slug}" in response.get_data(as_text=True)) is sees_draft


def test_an_invited_organisations_staff_finds_the_draft(client_as, staff, other_org, other_staff):
    calls.draft(staff, title=DRAFT, invited=[other_org])
    db.session.commit()
    assert _titles(client_as(other_staff).get("/en/search?q=tajni"), "statement") == [DRAFT]


def test_a_draft_found_by_its_latest_text_and_invitations(
    client_as, staff, other_org, other_staff, coordinator
):
    """Saving a draft rewrites its document: the new title is found, the old one not, and a
    newly invited organisation's staff find it."""
    draft = calls.draft(staff, title=DRAFT)
    calls.save(draft, staff, {"sr-latn": ("Obnovljeni nacrt o reintegraciji", calls.BODY)})
    db.session.commit()
    client = client_as(coordinator)
    assert _titles(client.get("/en/search?q=reintegraciji"), "statement") == [
        "Obnovljeni nacrt o reintegraciji"
    ]
    assert _titles(client.get("/en/search?q=tajni"), "statement") == []
    assert _titles(client_as(other_staff).get("/en/search?q=obnovljeni")) == []
    statement_services.save_draft(
        draft,
        DraftEdit(
            seen_revision=draft.revision_number,
            texts={"sr-latn": TextInput("Obnovljeni nacrt o reintegraciji", calls.BODY)},
            invited_ids=(other_org.id,),
        ),
        actor=staff,
    )
    db.session.commit()
    assert _titles(client_as(other_staff).get("/en/search?q=obnovljeni"), "statement") == [
        "Obnovljeni nacrt o reintegraciji"
    ]


def test_a_published_statement_is_found_by_everyone_in_the_readers_language(
    client_as, staff, org_admin, coordinator
):
    calls.published(
        staff,
        org_admin,
        coordinator,
        texts={
            "sr-latn": (PUBLISHED, calls.BODY),
            "en": ("A public position on returnees", "First.\n\nSecond.\n\nThird."),
        },
    )
    db.session.commit()
    assert _titles(client_as(None).get("/en/search?q=povratnicima"), "statement") == [
        "A public position on returnees"
    ]
    assert _titles(client_as(None).get("/sr-latn/search?q=returnees"), "statement") == [PUBLISHED]
    assert _titles(client_as(None).get("/sr-cyrl/search?q=returnees"), "statement") == [
        "Јавни став о повратницима"
    ]


def test_a_withdrawn_statement_stays_public(client_as, staff, org_admin, coordinator):
    statement = calls.published(staff, org_admin, coordinator, title=PUBLISHED)
    workflow.withdraw_publication(statement, "Overtaken by events.", actor=coordinator)
    db.session.commit()
    response = client_as(None).get("/en/search?q=javni")
    assert _titles(response, "statement") == [PUBLISHED]
    assert "Withdrawn" in _main_text(response)


# --- Scripts, diacritics, prefixes and typos -----------------------------------------------


@pytest.fixture
def partners(db):
    return {
        "belgrade": _org(
            slug="bg", name="Београдски центар за људска права", original_language="sr-cyrl"
        ),
        "kosova": _org(slug="kws", name="Rrjeti i Grave të Kosovës", country="AL"),
        "kosove": _org(slug="ikd", name="Instituti Kosovë për Drejtësi", country="AL"),
        "kosovo": _org(slug="kf", name="Kosovo Foundation for Open Society", country="AL"),
        "kosova2": _org(slug="kv", name="Kosova Democratic Institute", country="AL"),
        "djordjevic": _org(slug="fd", name="Fondacija Đorđević", country="RS"),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Beograd", ["Београдски центар за људска права"]),
        ("beogradski centar", ["Београдски центар за људска права"]),
        ("Kosove", ["Instituti Kosovë për Drejtësi", "Rrjeti i Grave të Kosovës"]),
        ("Kosova", ["Kosova Democratic Institute"]),
        ("djordjevic", ["Fondacija Đorđević"]),
        ("Ђорђевић", ["Fondacija Đorđević"]),
    ],
)
def test_search_is_script_and_diacritic_blind(client, partners, q, expected):
    assert sorted(_titles(client.get("/en/search", query_string={"q": q}), "organisation")) == (
        sorted(expected)
    )


def test_a_prefix_finds_every_spelling(client, partners):
    titles = _titles(client.get("/en/search?q=kos"), "organisation")
    assert sorted(titles) == sorted(
        [
            "Rrjeti i Grave të Kosovës",
            "Instituti Kosovë për Drejtësi",
            "Kosovo Foundation for Open Society",
            "Kosova Democratic Institute",
        ]
    )


def test_a_typo_finds_the_name_and_says_so(client, partners):
    response = client.get("/en/search?q=djordjevik")
    assert _titles(response, "organisation") == ["Fondacija Đorđević"]
    assert "No exact matches; showing close spellings." in _main_text(response)
    exact = client.get("/en/search?q=djordjevic")
    assert "close spellings" not in _main_text(exact)


def test_one_query_finds_both_kinds_across_scripts(
    client_as, partners, staff, org_admin, coordinator
):
    calls.published(
        staff, org_admin, coordinator, language="sr-cyrl", title="Став о Београду", body="Текст."
    )
    db.session.commit()
    response = client_as(None).get("/en/search?q=Beograd")
    assert _titles(response, "organisation") == ["Београдски центар за људска права"]
    assert _titles(response, "statement") == ["Став о Београду"]
    page = _page(response)
    headings = [h.get_text(" ", strip=True) for h in page.select(".search-group h2")]
    assert headings[0].startswith("Organisations") and headings[1].startswith("Statements")


def test_a_result_shows_summary_and_meta_in_the_readers_language(client, db):
    _org(
        slug="ura",
        name="Qendra Ura",
        name_translations={"en": "Bridge Centre"},
        original_language="sq",
        country="XK",
        city="Prishtinë",
        description={"sq": "Punojmë për riintegrimin.", "en": "We work on reintegration."},
    )
    page = _page(client.get("/en/search?q=ura"))
    item = page.select_one(".search-results li")
    assert item.select_one("h3 a").get_text(strip=True) == "Bridge Centre"
    assert item.select_one("h3 a")["href"] == "/en/organisations/ura"
    text = " ".join(item.get_text(" ").split())
    assert "We work on reintegration." in text
    assert "Prishtinë, Kosovo" in text
    sq = _page(client.get("/sq/search?q=bridge")).select_one(".search-results li")
    assert sq.select_one("h3 a").get_text(strip=True) == "Qendra Ura"
    assert "Punojmë për riintegrimin." in sq.get_text(" ")


# --- The page around the results -------------------------------------------------------------


def test_without_a_query_the_page_explains_itself(client):
    response = client.get("/en/search")
    page = _page(response)
    label = page.select_one("form[role=search] label")
    assert label is not None and label["for"] == "q"
    assert page.select_one("input#q")["type"] == "search"
    assert page.select_one("form[role=search]")["method"] == "get"
    assert "What are you looking for?" in _main_text(response)
    assert page.select(".search-results") == []


def test_nothing_found_says_why_and_offers_a_way_on(client, partners):
    response = client.get("/en/search?q=Zagreb")
    text = _main_text(response)
    assert "Nothing found for “Zagreb”." in text
    assert "Check the spelling" in text
    links = [a["href"] for a in _page(response).select(".empty-state a")]
    assert "/en/organisations/" in links and "/en/statements/" in links


def test_a_query_too_long_is_refused_with_a_message(client):
    response = client.get("/en/search", query_string={"q": "x" * 201})
    assert "Use at most 200 characters." in _main_text(response)


def test_an_unknown_kind_is_not_found(client):
    assert client.get("/en/search?q=kos&kind=nothing").status_code == 404


def test_more_results_link_to_the_directory_and_counts(client, db):
    for n in range(7):
        factories.OrganisationFactory(slug=f"mreza-{n}", name=f"Mreža {n}")
    db.session.commit()
    page = _page(client.get("/en/search?q=mreza"))
    assert len(page.select("#results-organisation ~ .search-results li")) == 5
    more = page.select_one(".search-group a[href^='/en/organisations/?q=']")
    assert more is not None and "See all 7 results" in more.get_text(" ")


def test_statements_link_to_their_own_longer_list(client_as, staff, org_admin, coordinator):
    for n in range(6):
        calls.published(staff, org_admin, coordinator, title=f"Stav broj {n} o miru")
    db.session.commit()
    client = client_as(None)
    page = _page(client.get("/en/search?q=miru"))
    more = page.select_one(".search-group a[href*='kind=statement']")
    assert more is not None and "See all 6 results" in more.get_text(" ")
    assert len(_titles(client.get(more["href"]))) == 6


def test_the_search_page_is_in_the_main_menu(client):
    page = _page(client.get("/en/"))
    assert "/en/search" in [a["href"] for a in page.select("nav.main-nav a")]


# --- Cost, the directory, the rebuild --------------------------------------------------------


def test_the_page_costs_the_same_few_queries_with_3_or_12_results(
    client_as, coordinator, staff, org_admin, count_queries
):
    def grow(n: int) -> None:
        for _ in range(n):
            factories.OrganisationFactory(name="Mreža za mir")
            calls.published(staff, org_admin, coordinator, title="Stav mreže za mir")
        db.session.commit()

    clients = [client_as(None), client_as(coordinator)]
    for client in clients:
        client.get("/en/search?q=mir")  # warm-up
    grow(3)
    few = []
    for client in clients:
        with count_queries() as statements:
            assert len(_titles(client.get("/en/search?q=mir"))) == 6
        few.append(len(statements))
    grow(9)
    many = []
    for client in clients:
        with count_queries() as statements:
            assert len(_titles(client.get("/en/search?q=mir"))) == 10
        many.append(len(statements))
    assert few == many


def test_the_directory_finds_an_edited_organisation_by_its_new_name(client, coordinator):
    organisation = org_calls.create(
        actor=coordinator, slug="stari", name="Stari naziv", country="RS"
    )
    db.session.commit()
    assert "Stari naziv" in client.get("/en/organisations/?q=stari").get_data(as_text=True)
    org_calls.update(
        organisation,
        actor=coordinator,
        seen_version=organisation.version,
        name="Novo ime",
        country="RS",
    )
    db.session.commit()
    found = client.get("/en/organisations/?q=novo").get_data(as_text=True)
    assert "Novo ime" in found
    gone = client.get("/en/organisations/?q=stari").get_data(as_text=True)
    assert "Novo ime" not in gone and "No organisation matches these filters." in gone


def test_the_directory_forgives_a_typo(client, partners):
    found = client.get("/en/organisations/?q=djordjevik").get_data(as_text=True)
    assert "Fondacija Đorđević" in found


def test_rebuild_restores_a_wiped_index(app, client, partners, staff, org_admin, coordinator):
    calls.published(staff, org_admin, coordinator, title=PUBLISHED)
    db.session.commit()
    db.session.execute(db.delete(SearchDocument))
    db.session.commit()
    assert _titles(client.get("/en/search?q=beograd")) == []
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    organisations = db.session.scalar(db.select(db.func.count(Organisation.id)))
    assert f"organisation: {organisations}" in result.output
    assert "statement: 1" in result.output
    assert _titles(client.get("/en/search?q=beograd")) == ["Београдски центар за људска права"]
    assert _titles(client.get("/en/search?q=javni")) == [PUBLISHED]


def test_the_query_is_shown_escaped(client):
    body = client.get("/en/search", query_string={"q": "<script>alert(1)</script>"}).get_data(
        as_text=True
    )
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)" in body
