"""The footer's pages as readers get them: every page in every language, stored texts,
fallback, the footer entries, and what a stored text can never smuggle into the page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask_babel import gettext
from flask_login import AnonymousUserMixin

from consortium.core import registry
from consortium.core.actors import SYSTEM
from consortium.i18n import in_language
from consortium.i18n.languages import LANGUAGES
from consortium.pages import defaults, services
from consortium.pages.schemas import SLUGS


def _page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text_block(soup: BeautifulSoup):
    block = soup.select_one("main .page-text")
    assert block is not None, "the page's text is in main .page-text"
    return block


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_answers_in_each_language_with_its_own_title(client, slug, language):
    soup = _page(client.get(f"/{language}/pages/{slug}"))
    shipped = defaults.shipped()[slug][language]
    block = _text_block(soup)
    assert block["lang"] == LANGUAGES[language].bcp47
    assert block.select_one("h1").get_text(strip=True) == shipped.title
    assert soup.title.get_text().startswith(shipped.title)
    assert soup.select_one("main .content-language") is None  # shown in the reader's language
    assert soup.select("main h1") == [block.select_one("h1")]  # one h1: the page's title
    assert block.find(["h2", "p", "li"]) is not None  # the body, rendered


def test_the_pages_have_different_titles_in_each_language(app):
    for slug in SLUGS:
        titles = {code: text.title for code, text in defaults.shipped()[slug].items()}
        # Neighbours may share a word (Kontakt, Контакт); nobody gets the English title,
        # and Albanian shares none.
        for code in ("en", "sq"):
            others = [t for c, t in titles.items() if c != code]
            assert titles[code] not in others, (slug, code, titles)


@pytest.mark.parametrize("path", ["/en/pages/imprint", "/en/pages/About", "/sq/pages/"])
def test_an_unknown_page_is_404(client, path):
    assert client.get(path).status_code == 404


def test_a_stored_text_overrides_the_shipped_one(client, admin):
    services.save_page(
        "privacy", "sq", "Deklarata e privatësisë", "## E re\n\nTeksti i ri.", actor=admin
    )
    soup = _page(client.get("/sq/pages/privacy"))
    block = _text_block(soup)
    assert block.select_one("h1").get_text(strip=True) == "Deklarata e privatësisë"
    assert block.select_one("h2").get_text(strip=True) == "E re"
    assert soup.select_one("main .meta") is not None  # when it was last edited
    english = _text_block(_page(client.get("/en/pages/privacy")))
    assert english.select_one("h1").get_text(strip=True) == "Privacy"


def test_a_reader_without_a_text_in_their_language_is_told_which_one_they_read(client, monkeypatch):
    shipped = {slug: dict(texts) for slug, texts in defaults.shipped().items()}
    del shipped["about"]["bs"]
    monkeypatch.setattr(defaults, "shipped", lambda: shipped)
    soup = _page(client.get("/bs/pages/about"))
    block = _text_block(soup)
    assert block["lang"] == "hr"
    assert block.select_one("h1").get_text(strip=True) == shipped["about"]["hr"].title
    with in_language("bs"):
        notice = gettext(
            "Not yet translated into your language; shown in %(language)s.", language="Hrvatski"
        )
    assert soup.select_one("main .content-language").get_text(strip=True) == notice


def test_serbian_cyrillic_readers_get_a_stored_latin_text_transliterated(client, admin):
    services.save_page("about", "sr-latn", "O nama", "Novi tekst.", actor=admin)
    soup = _page(client.get("/sr-cyrl/pages/about"))
    block = _text_block(soup)
    assert block["lang"] == "sr-Cyrl"
    assert block.select_one("h1").get_text(strip=True) == "О нама"
    assert soup.select_one("main .content-language") is not None  # "transliterated from …"


def test_a_stored_text_cannot_inject_html(client):
    services.save_page(
        "contact",
        "en",
        "Contact <script>alert(1)</script>",
        "<script>alert('x')</script>\n\n"
        "[click](javascript:alert(1))\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        '<a href="javascript:alert(2)" onclick="alert(3)">raw link</a>\n\n'
        "[safe](https://example.org)",
        actor=SYSTEM,
    )
    response = client.get("/en/pages/contact")
    soup = _page(response)
    main = soup.select_one("main")
    assert main.find(["script", "img", "iframe"]) is None
    assert not [a for tag in main.find_all(True) for a in tag.attrs if a.startswith("on")]
    hrefs = [a.get("href") for a in main.find_all("a", href=True)]
    assert hrefs == ["https://example.org"]
    assert main.find("a", href=True)["rel"] == ["nofollow", "noopener"]
    assert "<script>" not in response.get_data(as_text=True)
    # What was typed is shown as text, so the editor sees what they wrote.
    assert "<script>alert(1)</script>" in main.select_one("h1").get_text()


def test_the_footer_lists_the_four_pages_for_everyone(app, admin):
    with app.test_request_context("/en/"):
        for user in (AnonymousUserMixin(), admin):
            items = registry.nav_items(user, "footer")
            assert [item.url(user) for item in items] == [
                "/en/pages/about",
                "/en/pages/contact",
                "/en/pages/privacy",
                "/en/pages/accessibility",
                "/en/widgets/",  # the API's part of the footer, for partners' websites
            ]
            assert [str(item.label) for item in items] == [
                "About the consortium",
                "Contact",
                "Privacy",
                "Accessibility",
                "Widgets for your website",
            ]
