"""Every interface string is really translated in every language's catalog."""

from __future__ import annotations

import re
from gettext import c2py
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import lat_to_cyr

ROOT = Path(__file__).resolve().parents[2] / "translations"
CATALOGS = [lang.catalog for lang in LANGUAGES.values() if lang.code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
NPLURALS = {"sq": 2, "mk": 2, "sr_Latn": 3, "sr_Cyrl": 3, "bs": 3, "hr": 3, "sr_Latn_ME": 3}


def _template():
    with (ROOT / "messages.pot").open("rb") as f:
        return read_po(f)


def _catalog(name: str):
    with (ROOT / name / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=None)


def _same_as_english(name: str) -> set[str]:
    """A short reviewed list of strings that are the same in English (proper names…)."""
    path = ROOT / name / "same-as-english.txt"
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _key(message) -> tuple:
    """A message is its id within its context (msgctxt)."""
    return (_ids(message)[0], message.context)


@pytest.mark.parametrize("name", CATALOGS)
def test_every_string_is_translated_and_not_fuzzy(name):
    catalog = _catalog(name)
    missing, fuzzy = [], []
    for template_message in _template():
        if not template_message.id:
            continue
        # By context too: "Coordinator" and its feminine form (msgctxt "role, feminine")
        # are two messages.
        message = catalog.get(template_message.id, context=template_message.context)
        if message is None or not all(f and f.strip() for f in _forms(message)):
            missing.append(_ids(template_message)[0])
        elif message.fuzzy:
            fuzzy.append(_ids(template_message)[0])
    assert not missing, f"{name}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{name}: fuzzy entries {fuzzy[:5]}"


@pytest.mark.parametrize("name", CATALOGS)
def test_nothing_is_copied_from_english(name):
    allowed = _same_as_english(name)
    copied = [
        _ids(m)[0]
        for m in _catalog(name)
        if m.id
        and any(f == i for f, i in zip(_forms(m), _ids(m), strict=False))
        and _ids(m)[0] not in allowed
    ]
    assert not copied, f"{name}: copied from English: {copied}"


@pytest.mark.parametrize("name", CATALOGS)
def test_placeholders_are_kept(name):
    broken = []
    for m in _catalog(name):
        if not m.id:
            continue
        expected = set(PLACEHOLDER.findall(_ids(m)[-1]))
        for form in _forms(m):
            found = set(PLACEHOLDER.findall(form or ""))
            # A plural form may drop %(num)d where the language says "one" in words.
            if form and (found - expected or expected - found - {"%(num)d"}):
                broken.append(_ids(m)[0])
    assert not broken, f"{name}: placeholders differ in {broken}"


@pytest.mark.parametrize("name", CATALOGS)
def test_plural_rule_follows_cldr(name):
    catalog = _catalog(name)
    assert catalog.num_plurals == NPLURALS[name]
    plural = c2py(catalog.plural_expr)
    if name == "mk":
        # CLDR: 21 is singular in Macedonian, unlike the n != 1 that `pybabel init` writes.
        assert [plural(n) for n in (1, 2, 11, 21, 101, 111)] == [0, 1, 1, 0, 0, 1]
    if NPLURALS[name] == 3:
        assert [plural(n) for n in (1, 2, 5, 11, 12, 21, 22, 25)] == [0, 1, 2, 2, 2, 0, 1, 2]


def test_serbian_cyrillic_is_the_transliteration_of_serbian_latin():
    latin = {_key(m): _forms(m) for m in _catalog("sr_Latn") if m.id}
    differs = []
    for m in _catalog("sr_Cyrl"):
        if m.id and _key(m) in latin and [lat_to_cyr(f) for f in latin[_key(m)]] != _forms(m):
            differs.append(_ids(m)[0])
    assert not differs, f"sr_Cyrl differs from the transliterated sr_Latn in {differs[:5]}"
