"""What the persona journeys share: devices, demo accounts, catalogs, checks, screenshots.

Used by test_journeys_roles.py (issue 7's four people) and test_statement_journey.py
(issue 8's journey 3). Screenshots go to e2e-artifacts/screenshots/journey-*.png; with
E2E_UPDATE_DOCS=1 the first screenful of a few chosen ones is copied to docs/screenshots/.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import shutil
from dataclasses import dataclass, field

from tests_e2e.support import (
    ARTIFACTS,
    AXE_JS,
    ROOT,
    Persona,
    complete_second_step,
    follow,
    format_violations,
    path_of,
    run_axe,
    visit,
)

DEVICES = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
# The phone header is one bar: the logo and the Menu button (test_layout.py, same limit).
PHONE_HEADER_MAX_PX = 72
BLOCKING = {"serious", "critical"}

# Screenshot name (without .png) → the file under docs/screenshots/ it refreshes.
DOCS = {
    "journey-a-sq-home-phone": "home-phone-sq.png",
    "journey-a-sq-people-desktop": "people-desktop-sq.png",
    "journey-a-sq-remove-confirm-phone": "remove-person-phone-sq.png",
    "journey-b-cnr-home-desktop": "dashboard-coordinator-desktop-cnr.png",
    "journey-b-cnr-audit-log-desktop": "audit-log-desktop-cnr.png",
    "journey-c-sr-cyrl-organisations-phone": "organisations-phone-sr-cyrl.png",
    "journey-d-mk-home-desktop": "home-desktop-mk.png",
    "journey-3-sr-latn-edit-desktop": "statement-draft-desktop-sr-latn.png",
    "journey-3-sq-sign-desktop": "statement-sign-desktop-sq.png",
    "journey-3-cnr-review-desktop": "statement-review-desktop-cnr.png",
    "journey-3-sr-cyrl-published-desktop": "statement-desktop-sr-cyrl.png",
    "journey-3-sr-cyrl-published-phone": "statement-phone-sr-cyrl.png",
}


# --------------------------------------------------------------------------- people


def person(email: str) -> Persona:
    """A demo account by e-mail, with the demo seed's shared password."""
    data = importlib.import_module("consortium.demo.data")
    for entry in data.PEOPLE:
        if entry["email"] == email:
            return Persona(
                role=entry["role"],
                email=email,
                password=entry.get("password") or data.DEMO_PASSWORD,
                name=entry.get("name", ""),
                organisation=entry.get("organisation"),
            )
    raise LookupError(f"no demo account {email} in consortium/demo/data.py")


# --------------------------------------------------------------------------- catalogs


@functools.cache
def _catalog(code: str):
    from babel.support import Translations

    from consortium.i18n.languages import LANGUAGES

    return Translations.load(str(ROOT / "translations"), [LANGUAGES[code].catalog])


def t(code: str, msgid: str, **values) -> str:
    """`msgid` as the app's catalog for `code` translates it (the test fails if it does not)."""
    text = _catalog(code).gettext(msgid)
    if code != "en":
        assert text != msgid, f"{msgid!r} has no {code} translation in translations/"
    return text % values if values else text


def pt(code: str, context: str, msgid: str, **values) -> str:
    """`msgid` in `context` (a button, a page title) as the catalog for `code` has it."""
    text = _catalog(code).pgettext(context, msgid)
    if code != "en":
        assert text != msgid, f"{context}|{msgid!r} has no {code} translation in translations/"
    return text % values if values else text


def nt(code: str, singular: str, plural: str, num: int, **values) -> str:
    return _catalog(code).ngettext(singular, plural, num) % {"num": num, **values}


def bcp47(code: str) -> str:
    from consortium.i18n.languages import LANGUAGES

    return LANGUAGES[code].bcp47


# --------------------------------------------------------------------------- a walk


@dataclass
class Walk:
    """One person on one device: screenshots, and the problems found on the way.

    Layout and accessibility problems are collected, so that one run reports all of them;
    `finish()` fails the test when there are any.
    """

    page: object
    journey: str  # a, b, c, d, 3
    lang: str
    device: str
    problems: list[str] = field(default_factory=list)

    def shot(self, step: str, lang: str | None = None) -> None:
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"journey-{self.journey}-{lang or self.lang}-{step}-{self.device}"
        path = folder / f"{stem}.png"
        self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        doc = DOCS.get(stem)
        if doc and os.environ.get("E2E_UPDATE_DOCS") == "1":
            docs = ROOT / "docs" / "screenshots"
            docs.mkdir(parents=True, exist_ok=True)
            # Only the first screenful: the committed images stay small.
            self.page.screenshot(path=str(folder / f"docs-{doc}"), animations="disabled")
            shutil.copyfile(folder / f"docs-{doc}", docs / doc)

    def check(self, step: str, lang: str | None = None, axe: bool = True) -> None:
        """Language marker, phone layout, axe; then a screenshot named after `step`."""
        lang = lang or self.lang
        where = f"{path_of(self.page.url)} ({self.device})"
        shown = self.page.locator("html").get_attribute("lang")
        if shown != bcp47(lang):
            self.problems.append(f"{where}: <html lang={shown!r}>, expected {bcp47(lang)!r}")
        if self.device == "phone":
            self._phone_layout(where)
        if axe and AXE_JS.exists():
            blocking = [v for v in run_axe(self.page) if v["impact"] in BLOCKING]
            if blocking:
                self.problems.append(format_violations(where, blocking))
        self.shot(step, lang)

    def _phone_layout(self, where: str) -> None:
        width = DEVICES["phone"]["width"]
        header = self.page.locator("header.site-header")
        box = header.bounding_box()
        if box is None or box["height"] > PHONE_HEADER_MAX_PX:
            self.problems.append(f"{where}: the phone header is not one bar ({box})")
        if self.page.locator("header .site-menu").is_visible():
            self.problems.append(f"{where}: the phone menu is open without being asked for")
        overflow = self.page.evaluate(f"() => document.documentElement.scrollWidth - {width}")
        if overflow > 0:
            wide = self.page.evaluate(WIDEST, width)
            self.problems.append(
                f"{where}: {overflow} px wider than the {width} px phone; past the edge: {wide}"
            )

    def finish(self) -> None:
        assert not self.problems, "problems on the way:\n\n" + "\n\n".join(self.problems)


def open_walk(new_context, journey: str, lang: str, device: str, **options) -> Walk:
    context = new_context(
        viewport=DEVICES[device],
        is_mobile=device == "phone",
        has_touch=device == "phone",
        device_scale_factor=1,
        **options,
    )
    return Walk(context.new_page(), journey, lang, device)


def sign_in(walk: Walk, who: Persona) -> None:
    """Sign in through the form in the walk's language; home must then be in it too.

    (support.login insists on a visible sign-out button, which a phone keeps in its menu.)
    """
    from playwright.sync_api import expect

    page = walk.page
    visit(page, f"/{walk.lang}/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(who.email)
    form.locator("input[name=password]").fill(who.password)
    follow(page, form.locator("[type=submit]").first)
    complete_second_step(page)
    expect(page.locator("header form[action*='logout'] [type=submit]")).to_have_count(1)
    assert path_of(walk.page.url) == f"/{walk.lang}/", (
        f"{who.email} landed on {walk.page.url}, not on the home page in {walk.lang}"
    )


# Against the screen's width, not innerWidth: a phone widens its layout viewport to fit.
WIDEST = """(limit) => {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.right > limit + 1 && box.width > 0 && box.width <= limit + 200) {
            const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
            const text = (el.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ');
            const edge = Math.round(box.right);
            out.push(`${el.tagName.toLowerCase()}${cls} (right edge ${edge} px) "${text}"`);
        }
    }
    return out.slice(-4).join('; ') || 'no single element found';
}"""

OBJECT_ID = re.compile(r"#\d+")
