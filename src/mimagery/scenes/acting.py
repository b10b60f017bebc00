"""The definition's own action, for the keyword's thing to perform: ``action(term, definition)``.

People's scenes make the keyword's thing *do* what the definition says: for Blanch, "To
plunge food briefly into boiling water, …", Blanche plunges food briefly into boiling
water. When the head of a definition is an action, this module finds it and rewrites it
for a new subject, offline:

- an infinitive: "To plunge food briefly into boiling water, then …";
- a fragment opening with a verb: "Removes excess water from the leaves";
- the term restated as the verb's subject: "Pooling layers shrink the feature maps";
- "the process (or act, practice) of <verb>ing …";
- "is when …", "occurs when …", "When …" and "the process in which …" followed by a
  clause with a concrete verb: "a function calls itself" (the clause's own subject
  gives way to the keyword's thing).

The verb is kept with its object and at most one following phrase, cut only where a
phrase ends (before "which", "and", a comma, a purpose "to", …), so the action is a
short sentence of our own making and never a pasted run of the definition. Verbs that
act out nothing ("be", "have", "mean", "occur") give no action.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from mimagery.scenes.keyidea import analyse, first_sentences

#: At most this many definition words follow the verb: with the verb, a run of 7.
MAX_REST = 6
MIN_REST = 1

# Verbs that name no action a thing could perform.
_EMPTY_VERBS = frozenset(
    """
    be have do get become seem exist occur happen mean refer describe denote relate
    involve represent include consist contain concern indicate define say tell
    can could may might must should will would shall need tend appear belong
    """.split()
)
_DETERMINERS = frozenset("a an the one any each every some this that these those".split())
_POSSESSIVES = frozenset("its their his her our your my".split())
_PREPOSITIONS = frozenset(
    """
    in of on at for from into onto with by during through within between across over
    under after before via toward towards against along around about below above beyond
    behind beside near past upon without among throughout inside outside
    """.split()
)
# Words that open a new clause or an afterthought: the action ends before them.
_CLAUSE_OPENERS = frozenset(
    """
    which that who whom whose where when whereby while whereas because although though
    so and or but nor then until unless if as since thereby thus rather instead
    using making allowing causing giving resulting leading helping enabling such
    e.g. i.e. etc especially usually typically often
    """.split()
)
_PROCESS = re.compile(
    r"^(?:the |a |an )?(?:process|act|action|practice|art|technique|method|habit|"
    r"procedure)\s+of\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
_WHERE = re.compile(
    r"^(?:(?:the |a |an )?(?:process|situation|condition|case|state|point|phenomenon)\s+"
    r"(?:in|by) which|(?:occurs|happens|arises|is|are) when|(?:occurs|happens) if|when)"
    r"\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
_PARTICLES = frozenset("down up out off away back".split())
_CLEAN = re.compile(r"[^\w'’-]")


@dataclass(frozen=True, slots=True)
class Action:
    """What the keyword's thing does.

    Attributes:
        verb: the verb's base form ("plunge"), with a coordinated second verb when the
            definition has one ("press and fold").
        rest: the object and at most one following phrase, as the definition words them
            ("food briefly into boiling water"); may be empty for "cooks gently"-less verbs.
        form: which pattern found it: "infinitive", "fragment", "subject", "process",
            "when".
        words: the definition's words the action covers (verb first), for matching a
            concept's trigger word.
    """

    verb: str
    rest: str
    form: str
    words: tuple[str, ...]

    def performed(self, plural: bool) -> str:
        """The action with its verb agreeing with a third-person subject, no subject:
        "plunges food briefly into boiling water"."""
        verbs = " and ".join(_agree(v, plural) for v in self.verb.split(" and "))
        return f"{verbs} {self.rest}".strip()


@functools.cache
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    import lemminflect  # type: ignore[import-untyped]

    found: dict[str, tuple[str, ...]] = lemminflect.getAllLemmas(word.casefold())
    return found


def _base(word: str) -> str | None:
    """The verb's base form when ``word`` can be a verb, else None."""
    forms = _lemmas(word).get("VERB")
    return forms[0] if forms else None


def _agree(verb: str, plural: bool) -> str:
    """``verb`` (a base form, maybe with a particle: "speed up") for a third-person subject."""
    import lemminflect

    head, _, particle = verb.partition(" ")
    if not plural:
        inflected = lemminflect.getInflection(head, "VBZ")
        head = inflected[0] if inflected else head
    return f"{head} {particle}".strip()


def action(term: str, definition: str) -> Action | None:
    """The action at the head of ``definition``, or None when its head is no action.

    Args:
        term: the term as written.
        definition: its definition, in any style; may be empty.

    Returns:
        The :class:`Action`, whose verb is one a thing can perform and whose rest holds at
        most ``MAX_REST`` words ending where a phrase ends; None for a definition whose
        head is a thing, a quality, a copula or an empty verb.
    """
    sentences = first_sentences(definition, term, 1)
    if not sentences:
        return None
    idea = analyse(term, definition)
    sentence = sentences[0]
    words = sentence.split()
    first = words[0].casefold() if words else ""
    if first == "to" and len(words) > 2 and _verb_only(words[1]):
        return _from(words[1:], "infinitive")
    if idea.kind == "verb":
        text = idea.text
        found = _WHERE.match(text)
        if found is not None:
            return _clause(found.group("rest"))
        opens = text.split()[0].casefold() == first
        return _from(text.split(), "fragment" if opens else "subject")
    if first.endswith("ing") and len(words) > 2 and _verb_only(words[0].casefold()):
        return _from([words[0].casefold(), *words[1:]], "gerund")
    text = idea.text if idea.kind != "none" else sentence
    for candidate in (text, sentence):
        process = _PROCESS.match(candidate)
        if process is not None:
            rest = process.group("rest").split()
            if rest and rest[0].casefold().endswith("ing") and _base(rest[0]):
                return _from(rest, "process")
            return None
        where = _WHERE.match(candidate)
        if where is not None:
            return _clause(where.group("rest"))
    return None


def _verb_only(word: str) -> bool:
    """True for a word that is a verb and not an article or a name: "plunge", "soak"."""
    return _base(word) is not None and word[:1].islower()


def _clause(text: str) -> Action | None:
    """The action of a clause with its own subject: "a function calls itself …"."""
    words = text.split()
    for index in range(1, min(len(words), 7)):
        word, before = words[index], words[index - 1].casefold()
        if before.endswith((",", ";", ":")):
            return None
        folded = _CLEAN.sub("", word.casefold())
        if folded in _CLAUSE_OPENERS or (folded in _PREPOSITIONS and index > 1):
            # The subject is over without a verb ("the price of …" goes on; "and" ends it).
            if folded != "of":
                return None
            continue
        if before in _DETERMINERS | _POSSESSIVES | _PREPOSITIONS:
            continue  # "a seed": "seed" is the subject's noun, not a verb
        if _base(folded) is None:
            continue
        # A finite verb agrees with its subject: "calls", "fail", "burns"; a participle
        # ("a rock burning") is no main verb.
        if folded.endswith("ing"):
            continue
        after = _CLEAN.sub("", words[index + 1].casefold()) if index + 1 < len(words) else ""
        if _lemmas(folded).get("NOUN") and _base(after) and after not in _PREPOSITIONS | _PARTICLES:
            continue  # "green plants use sunlight": "plants" is still the subject
        return _from(words[index:], "when")
    return None


def _from(words: list[str], form: str) -> Action | None:
    """The action from ``words``, which open with its verb."""
    verb_word = _CLEAN.sub("", words[0])
    base = _base(verb_word)
    if base is None or base.casefold() in _EMPTY_VERBS or verb_word != words[0]:
        return None  # a verb with punctuation after it ("cook,") or an empty one
    base = base.casefold()
    covered = [verb_word]
    rest = words[1:]
    # A second verb coordinated with the first: "To press and fold dough".
    if len(rest) > 1 and rest[0].casefold() in ("and", "or"):
        second = _CLEAN.sub("", rest[1])
        second_base = _base(second)
        if second_base is not None and second == rest[1] and not _is_object_word(second):
            base = f"{base} and {second_base.casefold()}"
            covered, rest = [*covered, second], rest[2:]
    kept = _phrase(rest)
    if kept is None:
        return None
    covered += kept
    return Action(base, " ".join(kept), form, tuple(w.casefold() for w in covered))


def _is_object_word(word: str) -> bool:
    return word.casefold() in _DETERMINERS | _POSSESSIVES


def _phrase(words: list[str]) -> list[str] | None:
    """The object and at most one following phrase, ending where a phrase ends."""
    kept: list[str] = []
    phrases = 0
    for index, raw in enumerate(words):
        word = _CLEAN.sub("", raw.casefold())
        following = _CLEAN.sub("", words[index + 1].casefold()) if index + 1 < len(words) else ""
        coordinated = word in ("and", "or") and following and not phrases
        if coordinated and _base(following) != following:
            # "dead or overgrown branches": a list inside the object, not a new clause.
            kept.append(raw)
            continue
        if not word or word in _CLAUSE_OPENERS:
            break
        if word == "to" and following and _base(following) == following:
            break  # a purpose clause: "to remove lumps", "to work air in"
        if word in _PREPOSITIONS or word == "to":
            # "of" belongs to the noun before it ("the surface of the leaf").
            if word != "of" or not kept:
                phrases += 1
            if phrases > 1:
                break
        if len(kept) == MAX_REST:
            return _phrase_end(kept, words, index)
        kept.append(raw.rstrip(",;:.!?"))
        if raw.endswith((",", ";", ":", ".", "!", "?")) or not raw.strip("'’"):
            break
    return _trimmed(kept)


def _phrase_end(kept: list[str], words: list[str], index: int) -> list[str] | None:
    """``kept`` when the phrase could end there, cut back to the last phrase start if not;
    never inside a doubled phrase ("side by side", "drop by drop")."""
    folded = [_CLEAN.sub("", word.casefold()) for word in [*kept, *words[index : index + 2]]]
    following = folded[len(kept)]
    if following in _PREPOSITIONS or following in _CLAUSE_OPENERS or following == "to":
        after = folded[len(kept) + 1] if len(folded) > len(kept) + 1 else ""
        if after and after == folded[len(kept) - 1]:
            return _trimmed(kept[:-1])  # "strength drop | by drop": not "strength drop"
        return _trimmed(kept)
    # Mid-phrase: go back to before the phrase that was cut.
    for back in range(len(kept) - 1, 0, -1):
        if folded[back] in _PREPOSITIONS:
            if folded[back - 1] == following:
                back -= 1  # "kind side | by side": not "kind side"
            return _trimmed(kept[:back])
    return None


_WEAK_END = frozenset(
    """
    a an the of to and or but with by for in on at as from into onto that which who
    its their his her our your my this these those is are was were be very so not no
    any each every than between via per about
    """.split()
)


def _trimmed(kept: list[str]) -> list[str] | None:
    while kept and _CLEAN.sub("", kept[-1].casefold()) in _WEAK_END:
        kept = kept[:-1]
    if len(kept) < MIN_REST:
        return None
    return kept
