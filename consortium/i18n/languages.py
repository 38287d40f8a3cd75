"""The eight interface languages: URL codes, catalog folders, own names, negotiation."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Language:
    code: str  # what appears in URLs and in stored content
    catalog: str  # the Babel locale / catalog folder name
    own_name: str  # the language's name in itself, shown in the switcher
    bcp47: str  # for lang="" and hreflang

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.catalog)


# Babel has no Montenegrin: `cnr` lives in the `sr_Latn_ME` catalog, its name written by us.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "en", "English", "en"),
        Language("sq", "sq", "Shqip", "sq"),
        Language("sr-latn", "sr_Latn", "Srpski", "sr-Latn"),
        Language("sr-cyrl", "sr_Cyrl", "Српски", "sr-Cyrl"),
        Language("mk", "mk", "Македонски", "mk"),
        Language("bs", "bs", "Bosanski", "bs"),
        Language("hr", "hr", "Hrvatski", "hr"),
        Language("cnr", "sr_Latn_ME", "Crnogorski", "cnr"),
    )
}
DEFAULT = "en"
CODES: tuple[str, ...] = tuple(LANGUAGES)
BY_CATALOG = {lang.catalog: lang.code for lang in LANGUAGES.values()}


def choices() -> list[tuple[str, str]]:
    """For a language menu: each language under its own name."""
    return [(code, language.own_name) for code, language in LANGUAGES.items()]


def code_for_tag(tag: str) -> str | None:
    """Map one BCP 47 tag (`sr-Latn-RS`, `sr-ME`, `hr`, `cnr`) to an interface language."""
    tag = tag.strip()
    if not tag or tag == "*":
        return None
    if tag.lower() in LANGUAGES:
        return tag.lower()
    if tag.lower().split("-")[0] == "cnr":
        return "cnr"
    if tag.lower().split("-")[0] == "sh":  # old Serbo-Croatian, written in Latin; Babel lacks it
        return "sr-latn"
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    if locale.language == "sr":
        if locale.territory == "ME":
            return "cnr"
        # Plain `sr` means Cyrillic in CLDR; only an explicit Latin script means Latin.
        return "sr-latn" if locale.script == "Latn" else "sr-cyrl"
    if locale.language == "sh":  # the old Serbo-Croatian tag is written in Latin
        return "sr-latn"
    return locale.language if locale.language in LANGUAGES else None


def negotiate(accept_language: str | None) -> str | None:
    """Pick the interface language from an `Accept-Language` header, honouring q-values."""
    if not accept_language:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = code_for_tag(tag)
        if code and quality > 0:
            weighted.append((-quality, position, code))
    return min(weighted)[2] if weighted else None
