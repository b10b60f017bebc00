"""The keyword's things doing what the definition says the term does: ``enact``.

A glossary definition mostly names a kind of thing and then what sets the term apart:
"an icicle-shaped mineral deposit | hanging from the roof of a cave", "a cooked mixture
of flour and fat | used to thicken sauces", "to cut | vegetables into thin strips", "the
process by which | a cell divides in two". People who write mimages put the keyword's
picture in the term's place and let it do just that ("a beanstalk clings to the roof of a
cave and grows downward into a stone icicle"). ``enact`` does the same with the
definition's own words, offline:

1. *The kind.* The idea (``keyidea.analyse``) loses its determiner; the words up to the
   first relative word, participle or preposition are the kind ("mineral deposit"), its
   adjectives ("icicle-shaped") go to the keyword's thing; a kind that is a quantity of
   something ("pieces of rock, sand and mud") keeps its "of" part.
2. *What it does.* What follows becomes a verb phrase with the keyword's things as its
   subject: a relative clause ("that settle to the bottom" → "settles to the bottom"), a
   participle ("hanging from" → "hangs from"; "used to" → "is used to"), a place ("beneath
   the surface" → "lies beneath the surface"), "to" + verb, a process "by which" something
   happens (the keyword takes that something's place), or a verb the definition opens with.
   Verbs are put in the number of the keyword's things (``lemminflect``).
3. *Short.* The verb phrase ends at the first clause boundary (a comma, "so that",
   "until", an example) and after at most ``MAX_REST`` words, never on a weak word.

When the definition has none of these shapes (a bare synonym, a name, an abstract "the
ability to …"), ``enact`` returns None and the composer acts out a relation instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from mimagery.keywords import lexicon
from mimagery.scenes import actors
from mimagery.scenes.keyidea import Idea

#: A kind is put somewhere ("rock beneath the surface") only when it is this concrete.
PLACED_CONCRETENESS = 4.0
#: The verb phrase keeps at most this many of the definition's words after its verb.
MAX_REST = 6

_DETERMINERS = ("one of the", "one of", "any of the", "a", "an", "the", "any", "some", "each")
_RELATIVES = frozenset({"that", "which", "who"})
_PROCESS = re.compile(
    r"^(?:the\s+)?(?:process|way|method|means|act|technique|procedure)\s+"
    r"(?:by|in|through|with)\s+which\s+(.+)$"
)
# Prepositions after which the keyword's thing is placed: "lies beneath the surface".
_PLACES = {
    "beneath": "lie", "below": "lie", "under": "lie", "underneath": "lie",
    "above": "float", "over": "hang", "on": "sit", "upon": "sit", "in": "sit",
    "inside": "sit", "within": "sit", "between": "sit", "among": "stand",
    "at": "stand", "near": "stand", "around": "wrap", "along": "run",
    "across": "stretch", "behind": "hide", "outside": "stand", "from": "come",
    "into": "go", "through": "run", "against": "press", "with": "come",
}  # fmt: skip
# A kind that is itself a movement does it: "one complete pass over the data" → "passes
# over the data".
_MOVES = frozenset(
    """
    pass step turn jump move shift drop fall rise flow cut split leap swing push pull climb
    cycle loop run walk trip journey slide spin roll sweep dive
    """.split()
)
_PREPOSITIONS = frozenset(_PLACES) | {"of", "for", "to", "by", "about", "as", "like", "per"}
# A kind that is an amount of something keeps its "of" part: "pieces of rock".
_QUANTITIES = frozenset(
    """
    piece pieces slab slabs mixture mix blend group groups layer layers sheet sheets strip
    strips lump lumps chunk chunks bit bits mass stream pile heap collection bundle cluster
    """.split()
)
# Boundaries that end the verb phrase (the words before them stand alone).
_STOPS = frozenset(
    """
    so until because while whereas although though such including especially e.g. i.e.
    which that where when whereby thereby thus allowing making causing resulting without
    unlike usually typically often but or and
    """.split()
)
_WEAK_END = frozenset(
    """
    a an the of to and or but with by for in on at as from into onto that which who its due
    their his her this these those is are was were be been very so it than each every
    something anything
    """.split()
)
# Words a phrase may end on besides a noun: "rise", "move apart".
_ENDINGS = frozenset(
    "together apart away down up out again faster slower back forward upward downward".split()
)
_NOT_ADJECTIVES = frozenset("off on up out down over in back only such own other".split())
_NOT_IN_KIND = frozenset("how what why when whether where a an the this that".split())
_GENERIC_VERBS = frozenset(
    "be do mean refer describe involve occur happen denote represent include concern".split()
)


def enact(idea: Idea, things: Sequence[actors.Thing]) -> str | None:
    """The keyword's ``things`` doing what ``idea`` says the term does, as one clause
    without a final period ("an icicle-shaped Steel Factory hangs from the roof of a
    cave"), or None when the idea has no shape to act out."""
    if not things or idea.kind == "none" or any(thing.head == "sign" for thing in things):
        return None  # a sign reading a term word does nothing
    plural = len(things) > 1 or things[0].plural
    words = idea.text.split()
    if idea.kind == "verb":
        if (
            len(words) > 3
            and words[1].casefold() in ("when", "if")
            and _lemma(words[0].casefold()) in _GENERIC_VERBS
        ):
            # "occurs when a model learns the noise": the keyword takes the model's place.
            clause = words[2:]
            verb = _first_verb(clause)
            if not verb:
                return None
            predicate = _verb_phrase(clause[verb:], plural)
        else:
            predicate = _verb_phrase(words, plural)
        return _joined(_subject(things, []), predicate) if predicate else None
    lowered = [w.casefold() for w in words]
    if lowered[:1] == ["to"] and len(words) > 2:
        predicate = _verb_phrase(words[1:], plural)
        return _joined(_subject(things, []), predicate) if predicate else None
    start = _after_determiner(lowered)
    # "a substance such as yeast that makes dough rise": the example goes.
    example = next(
        (i for i in range(start, len(lowered) - 1) if lowered[i : i + 2] == ["such", "as"]), None
    )
    if example is not None:
        stop = next(
            (i for i in range(example, len(lowered)) if lowered[i] in _RELATIVES), len(words)
        )
        words, lowered = words[:example] + words[stop:], lowered[:example] + lowered[stop:]
        if words and words[example - 1].endswith(","):
            words[example - 1] = words[example - 1].rstrip(",")
    process = _PROCESS.match(" ".join(lowered[start:]))
    if process is not None:
        clause = words[len(words) - len(process.group(1).split()) :]
        verb = _first_verb(clause)
        if verb is None or verb == 0:
            return None
        predicate = _verb_phrase(clause[verb:], plural)
        return _joined(_subject(things, []), predicate) if predicate else None
    return _kind_and_rest(words, lowered, start, things, plural)


def _kind_and_rest(
    words: list[str],
    lowered: list[str],
    start: int,
    things: Sequence[actors.Thing],
    plural: bool,
) -> str | None:
    end = start
    while end < len(words) and not _breaks(
        lowered[end], end > start, lowered[end + 1].strip(",") if end + 1 < len(words) else ""
    ):
        if words[end].endswith(","):
            end += 1
            break
        end += 1
    kind = [w.strip(",") for w in words[start:end]]
    if not kind or {w.casefold() for w in kind} & _NOT_IN_KIND:
        return None  # "how much the quantity …" is no kind of thing
    if end < len(words) and lowered[end] == "of" and lowered[end - 1].strip(",") in _QUANTITIES:
        # "pieces of rock, sand and mud that …": the thing is made of what follows.
        stop = end + 1
        while (
            stop < len(words)
            and lowered[stop] not in _RELATIVES | _PREPOSITIONS
            and not _participle(lowered[stop])
        ):
            stop += 1
        made_of = " ".join(words[end + 1 : stop]).strip(",")
        if not made_of or len(made_of.split()) > 5 or lowered[end + 1] in ("a", "an"):
            return None
        rest = words[stop:]
        lead = f"made of {made_of}"
    else:
        rest, lead = words[end:], ""
        if rest and rest[0].casefold() == "of":
            # "a lone line of a paragraph stranded at …": the "of" part goes.
            skip = next((i for i, w in enumerate(rest[1:6], 1) if _participle(w.casefold())), None)
            rest = rest[skip:] if skip is not None else []
    if not rest:
        return None
    predicate = _rest_phrase(rest, plural, "" if lead else kind[-1].casefold())
    if predicate is None:
        return None
    subject = _subject(things, _adjectives(kind[:-1]))
    if re.search(r"\b(?:each other|one another)\b", predicate) and not plural:
        # "… move against each other" needs two of them.
        subject = f"{subject} and another one like it"
        predicate = _rest_phrase(rest, True, "" if lead else kind[-1].casefold())
        if predicate is None:
            return None
    if lead:
        subject = f"{subject}, {lead},"
    return _joined(subject, predicate)


def _rest_phrase(rest: list[str], plural: bool, kind: str = "") -> str | None:
    """What follows the kind (whose last word is ``kind``), as a verb phrase for the
    keyword's things."""
    first = rest[0].casefold().strip(",")
    if first in _RELATIVES and len(rest) > 1:
        clause = rest[1:]
        adverb = clause[0] if clause[0].casefold().endswith("ly") and len(clause) > 1 else ""
        if adverb:
            clause = clause[1:]
        verb = _first_verb(clause)
        second = clause[1].casefold().strip(",") if len(clause) > 1 else ""
        own_subject = second and "VERB" in _lemmas(second) and "NOUN" not in _lemmas(second)
        if verb != 0 or own_subject:
            return None  # "that judges follow": the clause has a subject of its own
        phrase = _verb_phrase(clause, plural)
        return f"{adverb} {phrase}" if phrase and adverb else phrase
    if _participle(first):
        if first.endswith("ing"):
            return _verb_phrase(rest, plural)
        lemma = _lemma(first)
        if lemma is None or lemma in _GENERIC_VERBS:
            return None
        tail = _clip(rest[1:])
        return " ".join(["are" if plural else "is", first, *tail]) if tail else None
    if first in _PLACES:
        tail = _clip(rest[1:])
        if not tail:
            return None
        if kind in _MOVES and first not in ("in", "of"):
            return " ".join([_inflect(kind, plural), first, *tail])
        entry = lexicon.load().get(lexicon.letters(kind))
        place = lexicon.load().get(lexicon.letters(tail[-1].casefold()))
        if (
            entry is None
            or entry.concreteness < PLACED_CONCRETENESS
            or place is None
            or place.concreteness < PLACED_CONCRETENESS
            or first == "with"
        ):
            return None  # "an increase in volume", "a stage of its life": nowhere to be put
        return " ".join([_inflect(_PLACES[first], plural), first, *tail])
    return None


def _verb_phrase(words: list[str], plural: bool) -> str | None:
    """``words`` opening with a verb, the verb put in the number of the subject."""
    if not words:
        return None
    lemma = _lemma(words[0].casefold().strip(","))
    if lemma is None or lemma in _GENERIC_VERBS:
        return None
    tail = _clip(words[1:])
    verb = _inflect(lemma, plural)
    return " ".join([verb, *tail]) if tail or _intransitive(lemma) else None


def _clip(words: list[str]) -> list[str]:
    """The words up to the first clause boundary, at most ``MAX_REST``; empty when that
    would leave a phrase broken off ("prevents someone from …")."""
    lex = lexicon.load()
    if not words or words[0].casefold().strip(",") in _STOPS:
        return []  # "requires that …": what it requires is a clause of its own
    kept: list[str] = []
    cut = False  # stopped by the length limit, not at a boundary
    for index, word in enumerate(words):
        bare = word.casefold().strip(",;:")
        if kept and bare in _STOPS:
            break
        kept.append(word.strip(",;:"))
        following = words[index + 1].casefold() if index + 1 < len(words) else ""
        if len(kept) >= MAX_REST:
            cut = bool(following) and following.strip(",;:") not in _STOPS
            break
        entry = lex.get(lexicon.letters(following))
        # "long, thin strips": a comma between adjectives ends nothing.
        between = entry is not None and entry.is_adjective and not entry.is_noun
        if word.endswith((",", ";", ":")) and not (word.endswith(",") and between):
            break
    before = len(kept)
    while kept:
        last = kept[-1].casefold()
        entry = lex.get(lexicon.letters(last))
        thing = entry is not None and entry.is_noun and last not in _WEAK_END | _PREPOSITIONS
        if (
            last in _WEAK_END
            or last in _PREPOSITIONS
            or (cut and not thing and last not in _ENDINGS)
        ):
            kept.pop()
        else:
            break
    return kept if before - len(kept) <= 2 else []


def _next(words: list[str], index: int) -> str:
    return words[index + 1].casefold().strip(",") if index + 1 < len(words) else ""


def _attributive(participle: str, following: str) -> bool:
    """Whether a participle describes the noun after it ("written statement", "learning
    model")."""
    entry = lexicon.load().get(lexicon.letters(following))
    del participle
    return entry is not None and entry.is_noun and following not in _PREPOSITIONS | _WEAK_END


def _breaks(word: str, after_kind: bool, following: str = "") -> bool:
    """Whether the kind ends before ``word``: a relative, a preposition, a participle."""
    bare = word.strip(",")
    if bare in _RELATIVES or bare in _PREPOSITIONS:
        return True
    return after_kind and _participle(bare) and not _attributive(bare, following)


def _after_determiner(lowered: list[str]) -> int:
    for determiner in _DETERMINERS:
        parts = determiner.split()
        if lowered[: len(parts)] == parts:
            return len(parts)
    return 0


def _first_verb(words: list[str]) -> int | None:
    """The index of the clause's finite verb, after a short subject, or None."""
    for index, word in enumerate(words[:5]):
        bare = word.casefold().strip(",")
        if bare in {"a", "an", "the", "its", "their"}:
            continue
        forms = _lemmas(bare)
        if "VERB" in forms and (index == 0 or bare.endswith("s") or "NOUN" not in forms):
            if index == 0 and "NOUN" in forms and "VERB" not in forms:
                continue
            return index
    return None


def _participle(word: str) -> bool:
    """A verb's -ing or past participle ("hanging", "used", "paid"), not a plain word."""
    lemma = _lemma(word)
    if lemma is None or len(word) < 4 or word == lemma:
        return False
    if word.endswith("ing"):
        return True
    import lemminflect  # type: ignore[import-untyped]

    return word in lemminflect.getInflection(lemma, tag="VBN")


def _adjectives(words: list[str]) -> list[str]:
    """The kind's describing words the keyword's thing can take ("icicle-shaped", "molten"),
    at most two; nouns in the kind ("mineral deposit") stay behind."""
    lex = lexicon.load()
    found = []
    for word in words:
        entry = lex.get(lexicon.letters(word.casefold()))
        hyphened = "-" in word and word.replace("-", "").isalpha()
        plain_word = word.casefold() not in _NOT_ADJECTIVES | _WEAK_END | _PREPOSITIONS
        if plain_word and (
            hyphened or (entry is not None and entry.is_adjective and not entry.is_noun)
        ):
            found.append(word)
    return found[-2:]


def _subject(things: Sequence[actors.Thing], adjectives: list[str]) -> str:
    """The keyword's things as a subject, the kind's adjectives on the first."""
    first = things[0].text
    if adjectives:
        described = " ".join(adjectives)
        article = re.match(r"(?:an?|three|two|a dozen|a few|dozens of)\s", first)
        if article is not None and not re.match(r"an?\s\w+\sof\s", first):
            body = f"{described} {first[article.end() :]}"
            lead = article.group().strip()
            lead = actors.article(body) if lead in ("a", "an") else lead
            first = f"{lead} {body}"
    texts = [first, *(thing.text for thing in things[1:3])]
    # A thing keeps what it is doing: "a dozen Miniature Bats, Gradually Descending,".
    shown = [
        f"{text}, {thing.doing}," if thing.doing else text
        for text, thing in zip(texts, things, strict=False)
    ]
    return " and ".join(shown)


def _joined(subject: str, predicate: str | None) -> str | None:
    if not predicate:
        return None
    return f"{subject} {predicate}"


@functools.cache
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    import lemminflect  # type: ignore[import-untyped]

    found: dict[str, tuple[str, ...]] = lemminflect.getAllLemmas(word)
    return found


def _lemma(word: str) -> str | None:
    forms = _lemmas(word).get("VERB")
    return forms[0] if forms else None


def _inflect(lemma: str, plural: bool) -> str:
    if lemma == "be":
        return "are" if plural else "is"
    if plural:
        return lemma
    import lemminflect  # type: ignore[import-untyped]

    found = lemminflect.getInflection(lemma, tag="VBZ")
    return found[0] if found else f"{lemma}s"


_INTRANSITIVE = frozenset(
    """
    rise fall grow shrink melt freeze sink float spin glow divide swell burst sprout open
    close expand vanish break fade boil erupt collapse
    """.split()
)


def _intransitive(lemma: str) -> bool:
    return lemma in _INTRANSITIVE
