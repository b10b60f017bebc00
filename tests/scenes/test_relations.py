"""Key-relation accuracy on the hand-labelled set ``tests/fixtures/relations.tsv``.

The set (223 terms of 14 fields, our own definitions, labelled by reading) is the one
``bench/relations.py`` reports on; these floors keep what the scorer has reached.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mimagery.scenes import concepts

SET = Path(__file__).resolve().parent.parent / "fixtures" / "relations.tsv"
#: Terms panels have shown, labelled the same way (294: 24 by us, 270 by helpers).
SEEN = SET.with_name("relations_seen.tsv")


def _cases(path: Path = SET) -> list[tuple[str, str, frozenset[str]]]:
    found = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            _, term, definition, labels = line.split("\t")
            found.append((term, definition, frozenset(labels.split(","))))
    return found


def _outcomes(path: Path = SET) -> Counter[str]:
    counts: Counter[str] = Counter()
    for term, definition, labels in _cases(path):
        found = concepts.relation(term, definition)
        if found is None:
            counts["right" if "none" in labels else "honest"] += 1
        else:
            counts["right" if found.concept.id in labels else "wrong"] += 1
    return counts


def test_the_set_is_big_and_labelled_with_known_concepts() -> None:
    cases = _cases()
    assert len(cases) >= 150
    known = {c.id for c in concepts.load()} | {"none"}
    for term, _, labels in cases:
        assert labels <= known, term


def test_the_key_relation_is_found_more_often_than_not() -> None:
    counts = _outcomes()
    total = sum(counts.values())
    # Before the head-first scorer: 54% right, 44% wrong; before phrase triggers and
    # amounts that fall: 70% right, 21.5% wrong; with them 74.4% and 17.5%; with one-word
    # terms named by their own concept and nouns after articles: 79.4% and 13.5%.
    assert counts["right"] / total >= 0.77
    assert counts["wrong"] / total <= 0.15


def test_the_seen_set_is_labelled_with_known_concepts() -> None:
    cases = _cases(SEEN)
    assert len(cases) >= 250
    known = {c.id for c in concepts.load()} | {"none"}
    for term, _, labels in cases:
        assert labels <= known, term


def test_the_key_relation_of_panel_glossaries_is_found_more_often_than_it_is_wrong() -> None:
    counts = _outcomes(SEEN)
    total = sum(counts.values())
    # At the start of 4 December (evening): 45.1% right, 43.2% wrong; with one-word terms
    # named by their concept, ambiguous triggers and "stands for" dropped: 51.9%, 33.3%.
    assert counts["right"] / total >= 0.50
    assert counts["wrong"] / total <= 0.35


@pytest.mark.parametrize(
    ("term", "definition", "expected"),
    [
        # The genus noun is the key idea, not a word in a later clause.
        ("Fissure", "A crack in the rock where the two sides have moved apart.", "break"),
        # After a class noun, the verb that follows says what the term does.
        ("Lipase", "A protein that speeds up the breakdown of fats.", "accelerate"),
        # A fragment opening with its verb.
        ("Shun", "Refusing to meet or speak with someone.", "reject"),
        # A word as written names its concept before its lemma: "lasting" is no queue.
        ("Durable", "Lasting a long time.", "permanent"),
        # An abbreviation's spelling-out names nothing; what follows it does.
        ("APR", "Stands for annual percentage rate, the yearly cost of a loan.", "price"),
    ],
)
def test_the_head_decides(term: str, definition: str, expected: str) -> None:
    found = concepts.relation(term, definition)
    assert found is not None and found.concept.id == expected


def test_a_word_with_another_common_sense_needs_a_second_word() -> None:
    # A "beam" of wood is no beam of light; a beam that shines is.
    found = concepts.relation("Joist", "A beam of wood laid across walls to hold up a floor.")
    assert found is None or found.concept.id != "shine"
    found = concepts.relation("Laser", "A narrow beam of light that can glow very bright.")
    assert found is not None and found.concept.id == "shine"


def test_a_shared_word_names_the_concept_called_after_it_first() -> None:
    # "pressure" is a trigger of push, force and pressure: it means the pressure concept.
    found = concepts.relation("High", "A wide area of high air pressure over a sea.")
    assert found is not None and found.concept.id == "pressure"


def test_an_ing_noun_after_an_adjective_keeps_its_doubt() -> None:
    # "a scaled drawing" is a picture, not a pull: the -ing word is a noun here.
    found = concepts.relation("Site Plan", "A scaled drawing of the rooms on one floor.")
    assert found is None or found.concept.id != "pull"


def test_a_relation_far_from_the_head_gives_an_honest_scene() -> None:
    # "below" is no part of what an acid is; the old scorer acted it out.
    assert (
        concepts.relation("Base", "A substance that takes up hydrogen ions and has a pH above 7.")
        is None
    )
