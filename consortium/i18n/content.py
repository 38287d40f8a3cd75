"""Which stored translation of a piece of content a reader sees. Pure functions, no Flask.

Order (DESIGN.md, Languages): the reader's language; for Serbian, the same text in the other
script, transliterated; the mutually intelligible languages (bs, hr, cnr, sr); the original;
English; then any language, in the order of `ORDER`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar, cast

from consortium.i18n.languages import CODES
from consortium.i18n.text import cyr_to_lat, lat_to_cyr

__all__ = ["ORDER", "Shown", "fallback_chain", "is_missing", "resolve"]

# The interface languages, in the order used for the last-resort fallback.
ORDER: tuple[str, ...] = CODES

# Neighbours that readers understand, nearest first. Serbian readers get the other script
# first (transliterated, so it is really their language); Montenegrin is closest to Serbian.
_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "hr": ("bs", "cnr", "sr-latn", "sr-cyrl"),
    "bs": ("hr", "cnr", "sr-latn", "sr-cyrl"),
    "cnr": ("sr-latn", "sr-cyrl", "bs", "hr"),
    "sr-latn": ("sr-cyrl", "cnr", "bs", "hr"),
    "sr-cyrl": ("sr-latn", "cnr", "bs", "hr"),
}
# Readers of Latin-script languages who can read Serbian but should not need Cyrillic to.
_LATIN_READERS = frozenset({"sr-latn", "bs", "hr", "cnr"})

T = TypeVar("T", str, Mapping[str, str | None])


@dataclass(frozen=True)
class Shown(Generic[T]):
    """The text a reader sees and where it came from, so the page can say so."""

    value: T  # the text, or field -> text for multi-field content
    lang: str  # the language (script) shown: "sr-latn" after Cyrillic -> Latin
    source_lang: str  # the stored translation it came from
    transliterated: bool
    is_requested: bool  # lang == the wanted language
    is_original: bool  # source_lang == the content's original language


def is_missing(value: str | Mapping[str, str | None] | None) -> bool:
    """None, blank, or a mapping whose every value is None or blank."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return all(v is None or not v.strip() for v in value.values())


def fallback_chain(wanted: str, original: str | None) -> list[str]:
    """The stored languages to try for a `wanted` reader, best first, without duplicates."""
    return list(_chain(wanted, original))


@lru_cache(maxsize=256)  # 8 readers × the originals: a page asks it for every text it shows
def _chain(wanted: str, original: str | None) -> tuple[str, ...]:
    if wanted not in ORDER:
        raise ValueError(f"unknown language code: {wanted!r}")
    chain = [wanted, *_NEIGHBOURS.get(wanted, ())]
    if original:
        chain.append(original)
    chain += ["en", *ORDER]
    return tuple(dict.fromkeys(chain))


def _convert(wanted: str, source: str) -> tuple[str, Callable[[str], str]] | None:
    """The script conversion a `wanted` reader needs for `source` text, if any."""
    if source == "sr-cyrl" and wanted in _LATIN_READERS:
        return "sr-latn", cyr_to_lat
    if source == "sr-latn" and wanted == "sr-cyrl":
        return "sr-cyrl", lat_to_cyr
    # Everything else is shown as written: a Cyrillic Serbian reader reads bs/hr/cnr in Latin.
    return None


def _apply(value: T, func: Callable[[str], str]) -> T:
    if isinstance(value, str):
        return func(value)
    return cast(T, {k: v if v is None else func(v) for k, v in value.items()})


def resolve(texts: Mapping[str, T], wanted: str, original: str | None) -> Shown[T] | None:
    """The best available text for a `wanted` reader; None only when every text is missing.

    Multi-field content is taken as a unit: fields are never mixed from two languages.
    """
    # Stored codes outside the chain (legacy or bad data) still beat showing nothing.
    candidates = fallback_chain(wanted, original)
    candidates += sorted(set(texts) - set(candidates))
    for source in candidates:
        value = texts.get(source)
        if value is None or is_missing(value):
            continue
        lang, transliterated = source, False
        conversion = _convert(wanted, source)
        if conversion is not None:
            lang, func = conversion
            value, transliterated = _apply(value, func), True
        return Shown(
            value=value,
            lang=lang,
            source_lang=source,
            transliterated=transliterated,
            is_requested=lang == wanted,
            is_original=source == original,
        )
    return None
