"""Scenes for a word of another language: the keyword's thing and the meaning's thing
doing something together ("pato", duck, keyword "Pot": a duck sitting in a pot).

A deck of another language has short definitions, a translation ("duck", "to eat",
"red"); there is no relation to act out, as ``concepts`` finds in a glossary, but two
things to bring together, which is how the keyword method was taught (Atkinson and
Raugh, 1975). ``pairing`` chooses what the two do by what they are (``icons.kind``: an
animal can chase or ride, a pot can hold something, food can be eaten, the sun shines
on things) and by a few hand-written lists (containers, seats); the choice depends on
the term and keyword only, so that a card drawn again shows the same thing. ``compose``
writes one or two plain sentences: the two things acting, and the meaning named in a
few words (worded sixteen ways, spread evenly over a deck). A verb's meaning is done by the
keyword's thing ("a Pot, busy eating"), an adjective's is worn by it.

The meanings learners meet most have their own frames, hand-written in
``data/meaning_frames.txt`` (``frame``): the two things meet the way the meaning's thing
is really used or behaves (a "Pot" tucked up in a bed, a snake slithering through deep
snow), a verb is done in a telling way and an adjective shown; the generic pairings are
for every other meaning.

The picture (``staging``) lays the two icons out by the frame or pairing: one in, on,
under, behind, chasing, tied to or next to the other (``pictures.layouts.PAIRS``).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mimagery import languages
from mimagery.scenes.composer import VALID_MIN_CHARS, from_model
from mimagery.scenes.llm import Backend
from mimagery.scenes.pairs import (
    MAX_FRAMES,
    MEANING_WORDS,
    Frame,
    Meaning,
    Pairing,
    _action,
    _capital,
    _keyword_thing,
    act,
    alive,
    frame,
    frames,
    meaning_of,
    pairing,
    parse_frames,
    staging,
    thing_scene,
)
from mimagery.text import plain

__all__ = [
    "MAX_FRAMES",
    "MEANING_WORDS",
    "Frame",
    "Meaning",
    "Pairing",
    "Plan",
    "act",
    "alive",
    "compose",
    "draft",
    "frame",
    "frames",
    "meaning_of",
    "pairing",
    "parse_frames",
    "staging",
    "thing_scene",
    "write",
]


# Naming the meaning after the action: (id, pattern); sixteen ways, so that none reads as
# the deck's one template.
_NAMINGS: tuple[tuple[str, str], ...] = (
    ("means", "{Term} means {meaning}."),
    ("that-is", "That is {term}: {meaning}."),
    ("colon", "{Term}: {meaning}."),
    ("in-language", "In {language}, {meaning} is {term}."),
    ("so", "So {term} is {meaning}."),
    ("word-for", "{Term} is the word for {meaning}."),
    ("think", "Think of {meaning}, and say {term}."),
    ("say", "Say {term} for {meaning}."),
    ("remember", "Remember: {meaning}, {term}."),
    ("call", "Call it {term}: {meaning}."),
    ("stands-for", "{Term} stands for {meaning}."),
    ("hear", "Hear {term}, see {meaning}."),
    ("picture", "Picture this for {term}: {meaning}."),
    ("sounds", "{Term} sounds like the keyword and means {meaning}."),
    ("named", "The {language} name for {meaning} is {term}."),
    ("back", "Back to the word: {term} is {meaning}."),
)


def compose(
    term: str,
    definition: str,
    keyword: str,
    words: Sequence[str],
    seed: int = 0,
    language: str = languages.DEFAULT,
) -> str:
    """A scene for a word of ``language`` whose definition is a translation.

    Args:
        term: the word ("pato").
        definition: its translation ("duck"); a longer definition is named, not acted.
        keyword: the keyword phrase, quoted in the scene ("Pot").
        words: the keyword's words (``Keyword.words``); empty: the keyword's words.
        seed: another seed gives another wording (the pairing stays).
        language: the term's language, named in some wordings.

    Returns:
        Two plain sentences that name the keyword in double quotes and the meaning in
        its own few words; the same for the same arguments.
    """
    return draft(term, definition, keyword, words, seed, language)[0]


@dataclass(frozen=True, slots=True)
class Plan:
    """What a scene was made of, for tests and the bench: the pairing's relation ("in",
    "chase", …; "does" for a verb, "is" for an adjective, "" without a short meaning) and
    the wording that names the meaning."""

    relation: str
    naming: str


def draft(
    term: str,
    definition: str,
    keyword: str,
    words: Sequence[str],
    seed: int = 0,
    language: str = languages.DEFAULT,
) -> tuple[str, Plan]:
    """:func:`compose`'s scene with what it was made of."""
    rng = random.Random(zlib.crc32(f"{term}\x00{seed}".encode("utf-8", "surrogatepass")))
    name = " ".join(plain(term).split())[:80] or "the word"
    meaning = meaning_of(definition)
    thing, plural_k = _keyword_thing(name, keyword, words, rng)
    if meaning is None:
        short = " ".join(plain(definition).split()[:6]).rstrip(",;:")
        close = f", which means {short}" if short else ""
        return _fit(f"{_capital(thing)} stands alone for {name}{close}."), Plan("", "")
    action, relation = _action(term, definition, meaning, keyword, words, thing, plural_k, rng)
    # The naming has its own hash: a fresh generator's first draw spreads a deck unevenly.
    first = zlib.crc32(f"{name}\x00{keyword}\x00{seed}".encode("utf-8", "surrogatepass"))
    for step in range(len(_NAMINGS)):
        # A short action takes the next wording long enough to make a scene.
        naming_id, naming = _NAMINGS[(first + step) % len(_NAMINGS)]
        said = naming.format(
            term=name,
            Term=_capital(name),
            meaning=meaning.text,
            language=languages.get(language).name,
        )
        text = _fit(f"{_capital(action)}. {_capital(said)}")
        if len(text) >= VALID_MIN_CHARS:
            break
    return text, Plan(relation, naming_id)


def write(
    term: str,
    definition: str,
    keyword: str,
    words: Sequence[str],
    seed: int = 0,
    language: str = languages.DEFAULT,
    backend: Backend | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[str, str]:
    """A translation's scene from the language model when there is one (asked to show
    the pairing), else :func:`compose`; ``(scene, "llm" | "offline")``."""
    offline = compose(term, definition, keyword, words, seed, language)
    if backend is None:
        return offline, "offline"
    hint = offline.rsplit(". ", 1)[0].replace('"', "")
    scene = from_model(backend, term, definition, keyword, hint, warn)
    return (scene, "llm") if scene is not None else (offline, "offline")


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."
