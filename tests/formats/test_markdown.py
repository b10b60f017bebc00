"""The Markdown writer, and reading back what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mimagery import formats
from mimagery.formats import markdown, pasted
from mimagery.model import Deck, Mimage, Term, key

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_197aaf5b61859450.txt"


def shape(deck: Deck) -> tuple[str, list[tuple[str, list[str], str, list[tuple[str, str, bool]]]]]:
    """What Markdown carries: names, aliases, definitions and each mimage's
    keyword, scene and completeness, the chosen mimage first."""
    terms = []
    for term in deck.terms:
        chosen = term.chosen
        ordered = [chosen, *(m for m in term.mimages if m is not chosen)] if chosen else []
        mimages = [(m.keyword, m.scene, m.complete) for m in ordered]
        terms.append((term.name, term.aliases, term.definition, mimages))
    return deck.name, terms


def test_writes_the_seed_style() -> None:
    deck = Deck(
        "Birds",
        [
            Term(
                "Talon",
                "A hooked claw.\n\nBirds of prey have four.",
                [],
                [
                    Mimage("Tall On", 'Picture a "Tall On" hat.'),
                    Mimage("Tail On", "A hawk pins a tail on a donkey.", chosen=True),
                ],
            ),
            Term("Harpy Eagle", "A large eagle.", ["HE", "Harpia"]),
            Term(
                "Molt",
                "Shedding old feathers.",
                [],
                [Mimage("Malt", "Imagine a malt", complete=False)],
            ),
        ],
    )
    assert markdown.write(deck) == (
        "# Birds\n\n"
        "**Talon**\n\nA hooked claw.\n\nBirds of prey have four.\n\n"
        "**Harpy Eagle (HE; Harpia)**\n\nA large eagle.\n\n"
        "**Molt**\n\nShedding old feathers.\n\n"
        "**MIMAGES:**\n\n"
        '**Talon**: "Tail On": A hawk pins a tail on a donkey.\n\n'
        '**Talon**: Picture a "Tall On" hat.\n\n'
        '**Molt**: "Malt": Imagine a malt\n'
    )
    assert shape(markdown.read(markdown.write(deck))) == shape(deck)


def test_no_title_and_no_mimage_section_when_there_is_nothing_to_write() -> None:
    text = markdown.write(Deck("", [Term("Talon", "A hooked claw.")]))
    assert text == "**Talon**\n\nA hooked claw.\n"
    assert shape(markdown.read(text)) == ("", [("Talon", [], "A hooked claw.", [])])


@pytest.mark.parametrize(
    ("mimage", "written"),
    [
        (Mimage("Tall On", 'Picture a "Tall On" hat.'), 'Picture a "Tall On" hat.'),
        (Mimage("Tall On", "Picture a “Tall On” hat."), "Picture a “Tall On” hat."),
        # the scene names another phrase first, or none, or starts with "X": itself
        (Mimage("Tall On", 'A "Hat" called "Tall On".'), '"Tall On": A "Hat" called "Tall On".'),
        (Mimage("Tall On", "A tall hat."), '"Tall On": A tall hat.'),
        (Mimage("Tall On", '"Tall On": a hat.'), '"Tall On": "Tall On": a hat.'),
        (Mimage("tall on", 'Picture a "Tall On" hat.'), '"tall on": Picture a "Tall On" hat.'),
        (Mimage('Say "On"', "A hat."), '“Say "On"”: A hat.'),
        (Mimage("", "A tall hat."), "A tall hat."),
        (Mimage("", "A Tall Hat on a hawk."), '"": A Tall Hat on a hawk.'),
    ],
)
def test_keyword_prefix_only_when_needed(mimage: Mimage, written: str) -> None:
    deck = Deck("", [Term("Talon", "A hooked claw.", [], [mimage])])
    text = markdown.write(deck)
    assert text.endswith(f"**Talon**: {written}\n")
    back = markdown.read(text).terms[0].mimages[0]
    assert (back.keyword, back.scene, back.complete) == (mimage.keyword, mimage.scene, True)


def test_term_without_definition_comes_back_through_its_mimage() -> None:
    deck = Deck(
        "", [Term("Talon", "A claw."), Term("Comet", "", [], [Mimage("Comb", 'A "Comb".')])]
    )
    assert shape(markdown.read(markdown.write(deck))) == shape(deck)


def test_markdown_fixture_reads_like_pasted() -> None:
    text = (FIXTURES / "music_theory.md").read_text(encoding="utf-8")
    assert formats.detect(text) == "md"
    assert markdown.read(text) == pasted.read(text)


@pytest.mark.parametrize(
    "path",
    [SEED, *sorted(FIXTURES.glob("*.txt")), *sorted(FIXTURES.glob("*.md"))],
    ids=lambda path: path.name,
)
def test_round_trip_of_real_glossaries(path: Path) -> None:
    if not path.exists():
        pytest.skip("the seed glossary is not available")
    deck = pasted.read(path.read_text(encoding="utf-8"))
    text = markdown.write(deck)
    assert shape(markdown.read(text)) == shape(deck)
    assert markdown.write(deck) == text
    assert formats.write(deck, "md") == text


# -- the round-trip property ------------------------------------------------------

LOWER = "abcdefghijklmnopqrstuvwxyzéüñçøåœ"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÉÜÑÇØÅŒ"
VERBS = ["Picture", "Imagine", "Think of", "Visualize", "Envision", "See", "Remember"]


@st.composite
def words(draw: st.DrawFn) -> str:
    """A word as glossaries have them: lower, Capitalised, CAPS, numbers, codes
    such as B12, hyphenated, with an apostrophe or a slash, unicode letters."""
    base = draw(st.text(LOWER, min_size=1, max_size=9))
    other = draw(st.text(LOWER, min_size=1, max_size=6))
    kind = draw(st.integers(0, 8))
    if kind == 1:
        return base.capitalize()
    if kind == 2:
        return draw(st.text(UPPER, min_size=2, max_size=5))
    if kind == 3:
        return str(draw(st.integers(0, 9999)))
    if kind == 4:
        return draw(st.sampled_from(UPPER)) + str(draw(st.integers(0, 99)))
    if kind == 5:
        return f"{base}-{other.capitalize() if draw(st.booleans()) else other}"
    if kind == 6:
        return f"{base}'{other}"
    if kind == 7:
        return f"{base}/{other}"
    return base


@st.composite
def phrases(draw: st.DrawFn, low: int = 1, high: int = 4) -> str:
    return " ".join(draw(st.lists(words(), min_size=low, max_size=high)))


@st.composite
def sentences(draw: st.DrawFn, end: bool = True) -> str:
    first = draw(words())
    text = " ".join([first[:1].upper() + first[1:], draw(phrases(1, 10))])
    return text + draw(st.sampled_from([".", "!", "?", "…"])) if end else text


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentences(), min_size=1, max_size=3)))


@st.composite
def scenes(draw: st.DrawFn, keyword: str, complete: bool) -> str:
    """A scene naming the keyword in quotes, or another phrase, or none, or one
    starting with a quoted phrase and a colon; cut off when not complete."""
    verb = draw(st.sampled_from(VERBS))
    rest = draw(phrases(1, 8))
    form = draw(st.integers(0, 3))
    if form == 0:
        text = f'{verb} a "{keyword}" {rest}'
    elif form == 1:
        text = f"{verb} {rest}"
    elif form == 2:
        text = f'"{draw(phrases(1, 3))}": {rest}'
    else:
        text = f"{verb} the “{draw(phrases(1, 3))}” {rest}"
    return text + draw(st.sampled_from([".", "!", "?", "…", '."'])) if complete else text


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    count = draw(st.integers(1, 6))
    used: set[str] = set()

    def fresh(candidate: str) -> bool:
        if key(candidate) in used:
            return False
        used.add(key(candidate))
        return True

    terms = []
    for _ in range(count):
        name = draw(phrases(1, 4).filter(fresh))
        aliases = draw(st.lists(phrases(1, 3).filter(fresh), max_size=2))
        definition = "\n\n".join(draw(st.lists(paragraphs(), min_size=1, max_size=3)))
        keywords = draw(st.lists(phrases(1, 3), max_size=3, unique_by=key))
        mimages = []
        for keyword in keywords:
            complete = draw(st.booleans())
            mimages.append(Mimage(keyword, draw(scenes(keyword, complete)), complete=complete))
        if mimages:
            mimages[draw(st.integers(0, len(mimages) - 1))].chosen = True
        terms.append(Term(name, definition, aliases, mimages))
    name = draw(st.one_of(st.just(""), phrases(1, 4)))
    return Deck(name, terms)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_markdown_round_trip(deck: Deck) -> None:
    text = markdown.write(deck)
    back = markdown.read(text)
    assert shape(back) == shape(deck), text
    for term in back.terms:
        assert [m.chosen for m in term.mimages] == [True, *[False] * (len(term.mimages) - 1)][
            : len(term.mimages)
        ]


@pytest.mark.parametrize("name", ["Mnemonics", "Memory aids", "Mimages (MI)", "Mental images"])
def test_a_term_named_like_a_mimage_section_comes_back(name: str) -> None:
    """A glossary term called "Mnemonics" (a psychology glossary may have one) is written
    "**Mnemonics.**": a bold "Mnemonics" alone reads as the heading of a mimage section,
    and the term with its definition would be lost (Hypothesis found it)."""
    term, _, alias = name.partition(" (")
    deck = Deck(
        "Memory",
        [
            Term("Recall", "Bringing a memory back.", [], [Mimage("Rake All", "A rake.")]),
            Term(term, "Tricks that help memory.\n\nOld as the Greeks.",
                 [alias.rstrip(")")] if alias else [], [Mimage("Knee Monk", "A monk.")]),
            Term("Cue", "A hint.", [], []),
        ],
    )  # fmt: skip
    text = markdown.write(deck)
    assert f"**{name}.**" in text
    assert shape(markdown.read(text)) == shape(deck)


def test_a_full_stop_ending_a_bold_heading_is_not_part_of_the_name() -> None:
    deck = markdown.read("**Mitosis.**\n\nA cell splits in two.\n\n**U.S.**\n\nA country.\n")
    assert [t.name for t in deck.terms] == ["Mitosis", "U.S."]
