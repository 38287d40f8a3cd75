"""Issue 8's journey 3: a joint statement from a draft in Serbian to a reader in Cyrillic.

A staff member of Aleanca e Grave drafts in Serbian (Latin) and invites Qendra Ura; Qendra
Ura's org admin reads it in Albanian and signs; the author submits it; the coordinator, in
Montenegrin, approves and publishes it now; a visitor reads it in Serbian Cyrillic (the
Latin text transliterated, both organisations listed) and finds it in the Atom feed.
Every step goes through the pages' own forms; a screenshot of each step on a desktop
(e2e-artifacts/screenshots/journey-3-*.png) and of the published page on a phone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests_e2e.journeys_support import nt, open_walk, person, sign_in, t
from tests_e2e.support import follow, path_of, visit

pytestmark = pytest.mark.e2e

AUTHOR = "dragana@aleanca-grave.example"  # staff, Aleanca e Grave (Kosovo), sr-latn
SIGNER = "arberie@qendra-ura.example"  # org admin, Qendra Ura (Kosovo), sq
COORDINATOR = "koordinatorka@consortium.example"  # cnr

TITLE = "Zajednički poziv za bezbednost novinarki"
TITLE_CYRL = "Заједнички позив за безбедност новинарки"
BODY = (
    "Novinarke u regionu sve češće trpe pretnje zbog svog rada.\n\n"
    "Pozivamo institucije da svaku pretnju istraže bez odlaganja i da objave ishod."
)
BODY_CYRL = "Новинарке у региону све чешће трпе претње због свог рада."
AUTHOR_ORG = "Aleanca e Grave për Siguri dhe Paqe"
SIGNER_ORG = "Qendra Ura për Siguri dhe Dialog"  # as it names itself (sq)
SIGNER_ORG_LATN = "Centar Ura za bezbednost i dijalog"  # its Serbian name (demo data)
SIGNER_ORG_CYRL = "Центар Ура за безбедност и дијалог"  # the same, shown in Cyrillic
ATOM = "{http://www.w3.org/2005/Atom}"


def test_3_a_statement_drafted_in_serbian_is_signed_approved_and_read_in_cyrillic(
    new_context, server
):
    # 1. The author drafts in Serbian (Latin) and invites Qendra Ura.
    author = open_walk(new_context, "3", "sr-latn", "desktop")
    page = author.page
    sign_in(author, person(AUTHOR))
    visit(page, "/sr-latn/statements/new")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(t("sr-latn", "Start a draft"))
    form = main.locator("form[method=post]")
    expect(form.locator("select[name=original_language]")).to_have_value("sr-latn")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=body]").fill(BODY)
    invited = form.locator("fieldset").filter(has=page.locator("input[name=invited]"))
    invited.get_by_label(SIGNER_ORG_LATN, exact=True).check()
    author.check("new")
    follow(page, form.get_by_role("button", name=t("sr-latn", "Start the draft")))
    match = re.fullmatch(r"/sr-latn/statements/([^/]+)/edit", path_of(page.url))
    assert match, f"starting the draft led to {page.url}"
    slug = match.group(1)
    expect(main.locator("h1")).to_have_text(t("sr-latn", "Edit the draft"))
    author.check("edit")

    # 2. Qendra Ura's org admin reads it in Albanian and signs by name.
    signer = open_walk(new_context, "3", "sq", "desktop")
    page = signer.page
    sign_in(signer, person(SIGNER))
    # Her home page says it awaits her organisation's signature.
    expect(page.locator(f"main a[href='/sq/statements/{slug}/sign']")).to_have_text(TITLE)
    follow(page, page.locator(f"main a[href='/sq/statements/{slug}/sign']"))
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(t("sq", "Sign: %(title)s", title=TITLE))
    expect(main).to_contain_text(BODY.split("\n")[0])
    form = main.locator("form[method=post]").filter(has=page.locator("input[name=appearance]"))
    expect(form.locator("input[name=appearance][value=by_name]")).to_be_checked()
    form.locator("textarea[name=note]").fill("Nënshkruajmë me kënaqësi.")
    signer.check("sign")
    follow(page, form.get_by_role("button", name=t("sq", "Sign"), exact=True))
    expect(main).to_contain_text(SIGNER_ORG)
    signer.check("signed")

    # 3. The author submits it for review.
    page = author.page
    visit(page, f"/sr-latn/statements/{slug}/signatures")
    main = page.locator("main")
    expect(main).to_contain_text(SIGNER_ORG_LATN)
    submit = main.get_by_role("button", name=t("sr-latn", "Submit for review"))
    author.check("signatures")
    follow(page, submit)
    expect(main).to_contain_text(
        t("sr-latn", "The statement has been submitted. The coordinators have been told.")
    )
    author.check("submitted")

    # 4. The coordinator, in Montenegrin, approves it and publishes it now.
    coordinator = open_walk(new_context, "3", "cnr", "desktop")
    page = coordinator.page
    sign_in(coordinator, person(COORDINATOR))
    review_link = page.locator(f"main a[href='/cnr/statements/{slug}/review']")
    expect(review_link).to_have_count(1)
    follow(page, review_link)
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(t("cnr", "Review: %(title)s", title=TITLE))
    form = main.locator("form[method=post]").filter(has=page.locator("input[name=decision]"))
    form.locator("input[name=decision][value=approve]").check()
    form.locator("textarea[name=note]").fill("Odobreno.")
    coordinator.check("review")
    follow(page, form.get_by_role("button", name=t("cnr", "Record the decision")))
    expect(main).to_contain_text(t("cnr", "Your decision has been recorded."))

    visit(page, f"/cnr/statements/{slug}/publish")
    expect(main.locator("h1")).to_have_text(t("cnr", "Publish: %(title)s", title=TITLE))
    form = main.locator("form[method=post]").filter(has=page.locator("input[name=when]"))
    form.locator("input[name=when][value=now]").check()
    coordinator.check("publish")
    follow(page, form.get_by_role("button", name=t("cnr", "Publish"), exact=True))
    expect(main).to_contain_text(t("cnr", "The statement is published."))
    coordinator.check("published-notice")

    # 5. A visitor reads it in Serbian Cyrillic, on a desktop and on a phone.
    for device in ("desktop", "phone"):
        reader = open_walk(new_context, "3", "sr-cyrl", device)
        page = reader.page
        visit(page, f"/sr-cyrl/statements/{slug}")
        main = page.locator("main")
        expect(main.locator("h1")).to_have_text(TITLE_CYRL)
        text = main.locator(".statement-text")
        expect(text).to_have_attribute("lang", "sr-Cyrl")
        expect(text).to_contain_text(BODY_CYRL)
        assert not re.search(r"[čćšžđ]", text.inner_text()), "Latin letters left in Cyrillic"
        signatories = main.locator("ul.signatories > li")
        expect(signatories.filter(has_text=SIGNER_ORG_CYRL)).to_have_count(1)
        expect(main.locator("p.count").first).to_have_text(
            nt(
                "sr-cyrl",
                "%(num)d organisation signed this statement.",
                "%(num)d organisations signed this statement.",
                signatories.count(),
            )
        )
        reader.check("published")
        reader.finish()

    # ... and finds it in the Atom feed of statements in Serbian Cyrillic.
    response = page.request.get("/sr-cyrl/statements/feed.atom")
    assert response.status == 200, f"the feed answered HTTP {response.status}"
    assert "atom" in response.headers.get("content-type", ""), response.headers
    feed = ET.fromstring(response.body())  # noqa: S314 (our own app's feed)
    entries = [
        entry
        for entry in feed.iter(f"{ATOM}entry")
        if any(
            (link.get("href") or "").endswith(f"/sr-cyrl/statements/{slug}")
            for link in entry.iter(f"{ATOM}link")
        )
    ]
    assert len(entries) == 1, f"the feed has {len(entries)} entries for {slug}"
    assert entries[0].findtext(f"{ATOM}title") == TITLE_CYRL

    for walk in (author, signer, coordinator):
        walk.finish()
