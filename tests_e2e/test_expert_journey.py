"""Journey 4: a member in North Macedonia finds a Serbian expert and writes to them.

Ardita Selimi is a plain member (org_role member) of ГЦБИ, a Macedonian (MK) partner
(consortium/demo/data.py). She signs in, browses the expert directory in Macedonian
(/mk/experts/), narrows it with the filter form to a thematic area and a spoken language
(the counts in the options are numbers, and agree with the list), clears the filters, pages
on once, and types a Serbian name in Latin without diacritics ("djordjevic"): the featured
expert Ђорђе Ђорђевић (consortium/demo/experts_data.py) is found and shown in Cyrillic.
His profile shows her the contact details shared with members and with everyone, and not
the one shared with nobody (anywhere in the HTML, nor in the vCard). She writes to him
through the relay; the flash confirms it, and the live server's database holds an outbox
message to his e-mail with her address to reply to. Finally the directory on a 390×844
phone: the filters are reachable and the page does not scroll sideways.

The expert's contact details and the outbox are read from the SQLite database the live
server uses (read-only). Screenshots: e2e-artifacts/screenshots/journey-4-mk-*.png.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from babel import Locale
from playwright.sync_api import expect

from tests_e2e.journeys_support import WIDEST, Walk, _catalog, open_walk, person
from tests_e2e.support import follow, login, path_of, visit

pytestmark = pytest.mark.e2e

MEMBER = "ardita@gcbi.example"  # member (not staff) of ГЦБИ, Skopje (MK)
LANG = "mk"
AREA = "disinformation-hybrid-threats"
SPOKEN = "ru"  # Ђорђе Ђорђевић speaks Serbian, English and Russian
QUERY = "djordjevic"  # Latin, no diacritics
EXPERT_SLUG = "djordje-djordjevic"
EXPERT_CYRL = "Ђорђе Ђорђевић"
PHONE = {"width": 390, "height": 844}
COUNT = re.compile(r"\((\d+)\)\s*$")


# --------------------------------------------------------------------------- helpers


def tr(msgid: str, **values) -> str:
    """`msgid` in Macedonian as the app's catalog has it, or as written where it has none.

    The directory's strings are not all in the catalogs yet; the page then shows English,
    and the journey should not fail on that (the test of the catalogs does).
    """
    text = _catalog(LANG).gettext(msgid)
    return text % values if values else text


def _database(server) -> Path:
    """The SQLite file the live server uses (conftest: beside server.log, e2e.sqlite3)."""
    path = Path(server.log).parent / "e2e.sqlite3"
    assert path.exists(), f"the live server's database is not at {path} (see conftest.server)"
    return path


def _query(server, sql: str, *params) -> list[tuple]:
    uri = f"file:{_database(server)}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=10)) as connection:
        return connection.execute(sql, params).fetchall()


def _option_counts(select) -> dict[str, int]:
    """value -> the number in its label, for every option but the "all" one."""
    counts: dict[str, int] = {}
    for value, label in select.locator("option").evaluate_all(
        "options => options.map(o => [o.value, o.textContent])"
    ):
        if not value:
            continue
        match = COUNT.search(label)
        assert match, (
            f"the option {value!r} of #{select.get_attribute('id')} has no count: {label!r}"
        )
        counts[value] = int(match.group(1))
    return counts


def _shown_total(page) -> int:
    text = page.locator("main p.count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"the directory's count says {text!r}"
    return int(match.group(0))


def _card_names(page) -> list[str]:
    return page.locator("main ul.cards > li.expert-card h2 a").all_inner_texts()


def _query_args(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _no_sideways_scroll(page, where: str) -> str | None:
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if sizes[0] <= sizes[1]:
        return None
    wide = page.evaluate(WIDEST, sizes[1])
    return f"{where}: scrollWidth {sizes[0]} > clientWidth {sizes[1]}; past the edge: {wide}"


# --------------------------------------------------------------------------- journey


def test_4_a_macedonian_member_finds_a_serbian_expert_and_writes_through_the_relay(
    new_context, server
):
    member = person(MEMBER)
    data = importlib.import_module("consortium.demo.data")
    org = next(o for o in data.ORGANISATIONS if o["slug"] == member.organisation)
    assert (member.role, org["country"]) == ("member", "MK"), (
        f"{MEMBER} is no longer a plain member of a Macedonian partner in the demo data"
    )

    # 1. She signs in (home opens in her own language, Albanian) and opens the directory
    #    in Macedonian.
    walk = open_walk(new_context, "4", LANG, "desktop")
    page = walk.page
    login(page, member, lang=LANG)
    visit(page, f"/{LANG}/experts/")
    main = page.locator("main")
    form = main.locator("form.expert-filters")
    expect(form).to_have_attribute("method", "get")
    total = _shown_total(page)
    assert total >= 250, f"the directory shows {total} experts; the demo seeds about 300"
    for select_id in ("area", "country", "language", "available"):
        counts = _option_counts(form.locator(f"select#{select_id}"))
        assert counts, f"#{select_id} offers no choice"
    walk.check("directory")

    # 2. She narrows the list with the form: a thematic area, then a spoken language, and
    #    presses the form's button (a GET form: the choices end up in the address).
    area_select = form.locator("select#area")
    language_select = form.locator("select#language")
    area_counts = _option_counts(area_select)
    assert area_counts.get(AREA, 0) > 0, f"no expert in {AREA}: {area_counts}"
    area_select.focus()
    area_select.select_option(AREA)
    language_select.select_option(SPOKEN)
    follow(page, form.locator("button[type=submit]"))
    args = _query_args(page)
    assert args.get("area") == [AREA] and args.get("language") == [SPOKEN], page.url
    expect(form.locator("select#area")).to_have_value(AREA)
    expect(form.locator("select#language")).to_have_value(SPOKEN)
    filtered = _shown_total(page)
    area_counts = _option_counts(form.locator("select#area"))
    language_counts = _option_counts(form.locator("select#language"))
    # With both choices made, each chosen option counts exactly the experts listed.
    assert area_counts[AREA] == filtered, (area_counts[AREA], filtered)
    assert language_counts[SPOKEN] == filtered, (language_counts[SPOKEN], filtered)
    assert 0 < filtered <= total, filtered
    # Every card listed is in that area and speaks that language (names in Macedonian).
    area_name = next(a["names"][LANG] for a in data.AREAS if a["slug"] == AREA)
    spoken_name = Locale.parse(LANG).languages[SPOKEN]
    cards = main.locator("ul.cards > li.expert-card")
    expect(cards.first).to_be_visible()
    assert cards.count() == min(filtered, 20), (cards.count(), filtered)
    for index in range(cards.count()):
        card = cards.nth(index)
        expect(card.locator("ul.tags")).to_contain_text(area_name)
        expect(card).to_contain_text(spoken_name)
    expect(cards.filter(has_text=EXPERT_CYRL)).to_have_count(1)
    walk.check("filtered")

    # 3. She clears the filters, looks at the next page (keyset), then types the Serbian
    #    name in Latin without diacritics and submits with Enter.
    follow(page, form.get_by_role("link", name=tr("Clear filters")))
    assert path_of(page.url) == f"/{LANG}/experts/", page.url
    first_page = _card_names(page)
    assert len(first_page) == 20, f"the first page lists {len(first_page)} experts"
    next_link = main.locator("nav.pager a[rel=next]")
    expect(next_link).to_have_count(1)
    follow(page, next_link)
    assert "after" in _query_args(page), page.url
    second_page = _card_names(page)
    assert second_page, "the second page is empty"
    assert not set(first_page) & set(second_page), "the second page repeats the first"

    search_box = form.locator("input#q")
    search_box.click()
    page.keyboard.type(QUERY)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value is not None and navigation.value.status == 200
    args = _query_args(page)
    assert args.get("q") == [QUERY] and "after" not in args, page.url
    expect(search_box).to_have_value(QUERY)
    names = _card_names(page)
    assert EXPERT_CYRL in names, f"{QUERY!r} finds {names}, not {EXPERT_CYRL}"
    # Cyrillic on the Macedonian page: no name is left in Serbian Latin with diacritics.
    assert not any(re.search(r"[čćšžđ]", n, re.IGNORECASE) for n in names), names
    walk.check("search")

    # 4. His profile: what is shared with members and with everyone, nothing more.
    profile_link = main.locator("ul.cards h2 a").filter(has_text=EXPERT_CYRL)
    follow(page, profile_link)
    assert path_of(page.url) == f"/{LANG}/experts/{EXPERT_SLUG}", page.url
    expect(main.locator("h1")).to_have_text(EXPERT_CYRL)
    contacts = _query(
        server,
        "SELECT c.kind, c.value, c.visibility FROM expert_contacts c "
        "JOIN experts e ON e.id = c.expert_id WHERE e.slug = ? ORDER BY c.position",
        EXPERT_SLUG,
    )
    shared = [(k, v) for k, v, visibility in contacts if visibility in ("public", "members")]
    hidden = [(k, v) for k, v, visibility in contacts if visibility == "nobody"]
    assert shared and hidden, f"the demo expert's contacts changed: {contacts}"
    html = page.content()
    for kind, value in shared:
        expect(main).to_contain_text(value)
        if kind == "email":
            expect(main.locator(f"a[href='mailto:{value}']")).to_have_count(1)
    for kind, value in hidden:
        squeezed = value.replace(" ", "")
        assert value not in html and squeezed not in html, (
            f"the {kind} {value!r} is shared with nobody, yet the profile's HTML contains it"
        )
        assert f"mailto:{value}" not in html
    vcard = page.request.get(f"/{LANG}/experts/{EXPERT_SLUG}/vcard.vcf")
    assert vcard.status == 200, f"the vCard answered HTTP {vcard.status}"
    card_text = vcard.text()
    for kind, value in hidden:
        assert value not in card_text and value.replace(" ", "") not in card_text, (
            f"the vCard contains the {kind} shared with nobody"
        )
    walk.check("profile")

    # 5. She writes to him through the relay.
    write = main.locator(f"a.button[href='/{LANG}/experts/{EXPERT_SLUG}/contact']")
    expect(write).to_have_text(tr("Write to %(name)s", name=EXPERT_CYRL))
    follow(page, write)
    expect(main.locator("h1")).to_have_text(tr("Write to %(name)s", name=EXPERT_CYRL))
    expect(main).to_contain_text(member.email)
    token = uuid.uuid4().hex[:8]
    subject = f"Покана за панел за дезинформации ({token})"
    message = (
        "Почитуван г. Ђорђевић,\n\n"
        "ГЦБИ подготвува регионален панел за хибридните закани во Скопје. "
        "Дали би сакале да учествувате?\n\nАрдита Селими"
    )
    relay = main.locator("form[method=post]")
    relay.locator("input[name=subject]").fill(subject)
    relay.locator("textarea[name=message]").fill(message)
    walk.check("contact")
    follow(page, relay.locator("button[type=submit]"))
    assert path_of(page.url) == f"/{LANG}/experts/{EXPERT_SLUG}", (
        f"sending led to {page.url}: {main.inner_text()[:500]}"
    )
    expect(page.locator(".flashes")).to_contain_text(
        tr(
            "Your message has been sent. %(name)s will answer to your e-mail address.",
            name=EXPERT_CYRL,
        )
    )
    walk.check("sent")

    # ... and the outbox holds it: to the expert's address, her address to reply to.
    expert_email = next(v for k, v, _ in contacts if k == "email")
    rows = _query(
        server,
        "SELECT reply_to, kind, subject, body_text FROM outbox_messages "
        "WHERE to_address = ? AND body_text LIKE ? ORDER BY id DESC",
        expert_email,
        f"%{token}%",
    )
    assert len(rows) == 1, f"{len(rows)} outbox messages to {expert_email} carry {token}"
    reply_to, kind, mail_subject, body = rows[0]
    assert reply_to == member.email, f"reply-to is {reply_to!r}, not {member.email!r}"
    assert kind == "expert.contact", kind
    assert token in mail_subject, mail_subject
    assert "ГЦБИ подготвува регионален панел" in body, body

    # 6. The directory on a phone: the filters within reach, no sideways scrolling.
    phone_context = new_context(
        storage_state=page.context.storage_state(),
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=1,
    )
    phone = Walk(phone_context.new_page(), "4", LANG, "phone-390x844")
    page = phone.page
    visit(page, f"/{LANG}/experts/")
    form = page.locator("main form.expert-filters")
    for control in ("input#q", "select#area", "select#language", "button[type=submit]"):
        element = form.locator(control)
        element.scroll_into_view_if_needed()
        expect(element).to_be_visible()
        box = element.bounding_box()
        assert box is not None, f"{control} has no box on the phone"
        if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"] + 1:
            phone.problems.append(f"/{LANG}/experts/ (phone): {control} sticks out: {box}")
    problem = _no_sideways_scroll(page, f"/{LANG}/experts/ (phone)")
    if problem:
        phone.problems.append(problem)
    phone.check("directory")
    # The filters work with taps too.
    form.locator("select#area").select_option(AREA)
    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(rf"[?&]area={AREA}"))
    problem = _no_sideways_scroll(page, f"{path_of(page.url)} (phone)")
    if problem:
        phone.problems.append(problem)
    phone.check("filtered")

    walk.finish()
    phone.finish()
