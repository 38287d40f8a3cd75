"""What people do with Consortium, walked in a real browser, one test per journey.

Journeys still to come, each with the capability that makes it possible
(add the test here when the capability lands; no placeholders until then):
  3. Staff draft a joint statement in Serbian (Latin) with an Albanian translation; an
     org admin of another organisation signs in Albanian; a coordinator approves and
     publishes; a visitor reads it in Serbian Cyrillic and sees both signatories.
  4. A member searches the expert directory with a Cyrillic query, filters by thematic
     area, opens a profile, and writes to the expert through the contact form.
  5. A member registers for a full event, lands on the waiting list, another attendee
     cancels, and the member is moved up and mailed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests_e2e.support import (
    OWN_NAMES,
    Persona,
    expect_signed_in,
    first_link,
    follow,
    login,
    path_of,
    read_mail,
    sign_out,
    visit,
)

pytestmark = pytest.mark.e2e


def _switcher(page):
    return page.locator("nav.language-switcher")


def _expect_language(page, code: str, bcp47: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", bcp47)
    assert path_of(page.url).startswith(f"/{code}/"), page.url
    current = _switcher(page).locator("a[aria-current=true]")
    expect(current).to_have_count(1)
    expect(current).to_have_text(OWN_NAMES[code])


def _without_language(url: str) -> str:
    return re.sub(r"^/[a-z-]+/", "/", path_of(url))


# --------------------------------------------------------------------------- 1


def test_1_visitor_gets_their_language_and_switches_to_cyrillic(new_context, cast):
    """Browser in Albanian → /sq/; the switcher brings the same page back in Српски."""
    page = new_context(locale="sq-AL").new_page()

    visit(page, "/")
    _expect_language(page, "sq", "sq")
    assert path_of(page.url) == "/sq/"
    # The switcher names every language in itself.
    names = _switcher(page).get_by_role("link").all_inner_texts()
    assert sorted(n.strip() for n in names) == sorted(OWN_NAMES.values()), names

    follow(page, _switcher(page).get_by_role("link", name="Српски", exact=True))
    _expect_language(page, "sr-cyrl", "sr-Cyrl")
    assert path_of(page.url) == "/sr-cyrl/"
    # The interface itself is now in Cyrillic, not only the URL.
    expect(page.locator("a.skip-link")).to_have_text(re.compile("[\u0400-\u04ff]"))

    # A deeper page keeps its place when the language changes.
    slug = cast["org_admin"].organisation
    visit(page, f"/sq/organisations/{slug}")
    heading = page.locator("main h1").inner_text()
    follow(page, _switcher(page).get_by_role("link", name="Српски", exact=True))
    _expect_language(page, "sr-cyrl", "sr-Cyrl")
    assert _without_language(page.url) == f"/organisations/{slug}"
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("main h1").inner_text(), f"no heading (it was {heading!r} in sq)"

    # The choice is remembered: `/` now sends this visitor to Cyrillic, not to Albanian.
    visit(page, "/")
    assert path_of(page.url) == "/sr-cyrl/", page.url


# --------------------------------------------------------------------------- 1b


def test_coordinator_signs_in_in_cyrillic_and_browses_organisations(new_context, cast):
    """The foundation's promise: a coordinator, in Српски, finds a partner and its people."""
    coordinator = cast["coordinator"]
    page = new_context(locale="sr-RS").new_page()

    visit(page, "/")
    _expect_language(page, "sr-cyrl", "sr-Cyrl")  # plain `sr` means Cyrillic
    login(page, coordinator, lang="sr-cyrl")
    # Signing in lands on home in the account's own language; come back to Cyrillic.
    visit(page, "/sr-cyrl/organisations/")
    _expect_language(page, "sr-cyrl", "sr-Cyrl")
    cards = page.locator("main ul.cards > li")
    everyone = cards.count()
    assert everyone >= 7, f"the directory shows {everyone} partners"

    # Filter by country: the choice is named in Cyrillic, and the list narrows.
    page.locator("select[name=country]").select_option(label="Косово")
    follow(page, page.locator("form.filters [type=submit]"))
    assert "country=XK" in page.url, page.url
    kosovo = cards.count()
    assert 0 < kosovo < everyone
    expect(cards.first.locator(".meta")).to_contain_text("Косово")

    # A script-blind search: a Latin query finds a partner whose name is in Cyrillic.
    visit(page, "/sr-cyrl/organisations/?q=centar+otpornost")
    expect(cards).to_have_count(1)
    follow(page, cards.first.get_by_role("link"))
    expect(page.locator("main h1")).to_contain_text("Центар за отпорност")
    # Signed in, the coordinator sees the organisation's people with their roles.
    people = page.locator("main ul.people > li")
    assert people.count() >= 2
    expect(page.locator("main")).to_contain_text("Јелена Марковић")


# --------------------------------------------------------------------------- 2


def test_2_org_admin_invites_a_colleague_who_joins_and_signs_in(new_context, server, cast):
    """Invite by e-mail; the link from the mailbox; name and password; out and in again."""
    org_admin, admin = cast["org_admin"], cast["admin"]
    # Every run starts from a fresh database, so a fixed, plausible colleague will do
    # (the screenshots taken later show them on the organisation's list of people).
    email = f"valmira@{org_admin.organisation}.example"
    colleague = Persona(
        role="staff",
        email=email,
        password="lantern-orchard-quietly-drifting-71",  # noqa: S106
        name="Valmira Berisha",
        organisation=org_admin.organisation,
    )

    # The org admin invites the colleague, as staff, with the invitation in Albanian.
    inviter = new_context().new_page()
    login(inviter, org_admin)
    visit(inviter, f"/en/organisations/{org_admin.organisation}/people")
    form = inviter.locator("main form").filter(has=inviter.locator("input[name=email]"))
    form.locator("input[name=email]").fill(email)
    form.locator("select[name=role]").select_option("staff")
    form.locator("select[name=language]").select_option("sq")
    follow(inviter, form.get_by_role("button", name="Send invitation"))
    expect(inviter.locator("main")).to_contain_text(email)

    # The mail, read from the development mailbox by the admin.
    mailbox = new_context().new_page()
    login(mailbox, admin)
    body = read_mail(mailbox, email)
    # Written in the language the inviter chose for it.
    expect(mailbox.locator("pre.mail-body")).to_have_attribute("lang", "sq")
    link = first_link(body, server.base_url)

    # The colleague follows the link in a browser of their own.
    page = new_context().new_page()
    visit(page, link)
    _expect_language(page, "sq", "sq")
    form = page.locator("main form").filter(has=page.locator("input[name=confirm]"))
    form.locator("input[name=name]").fill(colleague.name)
    form.locator("select[name=language]").select_option("en")
    form.locator("input[name=password]").fill(colleague.password)
    form.locator("input[name=confirm]").fill(colleague.password)
    follow(page, form.locator("[type=submit]"))
    expect_signed_in(page)
    assert path_of(page.url).startswith("/en/"), page.url
    expect(page.locator("header")).to_contain_text(colleague.name)

    sign_out(page)
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()

    login(page, colleague)
    expect(page.locator("header")).to_contain_text(colleague.name)
    visit(page, "/en/account")
    expect(page.locator("main")).to_contain_text(email)

    # The colleague is on the organisation's list of people, as staff.
    visit(inviter, f"/en/organisations/{org_admin.organisation}/people")
    row = inviter.locator("main table tr").filter(has_text=email)
    expect(row).to_contain_text(colleague.name)
    expect(row).to_contain_text("Staff")


# --------------------------------------------------------------------------- 6

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
        name: el.getAttribute('name'),
        href: el.getAttribute('href'),
        signOut: !!el.closest('form[action*="logout"]'),
        visible: outline || shadow,
        matchesFocusVisible: el.matches(':focus-visible'),
    };
}"""


class Keyboard:
    """Moves through a page with Tab and Enter only, noting focus that cannot be seen."""

    def __init__(self, page):
        self.page = page
        self.invisible: list[str] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUS_STYLE)

    def tab(self) -> dict | None:
        self.page.keyboard.press("Tab")
        focused = self.focused()
        if focused is not None and not focused["visible"]:
            self.invisible.append(
                f"{path_of(self.page.url)}: <{focused['tag']}> {focused['text']!r} "
                "has no visible focus indicator (outline none, no box-shadow)"
            )
        return focused

    def tab_to(self, description: str, matches, limit: int = 80) -> dict:
        """Press Tab until the focused element satisfies `matches`; fail after `limit`."""
        seen = []
        for _ in range(limit):
            focused = self.tab()
            if focused is not None and matches(focused):
                return focused
            if focused is not None:
                seen.append(f"<{focused['tag']}> {focused['text']!r}")
        raise AssertionError(
            f"{description} never received focus on {self.page.url} after {limit} Tabs; "
            "focus went through: " + ", ".join(seen[:40])
        )

    def enter(self) -> None:
        self.page.keyboard.press("Enter")

    def enter_and_load(self) -> None:
        """Press Enter on a link or submit button; the page it loads must answer 200."""
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        response = navigation.value
        assert response is not None and response.status == 200, (
            f"Enter loaded {path_of(self.page.url)} with HTTP "
            f"{response.status if response else '-'}"
        )


def test_6_keyboard_only_sign_in_and_main_pages(new_context, cast):
    """Skip link first, visible focus, and sign-in plus the main pages with Tab and Enter."""
    persona = cast["org_admin"]
    page = new_context().new_page()
    keys = Keyboard(page)
    visit(page, "/en/")

    # The first Tab lands on the skip link, which moves focus to the main content.
    first = keys.tab()
    assert first is not None and first["text"] == "Skip to main content", first
    assert first["visible"], "the skip link has no visible focus indicator"
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    keys.enter()
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Sign in from the header, typing into the form.
    visit(page, "/en/")
    keys.tab_to("the Sign in link", lambda f: f["tag"] == "a" and f["text"] == "Sign in")
    keys.enter_and_load()
    assert path_of(page.url) == "/en/login", page.url
    keys.tab_to("the e-mail field", lambda f: f["name"] == "email")
    page.keyboard.type(persona.email)
    keys.tab_to("the password field", lambda f: f["name"] == "password")
    page.keyboard.type(persona.password)
    keys.enter_and_load()
    assert "/login" not in page.url, page.url
    expect_signed_in(page)

    # Organisations, one organisation, then the account page.
    keys.tab_to(
        "the Organisations link",
        lambda f: f["tag"] == "a" and (f["href"] or "").endswith("/organisations/"),
    )
    keys.enter_and_load()
    assert page.url.endswith("/organisations/"), page.url
    expect(page.locator("main h1")).to_be_visible()

    slug = persona.organisation
    keys.tab_to(
        f"the link to {slug}",
        lambda f: f["tag"] == "a" and (f["href"] or "").endswith(f"/organisations/{slug}"),
        limit=150,
    )
    keys.enter_and_load()
    assert page.url.endswith(f"/organisations/{slug}"), page.url

    keys.tab_to(
        "the account link",
        lambda f: f["tag"] == "a" and (f["href"] or "").endswith("/account"),
    )
    keys.enter_and_load()
    assert page.url.endswith("/account"), page.url
    expect(page.locator("main")).to_contain_text(persona.email)

    # And out again, by keyboard.
    keys.tab_to("the sign-out button", lambda f: f["tag"] == "button" and f["signOut"])
    keys.enter_and_load()
    expect(page.locator("header form[action*='logout']")).to_have_count(0)

    assert not keys.invisible, "focus cannot be seen on:\n" + "\n".join(
        dict.fromkeys(keys.invisible)
    )
