"""The texts the app ships for each page, in every interface language.

Each lives in `data/<slug>.<language>.md`: the first line is the title (`# Privacy`), the
rest is the body in Markdown. Serbian Cyrillic is the Serbian Latin text transliterated
(DESIGN.md: one text in two scripts), so it has no file of its own. A stored `Page` row
replaces the shipped text for its language (`pages.services.read`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import lat_to_cyr
from consortium.pages.schemas import SLUGS

DATA = Path(__file__).with_name("data")
ORIGINAL = "en"  # the language the texts were written in; the others are translations
# Names that Serbian Cyrillic text keeps in Latin letters, besides i18n.text.ACRONYMS.
KEEP_LATIN = frozenset(
    {"WCAG", "AA", "IP", "Nu", "Checker", "NVDA", "Orca", "TalkBack", "VoiceOver", "Chromium"}
)


class Text(NamedTuple):
    title: str
    body: str


def parse(source: str) -> Text:
    """`# Title`, then the body; blank lines around the body are dropped."""
    first, _, rest = source.strip().partition("\n")
    if not first.startswith("# ") or not rest.strip():
        raise ValueError("a page file starts with '# Title' and has a body")
    return Text(first.removeprefix("# ").strip(), rest.strip())


def to_cyrillic(text: Text) -> Text:
    return Text(lat_to_cyr(text.title, keep=KEEP_LATIN), lat_to_cyr(text.body, keep=KEEP_LATIN))


@cache
def shipped() -> dict[str, dict[str, Text]]:
    """slug -> language -> text, for every page and every interface language.

    Read once per process (the files are part of the release); a missing file fails at
    start-up, when `init_app` calls this, not when a reader first asks for the page.
    """
    texts: dict[str, dict[str, Text]] = {}
    for slug in SLUGS:
        by_language = {
            code: parse((DATA / f"{slug}.{code}.md").read_text(encoding="utf-8"))
            for code in LANGUAGES
            if code != "sr-cyrl"
        }
        by_language["sr-cyrl"] = to_cyrillic(by_language["sr-latn"])
        texts[slug] = by_language
    return texts
