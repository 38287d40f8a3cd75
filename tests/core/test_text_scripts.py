"""What a reader sees of a long text in a search result (`excerpt`), and which names are
refused as look-alikes because one word mixes two scripts (`mixes_scripts`)."""

from __future__ import annotations

import pytest

from consortium.core.text import excerpt, mixes_scripts

# --- excerpt: the summary line under a search result -----------------------------------


def test_a_missing_text_gives_an_empty_summary():
    assert excerpt(None) == ""
    assert excerpt("") == ""


def test_a_short_text_is_shown_whole_on_one_line():
    assert excerpt("Annual report\n\n  of the   consortium") == "Annual report of the consortium"


def test_a_text_of_exactly_the_limit_is_not_cut():
    exactly = ("word " * 40).strip() + "s"  # 200 characters
    assert len(exactly) == 200
    assert excerpt(exactly) == exactly
    assert excerpt("abc", limit=3) == "abc"


def test_the_summary_stops_at_two_hundred_characters_by_default():
    text = "word " * 60  # 300 characters
    shown = excerpt(text)
    assert shown.endswith("…")
    assert len(shown) <= 201
    assert shown == ("word " * 40).strip() + "…"
    assert excerpt("a" * 201) == "a" * 200 + "…"


def test_a_long_text_is_cut_at_the_last_whole_word_and_marked():
    assert excerpt("Regional cooperation in the Western Balkans", limit=25) == (
        "Regional cooperation in…"
    )


def test_a_text_without_spaces_is_cut_where_the_limit_falls():
    assert excerpt("Supercalifragilisticexpialidocious", limit=5) == "Super…"


@pytest.mark.parametrize("mark", [",", ".", ";", ":"])
def test_punctuation_before_the_cut_is_dropped(mark):
    assert excerpt(f"Belgrade{mark} Pristina and Tirana", limit=12) == "Belgrade…"


def test_letters_at_the_end_of_the_cut_word_are_kept():
    # Only spaces and punctuation go: a word ending in X (or any letter) stays whole.
    assert excerpt("Sales TAX rules for members", limit=10) == "Sales TAX…"


# --- mixes_scripts: look-alike names ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mixed"),
    [
        ("Kosov\u0430", True),  # a Cyrillic а at the end of a Latin word
        ("\u0410thens", True),  # a Cyrillic А before Latin letters
        ("\u0391thens", True),  # a Greek Alpha before Latin letters
        ("Kosova", False),
        ("Косова", False),
        ("Kosova Косова", False),  # one name in each script, each word in one
        ("Ђорђе-2, Beograd.", False),  # digits and punctuation have no script
        ("O'Brien", False),
        ("Центар 11000", False),
        ("", False),
        (None, False),
    ],
)
def test_only_a_word_in_two_scripts_is_a_look_alike(text, mixed):
    assert mixes_scripts(text) is mixed


def test_a_mixed_word_anywhere_in_the_name_is_found():
    assert mixes_scripts("Centar za Kosov\u0430 studije") is True
