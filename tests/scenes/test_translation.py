"""Scenes for a translation: the meaning's thing and the keyword's thing act together,
plainly, and no wording or pairing reads as the deck's one template."""

from __future__ import annotations

from collections import Counter

import pytest

from mimagery import scenes
from mimagery.scenes import composer, pairs, translation
from mimagery.scenes.translation import Meaning

# A deck of everyday words with keywords (as the engine found them for these words).
DECK = [
    ("pato", "duck", "Pot"), ("carta", "letter", "Car Tire"), ("perro", "dog", "Parrot"),
    ("gato", "cat", "Garage Toe"), ("casa", "house", "Car Sock"), ("mesa", "table", "Mason"),
    ("caballo", "horse", "Cob Otter"), ("manzana", "apple", "Month Awning"),
    ("libro", "book", "Leaf Blower"), ("agua", "water", "Ah Guava"), ("leche", "milk", "Lay Chain"),
    ("pan", "bread", "Pond"), ("queso", "cheese", "Case Oak"), ("zapato", "shoe", "Spa Toe"),
    ("flor", "flower", "Floor"), ("luna", "moon", "Loon"), ("lluvia", "rain", "Yew Yacht"),
    ("cuchillo", "knife", "Catchy Yoke"), ("ventana", "window", "Bent Awning"),
    ("puerta", "door", "Pear Tar"), ("llave", "key", "Yacht Bay"), ("silla", "chair", "Sea Yacht"),
    ("conejo", "rabbit", "Cone Ale"), ("nube", "cloud", "New Bay"), ("chien", "dog", "Shoe Yen"),
    ("pain", "bread", "Pan"), ("vin", "wine", "Van"), ("lune", "moon", "Loon"),
    ("cœur", "heart", "Curry"), ("oiseau", "bird", "Wise Oak"), ("pomme", "apple", "Palm"),
    ("arbre", "tree", "Arbor"), ("livre", "book", "Liver"), ("clé", "key", "Clay"),
    ("porte", "door", "Port"), ("main", "hand", "Man"), ("Hund", "dog", "Hood Knight"),
    ("Katze", "cat", "Cots"), ("Baum", "tree", "Bow Mayo"), ("Kuh", "cow", "Coop"),
    ("Stuhl", "chair", "Stool"), ("Buch", "book", "Bouquet"), ("Mond", "moon", "Moan Toe"),
    ("Brücke", "bridge", "Brook"), ("Schuh", "shoe", "Chute"), ("дом", "house", "Dome"),
    ("стул", "chair", "Stool"), ("рыба", "fish", "Ribbon"), ("сыр", "cheese", "Sphere"),
    ("шапка", "hat", "Shop Car"), ("линкор", "battleship", "Lean Corn"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ("duck", Meaning("duck", "duck", "noun")),
        ("a duck; drake", Meaning("duck", "duck", "noun")),
        ("the moon (in the sky)", Meaning("moon", "moon", "noun")),
        ("to eat", Meaning("to eat", "eat", "verb")),
        # A phrasal verb is its verb: looking, not "forring".
        ("to look for", Meaning("to look for", "look", "verb")),
        ("red", Meaning("red", "red", "adjective")),
        # A bare word that can be an adjective is one, unless it is a thing to picture
        # or comes with an article.
        ("cold", Meaning("cold", "cold", "adjective")),
        ("fast", Meaning("fast", "fast", "adjective")),
        ("a cold", Meaning("cold", "cold", "noun")),
        ("wet", Meaning("wet", "wet", "adjective")),
        ("kitchen table", Meaning("kitchen table", "table", "noun")),
        ("", None),
        ("a large building where a king or queen lives with the court", None),
    ],
)
def test_the_meaning_of_a_translation(definition: str, expected: Meaning | None) -> None:
    assert translation.meaning_of(definition) == expected


def test_a_duck_sits_in_a_pot() -> None:
    """The textbook example: pato, duck, keyword "Pot". The generic pairing puts the
    duck in the pot; the meaning's own frame has the pot meet a duck as ducks behave."""
    found = translation.pairing("pato", "duck", "Pot", ["pot"])
    assert found is not None and found.relation == "in" and found.composition == "pair-holds"
    scene = translation.compose("pato", "duck", "Pot", ["pot"])
    assert scene.startswith(('A mother duck leads a "Pot" across the pond', 'A "Pot" bobs'))
    assert scenes.validate(scene, "Pot", "duck") is None


@pytest.mark.parametrize(("term", "definition", "keyword"), DECK)
def test_every_scene_is_plain_short_and_names_both_things(
    term: str, definition: str, keyword: str
) -> None:
    scene = translation.compose(term, definition, keyword, keyword.split(), 0, "es")
    assert scenes.validate(scene, keyword, definition) is None, scene
    assert f'"{keyword}"' in scene and definition in scene
    assert scene.count(". ") == 1 and len(scene) < 160


def test_the_things_are_chosen_by_what_they_are() -> None:
    relations = {p.relation for p in pairs._pairings("animal", "vehicle", "dog", "van")}
    assert {"in", "ride", "chase"} <= relations
    assert "eaten" in {p.relation for p in pairs._pairings("food", "animal", "bread", "cat")}
    sky = {p.relation for p in pairs._pairings("sky", "object", "moon", "clay")}
    assert "sky" in sky and not sky & {"on", "falls", "chase", "in"}
    place = {p.relation for p in pairs._pairings("place", "object", "house", "clay")}
    assert "holds" in place and "on" not in place


def test_no_pairing_or_wording_is_the_decks_one_template() -> None:
    """No relation, naming, opening or closing over 15% of a deck, for any seed."""
    for seed in range(3):
        plans = [translation.draft(t, d, k, k.split(), seed, "es") for t, d, k in DECK]
        counters = [
            Counter(plan.relation for _, plan in plans),
            Counter(plan.naming for _, plan in plans),
            Counter(" ".join(text.split()[:3]) for text, _ in plans),
            Counter(" ".join(text.split()[-3:]) for text, _ in plans),
        ]
        for counter in counters:
            assert max(counter.values()) <= 0.15 * len(DECK), counter.most_common(3)


def test_the_pairing_does_not_change_with_the_seed_but_the_wording_may() -> None:
    texts = {translation.compose("perro", "dog", "Parrot", ["parrot"], seed) for seed in range(8)}
    pairing = translation.pairing("perro", "dog", "Parrot", ["parrot"])
    assert pairing is not None and len(texts) > 1
    frame = translation.frame(translation.Meaning("dog", "dog", "noun"))
    assert frame is not None  # the meaning's own frame lays the picture out
    assert translation.staging("perro", "dog", "Parrot", []) == (frame.composition, ("dog",))
    assert translation.staging("linkor", "battleship", "Lean Corn", []) == (
        translation.pairing("linkor", "battleship", "Lean Corn", []).composition,  # type: ignore[union-attr]
        ("battleship",),
    )


def test_verbs_and_adjectives_are_done_or_worn_by_the_keyword() -> None:
    # A verb with no frame of its own is done plainly.
    juggle = translation.compose("malabarear", "to juggle", "Comb Air", [], 0)
    assert "busy juggling" in juggle or "keeps juggling" in juggle
    red = translation.compose("rojo", "red", "Row Hoe", [], 0)
    assert "red" in red and '"Row Hoe"' in red
    assert translation.staging("rojo", "red", "Row Hoe", []) == ("pair-together", ("red",))


def test_a_long_definition_is_named_not_acted() -> None:
    long = "a large building where a king or queen lives with the court"
    scene = translation.compose("palacio", long, "Palace Yo", [], 0)
    assert scenes.validate(scene, "Palace Yo", long) is None
    assert translation.staging("palacio", long, "Palace Yo", []) == ("row", ())


def test_plural_things_take_plural_verbs() -> None:
    scene = translation.compose("Katze", "cat", "Cots", ["cots"], 0)
    assert "Cots" in scene
    shoes = translation.compose("zapatos", "shoes", "Pot", ["pot"], 0)
    assert "shoes sit" in shoes or "shoes have" in shoes or "shoes" in shoes


# The meaning frames ---------------------------------------------------------------

# One-word and two-word keywords, singular and plural, as the scene names them.
KEYWORDS = ["Pot", "Car Tire", "Cots", "Shy Vines"]


def test_the_frames_table_parses_and_has_the_promised_counts() -> None:
    from mimagery.pictures.layouts import PAIRS

    table = translation.frames()
    counts = Counter(part for _, part in table)
    assert counts["noun"] >= 300 and counts["verb"] >= 80 and counts["adjective"] >= 60, counts
    assert all(entry.composition in PAIRS for entry in table.values())
    assert all(1 <= len(entry.wordings) <= translation.MAX_FRAMES for entry in table.values())


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_every_frame_renders_and_passes_validate(keyword: str) -> None:
    import random

    thing, plural = pairs._keyword_thing("x", keyword, keyword.split(), random.Random(0))
    assert plural == keyword.endswith("s")
    for (word, part), entry in translation.frames().items():
        for wording in entry.wordings:
            action = translation.act(wording, thing, plural)
            assert not set("{}~") & set(action), action
            assert f'"{keyword}"' in action
            if part == "noun":  # the scene names the meaning's thing
                assert word.split()[-1][:4] in action.casefold(), (word, action)
            meaning = f"to {word}" if part == "verb" else word
            scene = f"{pairs._capital(action)}. That is pato: {meaning}."
            assert scenes.validate(scene, keyword, meaning) is None, scene
            assert composer._count_sentences(scene) == 2, scene
            if plural:
                assert " is " not in action.split('"')[-1][:4], action


def test_a_known_meaning_gets_its_frame() -> None:
    bed = translation.frame(translation.meaning_of("a bed; a cot"))  # type: ignore[arg-type]
    assert bed is not None and bed.composition == "pair-held"
    scene, plan = translation.draft("cama", "bed", "Calm Ah", ["calm"], 0, "es")
    assert plan.relation == "frame:bed"
    assert "bed" in scene.split(". ")[0] and '"Calm Ah"' in scene
    assert translation.staging("cama", "bed", "Calm Ah", []) == ("pair-held", ("bed",))
    listen = translation.compose("escuchar", "to listen", "Sku Char", [], 0, "es")
    assert "listen" in listen.split(". ")[0]
    cold = translation.draft("frío", "cold", "Free Oh", [], 0, "es")[1]
    assert cold.relation == "frame:cold"
    # Plurals and other parts of speech find the entry: "shoes" is a shoe, "a cold" cold.
    shoes = translation.frame(translation.meaning_of("shoes"))  # type: ignore[arg-type]
    assert shoes is not None and shoes.word == "shoe"
    # A plural keyword's verbs agree.
    plural = translation.compose("camas", "bed", "Cots", ["cots"], 0, "es")
    assert ' "Cots" lie ' in plural or ' "Cots" bounce ' in plural, plural


def test_an_unknown_meaning_falls_back_to_the_generic_pairings() -> None:
    assert translation.frame(translation.meaning_of("battleship")) is None  # type: ignore[arg-type]
    scene, plan = translation.draft("linkor", "battleship", "Lean Corn", [], 0, "ru")
    assert not plan.relation.startswith("frame:") and plan.relation
    assert scenes.validate(scene, "Lean Corn", "battleship") is None
    found = translation.pairing("linkor", "battleship", "Lean Corn", [])
    assert found is not None and found.relation == plan.relation


# Living and lifeless keyword things -------------------------------------------------


def test_a_wording_marked_for_the_living_is_never_given_to_a_lifeless_thing() -> None:
    table = translation.parse_frames(
        "drink | v | together | @{k} ~drinks a glass of water / a girl drinks out of {k}\n"
    )
    drink = table[("drink", "verb")]
    assert drink.wordings == ("{k} ~drinks a glass of water", "a girl drinks out of {k}")
    # A person or an animal acts (the marked wordings); a lifeless thing is acted on.
    assert drink.for_thing(alive=True) == ("{k} ~drinks a glass of water",)
    assert drink.for_thing(alive=False) == ("a girl drinks out of {k}",)
    plain = translation.parse_frames("cup | n | holds | a cup holds {k} / {k} ~sits in a cup\n")
    assert plain[("cup", "noun")].for_thing(alive=True) == plain[("cup", "noun")].wordings
    # An adjective's marked wordings are those a lifeless thing cannot show; a living
    # one may have any of them.
    sharp = translation.parse_frames("sharp | a | together | @{k} ~is sharp / a shark bites {k}\n")
    assert sharp[("sharp", "adjective")].for_thing(alive=True) == (
        "{k} ~is sharp",
        "a shark bites {k}",
    )
    for line in (
        "drink | v | together | @{k} ~drinks / @{k} ~sips",  # nothing for a lifeless thing
        "drink | v | together | {k} ~drinks / a / b / c / d",  # five wordings
        "drink | v | together | {k} ~drinks from {k}",  # {k} twice
        "drink | v | together | {k} ~drinks @ noon",  # a mark inside
    ):
        with pytest.raises(ValueError, match="line 1"):
            translation.parse_frames(line)


def test_every_meaning_has_a_wording_for_a_lifeless_thing_and_uses_it() -> None:
    assert translation.alive("Bear") and translation.alive("Teacher")
    # People whose icon is a thing (scales for an attorney, a crown for a king).
    assert translation.alive("Attorney") and translation.alive("Kings")
    assert not translation.alive("Rope") and not translation.alive("Pit")
    marked = 0
    for (word, part), entry in translation.frames().items():
        meaning = f"to {word}" if part == "verb" else word
        lifeless = entry.for_thing(alive=False)
        assert lifeless, word
        marked += len(entry.wordings) - len(lifeless)
        found = translation.frame(translation.meaning_of(meaning))  # type: ignore[arg-type]
        assert found is not None, word  # "orange" finds the colour, not the fruit
        for keyword in ("Rope", "Pit", "Sole"):
            framed = pairs._framed("x", translation.meaning_of(meaning), keyword)  # type: ignore[arg-type]
            assert framed is not None and framed[1] in found.for_thing(alive=False), word
    assert marked >= 100  # most verbs' own wordings are for the living only


def test_a_lifeless_thing_does_not_do_a_verb_that_has_no_frame() -> None:
    assert translation.frame(translation.meaning_of("to juggle")) is None  # type: ignore[arg-type]
    for seed in range(4):
        rope = translation.compose("jonglieren", "to juggle", "Rope", ["rope"], seed, "de")
        assert "juggling" in rope and not rope.startswith(('A "Rope" is', 'A "Rope" keeps')), rope
        bear = translation.compose("jonglieren", "to juggle", "Bear", ["bear"], seed, "de")
        assert bear.startswith('A "Bear" is busy juggling') or 'A "Bear" keeps' in bear, bear


def test_plural_pronouns_are_subjects_or_objects_as_the_frame_has_them() -> None:
    wording = "{k} ~is so fat {it} ~gets stuck, and a dog drops {it} in {its} bed"
    assert translation.act(wording, '"Cots"', True) == (
        '"Cots" are so fat they get stuck, and a dog drops them in their bed'
    )
    assert translation.act(wording, 'a "Cot"', False) == (
        'a "Cot" is so fat it gets stuck, and a dog drops it in its bed'
    )


@pytest.mark.parametrize("keyword", ["Trousers", "Shorts", "Scissors"])
def test_a_noun_said_only_in_the_plural_is_a_pair(keyword: str) -> None:
    scene = translation.compose("Hund", "dog", keyword, [keyword.lower()], 0, "de")
    assert f'a pair of "{keyword}"' in scene or f'A pair of "{keyword}"' in scene, scene
    assert " they " not in scene and "dozens of" not in scene
