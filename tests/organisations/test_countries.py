"""The seven countries, named and ordered in the reader's language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.i18n import in_language
from consortium.i18n.collation import sort_key
from consortium.i18n.languages import CODES
from consortium.organisations import countries
from consortium.organisations.countries import CODES as COUNTRY_CODES
from tests import factories


@pytest.mark.parametrize("lang", CODES)
def test_the_countries_follow_the_readers_alphabet(app, lang):
    """`choices()` sorts by code point, which ICU is not loaded for: for these names in every
    interface language that order must be CLDR's (a renamed country could break it)."""
    with app.test_request_context(f"/{lang}/"), in_language(lang):
        names = [name for _, name in countries.choices()]
        assert sorted(names, key=sort_key(lang)) == names
        # Positive control: the names are the language's own, not the codes.
        assert set(names).isdisjoint(COUNTRY_CODES)


def test_the_home_page_lists_the_countries_in_the_readers_alphabet(client, db):
    for number, code in enumerate(COUNTRY_CODES):
        factories.OrganisationFactory(slug=f"partner-{number}", country=code)
    db.session.commit()
    page = BeautifulSoup(client.get("/sq/").data, "html.parser")
    shown = [li.a.get_text(strip=True) for li in page.select("ul.partners li")]
    # Albania (AL) is Shqipëri: last in Albanian, first by code.
    assert shown == [
        "Bosnjë-Hercegovinë",
        "Kosovë",
        "Kroaci",
        "Mal i Zi",
        "Maqedonia e Veriut",
        "Serbi",
        "Shqipëri",
    ]
