"""The concept table: the relation a definition names, and how a keyword acts it out.

``data/concepts.txt`` (written by hand) lists a few hundred relations: the middle
of, far outside, a full cycle, step by step down, split in two, kept in memory, …
Each has trigger lemmas, a scene frame in which the keyword's things perform it,
a gloss of a few plain words, and the picture's composition and props.

``relation(term, definition)`` finds the relation a definition names. The
definition's first two sentences are split into words, each word is reduced to
its lemmas with lemminflect (the same tables the key idea uses), and every
concept whose triggers match scores by how early the word comes, how few
concepts share the trigger, and whether the term's own name also names it
("Gradient Descent" → the descent concept). Why not spaCy: its English models
are not on PyPI except as re-uploads by third parties, which we cannot vouch
for, and a parser adds seconds at start-up for what a lemma lookup does here;
the relation of a glossary definition sits in its content words, not its parse.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from mimagery.scenes.keyidea import display_name, first_sentences

#: The layouts a picture can take (``pictures.cards``).
COMPOSITIONS = frozenset(
    """
    middle inside outside top stack chase circle down up split join link grow shrink turn
    scatter filter shield repeat balance far mirror row swap pick flow burst
    """.split()
)

# Lemmas that name a relation only weakly: they count, but for less.
_WEAK = frozenset(
    """
    more less high low new part all each every set make use data state change turn pass
    step form level line point value one two see get take hold keep bring find show give
    before after over under network general common overall wide measure system final late
    """.split()
)
# A trigger right after one of these is denied ("no competition", "without changing").
_NEGATIONS = frozenset(
    "no not without never non lack lacks absence fail fails failed failing unable cannot".split()
)


@dataclass(frozen=True, slots=True)
class Concept:
    """One relation of the table.

    Attributes:
        id: a short name ("middle").
        triggers: the lemmas that name it.
        composition: the picture's layout, one of ``COMPOSITIONS``.
        props: icon words drawn with the keyword's things, main one first.
        frame: the scene clause with ``{a}``, ``{b}`` and verb marks (see the table).
        gloss: the meaning in a few plain words.
    """

    id: str
    triggers: tuple[str, ...]
    composition: str
    props: tuple[str, ...]
    frame: str
    gloss: str


@dataclass(frozen=True, slots=True)
class Relation:
    """The relation found for a term: which concept, from which word."""

    concept: Concept
    word: str  # the definition's (or name's) word that named it
    in_definition: bool  # False when only the term's name named it
    score: float


def parse(text: str) -> list[Concept]:
    """The concepts of a table in the ``concepts.txt`` format.

    Raises:
        ValueError: for a line without six fields, an unknown composition, a repeated
            id, or a frame without ``{a}``.
    """
    found: list[Concept] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("|")]
        if len(fields) != 6:
            raise ValueError(f"concepts line {number}: {len(fields)} fields, not 6")
        ident, triggers, composition, props, frame, gloss = fields
        if composition not in COMPOSITIONS:
            raise ValueError(f"concepts line {number}: unknown composition {composition!r}")
        if ident in seen:
            raise ValueError(f"concepts line {number}: the id {ident!r} is used twice")
        if "{a}" not in frame:
            raise ValueError(f"concepts line {number}: the frame has no {{a}}")
        seen.add(ident)
        words = tuple(t.strip().casefold() for t in triggers.split(",") if t.strip())
        found.append(Concept(ident, words, composition, tuple(props.split()), frame, gloss))
    return found


@functools.cache
def load() -> tuple[Concept, ...]:
    """The package's concept table (read once)."""
    text = resources.files("mimagery.data").joinpath("concepts.txt").read_text("utf-8")
    return tuple(parse(text))


@functools.cache
def _index() -> dict[str, tuple[tuple[Concept, float], ...]]:
    """Trigger → the concepts it names, each with its weight (rarer triggers weigh more)."""
    by_trigger: dict[str, list[Concept]] = {}
    for concept in load():
        for trigger in concept.triggers:
            by_trigger.setdefault(trigger, []).append(concept)
    index: dict[str, tuple[tuple[Concept, float], ...]] = {}
    for trigger, concepts in by_trigger.items():
        # A trigger several concepts share says less, but only a little less: where a
        # word stands in the definition matters more.
        weight = 1.0 / (1.0 + 0.2 * (len(concepts) - 1)) * (0.4 if trigger in _WEAK else 1.0)
        index[trigger] = tuple((concept, weight) for concept in concepts)
    return index


def by_id(ident: str) -> Concept | None:
    """The concept with this id, or None."""
    return next((c for c in load() if c.id == ident), None)


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@functools.cache
def lemmas(word: str) -> frozenset[str]:
    """The word itself (lower case) and its lemmas for any part of speech."""
    import lemminflect  # type: ignore[import-untyped]

    lowered = word.casefold()
    found = {lowered}
    for forms in lemminflect.getAllLemmas(lowered).values():
        found.update(form.casefold() for form in forms)
    if not found - {lowered} and len(lowered) > 3:
        for forms in lemminflect.getAllLemmasOOV(lowered, "VERB").values():
            found.update(form.casefold() for form in forms)
    return frozenset(found)


def _matches(words: list[str]) -> list[tuple[int, str, Concept, float]]:
    index = _index()
    found: list[tuple[int, str, Concept, float]] = []
    for position, word in enumerate(words):
        before = {w.casefold() for w in words[max(0, position - 2) : position]}
        # A denied word names only a concept that lists it denied ("!generalize": a
        # model that fails to generalize overfits).
        mark = "!" if before & _NEGATIONS else ""
        seen: set[str] = set()
        for found_lemma in lemmas(word):
            lemma = mark + found_lemma
            for concept, weight in index.get(lemma, ()):
                if concept.id not in seen:
                    seen.add(concept.id)
                    found.append((position, word, concept, weight))
    return found


# Asides and examples name no relation of the term's own: "other than a broken contract",
# "such as temperature and water level".
_ASIDE = re.compile(r",\s*(?:other than|apart from|unlike|not)\b[^,;]*,", re.IGNORECASE)
_EXAMPLES = re.compile(
    r",?\s*\b(?:such as|e\.g\.|for example|for instance|including|like)\s[^,;]*", re.IGNORECASE
)
# Names of fields, which say where a term belongs, not what it does.
_FIELDS = re.compile(
    r"\b(?:deep|machine|reinforcement|supervised|unsupervised) learning|\bneural networks?"
    r"|\bcomputer science|\bdata ?sets?\b|\bnatural language processing",
    re.IGNORECASE,
)
# Why it is used is not what it does: "widely used due to its simplicity".
_REASON = re.compile(r"\b(?:due to|because of|thanks to|owing to)\b[^,;]*", re.IGNORECASE)
_GENUS_OPEN = frozenset("is are was were means refers denotes a an the one any".split())
_GENUS_END = frozenset(
    """
    that which who whom whose where when used designed of in for to by with from
    written made on at as whereby if while but and or
    """.split()
)


def _genus(words: list[str]) -> range:
    """Where the class a definition puts the term in ("a type of …") lies in ``words``."""
    start = 0
    for index, word in enumerate(words[:8]):
        if word.casefold() in ("a", "an", "the") and (
            index == 0 or words[index - 1].casefold() in _GENUS_OPEN
        ):
            start = index + 1
            break
    else:
        return range(0)
    end = start
    while end < len(words) and end - start < 5 and words[end].casefold() not in _GENUS_END:
        end += 1
    return range(start, end)


@functools.lru_cache(maxsize=256)
def relation(term: str, definition: str) -> Relation | None:
    """The relation ``definition`` names for ``term``, or None when it names none.

    Args:
        term: the term as written ("Gradient Descent").
        definition: its definition, in any style; may be empty.

    Returns:
        The best-scoring concept: one named in the definition (its first two
        sentences; words of the term's own name do not count there), helped when the
        term's name names it too; else one named only by the term's name
        (``in_definition`` False); None when neither names any.
    """
    name_words = [w.casefold() for w in _WORD.findall(display_name(term, definition))]
    name_lemmas = {lemma for word in name_words for lemma in lemmas(word)}
    scores: dict[str, float] = {}
    words_for: dict[str, str] = {}
    for number, sentence in enumerate(first_sentences(definition, term, 2)):
        sentence = _FIELDS.sub(" ", _EXAMPLES.sub(" ", _ASIDE.sub(",", sentence)))
        sentence = _REASON.sub(" ", sentence)
        words = [w for w in _WORD.findall(sentence) if not lemmas(w) & name_lemmas]
        genus = _genus(words)
        decay = 1.0 if number == 0 else 0.6
        for position, word, concept, weight in _matches(words):
            gain = weight * decay * max(0.25, 1.0 - position / 40)
            if position in genus:
                gain *= 0.5  # "an activation function that …": what it is a kind of
            if gain > scores.get(concept.id, 0.0):
                scores[concept.id], words_for[concept.id] = gain, word
    by_name = {c.id: w for p, w, c, _ in _matches(name_words)}
    for ident in scores:
        if ident in by_name or any(t in name_lemmas for t in _concept(ident).triggers):
            scores[ident] += 1.0
    if scores:
        best = max(scores, key=lambda i: (scores[i], -_order(i)))
        return Relation(_concept(best), words_for[best], True, scores[best])
    if by_name:
        ident = min(by_name, key=_order)
        return Relation(_concept(ident), by_name[ident], False, 0.5)
    return None


@functools.cache
def _positions() -> dict[str, tuple[int, Concept]]:
    return {concept.id: (order, concept) for order, concept in enumerate(load())}


def _concept(ident: str) -> Concept:
    return _positions()[ident][1]


def _order(ident: str) -> int:
    return _positions()[ident][0]
