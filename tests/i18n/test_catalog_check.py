"""The app refuses to start when a language's compiled catalog is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from consortium import create_app
from consortium.i18n.languages import LANGUAGES

SHIPPED = Path(__file__).resolve().parents[2] / "translations"


@pytest.fixture
def translations(tmp_path) -> Path:
    """A copy of the shipped catalogs that a test may damage."""
    copy = tmp_path / "translations"
    shutil.copytree(SHIPPED, copy)
    return copy


def _mo(directory: Path, code: str) -> Path:
    return directory / LANGUAGES[code].catalog / "LC_MESSAGES" / "messages.mo"


def test_the_shipped_catalogs_are_all_compiled_and_the_app_starts():
    app = create_app({})
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(SHIPPED)
    assert all(_mo(SHIPPED, code).is_file() for code in LANGUAGES if code != "en")


def test_a_complete_copy_starts(translations):
    assert create_app({"BABEL_TRANSLATION_DIRECTORIES": str(translations)}) is not None


def test_a_missing_catalog_refuses_to_start_and_names_the_language(translations):
    _mo(translations, "sq").unlink()
    with pytest.raises(RuntimeError, match="make catalogs") as refusal:
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    message = str(refusal.value)
    assert "sq (sq)" in message
    assert "mk (mk)" not in message  # only the missing one is named
    assert f"in {translations}: run `make catalogs`" in message  # and where it looked


def test_montenegrin_is_looked_for_under_its_catalog_folder(translations):
    _mo(translations, "cnr").unlink()
    (translations / "cnr" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(_mo(translations, "hr"), translations / "cnr" / "LC_MESSAGES" / "messages.mo")
    with pytest.raises(RuntimeError, match=r"cnr \(sr_Latn_ME\)"):
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(translations)})


def test_every_missing_catalog_is_named_at_once(translations):
    for code in ("sr-latn", "sr-cyrl"):
        _mo(translations, code).unlink()
    with pytest.raises(RuntimeError) as refusal:
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    assert "sr-latn (sr_Latn), sr-cyrl (sr_Cyrl)" in str(refusal.value)


def test_an_uncompiled_po_file_is_not_enough(translations):
    """A .po without its .mo is what a checkout looks like before `make catalogs`."""
    assert (_mo(translations, "bs").with_suffix(".po")).is_file()
    _mo(translations, "bs").unlink()
    with pytest.raises(RuntimeError, match=r"bs \(bs\)"):
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(translations)})


def test_a_catalog_in_any_of_several_directories_counts(translations, tmp_path):
    """Flask-Babel reads a ";"-separated list; relative entries start at the package."""
    extra = tmp_path / "extra"
    (extra / "sq" / "LC_MESSAGES").mkdir(parents=True)
    shutil.move(_mo(translations, "sq"), extra / "sq" / "LC_MESSAGES" / "messages.mo")
    assert create_app({"BABEL_TRANSLATION_DIRECTORIES": f"{translations};{extra}"})
    assert create_app({"BABEL_TRANSLATION_DIRECTORIES": "../translations"})


def test_the_directories_looked_in_are_all_named(translations, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    _mo(translations, "hr").unlink()
    with pytest.raises(RuntimeError) as refusal:
        create_app({"BABEL_TRANSLATION_DIRECTORIES": f"{translations};{extra}"})
    assert f"in {translations}; {extra}: " in str(refusal.value)


def test_the_source_language_must_be_the_default():
    """Messages are written in English: another default would show them untranslated."""
    with pytest.raises(RuntimeError, match=r"^BABEL_DEFAULT_LOCALE must be 'en'"):
        create_app({"BABEL_DEFAULT_LOCALE": "sq"})
