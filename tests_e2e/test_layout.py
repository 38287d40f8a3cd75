"""The header on a phone and on a desktop, in a real browser.

On a phone (360 px) the header is one bar, the logo and a Menu button, so that the first
screen is left to content; the button opens the sections, the account and the languages,
with or without JavaScript, by touch or by keyboard. On a desktop everything is in view.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests_e2e.support import (
    ARTIFACTS,
    OWN_NAMES,
    follow,
    format_violations,
    path_of,
    run_axe,
    visit,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _phone(new_context, **options):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True, **options).new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_phone_header_is_one_bar_whose_menu_opens_without_javascript(
    new_context, signed_in_state, cast, javascript
):
    page = _phone(
        new_context,
        storage_state=signed_in_state("org_admin"),
        java_script_enabled=javascript,
    )
    persona = cast["org_admin"]
    visit(page, f"/sr-cyrl/organisations/{persona.organisation}")
    header = page.locator("header.site-header")
    box = header.bounding_box()
    assert box is not None and box["height"] <= 72, f"the phone header is {box} tall"
    expect(page.locator("main h1")).to_be_in_viewport()
    menu = header.locator(".site-menu")
    expect(menu).to_be_hidden()

    button = header.locator("label.menu-button")
    expect(button).to_be_visible()
    button.click()
    expect(menu).to_be_visible()
    expect(menu.locator("nav.main-nav a").first).to_be_visible()
    expect(menu.get_by_role("button", name="Одјави се")).to_be_visible()
    expect(menu.locator(".account-nav")).to_contain_text(persona.name)
    # The languages sit one tap further, in the menu.
    menu.locator(".lang-menu summary").click()
    languages = menu.locator(".lang-menu a[hreflang]")
    expect(languages).to_have_count(len(OWN_NAMES))
    assert sorted(languages.all_inner_texts()) == sorted(OWN_NAMES.values())
    overflow = page.evaluate(f"() => document.documentElement.scrollWidth - {PHONE['width']}")
    assert overflow <= 0, f"the open menu is {overflow} px wider than the phone"
    page.screenshot(
        path=str(
            ARTIFACTS / "screenshots" / f"layout-phone-menu-{'js' if javascript else 'nojs'}.png"
        ),
        full_page=True,
    )
    # And it leads somewhere: the Albanian version of the same page.
    follow(page, languages.filter(has_text="Shqip"))
    assert path_of(page.url) == f"/sq/organisations/{persona.organisation}", page.url


def test_the_phone_menu_opens_from_the_keyboard(new_context):
    page = _phone(new_context)
    visit(page, "/en/")
    menu = page.locator("header .site-menu")
    expect(menu).to_be_hidden()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "menu-toggle":
            break
    else:
        raise AssertionError("the Menu button never received focus")
    # The checkbox itself is hidden; its label shows that it has focus.
    outline = page.evaluate(
        "() => getComputedStyle(document.querySelector('label.menu-button')).outlineStyle"
    )
    assert outline != "none", "the Menu button shows no focus"
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.site-menu') !== null")
    assert focused, "Tab after opening the menu does not lead into it"
    expect(menu.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_open_phone_menu_has_no_serious_accessibility_problem(new_context, signed_in_state):
    page = _phone(new_context, storage_state=signed_in_state("org_admin"))
    visit(page, "/sq/")
    page.locator("header label.menu-button").tap()
    page.locator("header .lang-menu summary").click()
    blocking = [v for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert not blocking, format_violations("/sq/ (phone, menu open)", blocking)


def test_the_desktop_header_shows_sections_account_and_languages(
    new_context, signed_in_state, cast
):
    page = new_context(viewport=DESKTOP, storage_state=signed_in_state("admin")).new_page()
    visit(page, "/en/organisations/")
    header = page.locator("header.site-header")
    expect(header.locator("label.menu-button")).to_be_hidden()
    for section in ("Organisations", "Audit log", "People"):
        expect(header.locator("nav.main-nav").get_by_role("link", name=section)).to_be_visible()
    current = header.locator("nav.main-nav a[aria-current=page]")
    expect(current).to_have_text("Organisations")
    expect(header.get_by_role("link", name="Your account")).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    # The compact language control opens a list of every language, this page in each.
    languages = header.locator(".lang-menu a[hreflang]")
    expect(languages.first).to_be_hidden()
    header.locator(".lang-menu summary").click()
    expect(languages).to_have_count(len(OWN_NAMES))
    expect(languages.filter(has_text="Македонски")).to_be_visible()
    follow(page, languages.filter(has_text="Македонски"))
    assert path_of(page.url) == "/mk/organisations/", page.url
