"""The living style guide: development only, and the palette it shows meets WCAG 2.2 AA."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.core.views import CONTRAST_PAIRS, TYPE_SAMPLES, contrast_ratio, palette
from consortium.i18n.languages import LANGUAGES


@pytest.mark.parametrize("env_name", ["testing", "production"])
def test_the_styleguide_is_not_found_outside_development(app, client, env_name):
    app.config["ENV_NAME"] = env_name
    assert client.get("/en/styleguide").status_code == 404


@pytest.fixture
def development(app):
    app.config["ENV_NAME"] = "development"
    return app


def test_the_styleguide_shows_type_in_all_eight_languages(development, client):
    response = client.get("/sr-cyrl/styleguide")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    samples = soup.select(".sg-samples > div")
    assert len(samples) == len(LANGUAGES) == 8
    for code, language in LANGUAGES.items():
        [sample] = [s for s in samples if s["lang"] == language.bcp47]
        assert sample.select_one("dt").get_text(strip=True) == language.own_name
        assert TYPE_SAMPLES[code] in sample.get_text()
    text = soup.get_text()
    for letters in ("ë", "ç", "đ", "ђ", "ћ", "ѓ", "ќ", "ѕ", "ś"):
        assert letters in text


def test_the_styleguide_shows_every_component(development, client_as, admin):
    soup = BeautifulSoup(
        client_as(admin).get("/en/styleguide").get_data(as_text=True), "html.parser"
    )
    main = soup.select_one("main")
    assert main.select_one("nav.breadcrumbs [aria-current=page]")
    assert {"notice-info", "notice-success", "notice-warning", "notice-error"} <= {
        c for n in main.select(".notice") for c in n["class"]
    }
    assert main.select_one(".empty-state a.button")
    assert main.select(".avatar[role=img][aria-label]")
    assert main.select(".org-logo")
    assert main.select_one("table.stack td[data-label]")
    assert main.select_one(".error-summary")
    assert main.select_one("#email-error")
    assert {"secondary", "danger", "small", "link-button"} <= {
        c for b in main.select("button") for c in b.get("class", [])
    }
    # Every colour token is shown with its value.
    for token, value in palette().items():
        assert f"--{token}" in main.get_text() and value in main.get_text()


def test_contrast_is_computed_as_wcag_says():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_palette_is_read_from_the_stylesheet():
    colours = palette()
    assert colours["brand"].startswith("#") and len(colours["brand"]) == 7
    assert {"ink", "muted", "paper", "brand", "danger", "ok", "warn", "focus"} <= set(colours)


@pytest.mark.parametrize(("fg", "bg", "minimum"), CONTRAST_PAIRS)
def test_every_colour_pair_meets_wcag_aa(fg, bg, minimum):
    colours = palette()
    assert contrast_ratio(colours[fg], colours[bg]) >= minimum, (fg, bg)
