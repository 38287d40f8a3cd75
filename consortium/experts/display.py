"""How experts are named and described for the current reader."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from consortium.experts.vocab import SPOKEN_LANGUAGES, Availability, ContactKind, Level, Visibility
from consortium.i18n import current_language
from consortium.i18n.display import shown

# Babel names no Montenegrin (DESIGN.md, Languages): the language's name is ours to give.
_OWN_LANGUAGE_NAMES = {"cnr": _l("Montenegrin")}
_CYRILLIC_READERS = frozenset({"sr-cyrl", "mk"})


def is_cyrillic(text: str | None) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text or "")


def expert_name(expert: Any) -> str:
    """The name in the reader's script where the profile has it in both."""
    other = expert.name_other_script
    if not other:
        return expert.name
    wants_cyrillic = current_language().code in _CYRILLIC_READERS
    if is_cyrillic(expert.name) == wants_cyrillic:
        return expert.name
    return other if is_cyrillic(other) == wants_cyrillic else expert.name


def spoken_language_name(code: str) -> str:
    if code in _OWN_LANGUAGE_NAMES:
        return str(_OWN_LANGUAGE_NAMES[code])
    locale = get_locale()
    return (locale.languages.get(code) if locale else None) or code


def spoken_language_choices() -> tuple[tuple[str, str], ...]:
    """Every spoken language and its name for this reader, by name (the directory's filter):
    the same for every request in a language, so sorted once per language."""
    locale = get_locale()
    return _choices(str(locale) if locale else "")


@lru_cache(maxsize=16)
def _choices(locale: str) -> tuple[tuple[str, str], ...]:
    named = ((code, spoken_language_name(code)) for code in SPOKEN_LANGUAGES)
    return tuple(sorted(named, key=lambda pair: pair[1]))


def biography(expert: Any):
    return shown(expert.biography, expert.original_language)


def _title(vocabulary: Any) -> Any:
    return lambda code: (lambda m: m.title if m is not None else code)(vocabulary.lookup(code))


TEMPLATE_GLOBALS = {
    "spoken_level": _title(Level),
    "contact_kind_title": _title(ContactKind),
    "visibility_title": _title(Visibility),
    "availability_options": lambda: list(Availability),
    "expert_name": expert_name,
    "spoken_language_name": spoken_language_name,
    "expert_biography": biography,
}
