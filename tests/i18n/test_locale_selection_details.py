"""Locale selection at its edges: outside requests, chosen by code, on error pages.

What tests/i18n/test_selection.py leaves open, found by the mutation review
(docs/mutation.md): each test fails if its rule is dropped or changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import g
from flask_babel import force_locale, ngettext

from consortium import create_app
from consortium.i18n import current_language
from consortium.i18n.languages import LANGUAGES, negotiate

SHIPPED = Path(__file__).resolve().parents[2] / "translations"


def _organisations(count: int) -> str:
    return ngettext("%(num)d organisation", "%(num)d organisations", count)


def test_outside_any_request_the_language_is_english(app):
    """The CLI and the mail worker have an app but no request: English, not an error."""
    assert current_language().code == "en"
    assert _organisations(2) == "2 organisations"


def test_a_language_chosen_for_the_request_wins_over_the_browser(app):
    """A request without a language prefix whose language the code chose (as the API does
    from its `lang` parameter) is answered in that language, not the browser's."""
    with app.test_request_context("/", headers={"Accept-Language": "mk"}):
        g.lang = "sq"
        assert current_language().code == "sq"
        assert _organisations(2) == "2 organizata"


def test_a_locale_the_site_does_not_offer_counts_as_english(app):
    """A library that forces another locale (German here) gets English, not a crash."""
    with app.test_request_context("/sq/"), force_locale("de"):
        assert current_language().code == "en"


@pytest.mark.parametrize("path", ["/Xsq/nothing-here", "/XXhr/no/such/page"])
def test_only_a_whole_first_segment_names_the_language_of_an_error_page(client, path):
    """`/Xsq/` is not `/sq/`: the 404 comes in the reader's language (here English)."""
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert BeautifulSoup(response.data, "html.parser").html["lang"] == "en"


def test_the_links_on_an_error_page_stay_in_its_language(client):
    """No route matched `/sq/nothing-here`, yet its menu still leads to Albanian pages."""
    soup = BeautifulSoup(client.get("/sq/nothing-here").data, "html.parser")
    menu = [a["href"] for a in soup.select("nav a[href^='/'], header a[href^='/']")]
    menu = [href for href in menu if not soup.select_one(f'.language-switcher a[href="{href}"]')]
    assert menu and all(href.startswith("/sq/") for href in menu), menu


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sq;level=1;q=0,hr", "hr"),  # the weight after another parameter still counts
        ("sq;v=2;q=0.2,hr;q=0.5", "hr"),
        ("sq;q==1,hr", "hr"),  # a weight that is not a number counts as 0
    ],
)
def test_the_weight_is_read_wherever_it_stands_among_the_parameters(header, expected):
    assert negotiate(header) == expected


def test_a_missing_catalog_says_what_the_site_would_do_without_it(tmp_path):
    """The refusal tells the operator the consequence, not only the missing file."""
    translations = tmp_path / "translations"
    shutil.copytree(SHIPPED, translations)
    (translations / LANGUAGES["mk"].catalog / "LC_MESSAGES" / "messages.mo").unlink()
    with pytest.raises(RuntimeError) as refusal:
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    assert str(refusal.value).endswith("or these languages would be served in English")
