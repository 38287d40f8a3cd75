"""axe-core on every main page, in English, Serbian Cyrillic and Albanian, signed in and out.

A serious or critical violation fails the test; every one found on the way is listed.
The full results (all impacts) are kept in e2e-artifacts/axe/, one file per language and state.
"""

from __future__ import annotations

import pytest

from tests_e2e.support import (
    ARTIFACTS,
    AXE_JS,
    CHECKED_LANGUAGES,
    STATES,
    dump_json,
    format_violations,
    main_pages,
    run_axe,
)

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", CHECKED_LANGUAGES)
def test_main_pages_have_no_serious_violations(lang, state, new_context, signed_in_state, cast):
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run scripts/e2e-setup.sh", pytrace=False)
    persona = cast["org_admin"]
    options = {"storage_state": signed_in_state("org_admin")} if state == "signed-in" else {}
    page = new_context(**options).new_page()
    problems: list[str] = []
    report = {}
    for main_page in main_pages(persona.organisation, state):
        url = main_page.url(lang)
        response = page.goto(url)
        if response is None or response.status != main_page.status:
            status = response.status if response else "no response"
            problems.append(f"{url}: HTTP {status}, expected {main_page.status}")
            continue
        violations = run_axe(page)
        report[url] = violations
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            problems.append(format_violations(url, blocking))
    dump_json(ARTIFACTS / "axe" / f"{lang}-{state}.json", report)
    assert not problems, (
        f"axe-core found serious or critical problems ({lang}, {state}):\n\n"
        + "\n\n".join(problems)
    )
