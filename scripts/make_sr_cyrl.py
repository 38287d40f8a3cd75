#!/usr/bin/env python
"""Regenerate the Serbian Cyrillic catalog from the Serbian Latin one.

sr_Cyrl is never translated by hand: it is the letter-by-letter transliteration of
sr_Latn (see the glossary). Run after every change to sr_Latn:

    .venv/bin/python scripts/make_sr_cyrl.py

Every message of sr_Latn is copied with `lat_to_cyr` applied to each msgstr form; the
header of sr_Cyrl (Language: sr_Cyrl, Plural-Forms …) is kept. Nothing is left fuzzy.

Two things must stay byte for byte in Latin inside the Cyrillic text: printf placeholders
(`%(name)s`, `%(num)d`), which gettext looks up by name, and the brand "Consortium".
They are protected here as well, so that the catalog is right even where `lat_to_cyr`
itself does not yet protect them; the script says so when that happens.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consortium.i18n.text import lat_to_cyr  # noqa: E402

TRANSLATIONS = ROOT / "translations"
LATIN = TRANSLATIONS / "sr_Latn" / "LC_MESSAGES" / "messages.po"
CYRILLIC = TRANSLATIONS / "sr_Cyrl" / "LC_MESSAGES" / "messages.po"

# The brand name and other words that stay Latin in Serbian Cyrillic UI text.
KEEP = frozenset({"Consortium"})
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\w*\}")


def to_cyrillic(text: str) -> str:
    """`lat_to_cyr`, with placeholders kept verbatim and KEEP words left in Latin."""
    if not text:
        return text
    out, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        out.append(lat_to_cyr(text[last : match.start()], keep=KEEP))
        out.append(match.group())
        last = match.end()
    out.append(lat_to_cyr(text[last:], keep=KEEP))
    return "".join(out)


def _forms(string):
    return list(string) if isinstance(string, tuple | list) else [string]


def main() -> int:
    with LATIN.open("rb") as f:
        latin = read_po(f, locale="sr_Latn")
    with CYRILLIC.open("rb") as f:
        cyrillic: Catalog = read_po(f, locale="sr_Cyrl")

    if latin.num_plurals != cyrillic.num_plurals:
        print(
            f"Plural-Forms differ: sr_Latn has {latin.num_plurals}, sr_Cyrl {cyrillic.num_plurals}",
            file=sys.stderr,
        )
        return 1

    # Keep sr_Cyrl's header and metadata; replace all of its messages.
    for message in list(cyrillic):
        if message.id:
            cyrillic.delete(message.id, context=message.context)
    cyrillic.obsolete.clear()

    unprotected = []
    for message in latin:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            string = tuple(to_cyrillic(s) for s in message.string)
        else:
            string = to_cyrillic(message.string)
        if _forms(string) != [lat_to_cyr(s) for s in _forms(message.string)]:
            unprotected.append(
                message.id[0] if isinstance(message.id, tuple | list) else message.id
            )
        cyrillic.add(
            message.id,
            string,
            locations=message.locations,
            flags=set(message.flags) - {"fuzzy"},
            auto_comments=message.auto_comments,
            user_comments=message.user_comments,
            previous_id=message.previous_id,
            lineno=message.lineno,
            context=message.context,
        )

    with CYRILLIC.open("wb") as f:
        write_po(f, cyrillic, width=76)

    print(f"Wrote {CYRILLIC.relative_to(ROOT)}: {sum(1 for m in cyrillic if m.id)} messages.")
    if unprotected:
        print(
            f"Note: in {len(unprotected)} messages plain lat_to_cyr() would have transliterated "
            "a placeholder or a kept word (e.g. "
            + "; ".join(repr(u) for u in unprotected[:3])
            + "); they were kept in Latin here.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
