"""Actors: a keyword's words as things in a scene.

Parts of speech come from the lexicon: adjectives and abstract nouns modify the
noun after them ("a Gradient Dish"), a verb's -ing form is what its noun keeps
doing ("three Bats keep Gradually Descending"), plurals get a number, substances
a container ("a jar of Mayo"). ``composer`` has them act out a concept of
``concepts``; this module only makes the things.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mimagery.keywords import lexicon
from mimagery.keywords.phonetics import INVENTORY, VOWELS
from mimagery.keywords.search import GLUE
from mimagery.text import plain

# Things: the keyword's words as objects and actors --------------------------------


@dataclass
class Thing:
    """One object or actor: "a giant jar of Mayo", "three miniature Bats"."""

    text: str
    head: str  # the word "the" can go before in a flourish: "Mayo", "Bats", "sign"
    plural: bool
    runny: bool = False  # a liquid in a container: it spills
    doing: str = ""  # its own -ing words from the keyword: "Gradually Descending"


_VIVID = (
    "giant",
    "tiny",
    "enormous",
    "glowing",
    "shiny",
    "bright red",
    "golden",
    "wobbly",
    "sparkling",
    "polka-dotted",
    "huge",
    "bright blue",
)
_NUMBERS = ("three", "two", "a dozen", "a few", "dozens of")
_GENERIC_HEADS = ("figure", "statue", "creature")
_SIGNS = ("a huge sign that reads {w}", "a neon sign spelling out {w}", "a banner saying {w}")

# Substances read badly with "a" ("a mayo"): each gets a container ("word:container"),
# and the runny ones spill.
_RUNNY = """
    water:bucket milk:jug juice:glass tea:teapot coffee:mug honey:jar jam:jar jelly:bowl
    custard:bowl yogurt:pot sauce:pot soup:pot gravy:boat mayo:jar mayonnaise:jar
    mustard:jar ketchup:bottle cream:jug oil:can paint:can glue:tube lotion:bottle
    toothpaste:tube wine:glass beer:mug ink:pot lava:river syrup:jug
"""
_SOLID = """
    butter:block cheese:wedge bread:loaf rice:bowl sand:heap mud:puddle snow:pile ice:block
    dough:lump clay:lump wax:lump gold:pile silver:pile gravel:heap salt:shaker
    pepper:shaker sugar:bowl flour:sack cereal:box popcorn:bucket spaghetti:plate
    pasta:plate smoke:cloud steam:cloud hay:bale wool:ball cotton:ball money:stack cash:wad
    soap:bar paper:sheet cement:bag grass:patch luggage:pile furniture:pile chocolate:bar
    pudding:bowl toast:slice
    trousers:pair jeans:pair pants:pair shorts:pair tights:pair leggings:pair
    pyjamas:pair pajamas:pair scissors:pair glasses:pair goggles:pair tongs:pair
    pliers:pair tweezers:pair binoculars:pair headphones:pair earphones:pair
"""  # the last two lines: nouns said only in the plural ("a pair of Trousers")
_MASS: dict[str, tuple[str, bool]] = {
    word: (container, text is _RUNNY)
    for text in (_RUNNY, _SOLID)
    for word, container in (pair.split(":") for pair in text.split())
}


def things(
    name: str, keyword: str, words: Sequence[str], rng: random.Random, vivid: bool
) -> list[Thing]:
    """The keyword's words as things for a scene of the term ``name``, in order.

    Modifiers join the noun after them, a kept term word that cannot be drawn
    becomes a sign, and ``vivid`` allows a colourful adjective on the first thing.
    """
    lex = lexicon.load()
    joined = _joined(keyword, rng)
    if joined is not None:
        return [joined]
    shown = _shown_words(keyword, words)
    term_words = {lexicon.letters(w) for w in re.split(r"[\s/()-]+", name.casefold())}
    entries = [lex.get(lexicon.letters(w)) for w in shown]
    roles = [_role(entry, w) for entry, w in zip(entries, shown, strict=True)]
    things: list[Thing] = []
    modifiers: list[int] = []
    pending = ""  # -ing words (and an adverb before them) not yet given to a thing
    for index, word in enumerate(shown):
        role, entry = roles[index], entries[index]
        following = roles[index + 1] if index + 1 < len(roles) else ""
        if role == "adv" and following == "ing":
            pending = word
        elif role == "ing" and (following != "noun" or pending):
            doing = f"{pending} {word}".strip()
            pending = ""
            if things and not things[-1].doing:
                things[-1].doing = doing
            else:
                things.append(_thing([], "", None, rng, vivid, generic=True))
                things[-1].doing = doing
        elif role in ("adj", "ing", "adv") or (
            role == "noun"
            and following == "noun"
            # "a Flying Butler", not "a Flying and a Butler": an -ing word before a noun
            # says what the noun does, even when it can be a noun itself.
            and (entry is None or entry.concreteness < 4.0 or entry.is_ing)
            and index + 1 < len(shown)
        ):
            modifiers.append(index)
        elif (
            things
            and not modifiers
            and index == len(shown) - 1
            and entry is not None
            and entry.is_adjective
            and entry.concreteness < 3.0
        ):
            # A last word more adjective than thing describes the thing before it:
            # "Photo Sensitive" is a photo that looks sensitive, not two objects.
            looks = "look" if things[-1].plural else "looks"
            things[-1].text = f"{things[-1].text} that {looks} {word}"
        else:
            kept = lexicon.letters(word) in term_words
            abstract = entry is None or entry.concreteness < 3.5
            if kept and abstract and not modifiers:
                things.append(Thing(rng.choice(_SIGNS).format(w=word), "sign", False))
            else:
                mods = [shown[i] for i in modifiers]
                things.append(_thing(mods, word, entry, rng, vivid))
            modifiers = []
    if modifiers or pending or not things:
        mods = [shown[i] for i in modifiers] + ([pending] if pending else [])
        things.append(_thing(mods, "", None, rng, vivid, generic=True))
    return things


# Small words that join a keyword's two things into one ("Boy in a Sea"): the search's
# (``search.GLUE``) but the possessive, longest first.
_JOINING = sorted({text for text, _ in GLUE if text != "'s"}, key=lambda t: (-len(t), t))


def _joined(keyword: str, rng: random.Random) -> Thing | None:
    """A keyword of two things joined by a small word as the one thing it names ("a Boy
    in a Sea", "a Nanny's Deck", "a Herd of Canes"), or None for any other keyword."""
    lex = lexicon.load()
    words = plain(keyword).split()
    if len(words) == 2 and words[0].endswith("'s") and lexicon.letters(words[0][:-2]):
        owner, owned = words[0][:-2], words[1]
        plural = _is_plural(owned, lex.get(lexicon.letters(owned)))
        return Thing(f"{_article(owner)} {owner}'s {owned}", owned, plural)
    for glue in _JOINING:
        small = glue.split()
        if len(words) == len(small) + 2 and [w.casefold() for w in words[1:-1]] == small:
            first = _thing([], words[0], lex.get(lexicon.letters(words[0])), rng, vivid=False)
            first.text = f"{first.text} {glue} {words[-1]}"
            return first
    return None


#: A definition's noun at least this concrete can stand in a scene beside the keyword's
#: one thing ("a Room and a sack of flour are stirred together", for a roux).
PROP_CONCRETENESS = 4.3


def prop(definition: str, avoid: Sequence[str], rng: random.Random) -> Thing | None:
    """The first noun of ``definition`` concrete enough to draw (``PROP_CONCRETENESS``),
    as a thing for a scene, or None; never one of the ``avoid`` words (the term's and
    the keyword's) or a blocked word."""
    lex = lexicon.load()
    avoided = {
        lexicon.letters(word) for text in avoid for word in re.split(r"[\s/()-]+", text.casefold())
    }
    for word in re.findall(r"[A-Za-z]+", plain(definition)):
        key = lexicon.letters(word.casefold())
        entry = lex.get(key)
        if entry is None or key in avoided or entry.lemma in avoided or not entry.is_noun:
            continue
        # "letters" is rated less concrete than "letter": a plural counts as its singular.
        single = lex.get(key[:-1]) if key.endswith("s") else None
        rating = max(entry.concreteness, single.concreteness if single is not None else 0.0)
        if rating < PROP_CONCRETENESS or lexicon.is_blocked(key):
            continue
        # A plural of a noun reads as many ("three letters"), whatever its tags say.
        plural = single is not None and single.is_noun
        return _thing([], key, None if plural else entry, rng, vivid=False)
    return None


def _shown_words(keyword: str, words: Sequence[str]) -> list[str]:
    """The keyword's words as the keyword spells them ("mayo" → "Mayo")."""
    spelt = {lexicon.letters(w): w for w in keyword.split()}

    def shown(candidates: Sequence[str]) -> list[str]:
        # Markup and sentence marks never reach the body, whatever the words were.
        texts = (plain(w).strip(".,;:!?") for w in candidates)
        return [text for text in texts if lexicon.letters(text)]

    return (
        shown([spelt.get(lexicon.letters(w), w) for w in words])
        or shown(keyword.split())
        or ["thing"]
    )


def _role(entry: lexicon.Word | None, word: str) -> str:
    if entry is None:
        # The lexicon has few adverbs: "Gradually" is one by its ending.
        return "adv" if len(word) > 4 and word.casefold().endswith("ly") else "noun"
    if entry.is_ing and not entry.is_noun:
        return "ing"
    if entry.pos & lexicon.ADV and not entry.pos & (lexicon.NOUN | lexicon.ADJ | lexicon.PLURAL):
        return "adv"
    if entry.is_adjective and not entry.is_noun:
        return "adj"
    return "noun"


def _thing(
    modifiers: list[str],
    head: str,
    entry: lexicon.Word | None,
    rng: random.Random,
    vivid: bool,
    generic: bool = False,
) -> Thing:
    if generic:
        head = rng.choice(_GENERIC_HEADS)
    phrase = " ".join([*modifiers, head])
    mass = _MASS.get(head.casefold()) if not generic else None
    # "Shorts" is a pair of them, not "three Shorts".
    plural = not generic and _is_plural(head, entry) and (mass is None or mass[0] != "pair")
    if any(_superlative(m) for m in modifiers):
        return Thing(f"the {phrase}", head, plural)
    adjective = rng.choice(_VIVID) if vivid and not modifiers and rng.random() < 0.5 else ""
    if plural:
        number = rng.choice(_NUMBERS)
        return Thing(" ".join(filter(None, [number, adjective, phrase])), head, True)
    if mass is not None:
        container, runny = mass
        body = " ".join(filter(None, [adjective, container]))
        return Thing(f"{_article(body)} {body} of {phrase}", head, False, runny)
    body = " ".join(filter(None, [adjective, phrase]))
    return Thing(f"{_article(body)} {body}", head, False)


# Plurals without an s, which word lists tag as plain nouns ("a people" is a nation).
_IRREGULAR_PLURALS = frozenset("people children men women teeth feet mice geese oxen".split())


def _is_plural(word: str, entry: lexicon.Word | None) -> bool:
    if word.casefold() in _IRREGULAR_PLURALS:
        return True
    if entry is not None:
        return bool(entry.pos & lexicon.PLURAL) and not entry.pos & lexicon.NOUN
    lowered = word.casefold()
    return lowered.endswith("s") and not lowered.endswith(("ss", "us", "is", "ics"))


def _superlative(word: str) -> bool:
    lowered = word.casefold()
    return len(lowered) > 5 and lowered.endswith("est") and not lowered.endswith("ifest")


_VOWEL_PHONES = frozenset(index for index, symbol in enumerate(INVENTORY) if symbol in VOWELS)
_LETTER_NAMES_WITH_VOWEL = frozenset("AEFHILMNORSX")


def _article(phrase: str) -> str:
    """The article, "a" or "an", by the first sound of ``phrase`` (CMUdict through the lexicon)."""
    word = re.sub(r"[^\w]", "", phrase.split(" ", 1)[0].split("-", 1)[0])
    if not word:
        return "a"
    entry = lexicon.load().get(word)
    if entry is not None and entry.phones:
        return "an" if entry.phones[0] in _VOWEL_PHONES else "a"
    if word.isupper() and len(word) > 1:  # an acronym is spelt out: "an SGD"
        return "an" if word[0] in _LETTER_NAMES_WITH_VOWEL else "a"
    lowered = word.casefold()
    if lowered.startswith(("uni", "use", "usu", "eu", "one", "ur")):
        return "a"
    if lowered.startswith(("hour", "honest", "honou", "heir")):
        return "an"
    return "an" if lowered[0] in "aeiou" else "a"


_PLURAL_VERBS = {"is": "are", "has": "have", "does": "do", "goes": "go", "was": "were"}


def _plural_verb(word: str) -> str:
    """The plural of a third-person singular verb: "stands" → "stand", "carries" → "carry"."""
    if word in _PLURAL_VERBS:
        return _PLURAL_VERBS[word]
    if not word.endswith("s") or word.endswith("ss"):
        return word  # "cannot", or a verb written in the plural already
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes", "oes")):
        return word[:-2]  # "buzzes", but "freezes" and "sneezes" only lose their s
    return word[:-1]


def _quote(text: str, keyword: str) -> str:
    """``text`` with its first mention of ``keyword`` in double quotes, else the keyword
    named before it."""
    match = re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", text, re.IGNORECASE)
    if match is not None:
        return f'{text[: match.start()]}"{keyword}"{text[match.end() :]}'
    return f'"{keyword}": {text}'
