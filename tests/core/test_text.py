"""Names and subjects people type: what counts as a control character, one-line labels."""

from __future__ import annotations

import pytest

from consortium.core.text import has_control_characters, single_line


@pytest.mark.parametrize(
    "value",
    [
        "Ana\nMarić",  # a line break (Cc)
        "Ana\tMarić",  # a tab (Cc)
        "Ana\x00",  # NUL (Cc)
        "Ana\u200bMarić",  # a zero-width space (Cf): looks like "AnaMarić"
        "\u202eaniM",  # a right-to-left override (Cf) that reverses what follows
        "Ana\u2028Marić",  # the Unicode line separator (Zl)
        "Ana\u2029Marić",  # the Unicode paragraph separator (Zp)
    ],
)
def test_control_characters_are_found(value):
    assert has_control_characters(value) is True


@pytest.mark.parametrize(
    "value", [None, "", "Ana Marić", "Ђорђе Петровић", "Qendra Kosovare për Studime", "O'Brien"]
)
def test_ordinary_names_have_none(value):
    assert has_control_characters(value) is False


def test_single_line_collapses_every_kind_of_space():
    assert single_line("  Invitation\r\n to\tQendra   Kosovare \u2028") == (
        "Invitation to Qendra Kosovare"
    )
