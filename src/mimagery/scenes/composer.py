"""Scenes: a short picture that acts out a term's meaning with its keyword's objects.

``compose(term, definition, keyword, words)`` writes one offline, in pure Python and
well under a millisecond: "Picture "Mayo Sauce" in a busy kitchen: a jar of Mayo
spills all over a pot of Sauce, a reminder that meiosis is a type of cell division
that …". A scene has three parts, each drawn from several templates so that a deck
does not read like one template:

1. *Opening and place*: "Picture / Imagine / Visualize / Envision / Think of / See",
   the keyword in double quotes exactly as given, and one place.
2. *Action*: the keyword's words as things doing something. Parts of speech come
   from the lexicon: adjectives and abstract nouns modify the noun after them
   ("a Gradient Dish"), a verb's -ing form is what its noun keeps doing ("three
   Bats keep Gradually Descending"), plurals get a number, substances a container
   ("a jar of Mayo"), and a term word kept in the keyword is shown as a sign when
   it cannot be drawn.
3. *Tie*: the key idea of the definition (``keyidea.key_idea``), quoted verbatim,
   after "just as …", "a reminder that …", "That is tort: …" and the like.

Choices come from ``random.Random`` seeded with the CRC-32 of the term and the seed,
so a scene is the same on every run and machine (Python's ``hash()`` is salted per
process). ``write_scene`` asks a language model first when one is configured and
falls back to ``compose``; ``validate`` says why a scene is unusable.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mimagery.model import clean
from mimagery.scenes import actors
from mimagery.scenes.keyidea import Idea, analyse, display_name, is_abbreviation, key_idea, plain
from mimagery.scenes.llm import Backend, LLMError

__all__ = ["compose", "key_idea", "validate", "write_scene"]

MIN_CHARS = 60  # compose's own bounds
MAX_CHARS = 400
VALID_MIN_CHARS = 40  # what validate accepts from anyone, a language model included
VALID_MAX_CHARS = 600
MAX_SENTENCES = 4

OPENINGS = ("Picture", "Imagine", "Visualize", "Envision", "Think of", "See")


# Validation ---------------------------------------------------------------------

_URL = re.compile(r"(?:https?|ftp)://|\bwww\.\w", re.IGNORECASE)
_MARKUP = (
    ("](", "a Markdown link"),
    ("**", "Markdown bold"),
    ("`", "backticks"),
    ("#", "a '#' heading mark"),
    ("<", "an angle bracket"),
    (">", "an angle bracket"),
    ("[", "square brackets"),
)
_SENTENCE_END = re.compile(r"[.!?]+['\"’”)]*(?=\s|$)")


def validate(scene: str, keyword: str) -> str | None:
    """Why ``scene`` cannot be used for ``keyword``, or None when it can.

    Args:
        scene: a scene from anywhere (``compose``, a language model, a user).
        keyword: the keyword phrase the scene must mention (case-insensitively).

    Returns:
        A short reason ("too short: 12 characters, at least 40") when the scene does
        not mention the keyword, is under 40 or over 600 characters, carries markup
        (``<``, ``>``, ``**``, ``#``, backticks, ``[``, a link) or a URL, or has more
        than 4 sentences, is a list of lines rather than prose, or does not end a
        sentence (a cut-off reply); else None.
    """
    if sum(1 for line in scene.splitlines() if line.strip()) > 2:
        return "it is a list of lines, not a scene"
    text = " ".join(scene.split())
    wanted = " ".join(keyword.split()).casefold()
    if not text:
        return "the scene is empty"
    if wanted and wanted not in text.casefold():
        return "the scene does not mention the keyword"
    if len(text) < VALID_MIN_CHARS:
        return f"too short: {len(text)} characters, at least {VALID_MIN_CHARS}"
    if len(text) > VALID_MAX_CHARS:
        return f"too long: {len(text)} characters, at most {VALID_MAX_CHARS}"
    if _URL.search(text):
        return "it contains a URL"
    for mark, name in _MARKUP:
        if mark in text:
            return f"it contains markup ({name})"
    sentences = _count_sentences(text)
    if sentences > MAX_SENTENCES:
        return f"too many sentences: {sentences}, at most {MAX_SENTENCES}"
    if text.rstrip("\"'”’)")[-1:] not in (".", "!", "?", "…"):
        return "it does not end a sentence"
    return None


def _count_sentences(text: str) -> int:
    count, start = 0, 0
    for match in _SENTENCE_END.finditer(text):
        words = text[: match.end()].split()
        if words and is_abbreviation(words[-1]):
            continue  # "e.g." ends no sentence
        count, start = count + 1, match.end()
    return count + (1 if text[start:].strip() else 0)


# The high-level call ------------------------------------------------------------


def write_scene(
    term: str,
    definition: str,
    keyword: str,
    words: Sequence[str],
    seed: int = 0,
    backend: Backend | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[str, str]:
    """A scene for one mimage, from the language model when there is one, else offline.

    Args:
        term: the term as written.
        definition: its definition; may be empty.
        keyword: the keyword phrase, named in double quotes in the scene.
        words: the keyword's words (``Keyword.words``), for the offline composer.
        seed: another seed gives another offline scene for the same term.
        backend: a configured language model (``llm.Backend.from_env``), or None.
        warn: called once with a one-line message when the model fails and the
            offline scene is used instead; the key is never part of it.

    Returns:
        ``(scene, source)`` where source is ``"llm"`` or ``"offline"``. Nothing is
        escaped: the caller escapes on output.
    """
    if backend is not None:
        try:
            scene = backend.scene(term, definition, keyword, key_idea(term, definition))
            reason = validate(scene, keyword)
            if reason is None:
                return clean(scene), "llm"
            problem = f"the model's scene was unusable: {reason}"
        except LLMError as error:
            problem = str(error)
        if warn is not None:
            name = " ".join(plain(term).split())[:80]
            warn(f"no scene from the language model for {name}: {problem}; wrote one offline")
    return compose(term, definition, keyword, words, seed), "offline"


# Composing ----------------------------------------------------------------------


def compose(term: str, definition: str, keyword: str, words: Sequence[str], seed: int = 0) -> str:
    """An offline scene: the keyword's words acting out the key idea of the definition.

    Args:
        term: the term as written ("Gradient Descent").
        definition: its definition, in any style; may be empty.
        keyword: the keyword phrase, quoted exactly as given ("Gradient Dish Ant").
        words: the keyword's words (["Gradient", "Dish", "Ant"]); the keyword's own
            spelling of each is used, and an empty list means the keyword split on spaces.
        seed: another seed gives another scene for the same term.

    Returns:
        One to three sentences ending with a period, without markup, that name the
        keyword in double quotes and contain ``key_idea(term, definition)`` verbatim
        (or the term's name when the definition is empty). The same arguments give
        the same scene on every run.
    """
    return _draft(term, definition, keyword, words, seed)[0]


@dataclass(frozen=True, slots=True)
class Plan:
    """Which templates a scene was built from (for tests and the bench)."""

    opening: str
    frame: str
    tie: str
    flourish: bool


def _draft(
    term: str, definition: str, keyword: str, words: Sequence[str], seed: int
) -> tuple[str, Plan]:
    idea = analyse(term, definition)
    name = display_name(term, definition)
    key = zlib.crc32(f"{term}\x00{seed}".encode("utf-8", "surrogatepass"))
    for compact in (False, True):
        rng = random.Random(key)
        text, plan = _write(idea, name, keyword, words, rng, compact)
        if len(text) <= MAX_CHARS:
            break
    return text, plan


def _write(
    idea: Idea, name: str, keyword: str, words: Sequence[str], rng: random.Random, compact: bool
) -> tuple[str, Plan]:
    things = actors.things(name, keyword, words, rng, vivid=not compact)
    place_prep, place = rng.choice(_PLACES)
    opening = rng.choice(OPENINGS)
    finite, participle = actors.actions(things, rng)
    frame_id, frame = rng.choice(_FRAMES)
    first = frame.format(
        open=opening,
        kw=keyword,
        at=f"{place_prep} {place}",
        place=place,
        clause=finite,
        participle=participle,
    )
    ties = [t for t in _TIES if t.fits(idea, frame_id)]
    # Compact: the shortest tie that fits, so that a long idea still leaves room.
    tie = min(ties, key=lambda t: len(t.text)) if compact else rng.choice(ties)
    filled = tie.text.format(clause=idea.clause, name=name, text=idea.text)
    flourish = ""
    if not compact and (rng.random() < 0.3 or len(first) + len(filled) < MIN_CHARS):
        flourish = rng.choice(_FLOURISHES).format(head=things[0].head)
    if tie.joined:
        sentences = [_period(first + filled), flourish]
    else:
        sentences = [_period(first), flourish, _period(_capital(filled))]
    text = " ".join(" ".join(sentences).split())
    return text, Plan(opening, frame_id, tie.id, bool(flourish))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period(sentence: str) -> str:
    # An idea may end in "etc." or a name in "Co.": no second period after it.
    return sentence if sentence.endswith(".") else f"{sentence}."


# Frames: the first sentence. {at} is "in a busy kitchen", {place} "a busy kitchen",
# {clause} a finite clause ("a jar of Mayo spills all over a pot of Sauce"),
# {participle} the same with an -ing verb ("… spilling all over …").
_FRAMES: tuple[tuple[str, str], ...] = (
    ("colon", '{open} "{kw}" {at}: {clause}'),
    ("dash", '{open} "{kw}" – {clause} {at}'),
    ("participle", '{open} "{kw}": {participle} {at}'),
    ("comes-alive", '{open} {place} where "{kw}" comes to life: {clause}'),
    ("show", '{open} the "{kw}" show {at}, where {clause}'),
    ("where", '{open} "{kw}" {at}, where {clause}'),
)
_COLON_FRAMES = frozenset({"colon", "participle", "comes-alive"})


@dataclass(frozen=True, slots=True)
class _Tie:
    """One way to tie the action to the meaning.

    ``needs`` is what the idea must offer: ``"verb"`` (a clause that reads after
    "just as"), ``"clause"`` (any whole clause), ``"nominal"`` (a phrase that reads
    after "tort:"), ``"noun"`` (a noun phrase with an article, for apposition) or
    ``"none"`` (an empty definition). A joined tie continues the first sentence
    after a comma; the others make a sentence of their own.
    """

    id: str
    text: str
    needs: str
    joined: bool = False

    def fits(self, idea: Idea, frame: str) -> bool:
        if idea.kind == "none":
            return self.needs == "none"
        if self.joined and "{name}:" in self.text and frame in _COLON_FRAMES:
            return False  # two colons in one sentence read badly
        if self.needs == "verb":
            return idea.kind == "verb"
        if self.needs == "clause":
            return True
        if self.needs == "nominal":
            return idea.nominal
        if self.needs == "noun":
            return idea.nominal and idea.text.split(" ", 1)[0].casefold() in ("a", "an", "the")
        return False


_TIES: tuple[_Tie, ...] = (
    _Tie("just-as", ", just as {clause}", "verb", joined=True),
    _Tie("the-way", ", the way {clause}", "verb", joined=True),
    _Tie("reminder", ", a reminder that {clause}", "clause", joined=True),
    _Tie("that-is-joined", " – that is {name}: {text}", "nominal", joined=True),
    _Tie("same-way", "In the same way, {clause}", "verb"),
    _Tie("just-like-that", "Just like that, {clause}", "verb"),
    _Tie("that-is-how", "That is how {clause}", "verb"),
    _Tie("remind", "Let it remind you that {clause}", "clause"),
    _Tie("remember", "This is how to remember that {clause}", "clause"),
    _Tie("that-is", "That is {name}: {text}", "nominal"),
    _Tie("whole-scene", "The whole scene spells out {name}: {text}", "nominal"),
    _Tie("stands-for", "It stands for {name}, {text}", "noun"),
    _Tie("empty-call", "Let the scene call up {name} whenever you see it", "none"),
    _Tie("empty-picture", "That is your picture for {name}", "none"),
    _Tie("empty-joined", ", and every time you see it, think of {name}", "none", joined=True),
)

_FLOURISHES = (
    "Everyone nearby stops to stare.",
    "A crowd gathers to watch the {head}.",
    "Confetti rains down on the {head}.",
    "Nobody can take their eyes off the {head}.",
    "Somewhere a trumpet plays a fanfare.",
    "The ground shakes with every move.",
    "A spotlight follows the {head} everywhere.",
    "The smell of fresh toast fills the air.",
)

# "preposition | place", one a line.
_PLACES: tuple[tuple[str, str], ...] = tuple(
    (prep.strip(), place.strip())
    for prep, place in (
        line.split("|")
        for line in """
        in | a busy kitchen
        on | a windy hilltop
        at | a crowded night market
        in | a moonlit library
        on | a packed beach
        inside | a giant snow globe
        on | a stage under a single spotlight
        in | a castle courtyard
        at the bottom of | a swimming pool
        in | a greenhouse full of ferns
        on | the deck of a pirate ship
        in | a school gym
        on | a frozen lake
        in | a circus ring
        at | a busy train station
        on | a rooftop at sunset
        in | a dusty attic
        on | a tiny desert island
        inside | an old lighthouse
        in | a science lab
        on | a rickety rope bridge
        in | a bakery window
        in | an empty cinema
        at | a village fair
        inside | a hot-air balloon
        in | a flower market
        """.strip().splitlines()
    )
)
