"""No template or module turns escaping off, except where reviewed.

Autoescaping is what keeps a stored name or title text; `|safe`, `Markup(…)` and
`{% autoescape false %}` turn it off. Each occurrence in consortium/ must be listed below,
with why it is safe; a new one fails until someone reviews and lists it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "consortium"
UNSAFE = re.compile(
    r"\|\s*safe\b|\bMarkup\s*\(|autoescape\s+false|render_template_string|\.__html__\s*=|"
    r"\|\s*tojson\s*\|\s*safe"
)
SUFFIXES = (".py", ".html", ".txt", ".xml", ".j2", ".jinja")
# (file, the line's code without its comment) -> why it is safe.
REVIEWED = {
    (
        "core/markdown.py",
        "return Markup(clean)",
    ): "Markdown rendered without raw HTML (markdown-it html=False), then cleaned by nh3 with "
    "a tag allow-list, http/https/mailto links only and no relative links",
    (
        "core/templating.py",
        """return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()""",
    ): "a constant string; Markup's % operator escapes the interpolated token",
    (
        "auth/second_factor.py",
        "return Markup(svg)",
    ): "segno's inline SVG of the otpauth:// address: no title or description is passed, so "
    "the address only becomes the QR code's path data, never text or attributes",
    (
        "core/forms.py",
        'return Markup("".join(html))',
    ): "QuickSelect: the select's attributes through WTForms' html_params, every option's "
    "value and label through markupsafe.escape (tests/core/test_filter_select.py compares it "
    "with WTForms' own select)",
}


def _occurrences() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(ROOT.rglob("*")):
        if (
            path.suffix not in (".py", ".html", ".txt", ".xml", ".j2", ".jinja")
            or not path.is_file()
        ):
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if UNSAFE.search(line):
                code = line.split("  #")[0].strip()  # comments (noqa, nosec) may change
                found.append((str(path.relative_to(ROOT)), number, code))
    return found


def test_escaping_is_never_turned_off_outside_the_reviewed_list():
    unreviewed = [
        f"consortium/{file}:{number}: {text}"
        for file, number, text in _occurrences()
        if (file, text) not in REVIEWED
    ]
    assert not unreviewed, "unreviewed unescaped output:\n" + "\n".join(unreviewed)


def test_every_reviewed_occurrence_still_exists():
    """A stale entry would let a new occurrence with the same text in through unnoticed."""
    present = {(file, text) for file, _number, text in _occurrences()}
    assert set(REVIEWED) <= present, set(REVIEWED) - present


def test_the_pattern_finds_what_it_looks_for():
    for sample in (
        "{{ name|safe }}",
        "{{ name | safe }}",
        "{% autoescape false %}",
        "Markup(text)",
        "render_template_string(source)",
    ):
        assert UNSAFE.search(sample), sample
    assert not UNSAFE.search("{{ json_ld|tojson }}")
    assert not UNSAFE.search("safe_url(next)")
