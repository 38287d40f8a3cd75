"""Screenshots of the main pages at phone (390 px) and desktop (1280 px) widths.

Every one goes to e2e-artifacts/screenshots/ (CI keeps the folder). With E2E_UPDATE_DOCS=1
a few chosen ones are copied to docs/screenshots/ for the README. While it is there, the
test checks what a phone user would notice first: nothing wider than the screen.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests_e2e.support import ARTIFACTS, ROOT, STATES, main_pages

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": 390, "desktop": 1280}
HEIGHTS = {"phone": 844, "desktop": 900}
LANGUAGES = ("en", "sr-cyrl")
# (language, state, page, width) → the file name under docs/screenshots/
DOCS = {
    ("en", "visitor", "home", "desktop"): "home-desktop.png",
    ("sr-cyrl", "visitor", "home", "phone"): "home-phone-sr-cyrl.png",
    ("en", "visitor", "organisation", "desktop"): "organisation-desktop.png",
    ("en", "signed-in", "people", "desktop"): "people-desktop.png",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_screenshots(width, new_context, signed_in_state, cast):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    update_docs = os.environ.get("E2E_UPDATE_DOCS") == "1"
    docs = ROOT / "docs" / "screenshots"
    overflowing: list[str] = []
    for state in STATES:
        options = {"storage_state": signed_in_state("org_admin")} if state == "signed-in" else {}
        context = new_context(
            viewport={"width": WIDTHS[width], "height": HEIGHTS[width]},
            is_mobile=width == "phone",
            has_touch=width == "phone",
            device_scale_factor=1,
            **options,
        )
        page = context.new_page()
        for lang in LANGUAGES:
            for main_page in main_pages(cast["org_admin"].organisation, state):
                page.goto(main_page.url(lang))
                name = f"{lang}-{state}-{main_page.name}-{width}.png"
                page.screenshot(path=str(folder / name), full_page=True, animations="disabled")
                overflow = page.evaluate(
                    # Against the screen, not innerWidth: a phone widens its layout viewport
                    # to fit content that is too wide, which would hide the overflow.
                    f"() => document.documentElement.scrollWidth - {WIDTHS[width]}"
                )
                if overflow > 0:
                    overflowing.append(
                        f"{main_page.url(lang)} ({state}): {overflow} px wider than the "
                        f"{WIDTHS[width]} px screen — {_widest(page)}"
                    )
                doc_name = DOCS.get((lang, state, main_page.name, width))
                if update_docs and doc_name:
                    docs.mkdir(parents=True, exist_ok=True)
                    # Only the first screenful: the committed images stay small.
                    page.screenshot(path=str(folder / f"docs-{doc_name}"), animations="disabled")
                    shutil.copyfile(folder / f"docs-{doc_name}", docs / doc_name)
    assert not overflowing, "pages scroll sideways:\n" + "\n".join(overflowing)


def _widest(page) -> str:
    """The elements that stick out past the right edge, to say where to look."""
    return page.evaluate(
        """() => {
            const limit = window.innerWidth;
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > limit + 1 && box.width > 0) {
                    const id = el.id ? '#' + el.id : '';
                    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
                    const edge = Math.round(box.right);
                    out.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${edge} px)`);
                }
                if (out.length >= 5) break;
            }
            return out.join(', ') || 'no single element found';
        }"""
    )
