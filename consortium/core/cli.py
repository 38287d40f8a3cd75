"""Helpers every domain's CLI uses, and `flask translate …` for the interface catalogs."""

from __future__ import annotations

import subprocess
import sys
from typing import NoReturn

import click
from flask.cli import AppGroup

from consortium.config import ROOT
from consortium.i18n.languages import LANGUAGES


def fail(message: object) -> NoReturn:
    """One line on stderr and exit status 2; `transactional` rolls back what was written."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


translate = AppGroup("translate", help="Maintain the interface translations.")
POT = ROOT / "translations" / "messages.pot"


def _babel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)  # noqa: S603


@translate.command("extract")
def extract() -> None:
    """Collect every interface string into translations/messages.pot."""
    _babel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "-k",
        "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "--project",
        "Consortium",
        "-o",
        str(POT),
        ".",
    )


@translate.command("update")
def update() -> None:
    """Extract, then merge new strings into every language's catalog."""
    extract.callback()  # type: ignore[misc]  # @command always sets the callback
    for language in LANGUAGES.values():
        if language.code == "en":
            continue
        _babel(
            "update",
            "-i",
            str(POT),
            "-d",
            "translations",
            "-l",
            language.catalog,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )
    # Serbian Cyrillic is never translated by hand: it is the transliterated Latin catalog.
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sr_cyrl.py")], check=True)  # noqa: S603


@translate.command("compile")
def compile_() -> None:
    """Build the .mo files the application loads."""
    _babel("compile", "-d", "translations", "--statistics")
