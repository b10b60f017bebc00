"""The term's own meaning in a few definition words (``keyidea.short_idea``), and the
scene's last sentence naming it (issue 13)."""

from __future__ import annotations

import pytest

from mimagery import scenes
from mimagery.scenes import composer, keyidea


@pytest.mark.parametrize(
    ("term", "definition", "expected", "kind"),
    [
        (
            "Tariff",
            "A tax charged on imported goods, usually to shield home makers.",
            "a tax charged on imported goods",
            "gloss",
        ),
        (
            "Inflation",
            "A general rise in prices across an economy over time.",
            "a general rise in prices",
            "gloss",
        ),
        (
            "Epoch",
            "One complete pass through the whole training set.",
            "one complete pass",
            "gloss",
        ),
        (
            "Isthmus",
            "A narrow strip of land that joins two larger land masses.",
            "a narrow strip of land",
            "gloss",
        ),
    ],
)
def test_short_idea_keeps_the_meaning_in_few_words(
    term: str, definition: str, expected: str, kind: str
) -> None:
    found = keyidea.short_idea(term, definition)
    assert found is not None
    assert (found.text, found.kind) == (expected, kind)
    assert len(found.text.split()) <= keyidea.SHORT_WORDS


@pytest.mark.parametrize(
    ("term", "definition"),
    [
        # What the cut leaves out turns the meaning round.
        (
            "Overfitting",
            "When a model learns its training data too closely, but fails on new data.",
        ),
        ("Enzyme", "A protein that makes a reaction go faster without being used up."),
        # Only half of a two-part action.
        ("Arbitrage", "Buying an asset in one market and selling it in another for a profit."),
        # Only an empty head and the term's own words are left.
        ("Stochastic Gradient Descent", "A variant of gradient descent, run on random samples."),
        # Nothing shorter than the limit reads as whole.
        ("Spread", "The difference between the buying price and the selling price of a share."),
    ],
)
def test_short_idea_refuses_what_would_mislead(term: str, definition: str) -> None:
    assert keyidea.short_idea(term, definition) is None


def test_short_idea_never_ends_inside_between_and() -> None:
    found = keyidea.short_idea("Strait", "A channel between two seas and their coasts.")
    assert found is None or "between" not in found.text or " and " in found.text


def test_short_idea_drops_an_empty_opening() -> None:
    found = keyidea.short_idea("Bracket", "A kind of metal support that is fixed under a shelf.")
    assert found is not None
    assert not found.text.startswith(("a kind", "kind"))
    assert found.text.startswith("metal support")
    assert found.kind == "gloss"  # still a noun phrase once "a kind of" is gone


def test_scene_names_the_terms_own_meaning() -> None:
    """The scene's last sentence names the tariff as a tax on imports, not only the kind of
    relation its picture acts out (what it costs)."""
    definition = "A tax charged on imported goods, usually to shield home makers."
    texts = {
        scenes.compose("Tariff", definition, "Terrier Fish", ["Terrier", "Fish"], seed)
        for seed in range(6)
    }
    for text in texts:
        assert "a tax charged on imported goods" in text.casefold(), text


def test_caption_is_the_short_idea_when_a_relation_is_found() -> None:
    definition = "A tax charged on imported goods, usually to shield home makers."
    assert composer.caption("Tariff", definition) == "a tax charged on imported goods"
