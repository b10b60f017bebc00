"""Cards: hiding the term on a card's front."""

from __future__ import annotations

import pytest

from mimagery.study import MASK, hide_term
from mimagery.text import word_stems


def test_hide_term_masks_every_case_and_alias() -> None:
    text = "Xylem, XYLEM and xylem cells; XY for short."
    assert hide_term(text, ["Xylem", "XY"]) == f"{MASK}, {MASK} and {MASK} cells; {MASK} for short."


def test_hide_term_leaves_other_words_alone() -> None:
    # A short alias hides only whole words; a longer name hides words it starts, whole.
    assert hide_term("AI said aid", ["AI"]) == f"{MASK} said aid"
    assert hide_term("Epochs and reepoch, epochal", ["Epoch"]) == f"{MASK} and reepoch, {MASK}"


def test_hide_term_spans_line_breaks_and_ignores_regex_characters() -> None:
    assert hide_term("a gradient\n  descent step", ["Gradient Descent"]) == f"a {MASK} step"
    assert hide_term("C++ (c++) c", ["C++"]) == f"{MASK} ({MASK}) c"
    assert hide_term("nothing to hide", []) == "nothing to hide"


def test_hide_term_words_masks_each_term_word_for_a_mimage_cue() -> None:
    # Issue 13: on the front of a mimage → term card a keyword that repeats a term word
    # must not give it away.
    scene = 'A "Boat Gradient" sails down a slope: that is gradient boosting.'
    names = ["Gradient Boosting", "GBM"]
    assert hide_term(scene, names) == f'A "Boat Gradient" sails down a slope: that is {MASK}.'
    assert hide_term(scene, names, words=True) == (
        f'A "Boat {MASK}" sails down a slope: that is {MASK}.'
    )
    # Function words of a name stay: "of" in "Law of Demand" hides nothing.
    assert hide_term("the law of the land", ["Law of Demand"], words=True) == (
        f"the {MASK} of the land"
    )


def test_a_keyword_repeating_a_term_word_is_masked_word_by_word() -> None:
    # Issue 15: "Buy Nearly Search Tree" for Binary Search Tree gave the answer away.
    scene = 'Visualize a "Buy Nearly Search Tree": a shopper at a tree-shaped market.'
    assert hide_term(scene, ["Binary Search Tree", "BST"], words=True) == (
        f'Visualize a "Buy Nearly {MASK} {MASK}": a shopper at a {MASK}-shaped market.'
    )


@pytest.mark.parametrize(
    ("term", "text", "masked"),
    [
        ("Binary Search Tree", "Buy Nearly Searching Trees", f"Buy Nearly {MASK} {MASK}"),
        ("Binary Search Tree", "two binaries", f"two {MASK}"),
        ("Queue", "queued cues", f"{MASK} cues"),
        ("Sort", "sorted shorts", f"{MASK} shorts"),
        ("Run Length", "running lengths", f"{MASK} {MASK}"),
        ("Trie", "tries and a tree", f"{MASK} and a tree"),
        ("Hash Table", "hashes on tablets", f"{MASK} on {MASK}"),
        ("Stack", "a steak stacked", f"a steak {MASK}"),
        ("Heap", "a hip hop heaper", f"a hip hop {MASK}"),
        ("Big O Notation", "Big Oak Notations", f"{MASK} Oak {MASK}"),
    ],
)
def test_simple_inflections_of_term_words_are_masked(term: str, text: str, masked: str) -> None:
    assert hide_term(text, [term], words=True) == masked


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Trie", "a tree"),
        ("Heap", "a hip"),
        ("Array", "a ray of arrows"),
        ("Graph", "a giraffe"),
        ("Queue", "a cue"),
        ("Law of Demand", "of the land"),
    ],
)
def test_sound_alike_words_are_not_masked(term: str, text: str) -> None:
    assert hide_term(text, [term], words=True) == text


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("Searching", {"search"}),
        ("binaries", {"binary"}),
        ("running", {"run"}),
        ("queued", {"queue"}),
        ("tried", {"try"}),
        ("Trees", {"tree"}),
    ],
)
def test_word_stems_find_simple_inflections(word: str, stems: set[str]) -> None:
    assert stems <= word_stems(word)
