"""Issue 7's four people, each on a phone (360×740) and a desktop (1280×800).

  a. An Albanian org admin: her dashboard, "Manage people", a removal she cancels on its
     confirmation page, an invitation to a colleague.
  b. The Montenegrin coordinator: what waits (statements to review, partners without an
     admin) and the audit log, which names people and organisations, never "#12".
  c. A Serbian staff member in Cyrillic: the partner directory, his organisation, his account.
  d. A Macedonian visitor: home with the partners by country, the footer's About page and a
     published statement.

Texts are asserted in the person's language through the app's own catalogs (`t`, `nt`),
so a missing translation fails too. Every page visited is checked for its `lang`, axe's
serious and critical violations and, on a phone, a one-bar header and no sideways scrolling;
a screenshot of each step goes to e2e-artifacts/screenshots/journey-<a-d>-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests_e2e.journeys_support import (
    DEVICES,
    OBJECT_ID,
    nt,
    open_walk,
    person,
    pt,
    sign_in,
    t,
)
from tests_e2e.support import follow, path_of, visit

pytestmark = pytest.mark.e2e

ARBERIE = "arberie@qendra-ura.example"
KOORDINATORKA = "koordinatorka@consortium.example"
NIKOLA = "nikola@centar-otpornost.example"


def _main_link(page, href: str):
    return page.locator(f"main a[href='{href}']").first


# --------------------------------------------------------------------------- a


@pytest.mark.parametrize("device", DEVICES)
def test_a_albanian_org_admin_manages_her_people(device, new_context):
    who = person(ARBERIE)
    org = who.organisation
    walk = open_walk(new_context, "a", "sq", device)
    page = walk.page
    sign_in(walk, who)

    # The dashboard: her name, what waits for her, her organisation at a glance.
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(t("sq", "Welcome, %(name)s", name=who.name))
    expect(main.locator("h2#waiting")).to_have_text(t("sq", "What waits for you"))
    # The demo has a statement that waits for her organisation's signature.
    expect(main.locator("a[href*='/sq/statements/'][href$='/sign']").first).to_be_visible()
    expect(main.locator("h2#glance")).to_have_text(t("sq", "Your organisation"))
    expect(_main_link(page, f"/sq/organisations/{org}")).to_be_visible()
    walk.check("home")

    follow(page, main.get_by_role("link", name=pt("sq", "button", "Manage people"), exact=True))
    assert path_of(page.url) == f"/sq/organisations/{org}/people", page.url
    rows = main.locator("table tbody tr")
    assert rows.count() >= 3, f"{rows.count()} people on {page.url}"
    colleague = rows.filter(has_text="Blerta Morina")
    expect(colleague).to_have_count(1)
    walk.check("people")

    # Removing someone asks first, on a page of its own, and can be called off.
    remove = colleague.get_by_role("link", name=f"{t('sq', 'Remove')} Blerta Morina")
    follow(page, remove)
    assert path_of(page.url).endswith("/remove"), page.url
    expect(main.locator("h1")).to_contain_text("Blerta Morina")
    confirm = main.locator("form[method=post]")
    expect(confirm).to_have_count(1)
    expect(confirm.locator("[type=submit]")).to_have_text(t("sq", "Remove"))
    walk.check("remove-confirm")
    follow(page, main.get_by_role("link", name=t("sq", "Cancel"), exact=True))
    assert path_of(page.url) == f"/sq/organisations/{org}/people", page.url
    expect(rows.filter(has_text="Blerta Morina")).to_have_count(1)

    # She invites a colleague (one per device: both runs share the database).
    email = f"lumnije.{device}@{org}.example"
    form = main.locator("form").filter(has=page.locator("input[name=email]"))
    form.locator("input[name=email]").fill(email)
    form.locator("select[name=role]").select_option("staff")
    form.locator("select[name=language]").select_option("sq")
    follow(page, form.get_by_role("button", name=t("sq", "Send invitation")))
    expect(main).to_contain_text(email)
    walk.check("invited")
    walk.finish()


# --------------------------------------------------------------------------- b


@pytest.mark.parametrize("device", DEVICES)
def test_b_montenegrin_coordinator_sees_what_waits(device, new_context):
    who = person(KOORDINATORKA)
    walk = open_walk(new_context, "b", "cnr", device)
    page = walk.page
    sign_in(walk, who)

    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(t("cnr", "Welcome, %(name)s", name=who.name))
    waiting = main.locator("section").filter(has=page.locator("h2#waiting"))
    expect(waiting.locator("h2")).to_have_text(t("cnr", "What waits for you"))
    # Statements waiting for review, counted and linked to their review pages.
    reviews = waiting.locator("a[href^='/cnr/statements/'][href$='/review']")
    assert reviews.count() >= 1, waiting.inner_text()
    expect(waiting).to_contain_text(
        nt(
            "cnr",
            "%(num)d statement waits for review:",
            "%(num)d statements wait for review:",
            reviews.count(),
        )
    )
    # Every demo partner has an admin; were one missing, it would be named with its link.
    without_admin = nt(
        "cnr",
        "%(num)d partner organisation has no organisation admin yet:",
        "%(num)d partner organisations have no organisation admin yet:",
        1,
    ).split(" ", 1)[1]
    if without_admin.rstrip(":") in waiting.inner_text():
        expect(waiting.locator("a[href^='/cnr/organisations/']").first).to_be_visible()
    walk.check("home")

    follow(page, reviews.first)
    assert path_of(page.url).endswith("/review"), page.url
    expect(main.locator("form[method=post] [type=submit]")).to_have_text(
        t("cnr", "Record the decision")
    )
    walk.check("review")
    walk.finish()


@pytest.mark.parametrize("device", DEVICES)
def test_b_the_coordinators_audit_log_names_people_and_organisations(device, new_context):
    who = person(KOORDINATORKA)
    walk = open_walk(new_context, "b", "cnr", device)
    page = walk.page
    sign_in(walk, who)

    link = page.locator("main").get_by_role("link", name=t("cnr", "The whole audit log"))
    follow(page, link)
    assert path_of(page.url) == "/cnr/audit/", page.url
    main = page.locator("main")
    text = main.inner_text()
    # Names, not "Osoba #5" or "Organizacija #11".
    ids = sorted(set(OBJECT_ID.findall(text)))
    assert not ids, f"the audit log shows object ids {ids}:\n{text[:2000]}"
    for name in ("Jovana Radović", "Arbërie Krasniqi", "Qendra Ura për Siguri dhe Dialog"):
        assert name in text, f"the audit log does not name {name!r}"
    walk.check("audit-log")
    walk.finish()


# --------------------------------------------------------------------------- c


@pytest.mark.parametrize("device", DEVICES)
def test_c_serbian_staff_member_in_cyrillic_finds_his_organisation(device, new_context):
    who = person(NIKOLA)
    org = who.organisation
    walk = open_walk(new_context, "c", "sr-cyrl", device)
    page = walk.page
    sign_in(walk, who)

    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(
        t("sr-cyrl", "Welcome, %(name)s", name="Никола Ђорђевић")
    )
    expect(main.locator("h2#glance")).to_have_text(t("sr-cyrl", "Your organisation"))
    walk.check("home")

    follow(page, _main_link(page, "/sr-cyrl/organisations/"))
    expect(main.locator("h1")).to_have_text(t("sr-cyrl", "Partner organisations"))
    cards = main.locator("ul.cards > li")
    expect(cards).to_have_count(10)
    expect(main.locator("p.count")).to_have_text(
        nt("sr-cyrl", "%(num)d organisation", "%(num)d organisations", 10)
    )
    walk.check("organisations")

    follow(page, cards.locator(f"a[href='/sr-cyrl/organisations/{org}']"))
    expect(main.locator("h1")).to_contain_text("Центар за отпорност друштва")
    # Signed in, he sees his colleagues, their names in Cyrillic.
    expect(main).to_contain_text("Јелена Марковић")
    walk.check("organisation")

    visit(page, "/sr-cyrl/")
    follow(page, _main_link(page, "/sr-cyrl/account"))
    expect(main.locator("h1")).to_have_text(t("sr-cyrl", "Your account"))
    expect(main).to_contain_text(who.email)
    expect(main.locator("select[name=language]")).to_have_value("sr-cyrl")
    walk.check("account")
    walk.finish()


# --------------------------------------------------------------------------- d


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_d_macedonian_visitor_reads_partners_about_and_a_statement(device, new_context):
    walk = open_walk(new_context, "d", "mk", device, locale="mk-MK")
    page = walk.page
    visit(page, "/")
    assert path_of(page.url) == "/mk/", f"a browser in Macedonian was sent to {page.url}"

    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(t("mk", "Security-sector reform, together"))
    # The partners by country: seven countries, each a link to its partners in the directory.
    partners = main.locator("section").filter(has=page.locator("h2#partners"))
    expect(partners.locator("h2")).to_have_text(t("mk", "The partners"))
    for country in ("Северна Македонија", "Косово", "Црна Гора"):
        expect(partners).to_contain_text(country)
    expect(partners.locator("a[href^='/mk/organisations/?country=']")).to_have_count(7)
    walk.check("home")
    follow(page, partners.locator("a[href='/mk/organisations/?country=MK']"))
    expect(main.locator(".org-card h2 a[href='/mk/organisations/gcbi']")).to_have_text(
        "Граѓански центар за безбедност и интеграции"
    )
    walk.check("partners")

    follow(page, page.locator("footer a[href='/mk/pages/about']"))
    expect(main.locator("h1")).to_have_text(t("mk", "About the consortium"))
    assert len(main.inner_text()) > 500, "the About page is almost empty"
    walk.check("about")

    visit(page, "/mk/statements/")
    expect(main.locator("h1")).to_have_text(t("mk", "Joint statements"))
    withdrawn = t("mk", "Withdrawn")
    published = main.locator("li.statement-card").filter(
        has_not=page.locator(".tag-danger", has_text=withdrawn)
    )
    assert published.count() >= 1, "no published statement in the list"
    walk.check("statements")

    title = published.first.locator("h2 a")
    shown_in = title.get_attribute("lang")
    follow(page, title)
    expect(main.locator("h1")).to_be_visible()
    # A text not (yet) in Macedonian is shown as written, and marked with its language.
    expect(main.locator(".statement-text")).to_have_attribute("lang", shown_in or "mk")
    signatories = main.locator("ul.signatories > li")
    assert signatories.count() >= 1, "the statement lists no signatories"
    expect(main.locator("#signatories-title")).to_have_text(t("mk", "Signatories"))
    walk.check("statement")
    walk.finish()
