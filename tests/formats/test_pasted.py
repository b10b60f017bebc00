"""The pasted-text reader: the user's seed, our own fixtures in other fields, and
the pieces of the run-together heuristics one by one."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mimagery import formats
from mimagery.errors import MimageryError
from mimagery.formats import pasted
from mimagery.model import Deck, Term, key

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_197aaf5b61859450.txt"


def read_fixture(name: str) -> Deck:
    return pasted.read((FIXTURES / name).read_text(encoding="utf-8"))


def by_name(deck: Deck) -> dict[str, Term]:
    return {term.name: term for term in deck.terms}


# -- the seed ------------------------------------------------------------------

SEED_TERMS = [
    ("Activation Function", [], "An activation function is", "Active Fun Cannon"),
    ("Backpropagation", [], "Backpropagation is a training", "Backpack Propagating"),
    (
        "Convolutional Neural Network",
        ["CNN"],
        "A Convolutional Neural",
        "Convoluting Noodle Network",
    ),
    ("Deep Learning", [], "Deep learning is a subset", "Deep Lake Earning"),
    ("Epoch", [], "In deep learning", "Epic Hawk"),
    ("Feedforward Neural Network", [], "A feedforward neural network", "Fast-Food Neural Network"),
    ("Gradient Descent", [], "Gradient descent is", "Grand Ant Descending"),
    ("Hyperparameter", [], "Hyperparameters are", "High Parrot Meter"),
    ("Image Recognition", [], "Image recognition is", "Imaginary Gnome Recognition"),
    ("Jupyter Notebook", [], "Jupyter Notebook is", "Jupiter Notebook"),
    ("Keras", [], "Keras is an open-source", "Caring Race"),
    ("LSTM", ["Long Short-Term Memory"], "LSTM is a type", "Lasting Storm Memory"),
    (
        "Mini-Batch Gradient Descent",
        [],
        "Mini-batch gradient",
        "Miniature Bats Gradually Descending",
    ),
    ("Neural Network", [], "A neural network is", "New Royal Network"),
    ("Overfitting", [], "Overfitting occurs", "Overfilled Knitting"),
    ("Pooling Layer", [], "Pooling layers in", "Pool Laying"),
    ("Quantum Machine Learning", [], "Quantum machine learning", "Quantum Magician Learning"),
    ("ReLU", ["Rectified Linear Unit"], "ReLU is an activation", "Real Eel"),
    (
        "Stochastic Gradient Descent",
        ["SGD"],
        "Stochastic gradient descent",
        "Stock Exchange Gradient",
    ),
    ("Transfer Learning", [], "Transfer learning is", "Train for Learning"),
    ("Underfitting", [], "Underfitting occurs", "Underwater Fitting"),
    ("Variational Autoencoder", ["VAE"], "VAE is a generative", "Variable Auto Encoder"),
    ("Weight Initialization", [], "Weight initialization is", "Weight Lifting Initiation"),
    (
        "Xavier/Glorot Initialization",
        [],
        "Xavier (Glorot) initialization",
        "Zavier Glorious Initiation",
    ),
]


@pytest.fixture(scope="module")
def seed_deck() -> Deck:
    if not SEED.exists():
        pytest.skip("the seed glossary is not available")
    return pasted.read(SEED.read_text(encoding="utf-8"))


def test_seed_terms_in_glossary_order(seed_deck: Deck) -> None:
    assert seed_deck.name == "Deep Learning Vocabulary"
    assert [t.name for t in seed_deck.terms] == [row[0] for row in SEED_TERMS]


@pytest.mark.parametrize(("name", "aliases", "starts", "keyword"), SEED_TERMS)
def test_seed_entry(
    seed_deck: Deck, name: str, aliases: list[str], starts: str, keyword: str
) -> None:
    term = by_name(seed_deck)[name]
    assert term.aliases == aliases
    assert term.definition.startswith(starts)
    assert term.definition.endswith(".")
    assert len(term.mimages) == 1
    mimage = term.mimages[0]
    assert mimage.keyword == keyword
    assert mimage.scene.split()[0] in ("Imagine", "Picture", "Visualize", "Think", "Envision")
    assert f'"{keyword}"' in mimage.scene
    assert mimage.origin == "imported" and mimage.chosen
    assert mimage.complete is (name != "Xavier/Glorot Initialization")


def test_seed_scene_is_whole_entry(seed_deck: Deck) -> None:
    scene = by_name(seed_deck)["Activation Function"].mimages[0].scene
    assert scene.startswith('Imagine an "Active Fun Cannon" – a cannon at a funfair')
    assert scene.endswith("introducing non-linearity in a neural network.")
    assert (
        by_name(seed_deck)["Xavier/Glorot Initialization"].mimages[0].scene.endswith("ceremony led")
    )


def test_seed_through_formats_read(seed_deck: Deck) -> None:
    deck = formats.read(SEED.read_bytes(), filename=SEED.name)
    assert deck == seed_deck


def test_seed_halves_agree(seed_deck: Deck) -> None:
    """The run-together half and the bold half each give the whole glossary."""
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("**Activation Function**\n")
    for half in (text[:cut], text[cut:]):
        deck = pasted.read(half)
        assert [(t.name, t.aliases, t.definition) for t in deck.terms] == [
            (t.name, t.aliases, t.definition) for t in seed_deck.terms
        ]
        assert [[(m.keyword, m.scene, m.complete) for m in t.mimages] for t in deck.terms] == [
            [(m.keyword, m.scene, m.complete) for m in t.mimages] for t in seed_deck.terms
        ]


# -- our own fixtures ------------------------------------------------------------

FIXTURE_DECKS = [
    pytest.param(
        "botany_pasted.txt",
        "Plant Science Glossary",
        {
            "Xylem": ("Xylem is the woody tissue", "Xylophone Stem"),
            "Phloem": ("Phloem moves sugars", "Flow Mum"),
            "Photosynthetically Active Radiation": ("PAR is the band", "Par"),
            "Stoma": ("A stoma is a tiny pore", "Stormy Mouth"),
            "Transpiration": ("In plants, transpiration", "Trance Perspiration"),
            "Cotyledon": ("The first leaf or pair", "Cot Led On"),
            "Germination": ("Germination begins", "Germ Nation"),
        },
        {"Photosynthetically Active Radiation": ["PAR"], "Cotyledon": ["Seed Leaf"]},
        {"Germination"},
        id="botany-run-together-and-bold",
    ),
    pytest.param(
        "economics_lines.txt",
        "Economics Vocabulary",  # the first line, a title above forum text
        {
            "Inflation": ("A general rise in prices", "Inflatable Nation"),
            "Opportunity Cost": ("The value of the best", "Opera Tuna Tea"),
            "Gross Domestic Product": ("The total market value", "Giant Dough Pie"),
            "Elasticity": ("How strongly the quantity", "Elastic City"),
            "Tariff": ("A tax charged on imported", "Tear-off"),
            "Monopoly": ("A market with a single seller", "Mono Polly"),
            "Fiat Money": ("Currency that has value", "Fiat"),
        },
        {"Gross Domestic Product": ["GDP"]},
        set(),
        id="economics-term-colon-lines",
    ),
    pytest.param(
        "music_theory.md",
        "Music Theory Basics",
        {
            "Octave": ("The interval between one pitch", "Octopus Cave"),
            "Perfect Fifth": ("An interval of seven semitones", "Perfect Fifty"),
            "Syncopation": ("Placing stresses on beats", "Sink Copper Nation"),
            "BPM": ("The tempo of a piece", "Bumper"),
            "Fermata": ("A symbol telling the performer", "Fir Mat"),
        },
        {"BPM": ["Beats Per Minute"]},
        set(),
        id="music-markdown-headings",
    ),
    pytest.param(
        "chemistry_bold.txt",
        "Chemistry Words",
        {
            "pH": ("A scale from 0 to 14", "Pea Hatch"),
            "Mole": ("The amount of substance", "Mole"),
            "Catalyst": ("A substance that speeds up", "Cat a List"),
            "Isotope": ("Atoms of the same element", "Ice Hotel"),
            "Covalent Bond": ("A chemical bond in which", "Cove Valiant"),
        },
        {},
        {"Covalent Bond"},
        id="chemistry-bold-headings-curly-quotes",
    ),
    pytest.param(
        "spanish_words.txt",
        "Spanish Words – Week 3",
        {
            "el perro": ("the dog; a loyal animal", "Pear-O"),
            "la biblioteca": ("the library, a place", "Bibbly Bottle Tea"),
            "madrugar": ("to get up very early", "Mad Rug"),
            "el desayuno": ("breakfast, the first meal", "Dessert, You Know"),
            "tener ganas de": ("to feel like doing", "Tenor Gunners"),
        },
        {},
        set(),
        id="spanish-dashes-lowercase",
    ),
    pytest.param(
        "law_terms.txt",
        "Law Glossary for Beginners",
        {
            "Tort": ("A wrongful act, other than", "Tart"),
            "Habeas Corpus": ("A court order requiring", "Happy Corpse"),
            "Plaintiff": ("The person who brings", "Plain Tiff"),
            "Affidavit": ("A written statement confirmed", "A Fiddle Vet"),
        },
        {},
        set(),
        id="law-term-on-own-line-mimages-outside-section",
    ),
    pytest.param(
        "astronomy_pasted.txt",
        "Astronomy for Stargazers",
        {
            "Red Giant": ("A red giant is a dying star", "Red Gin Tent"),
            "Light-Year": ("A light-year is the distance", "Light Ear"),
            "Hubble's Law": ("Hubble's law states", "Bubble's Law"),
            "Quasar": ("Quasars are extremely bright", "Quasi Czar"),
            "Kuiper Belt": ("The Kuiper Belt is a ring", "Viper Belt"),
            "NASA": ("NASA is the United States", "Nasal"),
            "Comet": ("", "Comb Jet"),
        },
        {"NASA": ["National Aeronautics and Space Administration"]},
        set(),
        id="astronomy-markdown-header-unknown-term",
    ),
]


@pytest.mark.parametrize(("filename", "deck_name", "entries", "aliases", "cut_off"), FIXTURE_DECKS)
def test_fixture_glossary(
    filename: str,
    deck_name: str,
    entries: dict[str, tuple[str, str]],
    aliases: dict[str, list[str]],
    cut_off: set[str],
) -> None:
    deck = read_fixture(filename)
    assert deck.name == deck_name
    assert [t.name for t in deck.terms] == list(entries)
    for term in deck.terms:
        starts, keyword = entries[term.name]
        assert term.definition.startswith(starts), term.name
        assert (term.definition == "") == (starts == "")
        assert term.aliases == aliases.get(term.name, [])
        assert [m.keyword for m in term.mimages] == [keyword]
        assert term.mimages[0].chosen and term.mimages[0].origin == "imported"
        assert term.mimages[0].complete is (term.name not in cut_off)


def test_fixture_definitions_exact() -> None:
    music = by_name(read_fixture("music_theory.md"))
    assert music["Fermata"].definition == (
        "A symbol telling the performer to hold a note or rest longer than its written value."
        "\n\nIt looks like an eye with a dot under an arch."
    )
    law = by_name(read_fixture("law_terms.txt"))
    assert law["Tort"].definition == (
        "A wrongful act, other than a breach of contract, that causes harm and can lead to "
        "a civil claim for damages."
    )
    spanish = by_name(read_fixture("spanish_words.txt"))
    assert spanish["el perro"].definition == "the dog; a loyal animal that lives with people."
    assert spanish["el desayuno"].definition == "breakfast, the first meal of the day."


def test_fixture_scenes_exact() -> None:
    economics = by_name(read_fixture("economics_lines.txt"))
    assert economics["Inflation"].mimages[0].scene.startswith("Think of an “Inflatable Nation” –")
    chemistry = by_name(read_fixture("chemistry_bold.txt"))
    assert chemistry["Covalent Bond"].mimages[0].scene.endswith("between them as they")
    botany = by_name(read_fixture("botany_pasted.txt"))
    assert botany["Stoma"].mimages[0].scene == (
        'Envision a "Stormy Mouth" on a leaf, puffing and gulping air as the weather changes!'
    )


def test_markdown_fixture_through_formats_read() -> None:
    path = FIXTURES / "music_theory.md"
    assert formats.read(path.read_bytes(), filename=path.name) == read_fixture("music_theory.md")


# -- run-together splits ---------------------------------------------------------

RUN_TOGETHER = [
    (
        "TensorFlowTensorFlow is an open-source library for numerical work.",
        "TensorFlow",
        "TensorFlow is",
    ),
    ("TensorFlowAn open-source library for machine learning.", "TensorFlow", "An open-source"),
    ("TensorFlowGoogle's library for training neural networks.", "TensorFlow", "Google's"),
    (
        "McDonald's IndexThe McDonald's Index compares burger prices.",
        "McDonald's Index",
        "The McDonald's",
    ),
    ("McDonaldA surname of Scottish origin.", "McDonald", "A surname"),
    ("pHThe pH scale measures how acidic a solution is.", "pH", "The pH scale"),
    ("iPhoneThe iPhone is a smartphone.", "iPhone", "The iPhone"),
    ("iPhoneA smartphone with a touch screen.", "iPhone", "A smartphone"),
    ("JavaScriptA programming language that runs in browsers.", "JavaScript", "A programming"),
    (
        "JavaScript EngineThe JavaScript engine runs the code.",
        "JavaScript Engine",
        "The JavaScript",
    ),
    ("DNADNA carries genetic information.", "DNA", "DNA carries"),
    ("DNADeoxyribonucleic acid, the molecule of heredity.", "DNA", "Deoxyribonucleic"),
    ("Vitamin B12Vitamin B12 keeps nerve cells healthy.", "Vitamin B12", "Vitamin B12 keeps"),
    ("Vitamin CAscorbic acid, found in citrus fruit.", "Vitamin C", "Ascorbic"),
    ("XylemWater-conducting tissue of plants.", "Xylem", "Water-conducting"),
    ("ÉtudeAn étude is a short piece for practice.", "Étude", "An étude"),
    ("Bill of RightsThe first ten amendments.", "Bill of Rights", "The first"),
    ("Black HoleA region of space that nothing escapes.", "Black Hole", "A region"),
    ("Ion ChannelsIon channels are pores in a membrane.", "Ion Channels", "Ion channels"),
    ("Hubble's LawHubble's law links distance and speed.", "Hubble's Law", "Hubble's law"),
]


@pytest.mark.parametrize(("line", "name", "starts"), RUN_TOGETHER)
def test_run_together_split(line: str, name: str, starts: str) -> None:
    deck = pasted.read(line)
    assert [t.name for t in deck.terms] == [name]
    assert deck.terms[0].definition.startswith(starts)


@pytest.mark.parametrize(
    ("text", "name", "aliases"),
    [
        ("LSTM (Long Short-Term Memory)LSTM is a network.", "LSTM", ["Long Short-Term Memory"]),
        (
            "Convolutional Neural Network (CNN)A network for images.",
            "Convolutional Neural Network",
            ["CNN"],
        ),
        (
            "Sodium Chloride (NaCl; table salt)Sodium chloride is salt.",
            "Sodium Chloride",
            ["NaCl", "table salt"],
        ),
        (
            "Xavier/Glorot InitializationXavier (Glorot) initialization sets weights.",
            "Xavier/Glorot Initialization",
            [],
        ),
        ("**Base Rate (Prior)**\n\nThe probability before evidence.", "Base Rate", ["Prior"]),
    ],
)
def test_aliases(text: str, name: str, aliases: list[str]) -> None:
    term = pasted.read(text).terms[0]
    assert (term.name, term.aliases) == (name, aliases)


@pytest.mark.parametrize(
    "text",
    [
        "Osmosis: the movement of water across a membrane.",
        "Osmosis – the movement of water across a membrane.",
        "Osmosis - the movement of water across a membrane.",
        "Osmosis—the movement of water across a membrane.",
        "**Osmosis**: the movement of water across a membrane.",
        "**Osmosis:** the movement of water across a membrane.",
        "- **Osmosis**: the movement of water across a membrane.",
        "* Osmosis: the movement of water across a membrane.",
        "1. Osmosis: the movement of water across a membrane.",
        "Osmosis\nthe movement of water across a membrane.",
        "Osmosis\n\nthe movement of water across a membrane.",
        "**Osmosis**\n\nthe movement of water across a membrane.",
        "## Osmosis\n\nthe movement of water across a membrane.",
        "### Osmosis\nthe movement of water across a membrane.",
        "OsmosisThe movement of water across a membrane.",
    ],
)
def test_separators(text: str) -> None:
    deck = pasted.read(text)
    assert [(t.name, t.definition.lower()) for t in deck.terms] == [
        ("Osmosis", "the movement of water across a membrane.")
    ]


def test_wrapped_definition_lines_join() -> None:
    text = "OsmosisOsmosis is the movement of water\nacross a membrane from low to high\nconcentration.\n"
    assert pasted.read(text).terms[0].definition == (
        "Osmosis is the movement of water across a membrane from low to high concentration."
    )


def test_colon_inside_run_together_definition() -> None:
    text = "Buffer SolutionA buffer solution resists change: it soaks up acid and base."
    term = pasted.read(text).terms[0]
    assert term.name == "Buffer Solution"
    assert term.definition == "A buffer solution resists change: it soaks up acid and base."


# -- structure: titles, sections, noise, duplicates --------------------------------


def test_deck_name_is_title_nearest_before_first_entry() -> None:
    text = "# Welcome\n\n# Zoology Terms\n\nQuote from ana on May 2, 2020, 1:02 pm\n\nMolt: shedding.\n\n# Later\n"
    assert pasted.read(text).name == "Zoology Terms"
    assert pasted.read("Molt: shedding of skin.").name == ""
    assert [t.name for t in pasted.read(text).terms] == ["Molt"]


def test_heading_followed_by_heading_is_a_section() -> None:
    text = "## Birds\n\n### Talon\n\nA hooked claw.\n\n### Plumage\n\nA bird's feathers.\n"
    deck = pasted.read(text)
    assert [(t.name, t.definition) for t in deck.terms] == [
        ("Talon", "A hooked claw."),
        ("Plumage", "A bird's feathers."),
    ]


def test_section_heading_over_a_list_of_entries() -> None:
    text = "## Glossary\n\n- **Talon**: A hooked claw.\n- **Plumage**: A bird's feathers.\n"
    assert [t.name for t in pasted.read(text).terms] == ["Talon", "Plumage"]
    text = "**Glossary**\n\nTalon: A hooked claw.\n\nPlumage: A bird's feathers.\n"
    assert [t.name for t in pasted.read(text).terms] == ["Talon", "Plumage"]


def test_note_paragraph_stays_a_definition() -> None:
    text = "**Talon**\n\nNote: only birds of prey have them.\n\n**Plumage**\n\nA bird's feathers.\n"
    deck = pasted.read(text)
    assert by_name(deck)["Talon"].definition == "Note: only birds of prey have them."


def test_forum_noise_is_dropped() -> None:
    text = (
        "Quote from someone on January 5, 2024, 5:55 am\nPosted by kim on 3 May\nReply\nShare\n"
        "---\n#3\n12 likes\nbob wrote:\n\nTalonTalons are hooked claws.\n"
    )
    deck = pasted.read(text)
    assert [(t.name, t.definition) for t in deck.terms] == [("Talon", "Talons are hooked claws.")]


def test_duplicates_merge_longest_definition_wins() -> None:
    text = "Talon: A claw.\n\n**Talon**\n\nA hooked claw of a bird of prey.\n\ntalon: claw."
    deck = pasted.read(text)
    assert [(t.name, t.definition) for t in deck.terms] == [
        ("Talon", "A hooked claw of a bird of prey.")
    ]


def test_windows_newlines_and_controls() -> None:
    text = '# Birds\r\n\r\nTalon: A hooked\x07 claw.\r\n\r\nMimages\r\n\r\nTalon: Picture a "Tall On" hat.\r\n'
    deck = pasted.read(text)
    assert deck.name == "Birds"
    assert deck.terms[0].definition == "A hooked claw."
    assert deck.terms[0].mimages[0].keyword == "Tall On"


# -- mimage sections ---------------------------------------------------------------

GLOSSARY = "Talon: A hooked claw.\n\nPlumage: A bird's feathers.\n\n"


@pytest.mark.parametrize(
    "header",
    [
        "MIMAGES:",
        "**MIMAGES: **",
        "Mimages",
        "## Mimages",
        "### Mnemonic Images",
        "Mnemonic images",
        "Mnemonics:",
        "**Memory images**",
        "Memory images:",
        "Keyword images",
        "__mimages__",
    ],
)
def test_mimage_headers(header: str) -> None:
    text = (
        GLOSSARY + header + '\n\nTalon: Picture a "Tall On" hat.Plumage: Imagine a "Plum Age" tree.'
    )
    deck = pasted.read(text)
    assert [[m.keyword for m in t.mimages] for t in deck.terms] == [["Tall On"], ["Plum Age"]]


@pytest.mark.parametrize(
    "verb",
    [
        "Picture",
        "Imagine",
        "Think of",
        "Visualize",
        "Visualise",
        "Envision",
        "Envisage",
        "See",
        "Consider",
        "Remember",
    ],
)
def test_mimage_verbs_for_unknown_terms(verb: str) -> None:
    text = f'Mimages\n\nBig Tree: {verb} a "Bigger Tee" on a hill.Little Leaf: {verb} a Tiny Loaf dancing.'
    deck = pasted.read(text)
    assert [(t.name, t.definition, [m.keyword for m in t.mimages]) for t in deck.terms] == [
        ("Big Tree", "", ["Bigger Tee"]),
        ("Little Leaf", "", ["Tiny Loaf"]),
    ]
    assert deck.terms[1].mimages[0].scene == f"{verb} a Tiny Loaf dancing."


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        # run together without a space, with a space, after a closing quote or bracket
        ('Talon: Picture a "Tall On" hat.Plumage: Imagine a "Plum Age".', ["Tall On", "Plum Age"]),
        ('Talon: Picture a "Tall On" hat. Plumage: Imagine a "Plum Age".', ["Tall On", "Plum Age"]),
        ('Talon: Picture a hat called "Tall On."Plumage: A "Plum Age".', ["Tall On", "Plum Age"]),
        ('Talon: Picture a "Tall On" (a hat!)Plumage: A "Plum Age".', ["Tall On", "Plum Age"]),
        ('**Talon**: A "Tall On" hat!**Plumage**: A "Plum Age"?', ["Tall On", "Plum Age"]),
        ('- **Talon**: A "Tall On" hat.\n- **Plumage**: A "Plum Age".', ["Tall On", "Plum Age"]),
        # case-insensitive, plural and alias spellings of known names
        ('TALON: A "Tall On" hat.plumages: A "Plum Age".', ["Tall On", "Plum Age"]),
        # curly quotes
        ("Talon: Picture a “Tall On” hat.Plumage: Imagine a “Plum Age”.", ["Tall On", "Plum Age"]),
    ],
)
def test_mimage_stream_splits(stream: str, expected: list[str]) -> None:
    deck = pasted.read(GLOSSARY + "Mimages\n\n" + stream)
    assert [t.name for t in deck.terms] == ["Talon", "Plumage"]
    assert [m.keyword for t in deck.terms for m in t.mimages] == expected


def test_mimage_by_alias_and_display_form() -> None:
    text = (
        "Gross Domestic Product (GDP): Output of a country.\n\nMimages\n\n"
        'GDP: Picture a "Giant Dough Pie".Gross Domestic Product (GDP): Imagine "Gross Dough".'
    )
    term = pasted.read(text).terms[0]
    assert [m.keyword for m in term.mimages] == ["Giant Dough Pie", "Gross Dough"]
    assert [m.chosen for m in term.mimages] == [True, False]


def test_colon_inside_a_scene_does_not_split() -> None:
    text = (
        GLOSSARY
        + 'Mimages\n\nTalon: Picture a "Tall On" sign. It says: keep off.Plumage: A "Plum Age".'
    )
    talon, plumage = pasted.read(text).terms
    assert talon.mimages[0].scene == 'Picture a "Tall On" sign. It says: keep off.'
    assert plumage.mimages[0].keyword == "Plum Age"


def test_mimage_paragraph_outside_a_section() -> None:
    text = GLOSSARY + 'Talon: Imagine a "Tall On" hat.\n\nPlumage: Consider a "Plum Age" orchard.'
    deck = pasted.read(text)
    assert [(t.definition, [m.keyword for m in t.mimages]) for t in deck.terms] == [
        ("A hooked claw.", ["Tall On"]),
        ("A bird's feathers.", ["Plum Age"]),
    ]


def test_definition_starting_with_weak_verb_is_not_a_mimage() -> None:
    deck = pasted.read("Entropy: Consider it a measure of disorder in a system.")
    assert deck.terms[0].definition == "Consider it a measure of disorder in a system."
    assert deck.terms[0].mimages == []


def test_heading_names_a_scene_in_a_mimage_section() -> None:
    text = (
        GLOSSARY
        + '## Mimages\n\n### Talon\n\nPicture a "Tall On" hat.\n\n### Plumage\n\nA "Plum Age" tree.'
    )
    deck = pasted.read(text)
    assert [[m.keyword for m in t.mimages] for t in deck.terms] == [["Tall On"], ["Plum Age"]]


def test_heading_and_definition_end_the_mimage_section() -> None:
    text = 'Mimages\n\nTalon: Picture a "Tall On" hat\n\n**Talon**\n\nA hooked claw.\n'
    term = pasted.read(text).terms[0]
    assert term.definition == "A hooked claw."
    assert term.mimages[0].scene == 'Picture a "Tall On" hat'
    assert not term.mimages[0].complete


def test_same_keyword_merges_complete_wins() -> None:
    text = (
        GLOSSARY
        + 'Mimages\n\nTalon: Picture a "Tall On" hat on a\n\n**Talon**\n\nA hooked claw.\n\n'
        'Mimages\n\nTalon: Picture a "Tall On" hat on a hawk.'
    )
    term = by_name(pasted.read(text))["Talon"]
    assert [(m.keyword, m.complete) for m in term.mimages] == [("Tall On", True)]
    assert term.mimages[0].scene.endswith("hawk.")


@pytest.mark.parametrize(
    ("entry", "keyword", "scene", "complete"),
    [
        ('Picture a "Tall On" hat.', "Tall On", 'Picture a "Tall On" hat.', True),
        ('Picture a "Tall On," she said', "Tall On", 'Picture a "Tall On," she said', False),
        ("Imagine a “Tall On” hat!", "Tall On", "Imagine a “Tall On” hat!", True),
        ('"Tall On": a hat worn by a hawk.', "Tall On", "a hat worn by a hawk.", True),
        ('"": a hat worn by a hawk', "", "a hat worn by a hawk", False),
        ("Picture a Tall On hat on a hawk.", "Tall On", "Picture a Tall On hat on a hawk.", True),
        ("Think of Big Tree.", "Big Tree", "Think of Big Tree.", True),
        ("A Big Tree on a hill?", "Big Tree", "A Big Tree on a hill?", True),
        ("Picture yourself on a hill…", "", "Picture yourself on a hill…", True),
        ("A hawk (in a hat.)", "", "A hawk (in a hat.)", True),
        ('  Picture a "Tall On" hat.  ', "Tall On", 'Picture a "Tall On" hat.', True),
    ],
)
def test_parse_mimage(entry: str, keyword: str, scene: str, complete: bool) -> None:
    mimage = pasted.parse_mimage(entry)
    assert (mimage.keyword, mimage.scene, mimage.complete, mimage.origin) == (
        keyword,
        scene,
        complete,
        "imported",
    )


# -- junk, size and speed ------------------------------------------------------------


def _junk(kind: str) -> str:
    rng = random.Random(kind)
    size = 5_000_000
    if kind == "letters":
        return "a" * size
    if kind == "camel":
        return "aB" * (size // 2)
    if kind == "printable":
        alphabet = string.printable.replace("\n", "").replace("\r", "")
        return "".join(rng.choices(alphabet, k=size))
    if kind == "words":
        return "".join(rng.choices(string.ascii_letters + " .:", k=size))
    if kind == "colons":
        return "Word: " * (size // 6)
    return "(" * size


@pytest.mark.parametrize("kind", ["letters", "camel", "printable", "words", "colons", "parens"])
def test_five_megabytes_of_junk_on_one_line(kind: str) -> None:
    text = _junk(kind)
    # Catastrophic backtracking would show as a test that runs for minutes.
    assert pasted.read(text).terms == []
    with pytest.raises(MimageryError, match="no glossary entries found"):
        formats.read(text, fmt="pasted")


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "bar", "dil", "gor", "pha", "sel"]
VERBS = ["Picture", "Imagine", "Think of", "Visualize", "Envision"]


def _generated(count: int) -> tuple[str, list[tuple[str, list[str], str, str, str]]]:
    """A glossary in the seed's style: run-together entries, a MIMAGES block on one
    line, the bold repeat and its MIMAGES block; the last scene is cut off."""
    rng = random.Random(count)
    entries: list[tuple[str, list[str], str, str, str]] = []
    seen: set[str] = set()

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    while len(entries) < count:
        name = " ".join(word() for _ in range(rng.randint(1, 3)))
        if key(name) in seen:
            continue
        seen.add(key(name))
        aliases = (
            [f"{''.join(w[0] for w in name.split())}{len(entries)}"] if rng.random() < 0.1 else []
        )
        style = len(entries) % 3
        if style == 0:
            definition = f"{name} is a method used in {word().lower()} studies."
        elif style == 1:
            definition = f"A {name.lower()} describes how a {word().lower()} behaves."
        else:
            definition = f"In practice, this measures the {word().lower()} of a system."
        keyword = f"{word()} {word()}"
        scene = f'{VERBS[len(entries) % 5]} a "{keyword}" on a hill, symbolizing the idea.'
        entries.append((name, aliases, definition, keyword, scene))
    name, aliases, definition, keyword, scene = entries[-1]
    entries[-1] = (
        name,
        aliases,
        definition,
        keyword,
        scene.removesuffix(", symbolizing the idea."),
    )

    def display(name: str, aliases: list[str]) -> str:
        return f"{name} ({aliases[0]})" if aliases else name

    lines = ["# Generated Vocabulary", "", "Quote from someone on May 1, 2024, 1:00 pm", ""]
    lines += [f"{display(n, a)}{d}\n" for n, a, d, _, _ in entries]
    lines += ["MIMAGES:", "", "".join(f"{display(n, a)}: {s}" for n, a, _, _, s in entries), ""]
    lines += [f"**{display(n, a)}**\n\n{d}\n" for n, a, d, _, _ in entries]
    lines += [
        "**MIMAGES: **",
        "",
        "".join(f"**{display(n, a)}**: {s}" for n, a, _, _, s in entries),
    ]
    return "\n".join(lines), entries


def test_generated_glossary_of_two_thousand_terms() -> None:
    text, entries = _generated(2000)
    deck = pasted.read(text)
    assert deck.name == "Generated Vocabulary"
    assert [(t.name, t.aliases, t.definition) for t in deck.terms] == [
        (n, a, d) for n, a, d, _, _ in entries
    ]
    assert [[(m.keyword, m.scene, m.complete) for m in t.mimages] for t in deck.terms] == [
        [(k, s, i < len(entries) - 1)] for i, (_, _, _, k, s) in enumerate(entries)
    ]


# -- properties ----------------------------------------------------------------------

GLOSSARYISH = st.text(alphabet=st.sampled_from(list('aAbBzZ :.;-–\n*#"“”()!?éÉ_')), max_size=400)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), GLOSSARYISH))
def test_any_text_reads_without_error(text: str) -> None:
    deck = pasted.read(text)
    names = [key(t.name) for t in deck.terms]
    assert all(names) and len(names) == len(set(names))
    for term in deck.terms:
        assert term.name == term.name.strip()
        assert sum(m.chosen for m in term.mimages) == (1 if term.mimages else 0)


# -- glossaries in the wild (issue 16) -------------------------------------------------


def test_the_issue_example_loses_nothing() -> None:
    text = (
        "Botany Words\n\n"
        "XylemThe tissue that carries water up from the roots.\n"
        "Phloem The tissue that carries sugars down from the leaves.\n"
        "Stomata: tiny pores on leaves that let gas in and out.\n"
    )
    deck, report = pasted.read_report(text)
    assert deck.name == "Botany Words"
    assert [(t.name, t.definition) for t in deck.terms] == [
        ("Xylem", "The tissue that carries water up from the roots."),
        ("Phloem", "The tissue that carries sugars down from the leaves."),
        ("Stomata", "tiny pores on leaves that let gas in and out."),
    ]
    assert not report


STYLES = [
    ("Phloem The tissue that carries sugars.", "Phloem", "The tissue that carries sugars."),
    ("Phloem Carries sugars down the stem.", "Phloem", "Carries sugars down the stem."),
    ("Guard Cells Two cells around a pore.", "Guard Cells", "Two cells around a pore."),
    ("Law of Demand States that price and demand move apart.", "Law of Demand", None),
    ("Federal Reserve The US central bank.", "Federal Reserve", "The US central bank."),
    ("Phloem: carries sugars.", "Phloem", "carries sugars."),
    ("Phloem - carries sugars.", "Phloem", "carries sugars."),
    ("Phloem – carries sugars.", "Phloem", "carries sugars."),
    ("Phloem — carries sugars.", "Phloem", "carries sugars."),
    ("Phloem—carries sugars.", "Phloem", "carries sugars."),
    ("Phloem = carries sugars.", "Phloem", "carries sugars."),
    ("Phloem\tcarries sugars.", "Phloem", "carries sugars."),
    ("Phloem\tcarries sugars.\t", "Phloem", "carries sugars."),
    ("| Phloem | carries sugars. |", "Phloem", "carries sugars."),
    ("1. Phloem: carries sugars.", "Phloem", "carries sugars."),
    ("12) Phloem - carries sugars.", "Phloem", "carries sugars."),
    ("- **Phloem**: carries sugars.", "Phloem", "carries sugars."),
    ("• Phloem – carries sugars.", "Phloem", "carries sugars."),
    ("**Phloem** carries sugars.", "Phloem", "carries sugars."),
    ("*Phloem*: carries sugars.", "Phloem", "carries sugars."),
    ("_Phloem_ — carries sugars.", "Phloem", "carries sugars."),
    ("***Phloem***: carries sugars.", "Phloem", "carries sugars."),
    ("__Phloem__: carries sugars.", "Phloem", "carries sugars."),
    ("Phloem\ncarries sugars.", "Phloem", "carries sugars."),
    ("Phloem\nCarries sugars\nfrom the leaves.", "Phloem", "Carries sugars from the leaves."),
    ("PistilThe female part: stigma and ovary.", "Pistil", "The female part: stigma and ovary."),
    ("Per SeBy itself, without more proof.", "Per Se", "By itself, without more proof."),
    ("el agua = water (feminine)", "el agua", "water (feminine)"),
    ("st(s) – stitch(es)", "st(s)", "stitch(es)"),
]


@pytest.mark.parametrize(("text", "name", "definition"), STYLES)
def test_entry_styles(text: str, name: str, definition: str | None) -> None:
    deck = pasted.read(text)
    assert [t.name for t in deck.terms] == [name]
    assert deck.terms[0].definition == (definition or text[len(name) :].strip())


def test_one_space_splits_follow_the_other_terms() -> None:
    """A line with two readings takes the one whose term looks like the glossary's
    others, and says it guessed."""
    others = "Xylem: water tissue.\nCambium: growing layer.\nAuxin: a hormone.\n"
    line = "Hubble Space Telescope Records light from far galaxies."
    deck, report = pasted.read_report(others + "Phloem Carries sugars.\n")
    assert deck.terms[-1].name == "Phloem" and not report.guesses
    deck, report = pasted.read_report("Edwin Hubble Showed galaxies recede.\n" + others)
    assert deck.terms[0].name == "Edwin Hubble"
    # A definition that starts with a name ("Edwin Hubble found…") is read as a guess,
    # offering the term shaped like the others.
    laws = "Boyle's Law: a gas law.\nOhm's Law: about current.\nHooke's Law: about springs.\n"
    deck, report = pasted.read_report("Hubble's Law Edwin Hubble found it.\n" + laws)
    assert [line.number for line in report.guesses] == [1]
    assert 'it could be "Hubble\'s Law"' in report.guesses[0].note
    assert pasted.read(line).terms[0].name == "Hubble Space Telescope"


def test_a_one_space_split_inside_a_wrapped_definition_goes_on() -> None:
    text = (
        "Reformation: the split in\nWestern Christianity that began in 1517.\n"
        "Humanism: a movement that studied old texts.\n"
    )
    assert [(t.name, t.definition) for t in pasted.read(text).terms] == [
        ("Reformation", "the split in Western Christianity that began in 1517."),
        ("Humanism", "a movement that studied old texts."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "PLANTS\nXylem: water tissue.\nPhloem: sugar tissue.\n",
        "## Plants\n\n- **Xylem**: water tissue.\n- **Phloem**: sugar tissue.\n",
        "Tissues\nXylem - water tissue\nPhloem - sugar tissue\n\nCells\nStoma - a pore\n",
    ],
)
def test_headings_group_terms_and_are_no_terms(text: str) -> None:
    deck = pasted.read(text)
    assert "Xylem" in [t.name for t in deck.terms]
    assert all(t.name.casefold() not in ("plants", "tissues", "cells") for t in deck.terms)
    assert all(t.definition for t in deck.terms)


def test_plain_headings_are_reported_with_their_numbers() -> None:
    text = "Tissues\nXylem - water tissue\nPhloem - sugar tissue\n\nCells\nStoma - a pore\n"
    deck, report = pasted.read_report(text)
    assert deck.name == ""  # the first line heads a group, as "Cells" does
    assert [(line.number, line.text) for line in report.headings] == [(1, "Tissues"), (5, "Cells")]


def test_terms_on_their_own_lines_with_colons_in_definitions() -> None:
    text = (
        "KEY CONCEPTS\nEpistemology\nThe study of knowledge: what it is.\n"
        "Ethics\nThe study of right action.\nCategorical Imperative\n"
        "Kant's rule: act on principles all could follow.\n"
    )
    deck = pasted.read(text)
    assert deck.name == "KEY CONCEPTS"
    assert [(t.name, t.definition) for t in deck.terms] == [
        ("Epistemology", "The study of knowledge: what it is."),
        ("Ethics", "The study of right action."),
        ("Categorical Imperative", "Kant's rule: act on principles all could follow."),
    ]


@pytest.mark.parametrize(
    "table",
    [
        "| Word | Meaning |\n|---|---|\n| gehen | to go |\n| laufen | to run |\n",
        "Word | Meaning\n--- | ---\ngehen | to go\nlaufen | to run\n",
        "| Term | Definition |\n| :--- | ---: |\n| gehen | to go |\n| laufen | to run |\n",
        "Term\tMeaning\ngehen\tto go\nlaufen\tto run\n",
    ],
)
def test_two_column_tables(table: str) -> None:
    deck, report = pasted.read_report("German verbs\n\n" + table)
    assert deck.name == "German verbs"
    assert [(t.name, t.definition) for t in deck.terms] == [
        ("gehen", "to go"),
        ("laufen", "to run"),
    ]
    assert {line.number for line in report.headings} >= {3}
    assert not report.skipped


def test_mimages_inline_and_on_the_next_line() -> None:
    text = (
        'Talon: a hooked claw. Mnemonic: Picture a "Tall On" hat in a claw.\n'
        "Crop: a throat pouch for food.\n"
        'Mnemonic: Imagine a "Crop" of wheat in a throat.\n'
        "Lek: a display ground.\n"
        "Memory: a store of what happened.\n"
    )
    deck, report = pasted.read_report(text)
    assert [(t.name, t.definition, [m.keyword for m in t.mimages]) for t in deck.terms] == [
        ("Talon", "a hooked claw.", ["Tall On"]),
        ("Crop", "a throat pouch for food.", ["Crop"]),
        ("Lek", "a display ground.", []),
        ("Memory", "a store of what happened.", []),
    ]
    assert not report


@pytest.mark.parametrize(
    ("first", "name"),
    [
        ("Botany Words", "Botany Words"),
        ("Building and Camera Words — my study list", "Building and Camera Words"),
        ("Contract law – key terms (from my notes)", "Contract law"),
        ("GARDENING JARGON (for the allotment newbies)", "GARDENING JARGON"),
        ("Spanish Words – Week 3", "Spanish Words – Week 3"),
        ("Climbing terms - beginner notes", "Climbing terms"),
        ("Glossary:", "Glossary"),
        ("# Plant Science — my notes", "Plant Science"),
    ],
)
def test_the_first_line_names_the_deck(first: str, name: str) -> None:
    text = f"{first}\n\nBelay - to hold the rope for a climber\nCrag - a small outdoor cliff\n"
    deck = pasted.read(text)
    assert deck.name == name
    assert [t.name for t in deck.terms] == ["Belay", "Crag"]


@pytest.mark.parametrize(
    "text",
    [
        "Belay - to hold the rope for a climber\nCrag - a small outdoor cliff\n",
        "XylemThe tissue that carries water.\n\nPhloemThe tissue that carries sugars.\n",
        "Is this the right forum?\n\nXylem: water tissue.\nPhloem: sugar tissue.\n",
        "Osmosis\n\nthe movement of water across a membrane.\n",
    ],
)
def test_a_first_line_that_is_no_title_names_nothing(text: str) -> None:
    assert pasted.read(text).name == ""


def test_the_file_name_names_a_deck_without_a_title(tmp_path: Path) -> None:
    data = b"Belay - to hold the rope\nCrag - a small cliff\n"
    assert formats.read(data, None, "climbing_words.txt").name == "climbing words"
    assert formats.read(data, None, "-").name == ""
    titled = b"Climbing Words\n\n" + data
    assert formats.read(titled, None, "other.txt").name == "Climbing Words"


def test_skipped_lines_are_reported_with_numbers_and_reasons() -> None:
    text = (
        "Re: botany words?\n"
        "Posted by kim on 3 May\n\n"
        "Here is my list, enjoy.\n\n"
        "Xylem: water tissue.\nPhloem: sugar tissue.\n\n"
        "Hope this helps!\n"
    )
    deck, report = pasted.read_report(text)
    assert [t.name for t in deck.terms] == ["Xylem", "Phloem"]
    assert [(line.number, line.note) for line in report.skipped] == [
        (1, "forum text"),
        (2, "forum text"),
        (4, "not a term or definition"),
        (9, "not a term or definition"),
    ]
    assert report.skipped[2].text == "Here is my list, enjoy."


def test_a_definition_that_loses_to_a_longer_one_is_reported() -> None:
    text = "Talon: A claw.\n\n**Talon**\n\nA hooked claw of a bird of prey.\n\ntalon: claw.\n"
    deck, report = pasted.read_report(text)
    assert deck.terms[0].definition == "A hooked claw of a bird of prey."
    assert [line.number for line in report.skipped] == [1, 7]
    assert "longer" in report.skipped[0].note and "longer" in report.skipped[1].note


def test_text_before_the_first_mimage_and_a_mimage_without_keyword_are_reported() -> None:
    text = (
        "Talon: A claw.\n\nPlumage: Feathers.\n\nMimages\n\nMy favourites below:\n\n"
        'Talon: Picture a "Tall On" hat.\n\nPlumage: imagine old plums.\n'
    )
    deck, report = pasted.read_report(text)
    assert [m.keyword for m in deck.terms[0].mimages] == ["Tall On"]
    assert [(line.number, line.note) for line in report.skipped] == [
        (7, "not a mimage (before the first one)"),
        (11, "a mimage without a keyword"),
    ]
    assert [line.number for line in report.headings] == [5]


def test_line_numbers_count_leading_blank_lines_and_windows_newlines() -> None:
    deck, report = pasted.read_report(
        "\r\n\r\n\x07\r\nTitle\r\n\r\nfoo bar baz.\r\n\r\nXylem: w.\r\n"
    )
    assert deck.name == "Title"
    assert [(line.number, line.text) for line in report.skipped] == [(6, "foo bar baz.")]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), GLOSSARYISH))
def test_every_line_is_placed_or_reported(text: str) -> None:
    """No silent loss: the reader places every non-blank line (a term, the title, a
    heading) or reports it as skipped, never leaving one unread."""
    _, report = pasted.read_report(text)
    assert all(line.note != "not read" for line in report.skipped)
    numbers = [line.number for line in report.skipped]
    assert numbers == sorted(set(numbers))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert all(0 < number <= len(lines) for number in numbers)
