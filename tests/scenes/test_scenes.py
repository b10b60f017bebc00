"""Offline scenes: key ideas, composition, validation and the LLM fallback."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mimagery import scenes
from mimagery.keywords import lexicon
from mimagery.scenes import actors, composer, keyidea
from mimagery.scenes.llm import LLMError

# A test deck in five fields, written for these tests, in the styles real glossaries
# use: "Term is …", "Terms are …", fragments, "In <field>, …", "Term: …", "n. …",
# a definition opening with a verb, parentheticals and examples.
# (term, definition, keyword, the keyword's words as the keyword engine gives them)
DECK = [
    # Biology
    (
        "Meiosis",
        "Meiosis is a kind of cell division that halves the chromosome count and yields four sex cells.",
        "Mayo Sauce",
        ["mayo", "sauce"],
    ),
    (
        "Mitochondria",
        "Mitochondria are the small organelles that turn food into usable energy for the cell.",
        "Motor Countries",
        ["motor", "countries"],
    ),
    (
        "Photosynthesis",
        "The process in which plants capture sunlight and use it to build sugar from water and carbon dioxide.",
        "Photo Sensitive",
        ["photo", "sensitive"],
    ),
    (
        "Enzyme",
        "A protein that makes a chemical reaction in the body go faster without being used up.",
        "Inn Soap",
        ["inn", "soap"],
    ),
    (
        "Osmosis",
        "In biology, osmosis refers to water moving through a thin membrane toward the side with more dissolved salt.",
        "Elbow Sauce",
        ["elbow", "sauce"],
    ),
    (
        "Allele",
        "One of the alternative forms of a gene (for instance, the one for blue eyes) that sit at the same spot on a chromosome.",
        "Ill Alley",
        ["ill", "alley"],
    ),
    (
        "Homeostasis",
        "homeostasis – the body holding its inner state, such as temperature and water level, steady",
        "Homemade Table",
        ["homemade", "table"],
    ),
    # Law
    (
        "Tort",
        "A civil wrong, other than a broken contract, for which a court can award the injured person money.",
        "Torch",
        ["torch"],
    ),
    (
        "Habeas Corpus",
        "A writ ordering that a prisoner be brought before a court so a judge can decide whether the detention is lawful.",
        "Hideous Carpet",
        ["hideous", "carpet"],
    ),
    (
        "Plaintiff",
        "The party who starts a lawsuit against someone else.",
        "Plane Tough",
        ["plane", "tough"],
    ),
    (
        "Affidavit",
        "A sworn written statement that can be used as evidence.",
        "Apple Oval",
        ["apple", "oval"],
    ),
    (
        "Estoppel",
        "Estoppel: a doctrine that prevents someone from denying what they earlier said or did when another person relied on it.",
        "Elk Apple",
        ["elk", "apple"],
    ),
    (
        "Subpoena",
        "n. a court order that compels a witness to testify or to produce documents.",
        "Cement",
        ["cement"],
    ),
    (
        "Precedent",
        "Precedent means an earlier court decision that judges follow when they decide similar cases.",
        "Press Dent",
        ["press", "dent"],
    ),
    # Music
    (
        "Octave",
        "The distance between a note and the next note of the same name, whose pitch is twice as high.",
        "Axes",
        ["axes"],
    ),
    (
        "Syncopation",
        "Putting the accent on a normally weak beat, so the rhythm feels off-balance.",
        "Single Ocean",
        ["single", "ocean"],
    ),
    ("Crescendo", "A gradual increase in volume.", "Crescent Dough", ["crescent", "dough"]),
    (
        "Fermata",
        "In music notation, a fermata tells the player to hold a note longer than written.",
        "Pharmacy",
        ["pharmacy"],
    ),
    (
        "Perfect Fifth",
        "An interval spanning seven semitones, like C to G. It sounds very stable.",
        "Perfect Figs",
        ["perfect", "figs"],
    ),
    (
        "Key Signature",
        "The group of sharps or flats (e.g. F# and C#) at the beginning of a staff that sets the key.",
        "Quay Signature",
        ["quay", "signature"],
    ),
    (
        "Staccato",
        "Played in a short, detached way, with each note cut off sharply.",
        "Stack Cat Toe",
        ["stack", "cat", "toe"],
    ),
    # Computing
    (
        "Gradient Descent",
        "Gradient descent is an optimization method used in machine learning to minimize a loss by repeatedly stepping down the steepest slope.",
        "Gradient Dish Ant",
        ["gradient", "dish", "ant"],
    ),
    (
        "Recursion",
        "When a function solves a problem by calling itself on smaller versions of that same problem.",
        "Rick Oven",
        ["rick", "oven"],
    ),
    (
        "Cache",
        "A cache is a small, fast memory that keeps copies of recently used data so it can be fetched quickly.",
        "Cash",
        ["cash"],
    ),
    (
        "Pooling Layer",
        "Pooling layers in a convolutional network shrink the feature maps, keeping only the strongest signals.",
        "Pudding Layer",
        ["pudding", "layer"],
    ),
    (
        "Overfitting",
        "Overfitting happens when a model memorises its training examples but does badly on new data.",
        "Overdue Tongue",
        ["overdue", "tongue"],
    ),
    (
        "Epoch",
        "In deep learning, an epoch refers to one complete pass over the whole training set.",
        "Epic Hawk",
        ["epic", "hawk"],
    ),
    (
        "Deadlock",
        "It is a situation where two processes each wait for the other to let go of a resource, so neither can continue.",
        "Dead Leg",
        ["dead", "leg"],
    ),
    (
        "Mini-Batch Gradient Descent",
        "A variant of gradient descent that updates the parameters after each small batch of examples.",
        "Miniature Bats Gradually Descending",
        ["miniature", "bats", "gradually", "descending"],
    ),
    (
        "Keras",
        "Keras is an open-source Python library for building neural networks.",
        "Carrot",
        ["carrot"],
    ),
    # Economics
    (
        "Inflation",
        "A steady rise in the general level of prices, so each coin buys less over time.",
        "Inch Lotion",
        ["inch", "lotion"],
    ),
    (
        "Opportunity Cost",
        "The benefit you miss out on when you pick one option instead of the next best one.",
        "Opera Tuna Tea",
        ["opera", "tuna", "tea"],
    ),
    (
        "Elasticity",
        "How much the amount people buy changes when the price changes.",
        "Elastic Alley",
        ["elastic", "alley"],
    ),
    (
        "Tariff",
        "A tax on goods brought in from abroad, often meant to shield home industries.",
        "Terrace",
        ["terrace"],
    ),
    (
        "Monopoly",
        "A market served by only one seller, who therefore faces no competition.",
        "Man Apples",
        ["man", "apples"],
    ),
    (
        "Gross Domestic Product (GDP)",
        "GDP measures the total value of all finished goods and services a country produces in a year.",
        "Grave Domestic Product",
        ["grave", "domestic", "product"],
    ),
    (
        "Depreciation",
        "Measures how much an asset loses value over time through wear or age.",
        "Depressed Ocean",
        ["depressed", "ocean"],
    ),
    (
        "Arbitrage",
        "Buying an asset in one market and selling it at the same moment in another for a higher price.",
        "Army Trees",
        ["army", "trees"],
    ),
]
BY_TERM = {term: (definition, keyword, words) for term, definition, keyword, words in DECK}
SEEDS = range(4)


def _scene(term: str, seed: int = 0) -> str:
    definition, keyword, words = BY_TERM[term]
    return scenes.compose(term, definition, keyword, words, seed)


def _sentences(text: str) -> int:
    return composer._count_sentences(text)


# Key ideas --------------------------------------------------------------------------

# Terms of the deck and the key idea their definition gives.
GOLDEN_DECK_IDEAS = [
    (
        "Gradient Descent",
        "an optimization method used to minimize a loss by repeatedly stepping down the steepest slope",
    ),
    (
        "Meiosis",
        "a kind of cell division that halves the chromosome count and yields four sex cells",
    ),
    ("Tort", "a civil wrong for which a court can award the injured person money"),
    ("Osmosis", "water moving through a thin membrane toward the side with more dissolved salt"),
    ("Allele", "one of the alternative forms of a gene that sit at the same spot"),
    ("Homeostasis", "the body holding its inner state steady"),
    ("Subpoena", "a court order that compels a witness to testify or to produce documents"),
    ("Precedent", "an earlier court decision that judges follow when they decide similar cases"),
    ("Fermata", "tells the player to hold a note longer than written"),
    ("Key Signature", "the group of sharps or flats at the beginning of a staff"),
    ("Perfect Fifth", "an interval spanning seven semitones"),
    ("Pooling Layer", "shrink the feature maps, keeping only the strongest signals"),
    ("Epoch", "one complete pass over the whole training set"),
    ("Deadlock", "a situation where two processes each wait for the other to let go"),
    ("Inflation", "a steady rise in the general level of prices"),
    ("Depreciation", "measures how much an asset loses value over time through wear or age"),
    ("Keras", "an open-source Python library for building neural networks"),
    ("Staccato", "played in a short, detached way, with each note cut off sharply"),
]


@pytest.mark.parametrize(("term", "expected"), GOLDEN_DECK_IDEAS)
def test_key_idea_of_deck_definitions(term: str, expected: str) -> None:
    assert scenes.key_idea(term, BY_TERM[term][0]) == expected


# Definitions in odd styles: (term, definition, key idea).
ODD_STYLES = [
    (
        "Swish",
        "Swish is an activation function often used in image models due to its smooth curve.",
        "an activation function often used in image models due to its smooth curve",
    ),
    (
        "Dropout",
        "Dropout is a method used in neural networks to stop overfitting by muting units.",
        "a method used to stop overfitting by muting units",
    ),
    (
        "LSTM (Long Short-Term Memory)",
        "LSTM is a type of recurrent network (RNN) built to learn from long sequences.",
        "a type of recurrent network built to learn from long sequences",
    ),
    (
        "Xavier/Glorot Initialization",
        "Xavier (Glorot) initialization is a scheme that picks starting weights from a scaled distribution.",
        "a scheme that picks starting weights from a scaled distribution",
    ),
    (
        "Hyperparameter",
        "Hyperparameters are settings chosen before training, such as the learning rate, the batch size, and the number of layers.",
        "settings chosen before training",
    ),
    (
        "Ledger",
        "**Ledger**: a book in which a business records every *transaction* (see [docs](https://example.com)).",
        "a book in which a business records every transaction",
    ),
    (
        "Tempo",
        "<p>The speed at which a piece of music is played.</p>",
        "the speed at which a piece of music is played",
    ),
    (
        "Legume",
        "A plant of the pea family, e.g. beans or lentils. Legumes fix nitrogen.",
        "a plant of the pea family",
    ),
    (
        "Quorum",
        "It is the smallest number of members who must be present for a meeting to make decisions.",
        "the smallest number of members who must be present for a meeting to make decisions",
    ),
    (
        "Recession",
        "A recession is when an economy shrinks for two quarters in a row.",
        "when an economy shrinks for two quarters in a row",
    ),
    (
        "Sonata",
        "In classical music, a sonata is a piece for one or two instruments, usually in three or four movements.",
        "a piece for one or two instruments, usually in three or four movements",
    ),
    (
        "C Sharp",
        "The note a half step above C, written C#.",
        "the note a half step above C, written C sharp",
    ),
    (
        "Invoice",
        "   A bill   sent\n to a customer\n\nlisting goods and prices.  ",
        "a bill sent to a customer",
    ),
    (
        "Lien",
        "Lien — the right to keep hold of property until a debt is paid",
        "the right to keep hold of property until a debt is paid",
    ),
    (
        "Bandwidth",
        "Bandwidth: how much data a link can carry per second; see also throughput.",
        "how much data a link can carry per second",
    ),
    (
        "Dividend",
        "Dividends are payments a company makes to its shareholders out of its profits (typically quarterly).",
        "payments a company makes to its shareholders out of its profits",
    ),
    (
        "Cadence",
        "cadence. a chord sequence that ends a phrase.",
        "a chord sequence that ends a phrase",
    ),
    (
        "Phloem",
        "Tissue in plants that carries sugars from the leaves to the rest of the plant; compare xylem.",
        "tissue in plants that carries sugars from the leaves to the rest of the plant",
    ),
    (
        "Subpoena",
        "v. to order a witness to appear in court",
        "to order a witness to appear in court",
    ),
    ("Tort", "", ""),
    ("Tort", "   ", ""),
    ("Tort", "(see above)", ""),
    ("Tort", "Tort.", ""),
]


@pytest.mark.parametrize(("term", "definition", "expected"), ODD_STYLES)
def test_key_idea_of_odd_styles(term: str, definition: str, expected: str) -> None:
    assert scenes.key_idea(term, definition) == expected


@pytest.mark.parametrize(
    ("term", "definition", "subject", "link", "kind"),
    [
        ("Gradient Descent", BY_TERM["Gradient Descent"][0], "gradient descent", "is", "copula"),
        ("Mitochondria", BY_TERM["Mitochondria"][0], "Mitochondria", "are", "copula"),
        ("Epoch", BY_TERM["Epoch"][0], "an epoch", "refers to", "gloss"),
        ("Pooling Layer", BY_TERM["Pooling Layer"][0], "pooling layers", "", "verb"),
        ("Overfitting", BY_TERM["Overfitting"][0], "Overfitting", "", "verb"),
        ("Deadlock", BY_TERM["Deadlock"][0], "deadlock", "is", "copula"),
        ("Depreciation", BY_TERM["Depreciation"][0], "depreciation", "", "verb"),
        ("Tariff", BY_TERM["Tariff"][0], "tariff", "", "gloss"),
        ("Tort", "", "tort", "", "none"),
    ],
)
def test_analysis_finds_subject_and_link(
    term: str, definition: str, subject: str, link: str, kind: str
) -> None:
    idea = keyidea.analyse(term, definition)
    assert (idea.subject, idea.link, idea.kind) == (subject, link, kind)


@pytest.mark.parametrize(
    ("term", "definition", "name"),
    [
        ("Gradient Descent", "", "gradient descent"),  # common words lose their capitals
        ("Convolutional Neural Network (CNN)", "", "Convolutional Neural Network"),
        ("Habeas Corpus", "", "Habeas Corpus"),  # not common words: kept as written
        ("Keras", "", "Keras"),
        ("LSTM", "", "LSTM"),
        ("Overfitting", "Models show overfitting when …", "overfitting"),  # lower case in use
        ("Wow! Now?", "", "wow now"),
        ('<b>"Big" O</b>', "", "'Big' O"),
        ("(CNN)", "", "CNN"),
        ("***", "", "the term"),
    ],
)
def test_display_name(term: str, definition: str, name: str) -> None:
    assert keyidea.display_name(term, definition) == name


@pytest.mark.parametrize(("term", "definition", "keyword", "words"), DECK)
def test_key_ideas_are_short_plain_phrases(
    term: str, definition: str, keyword: str, words: list[str]
) -> None:
    idea = scenes.key_idea(term, definition)
    assert 1 <= len(idea.split()) <= keyidea.MAX_WORDS
    assert len(idea) <= keyidea.MAX_CHARS
    assert not re.search(r"[\"<>*#`\[\]]", idea)
    assert not idea.endswith((".", ",", ";", ":"))
    assert idea.split()[-1].casefold() not in {"the", "a", "an", "of", "and", "to", "with"}


# Composing --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("term", "definition", "keyword", "words"), DECK)
def test_scenes_quote_the_keyword_and_name_the_meaning_in_their_own_words(
    term: str, definition: str, keyword: str, words: list[str], seed: int
) -> None:
    # Issue 13: a scene names the meaning in a few plain words; it no longer quotes the
    # key idea verbatim nor opens with "Picture", "Imagine", ….
    scene = scenes.compose(term, definition, keyword, words, seed)
    assert f'"{keyword}"' in scene
    assert composer.pasted_run(scene, definition) < composer.PASTED_RUN
    assert scenes.validate(scene, keyword, definition) is None
    assert composer.MIN_CHARS <= len(scene) <= composer.MAX_CHARS
    assert scene.endswith(".")
    assert 1 <= _sentences(scene) <= 3
    assert scene.count('"') == 2  # the keyword is the only quoted phrase
    assert keyidea.display_name(term, definition).casefold() in scene.casefold()
    assert not re.search(r"confetti|smell|fanfare|spotlight|trumpet", scene, re.IGNORECASE)


@pytest.mark.parametrize(("term", "definition", "keyword", "words"), DECK)
def test_scenes_show_every_keyword_word(
    term: str, definition: str, keyword: str, words: list[str]
) -> None:
    # The scene shows each word as the keyword spells it, in its things (a keyword named
    # before them as a label does not count).
    body = _scene(term).replace(f'"{keyword}": ', "", 1).replace('"', "")
    for word in keyword.split():
        assert re.search(rf"\b{re.escape(word)}\b", body), word


def test_scenes_are_deterministic_and_vary_with_the_seed() -> None:
    for term, definition, keyword, words in DECK:
        first = scenes.compose(term, definition, keyword, words, seed=0)
        assert scenes.compose(term, definition, keyword, words, seed=0) == first
        others = {scenes.compose(term, definition, keyword, words, seed=s) for s in (1, 2, 3)}
        assert others - {first}, term


def test_scenes_are_the_same_in_another_process() -> None:
    """Seeding must not use Python's salted hash(): another process, another hash seed."""
    term, (definition, keyword, words) = "Meiosis", BY_TERM["Meiosis"]
    code = (
        "import sys; from mimagery import scenes; "
        f"sys.stdout.write(scenes.compose({term!r}, {definition!r}, {keyword!r}, {words!r}, 7))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout == scenes.compose(term, definition, keyword, words, 7)


def test_a_deck_does_not_read_like_one_template() -> None:
    # Issue 13: no template phrase opens or closes more than 15% of a deck's scenes.
    plans = [composer._draft(t, d, k, w, 0)[1] for t, d, k, w in DECK]
    concepts_used = Counter(plan.concept for plan in plans)
    assert len(concepts_used) >= 0.6 * len(plans), concepts_used
    for seed in range(3):
        texts = [scenes.compose(t, d, k, w, seed) for t, d, k, w in DECK]
        starts = Counter(" ".join(text.split()[:3]) for text in texts)
        ends = Counter(" ".join(text.split()[-3:]) for text in texts)
        for counter in (starts, ends):
            assert max(counter.values()) <= 0.15 * len(DECK), counter


def test_the_meaning_is_worded_several_ways_over_seeds() -> None:
    namings = {composer._draft("Epoch", *BY_TERM["Epoch"], seed)[1].naming for seed in range(30)}
    assert len(namings) >= 5


# What the scene is made of: parts of speech, plurals, containers, kept term words.
PARTS = [
    # (term, keyword, words, a pattern the scene must match)
    ("Meiosis", "Mayo Sauce", ["mayo", "sauce"], r"\b(jar) of Mayo\b.*\bpot of Sauce\b"),
    ("Gradient Descent", "Gradient Dish Ant", ["gradient", "dish", "ant"], r"\ba Gradient Dish\b"),
    (
        "Gradient Descent",
        "Grand Ant Descending",
        ["grand", "ant", "descending"],
        r"\ba Grand Ant\b.*\bDescending\b",
    ),
    (
        "Mini-Batch Gradient Descent",
        "Miniature Bats Gradually Descending",
        ["miniature", "bats", "gradually", "descending"],
        r"\b(three|two|a dozen|a few|dozens of) Miniature Bats,? (keep |are busy |never stop )?Gradually Descending",
    ),
    ("Habeas Corpus", "Happiest Orchid", ["happiest", "orchid"], r"\bthe Happiest Orchid\b"),
    ("Epoch", "Epic Hawk", ["epic", "hawk"], r"\ban Epic Hawk\b"),
    (
        "Photosynthesis",
        "Photo Sensitive",
        ["photo", "sensitive"],
        r"\bPhoto that looks Sensitive\b",
    ),
    (
        "Gradient Boosting",
        "Boat Gradient",
        ["boat", "gradient"],
        r"\b(sign|banner)\b.*\bGradient\b",
    ),
    ("Estoppel", "Elk Apple", ["elk", "apple"], r"\ban? (\w+ )?Elk\b.*\ban? (\w+ )?Apple\b"),
    ("Octave", "Axes", ["axes"], r"\b(three|two|a dozen|a few|dozens of) (\w+ )*Axes (?!\w+s\b)"),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("term", "keyword", "words", "pattern"), PARTS)
def test_scenes_use_parts_of_speech(
    term: str, keyword: str, words: list[str], pattern: str, seed: int
) -> None:
    scene = scenes.compose(term, "A thing that does something useful.", keyword, words, seed)
    assert re.search(pattern, scene.replace('"', ""), re.IGNORECASE), scene
    assert scenes.validate(scene, keyword) is None


def _vowel_sound(word: str) -> bool:
    entry = lexicon.load().get(word)
    if entry is not None:
        return entry.phones[0] in actors._VOWEL_PHONES
    return word[0].lower() in "aeiou"


def test_articles_match_the_next_sound() -> None:
    for term, *_ in DECK:
        for seed in SEEDS:
            for article, word in re.findall(r"\b(a|an) ([A-Za-z]+)", _scene(term, seed)):
                assert (article == "an") == _vowel_sound(word.lower()), (article, word, term)


def test_plural_things_take_plural_verbs() -> None:
    for seed in range(20):
        scene = scenes.compose(
            "Monopoly", "A market with one seller.", "Apples Man", ["apples", "man"], seed
        )
        assert not re.search(
            r"Apples (chases|balances|crashes|runs|wrestles|tumbles|hides|drags|leans|juggles|gives|bounces|dances|sneaks|spins|glows|grows|marches|wobbles|hums|floats|takes|keeps|is)\b",
            scene,
        ), scene


@pytest.mark.parametrize("definition", ["", "A name given by Tolkien.", "Bazaar: a Persian word."])
def test_an_honest_scene_names_a_one_word_keyword_once(definition: str) -> None:
    for seed in range(6):
        scene = scenes.compose("Zither", definition, "Zipper", ["zipper"], seed)
        assert len(re.findall(r"zipper", scene, re.IGNORECASE)) == 1, scene
        assert '"Zipper"' in scene


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("freezes", "freeze"), ("sneezes", "sneeze"), ("buzzes", "buzz"), ("fixes", "fix"),
     ("catches", "catch"), ("carries", "carry"), ("rises", "rise"), ("goes", "go")],
)  # fmt: skip
def test_verbs_agree_with_two_things(singular: str, plural: str) -> None:
    # "a Person and a Frost freez stiff" was the panel's catch.
    assert composer._plural_verb(singular) == plural


# Hostile and odd input: (term, definition, keyword, words).
HOSTILE = [
    ("Tort", "word " * 5000, "Torch", ["torch"]),
    ("Tort", "x" * 20000, "Torch", ["torch"]),
    ("Tort", "A " + "very " * 300 + "long wrong.", "Torch", ["torch"]),
    ("Tort", "", "Torch", ["torch"]),
    ("Tort", "\n\n  \t", "Torch", ["torch"]),
    (
        'Big "O" <script>alert(1)</script> & co',
        "A bound on growth & <i>cost</i>.",
        "Big Oak",
        ["big", "oak"],
    ),
    ("A<B", "Less-than: a < b means a is smaller; a > b the other way.", "Ant Bee", ["ant", "bee"]),
    (
        "Link",
        "See [this page](https://example.com/x) or www.example.org for `code` and # notes.",
        "Lake",
        ["lake"],
    ),
    (
        "Tort",
        "**Bold** __under__ ~~strike~~ | table | ^caret^ {braces} \\backslash",
        "Torch",
        ["torch"],
    ),
    (
        "Tort",
        "Wait... what? Really! Yes. No. Maybe. e.g. this. i.e. that. Dr. Who.",
        "Torch",
        ["torch"],
    ),
    ("Tort\x00\x1b[31m", "A wrong\x07 done\u202e to someone.", "Torch", ["torch"]),
    ("Café", "Un petit restaurant où l'on sert du café.", "Cafe Table", ["cafe", "table"]),
    ("寿司", "酢飯と魚の料理。", "Sushi Shoe", ["sushi", "shoe"]),
    ("Tort", "(((unclosed", "Torch", ["torch"]),
    ("T" * 500, "Something " * 40, "Torch", ["torch"]),
    ("Wow! Now? Ok. Fine! Yes.", "A b. C d. E f. G h.", "Torch", ["torch"]),
    ("Tort", "A civil wrong.", "Torch", []),  # no words: the keyword is split
    ("Tort", "A civil wrong.", "Torch Lamp", ["torch"]),  # words missing one
    ("Tort", "A civil wrong.", "Happy Sleepy", ["happy", "sleepy"]),  # no noun at all
    ("Tort", "A civil wrong.", "Gradually", ["gradually"]),
    ("Tort", "A civil wrong.", "Descending", ["descending"]),
    ("Tort", "A civil wrong.", "Fast-Food Nation", ["fast-food", "nation"]),
    ("Tort", "A civil wrong.", "Rock 'n' Roll", ["rock", "n", "roll"]),
    (
        "Tort",
        "A civil wrong.",
        "Big Red Happy Sleepy Lazy Old Dog",
        ["big", "red", "happy", "sleepy", "lazy", "old", "dog"],
    ),
    ("Tort", "A civil wrong.", "Xylophone", ["XYLOPHONE"]),
]


@pytest.mark.parametrize(("term", "definition", "keyword", "words"), HOSTILE)
def test_hostile_input_still_gives_a_valid_scene(
    term: str, definition: str, keyword: str, words: list[str]
) -> None:
    for seed in SEEDS:
        scene = scenes.compose(term, definition, keyword, words, seed)
        assert scenes.validate(scene, keyword, definition) is None, scene
        assert f'"{keyword}"' in scene
        assert scene.endswith(".")
        assert len(scene) <= composer.MAX_CHARS
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", scene)


@pytest.mark.parametrize("definition", ["", "   ", "(see above)", "Tort."])
def test_empty_definitions_name_the_keyword_and_the_term(definition: str) -> None:
    for seed in SEEDS:
        scene = scenes.compose("Tort", definition, "Torch", ["torch"], seed)
        assert '"Torch"' in scene
        assert "tort" in scene.casefold()
        assert scenes.validate(scene, "Torch") is None


keyword_text = st.from_regex(r"[A-Z][a-z]{1,9}( [A-Z][a-z]{1,9}){0,3}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(
    term=st.text(max_size=80),
    definition=st.text(max_size=400),
    keyword=keyword_text,
    seed=st.integers(0, 2**31),
)
# A short meaning of three tokens that the validator counts as seven words.
@example(term="", definition="0:0:0<0\u02e50\u191f0", keyword="Aa", seed=0)
def test_any_text_gives_a_valid_scene(term: str, definition: str, keyword: str, seed: int) -> None:
    scene = scenes.compose(term, definition, keyword, keyword.lower().split(), seed)
    assert scenes.validate(scene, keyword, definition) is None, scene


# Validation -------------------------------------------------------------------------

GOOD = 'Picture "Mayo Sauce" in a kitchen: a jar of Mayo spills over a pot of Sauce.'

VALIDATE = [
    (GOOD, "Mayo Sauce", None),
    (GOOD, "mayo sauce", None),  # case does not matter
    (GOOD.replace("Mayo Sauce", "Mayo  Sauce"), "Mayo Sauce", None),  # nor spacing
    (
        'A "Torch" glows. It is tort. That is all. The end. Really.',
        "Torch",
        "too many sentences: 5, at most 3",  # issue 13: 1 to 3 sentences, 4 before
    ),
    ('A "Torch" glows, e.g. at night. It is tort. That is all.', "Torch", None),
    (
        'A "Torch" glows, e.g. at night. It is tort. That is all. The end.',
        "Torch",
        "too many sentences: 4, at most 3",
    ),
    (GOOD + " Confetti falls.", "Mayo Sauce", "it adds an unrelated flourish (confetti)"),
    (GOOD + " It smells of toast.", "Mayo Sauce", "it adds an unrelated flourish (smells)"),
    (GOOD, "Epic Hawk", "the scene does not mention the keyword"),
    ('"Torch" glows.', "Torch", "too short: 14 characters, at least 40"),
    ('A "Torch" ' + "glows brightly " * 50 + ".", "Torch", "too long: 761 characters, at most 600"),
    (GOOD + " <b>Wow</b>", "Mayo Sauce", "it contains markup (an angle bracket)"),
    (GOOD + " So > that.", "Mayo Sauce", "it contains markup (an angle bracket)"),
    (GOOD + " **Wow**", "Mayo Sauce", "it contains markup (Markdown bold)"),
    ("# " + GOOD, "Mayo Sauce", "it contains markup (a '#' heading mark)"),
    (GOOD + " `x`", "Mayo Sauce", "it contains markup (backticks)"),
    (GOOD + " [1]", "Mayo Sauce", "it contains markup (square brackets)"),
    (GOOD + " [a](b)", "Mayo Sauce", "it contains markup (a Markdown link)"),
    (GOOD + " See https://x.org", "Mayo Sauce", "it contains a URL"),
    (GOOD + " See www.x.org", "Mayo Sauce", "it contains a URL"),
    ("", "Mayo Sauce", "the scene is empty"),
    ("   ", "Mayo Sauce", "the scene is empty"),
    (GOOD[:-1] + " and then the", "Mayo Sauce", "it does not end a sentence"),
    (GOOD + ")", "Mayo Sauce", None),  # closing marks after the period
    (
        "Justice Freedom\nMy Oasis\nMayo Sauce is good.",
        "Mayo Sauce",
        "it is a list of lines, not a scene",
    ),
]


@pytest.mark.parametrize(("scene", "keyword", "reason"), VALIDATE)
def test_validate(scene: str, keyword: str, reason: str | None) -> None:
    assert scenes.validate(scene, keyword) == reason


def test_a_flourish_the_definition_names_is_the_meaning() -> None:
    smell = GOOD + " A dog smells it."
    assert scenes.validate(smell, "Mayo Sauce", "to smell") is None  # the meaning itself
    assert scenes.validate(smell, "Mayo Sauce", "a thick sauce") == (
        "it adds an unrelated flourish (smells)"
    )
    both = smell + " Confetti."
    assert scenes.validate(both, "Mayo Sauce", "to smell") == (
        "it adds an unrelated flourish (confetti)"
    )


# write_scene ------------------------------------------------------------------------


class FakeBackend:
    """Stands in for llm.Backend: a fixed scene, or an LLMError."""

    def __init__(self, scene: str | None) -> None:
        self.reply = scene
        self.calls: list[tuple[str, str, str, str]] = []

    def scene(self, term: str, definition: str, keyword: str, key_idea: str) -> str:
        self.calls.append((term, definition, keyword, key_idea))
        if self.reply is None:
            raise LLMError("HTTP 500 from http://127.0.0.1/v1/chat/completions")
        return self.reply


def test_write_scene_offline_without_a_backend() -> None:
    definition, keyword, words = BY_TERM["Meiosis"]
    warnings: list[str] = []
    scene, source = scenes.write_scene(
        "Meiosis", definition, keyword, words, 3, None, warnings.append
    )
    assert (scene, source) == (scenes.compose("Meiosis", definition, keyword, words, 3), "offline")
    assert warnings == []


def test_write_scene_uses_the_backend_and_passes_what_to_act_out() -> None:
    definition, keyword, words = BY_TERM["Meiosis"]
    backend = FakeBackend('Imagine "Mayo Sauce" splitting\x07 in half twice, as meiosis does.')
    warnings: list[str] = []
    scene, source = scenes.write_scene(
        "Meiosis", definition, keyword, words, backend=backend, warn=warnings.append
    )
    assert source == "llm"
    assert scene == 'Imagine "Mayo Sauce" splitting in half twice, as meiosis does.'
    # Issue 13: the hint is the relation to act out (the concept's gloss and frame), no
    # longer the key idea quoted from the definition.
    ((term, given, kw, hint),) = backend.calls
    assert (term, given, kw) == ("Meiosis", definition, keyword)
    assert "one cell becoming two" in hint and "{a}" in hint
    assert warnings == []


def test_a_model_scene_that_pastes_the_definition_is_refused() -> None:
    definition, keyword, words = BY_TERM["Meiosis"]
    pasted = f'"{keyword}": {definition}'
    warnings: list[str] = []
    scene, source = scenes.write_scene(
        "Meiosis", definition, keyword, words, backend=FakeBackend(pasted), warn=warnings.append
    )
    assert source == "offline"
    assert "pastes" in warnings[0]
    assert composer.pasted_run(scene, definition) < composer.PASTED_RUN


def test_write_scene_falls_back_with_one_warning() -> None:
    definition, keyword, words = BY_TERM["Meiosis"]
    warnings: list[str] = []
    scene, source = scenes.write_scene(
        "Meiosis", definition, keyword, words, backend=FakeBackend(None), warn=warnings.append
    )
    assert (scene, source) == (scenes.compose("Meiosis", definition, keyword, words), "offline")
    assert len(warnings) == 1
    assert "Meiosis" in warnings[0] and "HTTP 500" in warnings[0]


def test_write_scene_falls_back_silently_without_warn() -> None:
    definition, keyword, words = BY_TERM["Meiosis"]
    _, source = scenes.write_scene("Meiosis", definition, keyword, words, backend=FakeBackend(None))
    assert source == "offline"


def test_the_deck_is_big_enough_and_spans_fields() -> None:
    assert len(DECK) >= 30
    assert Path(__file__).name == "test_scenes.py"


@pytest.mark.parametrize(
    ("keyword", "words", "text"),
    [
        ("Boy in a Sea", ["boy", "sea"], "a Boy in a Sea"),
        ("Nanny's Deck", ["nanny", "deck"], "a Nanny's Deck"),
        ("Herd of Canes", ["herd", "canes"], "a Herd of Canes"),
        ("Owl on an Island", ["owl", "island"], "an Owl on an Island"),
    ],
)
def test_two_things_joined_by_a_small_word_are_one_thing(
    keyword: str, words: list[str], text: str
) -> None:
    """A keyword joined by a small word names one thing, and the scene stages it so ("A
    "Boy in a Sea" drifts …"), not "a Boy and a Sea"."""
    import random

    things = actors.things("Buoyancy", keyword, words, random.Random(0), vivid=False)
    assert [thing.text for thing in things] == [text]
    scene = scenes.write_scene(
        "Buoyancy", "The upward push of a liquid on something floating in it.", keyword, words
    )[0]
    assert f'"{keyword}"' in scene and " and a Sea" not in scene


def test_two_things_side_by_side_stay_two() -> None:
    things = actors.things("Term", "Bird Roof", ["bird", "roof"], random.Random(0), vivid=False)
    assert len(things) == 2


@pytest.mark.parametrize(
    ("keyword", "text"),
    [("Flying Butler", "a Flying Butler"), ("Sailing Boat", "a Sailing Boat")],
)
def test_an_ing_word_before_a_noun_says_what_it_does(keyword: str, text: str) -> None:
    """In "Flying Butler" the -ing word is what the butler does, not a second thing ("a
    Flying and a Butler", as raters saw it), even though "flying" can be a noun."""
    words = keyword.lower().split()
    things = actors.things("Term", keyword, words, random.Random(0), vivid=False)
    assert [thing.text for thing in things] == [text]
