"""The Nu HTML Checker (vnu-jar) over the main pages as the server sent them: no errors.

The pages are fetched by the browser (signed in and out, in each checked language), saved
under e2e-artifacts/html/, and checked in one run of the checker.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests_e2e.support import ARTIFACTS, CHECKED_LANGUAGES, STATES, VNU_JAR, main_pages

pytestmark = pytest.mark.e2e


def _save_pages(new_context, signed_in_state, cast, folder: Path) -> list[str]:
    """Save every main page's HTML; return the pages that answered an unexpected status."""
    wrong: list[str] = []
    slug = cast["org_admin"].organisation
    for state in STATES:
        options = {"storage_state": signed_in_state("org_admin")} if state == "signed-in" else {}
        page = new_context(**options).new_page()
        for lang in CHECKED_LANGUAGES:
            for main_page in main_pages(slug, state):
                url = main_page.url(lang)
                response = page.goto(url)
                if response is None or response.status != main_page.status:
                    wrong.append(f"{url} ({state}): HTTP {response.status if response else '-'}")
                    continue
                name = f"{lang}-{state}-{main_page.name}.html"
                (folder / name).write_bytes(response.body())
    return wrong


def _check(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run scripts/e2e-setup.sh", pytrace=False)
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run scripts/e2e-setup.sh", pytrace=False)
    result = subprocess.run(  # noqa: S603
        [
            java,
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # The checker writes its report to stderr; exit 1 only means "errors found".
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"the Nu HTML Checker failed (exit {result.returncode}):\n"
            f"{result.stderr[-3000:]}\n{result.stdout[-3000:]}",
            pytrace=False,
        )


def test_main_pages_are_valid_html(new_context, signed_in_state, cast):
    folder = ARTIFACTS / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    wrong = _save_pages(new_context, signed_in_state, cast, folder)
    files = sorted(folder.glob("*.html"))
    assert files, "no page could be saved"
    messages = _check(files)
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    problems = []
    if wrong:
        problems.append("pages answered an unexpected status:\n" + "\n".join(wrong))
    if errors:
        problems.append(
            f"the Nu HTML Checker found {len(errors)} error(s) in {len(files)} pages "
            f"(saved in {folder}):\n" + _grouped(errors)
        )
    assert not problems, "\n\n".join(problems)


def _grouped(errors: list[dict]) -> str:
    """One line per page and message, naming the languages it shows up in."""
    groups: dict[tuple[str, str], dict] = {}
    for message in errors:
        name = Path(message.get("url", "?").removeprefix("file:")).stem
        lang = next((code for code in CHECKED_LANGUAGES if name.startswith(code + "-")), "")
        page = name.removeprefix(lang + "-") if lang else name
        group = groups.setdefault(
            (page, message.get("message", "")),
            {"langs": [], "lines": [], "extract": message.get("extract") or ""},
        )
        if lang not in group["langs"]:
            group["langs"].append(lang)
        if message.get("lastLine") not in group["lines"]:
            group["lines"].append(message.get("lastLine"))
    out = []
    for (page, text), group in groups.items():
        lines = ", ".join(str(line) for line in group["lines"])
        out.append(f"{page} [{' '.join(group['langs'])}] line {lines}: {text}")
        extract = " ".join(group["extract"].split())
        if extract:
            out.append(f"    {extract[:160]}")
    return "\n".join(out)
