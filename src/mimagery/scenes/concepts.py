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

from mimagery.keywords import lexicon
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
        ambiguous: the triggers written with "?": words with another common sense
            ("fold" of fabric, "light" of a lamp), which name the concept only when
            another of its triggers or the term's name agrees.
        particular: a relation particular to a field (the table's "More relations"
            sections: compost, graft, volcano), whose id is a term's own name.
    """

    id: str
    triggers: tuple[str, ...]
    composition: str
    props: tuple[str, ...]
    frame: str
    gloss: str
    ambiguous: frozenset[str] = frozenset()
    particular: bool = False


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
    particular = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("# More relations"):
            particular = True
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
        written = [t.strip().casefold() for t in triggers.split(",") if t.strip()]
        words = tuple(t.rstrip("?") for t in written)
        ambiguous = frozenset(t.rstrip("?") for t in written if t.endswith("?"))
        found.append(
            Concept(
                ident, words, composition, tuple(props.split()), frame, gloss, ambiguous, particular
            )
        )
    return found


@functools.cache
def load() -> tuple[Concept, ...]:
    """The package's concept table (read once)."""
    text = resources.files("mimagery.data").joinpath("concepts.txt").read_text("utf-8")
    return tuple(parse(text))


@functools.cache
def _index() -> dict[str, tuple[tuple[Concept, float], ...]]:
    """Trigger → the concepts it names, each with its weight (rarer triggers weigh more).

    A phrase trigger ("leave+out") is keyed by its lemmas joined with "+"."""
    by_trigger: dict[str, list[Concept]] = {}
    for concept in load():
        for trigger in concept.triggers:
            by_trigger.setdefault(trigger, []).append(concept)
    index: dict[str, tuple[tuple[Concept, float], ...]] = {}
    for trigger, concepts in by_trigger.items():
        # A trigger several concepts share says less, but only a little less: where a
        # word stands in the definition matters more.
        weight = 1.0 / (1.0 + 0.2 * (len(concepts) - 1)) * (0.4 if trigger in _WEAK else 1.0)
        # Among the concepts sharing it, the one named after the word is meant first:
        # "pressure" is the pressure concept before it is a push or a force.
        index[trigger] = tuple(
            (concept, weight * (OWN_WORD if concept.id == trigger and len(concepts) > 1 else 1.0))
            for concept in concepts
        )
    return index


@functools.cache
def _phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First lemma → the phrase triggers starting with it, as lemma tuples, longest first
    ("leave" → ("leave", "out"))."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for trigger in _index():
        if "+" in trigger:
            parts = tuple(trigger.lstrip("!").split("+"))
            found.setdefault(parts[0], []).append(parts)
    return {first: tuple(sorted(set(p), key=len, reverse=True)) for first, p in found.items()}


def _phrase_at(words: list[str], position: int) -> tuple[str, ...] | None:
    """The phrase trigger the words starting at ``position`` say ("leaving out" →
    ("leave", "out")), or None."""
    table = _phrases()
    for first in {words[position].casefold()} | lemmas(words[position]):
        for parts in table.get(first, ()):
            after = words[position + 1 : position + len(parts)]
            if len(after) == len(parts) - 1 and all(
                part == word.casefold() or part in lemmas(word)
                for part, word in zip(parts[1:], after, strict=True)
            ):
                return parts
    return None


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


def _matches(words: list[str]) -> list[tuple[int, str, Concept, float, str]]:
    """Each (position, word, concept, weight, trigger) the words name."""
    index = _index()
    found: list[tuple[int, str, Concept, float, str]] = []
    covered = 0  # words up to here belong to a phrase already matched
    for position, word in enumerate(words):
        before = {w.casefold() for w in words[max(0, position - 2) : position]}
        # A denied word names only a concept that lists it denied ("!generalize": a
        # model that fails to generalize overfits).
        mark = "!" if before & _NEGATIONS else ""
        # A phrase says what its words alone do not: "leaving out" is omitting, not
        # departing; "move together" is correlating, not travelling.
        phrase = _phrase_at(words, position) if position >= covered else None
        if phrase is not None:
            trigger = "+".join(phrase)
            covered = position + len(phrase)
            said = " ".join(words[position:covered])
            for concept, weight in index.get(mark + trigger, ()):
                found.append((position, said, concept, weight * PHRASE, trigger))
            continue
        if position < covered:
            continue
        # What is not a thing does not fall or climb: it gets smaller or larger ("economic
        # activity falls", "prices rise").
        amount = _amount_change(words, position)
        if amount is not None:
            found.append((position, word, _concept(amount), 1.0, amount))
            continue
        seen: set[str] = set()
        # The word as written names its concepts before its lemmas do: "lasting" is a
        # duration, not the "last" in a queue.
        exact = mark + word.casefold()
        forms = {word.casefold()} if exact in index else lemmas(word)
        for found_lemma in forms:
            lemma = mark + found_lemma
            for concept, weight in index.get(lemma, ()):
                if concept.id not in seen:
                    seen.add(concept.id)
                    found.append((position, word, concept, weight, found_lemma))
    return found


# Motion verbs that say a change of amount when what moves is not a thing.
_AMOUNT_CHANGES = {
    "fall": "decrease", "drop": "decrease", "plunge": "decrease", "plummet": "decrease",
    "sink": "decrease", "slide": "decrease", "rise": "increase", "climb": "increase",
    "soar": "increase", "jump": "increase",
}  # fmt: skip
#: A subject less concrete than this (Brysbaert, 1-5) is an amount, not a thing that moves.
AMOUNT_CONCRETENESS = 4.0


def _amount_change(words: list[str], position: int) -> str | None:
    """ "decrease" or "increase" when the word at ``position`` is a motion verb whose
    subject, the word before it, is an amount rather than a thing ("activity falls",
    "prices rise"; not "the rock falls"), else None."""
    if position == 0:
        return None
    word = words[position]
    changes = {_AMOUNT_CHANGES[lemma] for lemma in lemmas(word) if lemma in _AMOUNT_CHANGES}
    if len(changes) != 1 or "VERB" not in _kinds(word):
        return None
    subject = lexicon.load().get(lexicon.letters(words[position - 1].casefold()))
    if subject is None or not subject.is_noun or subject.concreteness >= AMOUNT_CONCRETENESS:
        return None
    return changes.pop()


# Asides and examples name no relation of the term's own: "other than a broken contract",
# "such as temperature and water level".
_ASIDE = re.compile(
    r",\s*(?:other than|apart from|unlike|not|usually|often|typically|generally|sometimes"
    r"|also called|also known as|known as)\b[^,;]*,",
    re.IGNORECASE,
)
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
# An abbreviation's spelling-out says what its letters stand for, not what it does:
# "Stands for sea surface temperature, the temperature of …" → "the temperature of …".
_STANDS_FOR = re.compile(r"^\W*(?:it\s+)?(?:stands|is short)\s+for\s+[^,;:]*[,;:]?", re.IGNORECASE)
_GENUS_OPEN = frozenset("is are was were means refers denotes a an the one any".split())
_GENUS_END = frozenset(
    """
    that which who whom whose where when used designed of in for to by with from
    written made on at as whereby if while but and or so until because than between across
    over under into through toward towards against along around about per within without
    during after before like a an
    """.split()
)
# Class nouns that say what kind of thing a term is, not what it does: after "a protein",
# "an organism", "a measure of", the relation is in what follows ("that speeds up …").
_GENERIC = frozenset(
    """
    substance protein organism animal creature person someone something thing process method
    procedure way technique measure measurement number value word term form type kind sort
    state condition area region period situation mark device structure list function program
    drug band body preparation molecule material element compound system tool feeling one
    series set variety example case instance act action quality property tendency ability
    power time amount degree extent result chart bar money place part piece unit
    name phrase expression field branch study science quantity style manner mass range
    solid liquid gas fluid force rate market point wrong offence offense ground land soil
    matter letter art craft practice document step stage
    """.split()
)
# Verbs that carry no relation of their own: "a word formed from …", "money paid so …".
_GENERIC_VERBS = frozenset(
    """
    be have make do get use form give take become call know allow let seem involve live
    exist occur happen tell say show mean describe refer keep add may can could might must should
    will would
    """.split()
)
# Words opening a subordinate clause or an afterthought: what follows says less.
_SUBORDINATE = frozenset(
    """
    when while whereas because although though if unless until so as since after before
    despite without whether once
    """.split()
)
_RELATIVES = frozenset("that which who whose where whereby".split())
_COPULAS = frozenset("be become remain stay".split())
# An -ing word right after these (or first) is a verb: "the art of clipping", "by cutting".
_VERB_BEFORE = frozenset("of by in for from with without".split())
# After these a word that is a noun or a verb is the noun: "an object's orbit", "of plant".
_ARTICLES = frozenset("a an the its their his her our your this these those s".split())
_DETERMINERS = _ARTICLES | frozenset("of in on at for with from by".split())
_PARTICLES = frozenset("down up away out off back on in over".split())
HEAD, MODIFIER, FOLLOWING, LATER, NAME, CLASS = 3.0, 1.5, 2.5, 1.0, 2.25, 0.3
COMPLEMENT = 1.2  # the words right after that verb: "lies far away"
MIN_SCORE = 1.0
OWN_WORD = 1.4  # a shared trigger for the concept named after it
PHRASE = 1.5  # a phrase trigger says more than one word
OWN = HEAD + NAME  # a one-word term that is a concept's own name


def _kinds(word: str) -> frozenset[str]:
    import lemminflect  # type: ignore[import-untyped]

    return frozenset(lemminflect.getAllLemmas(word.casefold()).keys())


def _verb_form(word: str) -> bool:
    kinds = _kinds(word)
    only_verb = "NOUN" not in kinds and "ADJ" not in kinds
    return "VERB" in kinds and (only_verb or word.endswith("ing"))


def _is_generic(word: str) -> bool:
    return bool(lemmas(word) & _GENERIC)


def _roles(words: list[str]) -> list[float]:
    """How much each word of a sentence speaks for its key idea.

    The head (the genus noun after "a"/"the", or the verb a fragment opens with) weighs
    most, its modifiers next; after a class noun ("a protein", "an area of") the verb of
    the clause that follows ("that speeds up") or the noun of its "of" phrase takes the
    head's place; words later in the sentence count for less, and words of a subordinate
    clause ("when …", "because …") for less still.
    """
    folded = [w.casefold() for w in words]
    weights = [LATER * max(0.3, 1.0 - i / 30) for i in range(len(words))]
    start = 0
    while start < len(words) and folded[start] in _GENUS_OPEN | {"to", "when", "where"}:
        start += 1
    if start >= len(words):
        return weights
    # Subordinate clauses after the opening say less.
    sub = False
    for index in range(start + 1, len(words)):
        sub = sub or folded[index] in _SUBORDINATE
        if sub:
            weights[index] *= 0.5
    first_kinds = _kinds(folded[start])
    verbal = folded[start].endswith("ing") and "VERB" in first_kinds
    opening = start == 0 or folded[start - 1] in ("to", "when", "where")
    if (opening and (verbal or first_kinds == {"VERB"})) or (
        start > 0 and folded[start - 1] == "to"
    ):
        # A fragment opening with its verb: "Refusing to accept …", "To soak food …".
        if not lemmas(folded[start]) & _GENERIC_VERBS:
            weights[start] = HEAD
            return weights
        return _follow(folded, start + 1, weights)
    end = start
    while end < len(words) and folded[end] not in _GENUS_END and end - start < 5:
        if end > start and _verb_form(folded[end]) and "NOUN" in _kinds(folded[end - 1]):
            break  # "a mark telling the player …": the noun phrase ends at the participle
        end += 1
    head = end - 1
    while head > start and folded[head] in _PARTICLES:
        head -= 1  # "the slow wearing away": the head is "wearing"
    for index in range(start, head):
        weights[index] = max(weights[index], MODIFIER)
    if head >= start and not _is_generic(folded[head]):
        weights[head] = HEAD
        return weights
    if head >= start:
        weights[head] = CLASS  # "a substance": what kind of thing, not what it does
    return _follow(folded, end, weights)


def _follow(folded: list[str], index: int, weights: list[float]) -> list[float]:
    """After a class noun or an empty verb: the first verb that says something weighs as
    the head would, a noun or adjective met on the way as a modifier."""
    modifier = relative = copula = False
    while index < len(folded):
        word = folded[index]
        index += 1
        if word in _SUBORDINATE:
            break
        relative = relative or word in _RELATIVES
        # In a relative clause, what the thing is there says what it is: "the point at
        # which it is farthest from Earth".
        copula = copula or (relative and bool(lemmas(word) & _COPULAS))
        kinds = _kinds(word)
        if copula and "ADJ" in kinds and word not in _GENUS_OPEN:
            weights[index - 1] = FOLLOWING
            break
        if not kinds or kinds <= {"ADV"} or word in _GENUS_OPEN:
            continue
        if _is_generic(word) or lemmas(word) & _GENERIC_VERBS:
            continue
        before = folded[index - 2] if index > 1 else ""
        # After a preposition an -ing word is the verb ("the art of clipping shrubs").
        gerund = word.endswith("ing") and before not in _ARTICLES
        after_determiner = before in _DETERMINERS and not gerund
        if "VERB" in kinds and not (after_determiner and kinds & {"NOUN", "ADJ"} == {"NOUN"}):
            weights[index - 1] = FOLLOWING
            # The verb's complement tells how: "that lies far away", "that stays frozen".
            for after in range(index, min(index + 3, len(folded))):
                if folded[after] in _SUBORDINATE or folded[after] in _RELATIVES:
                    break
                weights[after] = max(weights[after], COMPLEMENT)
            break
        if not modifier:
            weights[index - 1] = max(weights[index - 1], MODIFIER)
            modifier = True
    return weights


@functools.lru_cache(maxsize=256)
def relation(term: str, definition: str) -> Relation | None:
    """The relation ``definition`` names for ``term``, or None when it names none.

    Args:
        term: the term as written ("Gradient Descent").
        definition: its definition, in any style; may be empty.

    Returns:
        The best-scoring concept: one named in the definition (its first two
        sentences; words of the term's own name do not count there), helped when the
        term's name names it too; a one-word term named after a field's relation
        ("Compost", "Volcano") is that concept, whatever words describe it; else one
        named only by the term's name (``in_definition`` False for both); None when
        neither names any.
    """
    name_words = [w.casefold() for w in _WORD.findall(display_name(term, definition))]
    name_lemmas = {lemma for word in name_words for lemma in lemmas(word)}
    scores: dict[str, float] = {}
    words_for: dict[str, str] = {}
    # The triggers each concept was named by; one ambiguous word alone is not enough.
    named_by: dict[str, set[str]] = {}
    for number, sentence in enumerate(first_sentences(definition, term, 2)):
        sentence = _FIELDS.sub(" ", _EXAMPLES.sub(" ", _ASIDE.sub(",", sentence)))
        sentence = _REASON.sub(" ", _STANDS_FOR.sub(" ", sentence))
        words = [w for w in _WORD.findall(sentence) if not lemmas(w) & name_lemmas]
        roles = _roles(words)
        decay = 1.0 if number == 0 else 0.4
        for position, word, concept, weight, trigger in _matches(words):
            # An ambiguous word that is the head as a verb ("the art of clipping
            # shrubs") has its verb's sense: it names the concept alone.
            before = words[position - 1].casefold() if position else ""
            acting = (
                roles[position] >= FOLLOWING
                and word.casefold().endswith("ing")
                and (not before or before in _VERB_BEFORE)
            )
            said = trigger if trigger not in concept.ambiguous or not acting else "!" + trigger
            named_by.setdefault(concept.id, set()).add(said)
            if roles[position] >= FOLLOWING and weight < 0.4:
                weight *= 2.5  # a weak word as the head is the key idea: "one complete pass"
            gain = weight * decay * roles[position]
            if gain > scores.get(concept.id, 0.0):
                scores[concept.id], words_for[concept.id] = gain, word
    by_name = {c.id: w for _, w, c, _, t in _matches(name_words) if t not in c.ambiguous}
    for ident in list(scores):
        if ident in by_name or any(t in name_lemmas for t in _concept(ident).triggers):
            scores[ident] += NAME  # the definition and the term's own name agree
        elif not _sure(_concept(ident), named_by[ident]):
            del scores[ident]  # "a fold of fabric" is no mountain fold
    if len(name_words) == 1:
        # A one-word term that a field's relation of the table is named after ("Compost",
        # "Volcano") is that concept: the definition's words only describe it. A general
        # relation's name has other senses: "Throwing" a pot is no throw, a map's "Legend"
        # no story.
        own = lemmas(name_words[0])
        for ident in by_name:
            if ident in own and _concept(ident).particular:
                scores[ident] = max(scores.get(ident, 0.0), OWN)
                words_for.setdefault(ident, by_name[ident])
    best = max(scores, key=lambda i: (scores[i], -_order(i)), default="")
    # A relation named only by a word far from the head, with no help from the term's
    # name, is more often a bystander than the key idea: an honest scene beats a wrong one.
    if best and scores[best] >= MIN_SCORE:
        return Relation(_concept(best), words_for[best], best in named_by, scores[best])
    if by_name:
        ident = min(by_name, key=_order)
        return Relation(_concept(ident), by_name[ident], False, 0.5)
    return None


def _sure(concept: Concept, triggers: set[str]) -> bool:
    """True when ``triggers`` name ``concept`` beyond doubt: one of them is not
    ambiguous, or two different ones agree."""
    return bool(triggers - concept.ambiguous) or len(triggers) >= 2


@functools.cache
def _positions() -> dict[str, tuple[int, Concept]]:
    return {concept.id: (order, concept) for order, concept in enumerate(load())}


def _concept(ident: str) -> Concept:
    return _positions()[ident][1]


def _order(ident: str) -> int:
    return _positions()[ident][0]
