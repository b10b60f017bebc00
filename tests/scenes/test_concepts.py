"""The concept table and the relation a definition names."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from mimagery.keywords import icons
from mimagery.scenes import actors, composer, concepts


def test_the_table_is_big_and_spans_fields() -> None:
    table = concepts.load()
    assert len(table) >= 300
    assert {c.composition for c in table} <= concepts.COMPOSITIONS
    # No one layout draws most of the table: pictures must differ.
    layouts = Counter(c.composition for c in table)
    assert len(layouts) >= 20
    assert max(layouts.values()) <= 0.15 * len(table)


def test_every_frame_fills_and_every_prop_has_an_icon() -> None:
    one = [actors.Thing("a jar of Mayo", "Mayo", False)]
    many = [actors.Thing("three Bats", "Bats", True), actors.Thing("an Ant", "Ant", False)]
    for concept in concepts.load():
        for things in (one, many):
            text = composer.perform(concept, things)
            assert not re.search(r"[{}~^=]", text), (concept.id, text)
        assert concept.props, concept.id
        for prop in concept.props:
            assert icons.find(prop.replace("_", " ")) is not None, (concept.id, prop)
        assert 1 <= len(concept.gloss.split()) <= 8, concept.id


@pytest.mark.parametrize(
    ("frame", "things", "expected"),
    [
        (
            "{a} ~stands in the middle and ~carries {its} bag",
            [("three Bats", True)],
            "three Bats stand in the middle and carry their bag",
        ),
        (
            "{a} ~pushes {b}, which ^rolls away",
            [("a Torch", False), ("two Figs", True)],
            "a Torch pushes two Figs, which roll away",
        ),
        (
            "{a} and {b} =shake hands",
            [("a Torch", False)],
            "a Torch and another one shake hands",
        ),
        # A frame without {b}: the other things join the first, and the verb agrees.
        (
            "{a} ~tumbles down the stairs to {its} bed",
            [("a Dish", False), ("an Ant", False)],
            "a Dish and an Ant tumble down the stairs to their bed",
        ),
        ("{a} ~carries {b}", [("two Bats", True)], "two Bats carry others like them"),
        (
            "{a} ~stops where {they} ~was",
            [("two Bats", True)],
            "two Bats stop where they were",
        ),
    ],
)
def test_frames_agree_with_their_things(
    frame: str, things: list[tuple[str, bool]], expected: str
) -> None:
    concept = concepts.Concept("x", ("x",), "row", ("person",), frame, "x")
    made = [actors.Thing(text, text.split()[-1], plural) for text, plural in things]
    assert composer.perform(concept, made) == expected


def test_a_thing_the_definition_names_takes_the_second_part_of_a_frame() -> None:
    """One keyword thing and a frame for two: the definition's first drawable noun stands
    beside it ("a sack of flour"), not "another one"; a frame without {b} is unchanged."""
    rng = random.Random(1)
    flour = actors.prop(
        "A thick mixture of flour and melted fat, cooked to thicken gravy.", (), rng
    )
    assert flour is not None and flour.text == "a sack of flour"
    mixed = concepts.Concept("x", ("x",), "row", ("person",), "{a} and {b} =stir together", "x")
    one = [actors.Thing("a Room", "Room", False)]
    assert composer.perform(mixed, one, flour) == "a Room and a sack of flour stir together"
    alone = concepts.Concept("x", ("x",), "row", ("person",), "{a} ~sinks", "x")
    assert composer.perform(alone, one, flour) == "a Room sinks"
    # Never the term's or keyword's own word, an abstract noun or a blocked word.
    assert actors.prop("The flour of a roux.", ("Flour Roux",), rng) is None
    assert actors.prop("An idea about justice and freedom.", (), rng) is None
    many = actors.prop("Thin strokes added to the letters of a font.", (), rng)
    assert many is not None and many.plural and many.text.endswith("letters")
    # A plural without an s is many too: "three people", never "a people".
    crowd = actors.prop("Addresses that people type into a browser bar.", (), rng)
    assert crowd is not None and crowd.head == "people"
    assert crowd.plural and not crowd.text.startswith(("a ", "an "))


# (term, definition, the concept the relation must be)
RELATIONS = [
    ("Median", "The middle value of a list of numbers sorted from smallest to largest.", "middle"),
    ("Epoch", "One complete pass over the whole training set.", "iterate"),
    # A name with another sense in the table ("dominant" of genes) needs the definition.
    (
        "Dominant",
        "The fifth degree of a major scale, whose chord pulls back toward the tonic.",
        "key_music",
    ),
    ("Dominant", "A trait that is dominant masks the recessive one in offspring.", "dominant"),
    # After an article a noun-or-verb word is the noun: "an object's orbit" is no orbiting,
    # and in a relative clause what the thing is there is the idea ("is farthest").
    ("Perigee", "The point in a moon's orbit around a planet at which it comes nearest.", "near"),
    ("Aphelion", "The point on a comet's orbit where it is farthest from the Sun.", "far"),
    # After "art of", the -ing word is the verb, in its verb's sense ("clip" of shrubs).
    ("Bonsai", "The art of clipping small trees into shapes in a pot.", "cut"),
    ("Meiosis", "A kind of cell division that halves the chromosome count.", "cell_divide"),
    ("Crescendo", "A gradual increase in volume.", "loud"),
    ("Tariff", "A tax on goods brought in from abroad.", "tax"),
    ("Firewall", "A system that blocks unwanted traffic from entering a network.", "prevent"),
    ("Erosion", "The slow wearing away of land by water.", "decay"),
    # The term's own words are not evidence in its definition: "descent" restated.
    ("Gradient Descent", "Gradient descent takes small steps down the slope.", "gradient"),
    # A denied word names only a concept that lists it denied: failing to generalize is
    # overfitting; "no competition" is not a race.
    (
        "Overfitting",
        "When a model does well on its training data but fails to generalize to new data.",
        "fit_data",
    ),
    ("Monopoly", "A market with only one seller and no competition.", "unique"),
    # An aside or an example names no relation of the term's own.
    ("Tort", "A civil wrong, other than a broken contract, judged in court.", "court"),
]


@pytest.mark.parametrize(("term", "definition", "expected"), RELATIONS)
def test_relation_of_a_definition(term: str, definition: str, expected: str) -> None:
    found = concepts.relation(term, definition)
    assert found is not None
    assert found.concept.id == expected
    assert found.in_definition


def test_a_one_word_term_named_by_a_concept_is_that_concept() -> None:
    # "mixture" names mixing, but a compost heap is what the compost concept acts out.
    found = concepts.relation(
        "Compost", "A mixture of rotted plant scraps, used to feed garden soil."
    )
    assert found is not None
    assert found.concept.id == "compost"
    assert not found.in_definition  # named by the term, not by its definition
    # Only a field's relation: a general one's name has other senses ("throwing" a pot).
    found = concepts.relation("Throwing", "To form a pot on a spinning wheel with wet hands.")
    assert found is not None
    assert found.concept.id == "rotate"


def test_no_relation_in_a_bare_name() -> None:
    assert concepts.relation("Keras", "Keras.") is None
    assert concepts.relation("Zorblat", "") is None


def test_the_name_alone_can_name_a_relation_but_says_so() -> None:
    found = concepts.relation("Median", "")
    assert found is not None and found.concept.id == "middle"
    assert not found.in_definition


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("x | a | row | person | {a} ~runs", "fields"),
        ("x | a | sideways | person | {a} ~runs | gloss", "composition"),
        ("x | a | row | person | someone runs | gloss", "{a}"),
        ("x | a | row | person | {a} ~runs | g\nx | b | row | person | {a} ~runs | g", "twice"),
    ],
)
def test_bad_tables_are_refused(line: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        concepts.parse(line)


def test_an_ambiguous_trigger_alone_names_nothing() -> None:
    """A trigger written with "?" ("fold?" of the mountain-building concept) names its
    concept only when another of its triggers or the term's name agrees."""
    table = concepts.parse(
        "uplift | uplift,fold?,buckle | up | mountain | {a} ~buckles upward | squeezed up\n"
    )
    (concept,) = table
    assert concept.ambiguous == {"fold"}
    assert "fold" in concept.triggers
    assert concepts._sure(concept, {"fold"}) is False
    assert concepts._sure(concept, {"fold", "buckle"}) is True
    assert concepts._sure(concept, {"uplift"}) is True


@pytest.mark.parametrize(
    ("term", "definition", "wrong"),
    [
        ("Box Pleat", "A flat fold of cloth pressed into a skirt.", "uplift"),
        ("Port Side", "The left side of a ship; its lamp at night is red light.", "light_life"),
        ("Tuning Fork", "A steel instrument that rings at one pitch when struck.", "instrument"),
    ],
)
def test_a_word_of_another_sense_does_not_name_the_concept(
    term: str, definition: str, wrong: str
) -> None:
    found = concepts.relation(term, definition)
    assert found is None or found.concept.id != wrong


def test_the_same_word_with_a_second_trigger_still_names_it() -> None:
    definition = "Rock layers bent into a fold as two plates crumple against each other."
    found = concepts.relation("Anticline Belt", definition)
    assert found is not None
    assert found.concept.id == "uplift"


@pytest.mark.parametrize(
    ("term", "definition", "expected"),
    [
        ("Elision", "Leaving out a sound or a syllable when a word is spoken.", "exclude"),
        ("Covariance", "How much two measurements move together.", "relation"),
        ("Stalling", "Putting off a decision for as long as possible.", "delay"),
        ("Trade-off", "What you give up to get something else you want.", "forgo"),
        ("Dearth", "Too little of something that people want.", "lack"),
        ("Bin", "One of the ranges that measured values fall into on a chart.", "cluster"),
    ],
)
def test_a_phrase_names_what_its_words_alone_do_not(
    term: str, definition: str, expected: str
) -> None:
    """ "leaving out" is omitting, not departing; "move together" is varying as one, not
    travelling: a phrase trigger of the table ("leave+out") outweighs its words."""
    found = concepts.relation(term, definition)
    assert found is not None and found.concept.id == expected, (term, found)


def test_a_phrase_trigger_is_read_as_a_sequence_of_lemmas() -> None:
    table = concepts.parse("skip | leave+out,omit | outside | no_entry | {a} ~stays out | left out")
    assert table[0].triggers == ("leave+out", "omit")


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ("A period in which activity falls.", "decrease"),
        ("A time in which activity climbs.", "increase"),
        ("A mass of boulders that fall from a steep cliff.", "fall"),
    ],
)
def test_an_amount_that_falls_gets_smaller(definition: str, expected: str) -> None:
    """What is not a thing does not tumble: "output falls" is a decrease, "boulders fall"
    a fall."""
    found = concepts.relation("Downturn", definition)
    assert found is not None and found.concept.id == expected, found
