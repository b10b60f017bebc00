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


def test_short_idea_never_stops_just_inside_a_relative_clause() -> None:
    definition = "A part that changes alternating current into direct current for a charger."
    found = keyidea.short_idea("Converter Box", definition)
    assert found is None or not found.text.endswith("that changes")
    found = keyidea.short_idea("Slump", "A sudden drop in sales that happens after a holiday.")
    assert found is not None
    assert found.text == "a sudden drop in sales"


def test_short_idea_keeps_a_gerund_after_a_preposition() -> None:
    found = keyidea.short_idea("Creole", "A plain way of speaking that grows out of trade.")
    assert found is not None
    assert found.text == "a plain way of speaking"


@pytest.mark.parametrize(
    ("term", "definition"),
    [
        # A verb without what it is done to.
        (
            "Learned Helplessness",
            "A state in which someone stops trying to change a bad lot because the past taught them.",
        ),
    ],
)
def test_short_idea_refuses_a_cut_that_loses_the_point(term: str, definition: str) -> None:
    assert keyidea.short_idea(term, definition) is None


def test_an_honest_scene_names_the_meaning_in_the_definitions_few_words() -> None:
    # No relation of the table: the scene says so, with the short idea.
    definition = "Brain tissue's ability to rewire itself after an injury or new learning."
    assert composer.concepts.relation("Neuroplasticity", definition) is None
    text = scenes.compose("Neuroplasticity", definition, "Neural Plaster City", [], 0)
    assert "ability to rewire itself" in text


def test_a_term_that_is_a_thing_meets_the_keywords_thing() -> None:
    """A knot that names no relation: the keyword's thing and a knot do something together
    (as a translation's scene does), and the short idea names it."""
    definition = "A knot that makes a fixed loop at the end of a rope."
    assert composer.concepts.relation("Bowline", definition) is None
    assert scenes.thing("Bowline", definition) == "knot"
    texts = {scenes.compose("Bowline", definition, "Beau Line", [], seed) for seed in range(4)}
    for text in texts:
        assert "knot" in text.split(".")[0], text
        assert '"Beau Line"' in text
        assert "a knot that makes a fixed loop" in text.casefold()


@pytest.mark.parametrize(
    ("term", "definition"),
    [
        ("Scapula", "Shoulder blade."),  # a blade of the shoulder is no blade
        ("Gauge", "A handheld measuring tool for thin wire."),  # any tool would do
        ("Glossary", "A set of terms with their meanings."),  # not a thing to draw
    ],
)
def test_no_thing_when_the_head_would_mislead(term: str, definition: str) -> None:
    assert scenes.thing(term, definition) is None


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        ("DNS", "the Domain Name System", True),
        ("NSAID", "Non-steroidal anti-inflammatory drug", True),
        ("BPM", "beats per minute", True),
        ("MDF", "medium-density fibreboard", True),
        ("ISO", "a camera setting", False),
        ("Keras", "an open-source Python library", False),
        ("Tariff", "a tax charged on imported goods", False),
    ],
)
def test_spelling_out_an_abbreviation_is_told_apart(term: str, text: str, expected: bool) -> None:
    assert composer._spells(term, text) is expected


def test_an_abbreviations_spelling_is_its_name_not_its_meaning() -> None:
    definition = (
        "The Domain Name System, which translates the names we type into numeric addresses."
    )
    text = scenes.compose("DNS", definition, "Dee Nest", ["Dee", "Nest"], 0)
    assert "DNS (the Domain Name System)" in text or "dns (the domain name system)" in text


def test_an_abbreviation_as_the_subject_is_left_out() -> None:
    definition = "RAM is the short-term memory of a computer, lost when it is switched off."
    found = keyidea.short_idea("Random Access Memory", definition)
    assert found is not None
    assert (found.text, found.kind) == ("the short-term memory of a computer", "gloss")


@pytest.mark.parametrize(
    ("term", "definition", "spelled", "meaning"),
    [
        ("VAT", "Value-added tax: a tax added at each stage of making and selling.", "Value-added tax", "a tax added"),
        ("SPL", "Sound pressure level, how loud a sound is in decibels.", "Sound pressure level", "how loud"),
        ("DNS", "The Domain Name System, which turns typed names into numeric addresses.", "The Domain Name System", "turns typed names"),
    ],
)  # fmt: skip
def test_a_caption_says_what_an_abbreviation_is_not_only_its_letters(
    term: str, definition: str, spelled: str, meaning: str
) -> None:
    """A card's caption for an abbreviation spelled out at the definition's start gives
    the spelling-out and then what it is, not the spelling-out alone."""
    caption = scenes.caption(term, definition)
    assert caption.casefold().startswith(spelled.casefold()) and meaning in caption, caption


def test_an_abbreviation_keeps_its_spelling_out_in_every_scene() -> None:
    """However the scene names the meaning, the spelling-out stays with the name."""
    definition = "The Domain Name System, which turns typed names into numeric addresses."
    for seed in range(6):
        text = scenes.compose("DNS", definition, "Dee Nest", ["Dee", "Nest"], seed)
        assert "DNS (the Domain Name System)" in text, text


def test_the_meaning_holds_the_word_that_named_the_relation() -> None:
    # "the point in a comet's path" is true but leaves out what aphelion is: the words
    # from the relation's word say it.
    definition = (
        "The point in a comet's path around a star at which it comes farthest from the star."
    )
    found = composer.concepts.relation("Aphelion", definition)
    assert found is not None and found.concept.id == "far"
    assert composer.caption("Aphelion", definition) == "farthest from the star"
    text = scenes.compose("Aphelion", definition, "Ample Lion", [], 0)
    assert "farthest from the star" in text
    assert "Think of" not in text  # a verb-like phrase never follows "Think of … as"


@pytest.mark.parametrize(
    ("definition", "word"),
    [
        ("A thin layer on the ocean floor, far below the waves.", "floor"),  # a noun
        ("A dense cloud that rises to great heights.", "dense"),  # an adjective before its noun
        ("A change in how a drug works over time.", "over"),  # a preposition
        ("A roof with a pitched slope on two sides.", "pitched"),  # after an article
    ],
)
def test_the_words_from_a_relation_word_are_offered_only_for_a_verb_or_predicate(
    definition: str, word: str
) -> None:
    assert keyidea.short_idea_at("Thing", definition, word) is None


def test_the_words_from_a_relation_word_read_as_a_clause() -> None:
    found = keyidea.short_idea_at(
        "Albedo", "The share of sunlight that a surface reflects back into space.", "reflects"
    )
    assert found is not None
    assert (found.text, found.kind) == ("reflects back into space", "verb")
