"""The word lists behind the Serbian transliteration are data files; their format (one entry a
line, "#" starts a comment, "[name]" opens a section) and their checks are what an editor of
those files relies on."""

from __future__ import annotations

import pytest

from consortium.i18n import text


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "_DATA", tmp_path)

    def write(name: str, body: str) -> str:
        (tmp_path / name).write_text(body, encoding="utf-8")
        return name

    return write


def test_entries_keep_sections_comments_and_spacing_as_the_header_says(data):
    name = data(
        "words.txt",
        "# a file header\n"
        "before   any section\n"
        "[brands]\n"
        "Freedom   House  # an American NGO # founded 1941\n"
        "\n"
        "ends with a bracket]\n"
        "[starts with one\n"
        "[acronyms]\n"
        "NATO\n",
    )
    assert text._entries(name) == [
        ("", "before any section"),
        ("brands", "Freedom House"),
        ("brands", "ends with a bracket]"),
        ("brands", "[starts with one"),
        ("acronyms", "NATO"),
    ]


def test_a_longer_kept_phrase_wins_over_one_it_begins_with():
    scanner = text._scanner(["Open Society", "Open Society Foundations"])
    found = scanner.search("Open Society Foundations podržava")
    assert found is not None and found.group("keep") == "Open Society Foundations"
    # The control: the shorter phrase alone is still kept.
    alone = scanner.search("Open Society podržava")
    assert alone is not None and alone.group("keep") == "Open Society"


def test_the_cyrillic_acronyms_file_gives_the_given_or_the_transliterated_form(data):
    data("sr_cyrillic_acronyms.txt", "EU\nSE СЕ  # Savet Evrope\n")
    assert text._cyrillic_acronyms() == {"EU": "ЕУ", "SE": "СЕ"}


# A brand and an acronym that kept Latin by the other list, and one with a letter Serbian lacks.
@pytest.mark.parametrize("entry", ["Consortium", "CSO", "WHO"])
def test_an_acronym_that_must_stay_latin_is_refused_by_name(data, entry):
    data("sr_cyrillic_acronyms.txt", f"EU\n{entry}\n")
    with pytest.raises(ValueError, match=f"sr_cyrillic_acronyms.txt: '{entry}' cannot be"):
        text._cyrillic_acronyms()
