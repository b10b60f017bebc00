"""Cards: hiding the term on a card's front."""

from __future__ import annotations

from mimagery.study import MASK, hide_term


def test_hide_term_masks_every_case_and_alias() -> None:
    text = "Xylem, XYLEM and xylem cells; XY for short."
    assert hide_term(text, ["Xylem", "XY"]) == f"{MASK}, {MASK} and {MASK} cells; {MASK} for short."


def test_hide_term_leaves_other_words_alone() -> None:
    # A short alias hides only whole words; a longer name hides word starts (inflections).
    assert hide_term("AI said aid", ["AI"]) == f"{MASK} said aid"
    assert hide_term("Epochs and reepoch", ["Epoch"]) == f"{MASK}s and reepoch"


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
