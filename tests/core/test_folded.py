"""`core.folded`: short lists in one column of a row, read back in their order. The lists
that use it (expert cards' languages, the API's areas and languages) are tested through
their pages on both databases."""

from __future__ import annotations

from consortium.core.folded import unfolded


def test_a_folded_list_reads_back_in_the_order_of_its_keys():
    value = "2:7:en:fluent 0:9:sr:native 0:3:sq:basic"
    assert unfolded(value, keys=1) == [
        ["9", "sr", "native"],
        ["3", "sq", "basic"],
        ["7", "en", "fluent"],
    ]
    assert unfolded(value, keys=2) == [["sq", "basic"], ["sr", "native"], ["en", "fluent"]]


def test_nothing_folded_is_an_empty_list():
    assert unfolded(None) == [] and unfolded("") == []
    assert unfolded("3 1 2") == [["3"], ["1"], ["2"]]  # no keys: as the database gave them
