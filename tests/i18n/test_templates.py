"""No interface text is written into a template outside gettext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "consortium"
TEMPLATES = sorted(p for p in PACKAGE.rglob("templates/**/*") if p.suffix in {".html", ".txt"})
# Words that are the same in every language: the brand, and the mail signature's dashes.
ALLOWED = {"Consortium"}
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&\w+;|&#\d+;")


JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _literal_text(path: Path, env) -> list[str]:
    source = path.read_text()
    env.parse(source, filename=str(path))  # a template that does not parse fails here
    # Jinja expressions become a neutral token, so tags with {{ }} in attributes stay whole.
    text = JINJA.sub(" 0 ", source)
    text = ENTITY.sub(" ", TAG.sub(" ", text)) if path.suffix == ".html" else text
    return [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in ALLOWED]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_template_has_no_untranslated_text(app, path):
    words = _literal_text(path, app.jinja_env)
    assert not words, f"{path.name}: text outside gettext: {words}"


def test_the_check_sees_literal_text(app, tmp_path):
    sample = tmp_path / "sample.html"
    sample.write_text('<p class="x">Hello {{ _("world") }}</p>')
    assert _literal_text(sample, app.jinja_env) == ["Hello"]
