"""The definition's own action, performed by the keyword's thing (``scenes.acting``)."""

from __future__ import annotations

import pytest

from mimagery import scenes
from mimagery.scenes import acting, composer

# Our own glossary, one row per form a definition's action comes in:
# (term, definition, keyword, keyword words, the action's words the scene must hold).
ACTIONS = [
    # Infinitives.
    (
        "Blanch",
        "To plunge food briefly into boiling water, then into ice water to stop the cooking.",
        "Blanche",
        ["blanche"],
        "plunges food briefly into boiling water",
    ),
    (
        "Sear",
        "To brown the surface of meat quickly over high heat so the juices stay inside.",
        "Seer",
        ["seer"],
        "browns the surface of meat quickly",
    ),
    (
        "Baste",
        "To spoon melted fat or juices over meat while it roasts, so it stays moist.",
        "Bass Tea",
        ["bass", "tea"],
        "spoon melted fat or juices over meat",
    ),
    # Fragments opening with a verb.
    (
        "Squeegee",
        "Removes excess water from a window after it has been washed with soapy water.",
        "Squeaky",
        ["squeaky"],
        "removes excess water from a window",
    ),
    (
        "Thermostat",
        "Switches the heating on and off to keep a room at the temperature that was chosen.",
        "Thermos Tat",
        ["thermos", "tat"],
        "switch the heating",
    ),
    # The process of <verb>ing.
    (
        "Winnowing",
        "The process of separating grain from chaff by tossing it in the wind.",
        "Window Wing",
        ["window", "wing"],
        "separate grain from chaff",
    ),
    (
        "Smelting",
        "The process of extracting metal from its ore by heating and melting it.",
        "Spelt Inn",
        ["spelt", "inn"],
        "extracts metal from its ore",
    ),
    # "is when" / "occurs when" with a concrete verb.
    (
        "Recursion",
        "Recursion is when a function solves a problem by calling itself on smaller parts.",
        "Rick Urchin",
        ["rick", "urchin"],
        "solves a problem by calling itself",
    ),
    (
        "Avalanche",
        "An avalanche occurs when a mass of snow slides rapidly down a mountainside.",
        "Ava Lunch",
        ["ava", "lunch"],
        "slides rapidly down a mountainside",
    ),
]


@pytest.mark.parametrize(("term", "definition", "keyword", "words", "acted"), ACTIONS)
def test_the_keywords_thing_performs_the_definitions_action(
    term: str, definition: str, keyword: str, words: list[str], acted: str
) -> None:
    text, plan = composer._draft(term, definition, keyword, words, 0)
    assert plan.action, text
    assert acted in text, text
    assert f'"{keyword}"' in text or keyword in text
    assert composer.pasted_run(text, definition) < composer.PASTED_RUN, text
    assert scenes.validate(text, keyword, definition) is None, text
    # The action opens the scene: the keyword's thing is its subject.
    assert text.index(acted) < 60, text


@pytest.mark.parametrize(
    ("definition", "verb", "rest"),
    [
        (
            "To soak food in a seasoned liquid before cooking it.",
            "soak",
            "food in a seasoned liquid",
        ),
        ("To pass flour through a mesh to remove lumps.", "pass", "flour through a mesh"),
        ("To press and fold dough again and again.", "press and fold", "dough again and again"),
        ("Filtering waste from the blood by machine.", "filter", "waste from the blood"),
        ("The process in which cells break down glucose.", "break", "down glucose"),
        ("When green plants use sunlight to make sugar.", "use", "sunlight"),
        # A doubled phrase is kept whole or left out, never cut in half.
        ("To store items of one kind side by side in memory.", "store", "items of one kind"),
        (
            "Adding a solution of known strength drop by drop.",
            "add",
            "a solution of known strength",
        ),
    ],
)
def test_action_keeps_the_verb_its_object_and_one_phrase(
    definition: str, verb: str, rest: str
) -> None:
    found = acting.action("Term", definition)
    assert found is not None
    assert (found.verb, found.rest) == (verb, rest)


@pytest.mark.parametrize(
    "definition",
    [
        "The middle value of a sorted list of numbers.",
        "A wrongful act that causes harm to another person.",
        "Recursion is when there is a function in a function.",
        "To be or not to be.",
        "Another word for happiness.",
        "",
    ],
)
def test_no_action_when_the_head_is_no_action(definition: str) -> None:
    assert acting.action("Term", definition) is None


@pytest.mark.parametrize(
    ("term", "definition", "keyword", "words"),
    [
        ("Median", "The middle value of a sorted list of numbers.", "Meaty Ann", ["meaty", "ann"]),
        ("Tort", "A civil wrong for which a court can award money.", "Torch", ["torch"]),
        ("Jupiter", "The largest planet of the solar system.", "Jeep Otter", ["jeep", "otter"]),
        ("Alias", "Another name.", "Alley Ass", ["alley", "ass"]),
    ],
)
def test_a_definition_without_an_action_gets_what_it_got_before(
    term: str, definition: str, keyword: str, words: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = composer._draft(term, definition, keyword, words, 0)
    monkeypatch.setattr(acting, "action", lambda term, definition: None)
    assert composer._draft(term, definition, keyword, words, 0) == now
    assert not now[1].action


def test_a_strong_concept_named_by_the_action_keeps_its_frame() -> None:
    # "Trading goods …" for Barter: the term's name and the verb agree on "exchange".
    found = acting.action("Barter", "Trading goods directly for other goods.")
    relation = scenes.concepts.relation("Barter", "Trading goods directly for other goods.")
    assert found is not None and relation is not None
    assert relation.score >= composer.STRONG
    assert not composer.prefers_action(relation, found)


def test_hostile_text_in_the_action_never_reaches_a_scene() -> None:
    definition = "To pour <script>alert(1)</script> water into **a** [cup](http://x.y) slowly."
    text = composer.compose("Pour", definition, "Pour", ["pour"])
    assert scenes.validate(text, "Pour", definition) is None
    assert "<" not in text and "http" not in text
