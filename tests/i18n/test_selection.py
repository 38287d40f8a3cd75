"""Which language a page comes in, and how pages link their other languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from flask_babel import format_datetime, format_decimal, ngettext

from consortium.i18n import current_language, in_language
from consortium.i18n.languages import LANGUAGES, negotiate


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sr-Latn-RS,sr;q=0.9,en;q=0.5", "sr-latn"),
        ("sr-ME", "cnr"),
        ("sr-Latn-ME", "cnr"),
        ("cnr", "cnr"),
        ("sr", "sr-cyrl"),
        ("sr-Cyrl-RS", "sr-cyrl"),
        ("mk-MK,mk;q=0.9", "mk"),
        ("sq-XK", "sq"),
        ("bs-BA", "bs"),
        ("hr-HR,en;q=0.8", "hr"),
        ("de-DE,fr;q=0.9", None),
        ("de-DE,hr;q=0.3,en;q=0.5", "en"),
        ("", None),
        ("garbage;;q=x,,", None),
        ("hr;q=1.0,sq", "hr"),  # an explicit q=1 ties with the default: the first one wins
        ("sq;q=abc,hr", "hr"),  # an unreadable weight counts as 0
        ("sq;q=0", None),  # q=0 means "not this one"
        ("sq;q=0,hr;q=0.1", "hr"),
        ("cnr-Latn", "cnr"),  # Babel reads cnr as Serbian; the tag says Montenegrin
        ("cnr-Cyrl", "cnr"),
    ],
)
def test_accept_language_negotiation(header, expected):
    assert negotiate(header) == expected


def test_root_follows_the_browser(client):
    response = client.get("/", headers={"Accept-Language": "sr-Latn-RS,sr;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sr-latn/"


def test_root_defaults_to_english(client):
    assert client.get("/").headers["Location"] == "/en/"


def test_root_remembers_the_last_choice_over_the_browser(client):
    client.get("/mk/organisations/")
    response = client.get("/", headers={"Accept-Language": "hr"})
    assert response.headers["Location"] == "/mk/"


def test_root_prefers_the_account_language(client_as, member, db):
    member.language = "sq"
    db.session.commit()
    client = client_as(member)
    client.get("/hr/")
    assert client.get("/", headers={"Accept-Language": "mk"}).headers["Location"] == "/sq/"


@pytest.mark.parametrize("path", ["/de/", "/xx/organisations/", "/sr/", "/en-GB/login"])
def test_unknown_language_is_404_not_500(client, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_page_says_its_language_and_links_the_others(client, code):
    soup = _soup(client.get(f"/{code}/organisations/"))
    assert soup.html["lang"] == LANGUAGES[code].bcp47
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        lang.bcp47: f"/{other}/organisations/" for other, lang in LANGUAGES.items()
    }
    switcher = soup.select(".language-switcher a")
    assert [a.get_text() for a in switcher] == [
        "English",
        "Shqip",
        "Srpski",
        "Српски",
        "Македонски",
        "Bosanski",
        "Hrvatski",
        "Crnogorski",
    ]
    current = soup.select('.language-switcher a[aria-current="true"]')
    assert [a.get_text() for a in current] == [LANGUAGES[code].own_name]


def test_switcher_keeps_the_page_and_its_filters(client, org):
    soup = _soup(client.get("/en/organisations/?country=XK"))
    link = soup.select_one('.language-switcher a[hreflang="sr-Cyrl"]')
    assert link["href"] == "/sr-cyrl/organisations/?country=XK"


def test_montenegrin_is_called_crnogorski_not_serbian(client):
    soup = _soup(client.get("/cnr/"))
    assert soup.html["lang"] == "cnr"
    assert "Crnogorski" in soup.select_one(".language-switcher").get_text()


def test_error_pages_come_in_the_readers_language(client):
    english = _soup(client.get("/en/nothing-here")).select_one("h1").get_text()
    albanian = _soup(client.get("/sq/nothing-here")).select_one("h1").get_text()
    assert english != albanian


def test_an_error_page_deep_under_a_language_prefix_is_in_that_language(client):
    albanian = _soup(client.get("/sq/nothing-here")).select_one("h1").get_text()
    soup = _soup(client.get("/sq/no/such/page", headers={"Accept-Language": "en"}))
    assert soup.html["lang"] == "sq"
    assert soup.select_one("h1").get_text() == albanian


@pytest.mark.parametrize("code", ["de", "", None])
def test_a_mail_for_an_unknown_language_is_written_in_english(app, code):
    """A recipient whose stored language is not (or no longer) offered reads English."""
    with app.test_request_context(), in_language(code):
        assert current_language().code == "en"
        assert ngettext("%(num)d organisation", "%(num)d organisations", 2) == "2 organisations"


@pytest.mark.parametrize(
    ("code", "count", "expected"),
    [
        ("en", 1, "1 organisation"),
        ("en", 21, "21 organisations"),
        ("mk", 21, None),  # 21 is singular in Macedonian: same form as 1
        ("hr", 21, None),  # 21 takes the "one" form in BCMS
    ],
)
def test_plural_forms_follow_cldr(app, code, count, expected):
    with app.test_request_context(), in_language(code):
        text = ngettext("%(num)d organisation", "%(num)d organisations", count)
        if expected:
            assert text == expected
        else:
            one = ngettext("%(num)d organisation", "%(num)d organisations", 1)
            assert text == one.replace("1", str(count))


def test_bcms_have_three_plural_forms(app):
    with app.test_request_context(), in_language("sr-latn"):
        forms = {n: ngettext("%(num)d organisation", "%(num)d organisations", n) for n in (2, 5)}
    assert forms[2].replace("2", "") != forms[5].replace("5", "")


def test_dates_and_numbers_follow_the_locale(app):
    moment = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    with app.test_request_context():
        results = {}
        for code in ("en", "sr-cyrl", "sq", "hr"):
            with in_language(code):
                results[code] = (format_datetime(moment, "long"), format_decimal(1234.5))
    assert "March" in results["en"][0]
    assert "март" in results["sr-cyrl"][0]
    assert "mars" in results["sq"][0]
    assert "ožujka" in results["hr"][0]
    assert results["en"][1] == "1,234.5"
    assert results["hr"][1] == "1.234,5"


def test_the_language_switcher_on_a_form_error_page_leads_to_that_page(client_as, member):
    """A form sent back with errors from a POST-only address: switching language shows the
    page the form is on, never a 405."""
    client = client_as(member)
    response = client.post(
        "/sq/account/password", data={"current": "x", "password": "y", "confirm": "z"}
    )
    links = BeautifulSoup(response.data, "html.parser").select("a[hreflang]")
    hrefs = {a["hreflang"]: a["href"] for a in links}
    assert hrefs["en"] == "/en/account" and hrefs["sq"] == "/sq/account"
    assert client.get(hrefs["en"]).status_code == 200


def test_the_switcher_after_a_failed_invitation_stays_on_the_people_page(client_as, org, org_admin):
    client = client_as(org_admin)
    response = client.post(
        f"/hr/organisations/{org.slug}/people/invite",
        data={"email": "not an address", "role": "member", "language": "hr"},
    )
    assert response.status_code == 400
    hrefs = {
        a["hreflang"]: a["href"]
        for a in BeautifulSoup(response.data, "html.parser").select("a[hreflang]")
    }
    assert hrefs["sq"] == f"/sq/organisations/{org.slug}/people"
    assert client.get(hrefs["sq"]).status_code == 200


def test_the_old_serbo_croatian_tag_means_serbian_latin():
    assert negotiate("sh-RS,en;q=0.5") == "sr-latn"


@pytest.mark.parametrize("code", ["en", "sr-cyrl"])
def test_the_stylesheet_and_images_are_the_same_in_every_language(client, code):
    """Only addresses that take a language get one: assets are fetched and cached once."""
    soup = _soup(client.get(f"/{code}/"))
    assets = [link["href"] for link in soup.select("link[rel=stylesheet], link[rel=icon]")]
    assets += [img["src"] for img in soup.select("img")]
    assert "/static/css/site.css" in assets
    assert all(url.startswith("/static/") and "?" not in url for url in assets), assets


def test_the_language_choice_is_kept_once_not_rewritten_on_every_page(client):
    """The session cookie changes when the language does, so pages read in one language
    carry no Set-Cookie (which would also keep shared caches from storing them)."""
    assert client.get("/sq/organisations/").headers.getlist("Set-Cookie")
    assert not client.get("/sq/organisations/").headers.getlist("Set-Cookie")
    assert not client.get("/sq/").headers.getlist("Set-Cookie")
    assert client.get("/hr/").headers.getlist("Set-Cookie")
