"""Scenes: the keyword's things acting out the relation a term's definition names.

``compose(term, definition, keyword, words)`` writes one offline, in pure Python and
in well under a millisecond once the tables are loaded:

1. *Relation.* ``concepts.relation`` finds what the definition says the term does or
   is (the middle of, a full pass over, split in two, …) in the hand-written concept
   table.
2. *Enactment.* The concept's frame is filled with the keyword's words as things
   (``actors.things``: "a jar of Mayo", "three Bats"), verbs agreeing with them:
   "A jar of Mayo splits neatly down the middle into two pieces that drift apart."
   The keyword is quoted where the things spell it, else named first.
3. *Meaning.* One short sentence names the term and what it is: the definition's own
   meaning in at most seven of its words when they read as whole and true
   (``keyidea.short_idea``: "Tariff: a tax charged on imported goods"), else the
   concept's gloss in a few plain words of our own; never a pasted run of the
   definition.

A definition that names no relation of the table (a name, a bare synonym) gets a
short scene that says so plainly, with the synonym when it is short; when it says the
term is a thing to draw ("a knot that makes a fixed loop"), the keyword's thing and that
thing do something together, as a translation's scene has them (``thing``).

Choices come from ``random.Random`` seeded with the CRC-32 of the term and the seed,
so a scene is the same on every run and machine. ``write_scene`` asks a language
model first when one is configured, keeps its scene only when ``validate`` (with the
definition) finds nothing wrong, and falls back to ``compose``.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mimagery.model import clean
from mimagery.scenes import actors, concepts, pairs
from mimagery.scenes.actors import _plural_verb, _quote
from mimagery.scenes.keyidea import (
    Idea,
    display_name,
    first_sentences,
    is_abbreviation,
    key_idea,
    short_idea,
    short_idea_at,
)
from mimagery.scenes.llm import Backend, LLMError
from mimagery.text import clip_clause, plain

__all__ = ["caption", "compose", "key_idea", "staging", "validate", "write_scene"]

#: A card's caption is at most about this long (cut at a clause boundary).
CAPTION_CHARS = 90

MIN_CHARS = 60  # compose's own bounds
MAX_CHARS = 400
VALID_MIN_CHARS = 40  # what validate accepts from anyone, a language model included
VALID_MAX_CHARS = 600
MAX_SENTENCES = 3

#: A run of this many definition words in a row is pasted, not named in plain words.
PASTED_RUN = 8


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


def validate(scene: str, keyword: str, definition: str = "") -> str | None:
    """Why ``scene`` cannot be used for ``keyword``, or None when it can.

    Args:
        scene: a scene from anywhere (``compose``, a language model, a user).
        keyword: the keyword phrase the scene must mention (case-insensitively).
        definition: the term's definition, when known: a scene must not paste it.

    Returns:
        A short reason ("too short: 12 characters, at least 40") when the scene does
        not mention the keyword, is under 40 or over 600 characters, carries markup
        (``<``, ``>``, ``**``, ``#``, backticks, ``[``, a link) or a URL, or has more
        than 3 sentences, adds a flourish that acts out nothing (confetti, a smell,
        unless the definition names it), is a list of lines rather than prose, or does
        not end a sentence (a cut-off reply), or, given the ``definition``, pastes 8 or
        more of its words in a row; else None.
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
    flourishes = [match.group().casefold() for match in _FLOURISH.finditer(text)]
    if flourishes:
        # A flourish the definition itself names is the meaning, not decoration ("to smell").
        named = set(_words(definition)) if definition else set()
        for word in flourishes:
            if not {word, re.sub(r"(?:s|ing)$", "", word)} & named:
                return f"it adds an unrelated flourish ({word})"
    run = pasted_run(text, definition) if definition else 0
    if run >= PASTED_RUN:
        return f"it pastes {run} words of the definition in a row"
    return None


# Decoration that acts out nothing: a scene of ours never has it, a model's is refused.
_FLOURISH = re.compile(
    r"\b(?:confetti|fanfare|glitter|applause|aroma|scent|smell(?:s|ing)?)\b", re.IGNORECASE
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text.casefold())


def _relation_short(term: str, definition: str, found: concepts.Relation) -> Idea | None:
    """The short idea of a definition whose relation the scene acts out: the definition's
    first few words (:func:`_short`) when they hold the word that named the relation,
    else the few words starting at that word when it says what the term does ("the point
    in an object's orbit" leaves out what perihelion is: "closest to the Sun")."""
    short = _short(term, definition)
    if not found.in_definition or (short is not None and _spells(term, short.text)):
        return short
    if short is not None and found.word.casefold() in _words(short.text):
        return short
    at = _few(short_idea_at(term, definition, found.word))
    return short if at is None else at


def _short(term: str, definition: str) -> Idea | None:
    """``keyidea.short_idea``, when its words are few enough by the validator's count too
    ("0:0:0 less than 0" is seven words to it, not three): a scene never pastes a run of
    ``PASTED_RUN`` definition words, the name beside them included."""
    return _few(short_idea(term, definition))


def _few(idea: Idea | None) -> Idea | None:
    """``idea`` when its words are fewer than ``PASTED_RUN`` by the validator's count."""
    return idea if idea is not None and len(_words(idea.text)) < PASTED_RUN else None


# What may stand between an abbreviation's spelling-out and its meaning.
_AFTER_EXPANSION = re.compile(
    r"^[\s:;,.)\]\u2013\u2014-]*(?:(?:is|are|means|refers to|stands for|which|that)\s+)?",
    re.IGNORECASE,
)


def _spelled_out(definition: str, expansion: str) -> tuple[str, str]:
    """An abbreviation's spelling-out as the definition writes it ("Domain Name System",
    not "domain Name System") and what the definition says after it ("the service that
    turns names into addresses"; "" when nothing of three words or more)."""
    at = definition.casefold().find(expansion.casefold())
    if at < 0:
        return expansion, ""
    written = re.sub(
        r"^(The|A|An) ", lambda m: f"{m.group(1).lower()} ", definition[at : at + len(expansion)]
    )
    rest = _AFTER_EXPANSION.sub("", definition[at + len(expansion) :], count=1).strip()
    return written, (rest if len(rest.split()) >= 3 else "")


def _after(term: str, rest: str) -> Idea | None:
    """The short meaning (``_short``) of what a definition says after spelling out the
    abbreviation ``term`` (``_spelled_out``), or None when none reads as whole and true."""
    found = _short(term, rest) if rest else None
    return None if found is None or _spells(term, found.text) else found


def pasted_run(scene: str, definition: str) -> int:
    """The longest run of consecutive words of ``definition`` that ``scene`` repeats."""
    wanted, found = _words(plain(definition)), _words(scene)
    if not wanted or not found:
        return 0
    # Longest common substring over words, by dynamic programming on one row.
    best, previous = 0, [0] * (len(wanted) + 1)
    for word in found:
        current = [0] * (len(wanted) + 1)
        for index, other in enumerate(wanted, 1):
            if word == other:
                current[index] = previous[index - 1] + 1
                best = max(best, current[index])
        previous = current
    return best


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
        scene = from_model(backend, term, definition, keyword, _hint(term, definition), warn)
        if scene is not None:
            return scene, "llm"
    return compose(term, definition, keyword, words, seed), "offline"


def from_model(
    backend: Backend,
    term: str,
    definition: str,
    keyword: str,
    hint: str,
    warn: Callable[[str], None] | None = None,
) -> str | None:
    """The language model's scene (asked to act out ``hint``), checked by
    :func:`validate` and cleaned; None when the model fails or its scene is unusable,
    and then ``warn`` is told why in one line (the key is never part of it)."""
    try:
        scene = backend.scene(term, definition, keyword, hint)
        reason = validate(scene, keyword, definition)
        if reason is None:
            return clean(scene)
        problem = f"the model's scene was unusable: {reason}"
    except LLMError as error:
        problem = str(error)
    if warn is not None:
        name = " ".join(plain(term).split())[:80]
        warn(f"no scene from the language model for {name}: {problem}; wrote one offline")
    return None


def _hint(term: str, definition: str) -> str:
    """What the model should act out: the relation the concept table found, else the key
    idea of the definition."""
    found = concepts.relation(term, definition)
    if found is not None and found.in_definition:
        return f"{found.concept.gloss} (for example, the keyword's things: {found.concept.frame})"
    return key_idea(term, definition)


# Composing ----------------------------------------------------------------------


def compose(term: str, definition: str, keyword: str, words: Sequence[str], seed: int = 0) -> str:
    """An offline scene: the keyword's things acting out the relation of the definition.

    Args:
        term: the term as written ("Gradient Descent").
        definition: its definition, in any style; may be empty.
        keyword: the keyword phrase, quoted exactly as given ("Gradient Dish Ant").
        words: the keyword's words (["Gradient", "Dish", "Ant"]); the keyword's own
            spelling of each is used, and an empty list means the keyword split on spaces.
        seed: another seed gives another wording for the same term.

    Returns:
        One to three sentences ending with a period, without markup, that name the
        keyword in double quotes and never repeat 8 or more definition words in a row.
        The same arguments give the same scene on every run.
    """
    return _draft(term, definition, keyword, words, seed)[0]


def caption(term: str, definition: str) -> str:
    """A picture's caption: the definition's meaning in a few of its words
    (``short_idea``) or the concept's few plain words when the definition names a
    relation, else the definition's first sentence cut at a clause
    boundary (``text.clip_clause``)."""
    found = concepts.relation(term, definition)
    if found is not None:
        short = _relation_short(term, definition, found)
        if short is not None and _spells(term, short.text):
            # "Value-added tax" only spells VAT out: say what it is too.
            written, rest = _spelled_out(definition, short.text)
            meaning = _after(term, rest)
            said = meaning.text if meaning is not None else clip_clause(rest, CAPTION_CHARS)
            said = said.rstrip(".")
            both = f"{written}: {said}" if said else written
            return both if len(both) <= CAPTION_CHARS or not said else said
        if short is not None:
            return short.text
    if found is not None and found.in_definition:
        return found.concept.gloss
    sentences = first_sentences(definition, term, 1)
    return clip_clause(sentences[0], CAPTION_CHARS) if sentences else ""


def staging(term: str, definition: str) -> tuple[str, tuple[str, ...]]:
    """How the picture stages the scene: the concept's composition and props, or a plain
    row without props when the definition names no relation (a term that is a concrete
    thing is staged by ``mimages`` with that thing, see :func:`thing`)."""
    found = concepts.relation(term, definition)
    if found is None:
        return "row", ()
    return found.concept.composition, found.concept.props


@dataclass(frozen=True, slots=True)
class Plan:
    """What a scene was built from (for tests and the bench).

    ``concept`` is the concept acted out ("" for an honest scene without one),
    ``in_definition`` whether the definition itself named it, ``naming`` the pattern
    of the sentence that names the meaning.
    """

    concept: str
    in_definition: bool
    naming: str


def _draft(
    term: str, definition: str, keyword: str, words: Sequence[str], seed: int
) -> tuple[str, Plan]:
    name = display_name(term, definition)
    # A long name the definition repeats word for word: the scene calls it "the term";
    # and when the definition's few words still join a longer pasted run (with the words
    # of a naming the definition happens to have), the concept's own words name it.
    for brief, called in ((True, name), (True, "the term"), (False, name), (False, "the term")):
        text, plan = _write(term, definition, keyword, words, seed, called, brief)
        if pasted_run(text, definition) < PASTED_RUN:
            break
    return text, plan


def _write(
    term: str,
    definition: str,
    keyword: str,
    words: Sequence[str],
    seed: int,
    name: str,
    brief: bool = True,
) -> tuple[str, Plan]:
    key = zlib.crc32(f"{term}\x00{seed}".encode("utf-8", "surrogatepass"))
    rng = random.Random(key)
    things = actors.things(name, keyword, words, rng, vivid=False)
    found = concepts.relation(term, definition)
    if found is None:
        paired = _paired(term, definition, keyword, words, seed, name, rng) if brief else None
        if paired is not None:
            return paired
        text, naming = _honest(name, definition, keyword, things, rng, brief)
        return _fit(text), Plan("", False, naming)
    extra = actors.prop(definition, (name, keyword, *words), rng) if len(things) == 1 else None
    action = _quote(perform(found.concept, things, extra), keyword)
    naming, pattern = rng.choice(_NAMINGS)
    gloss, short = found.concept.gloss, _relation_short(term, definition, found)
    if short is not None and _spells(term, short.text):
        # "the Domain Name System" only spells DNS out: the name, not what it does; what
        # it does may follow ("…: the service that turns names into addresses").
        written, rest = _spelled_out(definition, short.text)
        short = _after(term, rest)
        name = f"{name} ({written})"
    short = short if brief else None
    if short is not None:
        # The definition's own few words name this term's meaning; the concept's gloss
        # only names the kind of relation the picture acts out (both together read as
        # noise to raters: bench/panels/mimages-ab-relations-heldout3).
        gloss = short.text
        if short.kind != "gloss" and naming not in _CLAUSE_NAMINGS:
            naming = rng.choice(sorted(_CLAUSE_NAMINGS))
            pattern = _NAMING[naming]
    text = _named(_capital(action), pattern.format(name=name, gloss=gloss), naming)
    return _fit(text), Plan(found.concept.id, found.in_definition, naming)


def perform(
    concept: concepts.Concept, things: Sequence[actors.Thing], prop: actors.Thing | None = None
) -> str:
    """The concept's frame performed by ``things`` (the first is ``{a}``), no final period.

    With one thing, a frame's second part (``{b}``) is ``prop`` (a thing the definition
    names: "a sack of flour") when there is one, else "another one".
    """
    first, others = things[0], list(things[1:])
    frame, plural = concept.frame, first.plural
    if others and "{b}" not in frame:
        # Every thing of the keyword takes part: the others join the first.
        frame, plural = frame.replace("{a}", "{a} and {b}", 1), True
    if others:
        other = " and ".join(_shown(thing) for thing in others[:2])
        other_plural = len(others) > 1 or others[0].plural
    elif prop is not None:
        other, other_plural = _shown(prop), prop.plural
    else:
        other = "others like them" if first.plural else "another one"
        other_plural = first.plural
    pronouns = ("them", "their", "themselves", "they") if plural else ("it", "its", "itself", "it")

    def verb(match: re.Match[str]) -> str:
        mark, word = match.group(1), match.group(2)
        many = {"~": plural, "^": other_plural, "=": True}[mark]
        return _plural_verb(word) if many else word

    text = re.sub(r"([~^=])([A-Za-z']+)", verb, frame)
    fills = {
        "{a}": _shown(first),
        "{b}": other,
        "{a.}": f"the {first.head}",
        "{it}": pronouns[0],
        "{its}": pronouns[1],
        "{itself}": pronouns[2],
        "{they}": pronouns[3],
    }
    text = re.sub(r"\{(?:a\.?|b|it|its|itself|they)\}", lambda m: fills[m.group()], text)
    return re.sub(r",(?=\s*[,.;:–])", "", text)


def _shown(thing: actors.Thing) -> str:
    """A thing as the scene names it, with what it keeps doing ("three Bats, Descending,")."""
    return f"{thing.text}, {thing.doing}," if thing.doing else thing.text


# How the meaning is named after the action: (id, pattern). Spread evenly so that no
# wording opens or closes more than a small share of a deck's scenes.
_NAMINGS: tuple[tuple[str, str], ...] = (
    ("colon", "{name}: {gloss}."),
    ("that-is", "That is {name}: {gloss}."),
    ("means", "Here {name} means {gloss}."),
    ("gloss-first", "{gloss}, which is {name}."),
    ("think-of", "Think of {name} as {gloss}."),
    ("in-short", "{name} in short: {gloss}."),
    ("so-with", "So it is with {name}: {gloss}."),
    ("picture-of", "A picture of {name}, {gloss}."),
    ("joined-dash", " – {name}, {gloss}."),
    ("joined-like", ", just like {name}: {gloss}."),
)
_NAMING = dict(_NAMINGS)
# The namings that read with a verb phrase after them ("Plaintiff: brings a case …").
_CLAUSE_NAMINGS = frozenset({"colon", "that-is", "in-short", "so-with", "joined-like"})


def _named(action: str, meaning: str, naming: str) -> str:
    """The action's sentence and the one that names the meaning; a "joined" naming
    goes on the action's sentence (", just like …")."""
    if naming.startswith("joined"):
        return f"{action}{meaning}"
    return f"{action}. {_capital(meaning)}"


def _spells(term: str, text: str) -> bool:
    """True when ``text`` only spells out the abbreviation ``term`` ("DNS", "the Domain
    Name System"): the initials of its words, articles aside, are the term's letters."""
    letters = term.strip().casefold()
    if not re.fullmatch(r"[A-Z]{2,6}", term.strip()):
        return False
    every = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)
    main = [w for w in every if w.casefold() not in _SMALL_WORDS]
    spellings = set()
    for words in (every, main):
        spellings.add("".join(w[0] for w in words).casefold())
        # "Non-steroidal anti-inflammatory drug" is NSAID: a hyphenated word may give two.
        spellings.add("".join(p[0] for w in words for p in w.split("-")).casefold())
    return letters in spellings


_SMALL_WORDS = frozenset("the a an of per and for".split())


def thing(term: str, definition: str) -> str | None:
    """The concrete thing a term is, when its definition says so in a few words and
    names no relation to act out: "sail" for "A triangular sail set in front of the
    mast", "bone" for "The thigh bone"; None otherwise.

    The head noun of the short idea (``keyidea.short_idea``, a noun phrase) counts when
    it is as concrete as a thing to draw (``actors.PROP_CONCRETENESS``), has an icon and
    is not one of the term's own words.
    """
    from mimagery.keywords import icons, lexicon

    short = _short(term, definition)
    if short is None or short.kind != "gloss":
        return None
    head, before = "", ""
    for word in short.text.split():
        bare = word.casefold().strip(",;:()'")
        if bare in _HEAD_ENDS or bare.endswith("'s"):
            break
        head, before = bare, head
    modifier = lexicon.load().get(lexicon.letters(before)) if before else None
    if modifier is not None and modifier.is_noun and not modifier.is_adjective:
        return None  # "shoulder blade" is no blade, "thigh bone" not any bone
    if head in _VAGUE_THINGS:
        return None  # "a measuring tool": any tool would do
    own = {lexicon.letters(w) for w in re.findall(r"[^\W_]+", term.casefold())}
    key = lexicon.letters(head)
    entry = lexicon.load().get(key)
    single = lexicon.load().get(key[:-1]) if key.endswith("s") else None
    if entry is None or not entry.is_noun or key in own or (single and key[:-1] in own):
        return None
    rating = max(entry.concreteness, single.concreteness if single is not None else 0.0)
    if rating < actors.PROP_CONCRETENESS or not icons.has_icon(head):
        return None
    return head


# Heads too vague to draw as the term's thing.
_VAGUE_THINGS = frozenset(
    "tool device instrument object item thing part piece material equipment unit".split()
)
# Words that end the noun phrase a short idea opens with ("a fold of fabric", "a knot that").
_HEAD_ENDS = frozenset(
    """
    of that which who whom whose where with for in on at to from by into full used made
    set or and between under over across through along
    """.split()
)


def _paired(
    term: str,
    definition: str,
    keyword: str,
    words: Sequence[str],
    seed: int,
    name: str,
    rng: random.Random,
) -> tuple[str, Plan] | None:
    """A scene for a term that is a concrete thing and names no relation: the keyword's
    thing and the term's thing do something together ("a Gym tied to a sail"), as the
    keyword method pairs a word's keyword with its meaning, then the meaning in the
    definition's own few words."""
    drawn = thing(term, definition)
    short = _short(term, definition)
    if drawn is None or short is None:
        return None
    action = pairs.thing_scene(term, drawn, keyword, words, seed)
    if action is None:
        return None
    naming, pattern = rng.choice(_NAMINGS)
    text = _named(action, pattern.format(name=name, gloss=short.text), naming)
    return _fit(text), Plan("", False, f"thing-{naming}")


def _honest(
    name: str,
    definition: str,
    keyword: str,
    things: Sequence[actors.Thing],
    rng: random.Random,
    brief: bool = True,
) -> tuple[str, str]:
    """A short scene that says plainly there is nothing to act out, and why (with the
    definition's few words when ``brief``)."""
    sentences = first_sentences(definition, name, 1)
    idea = _short(name, definition) if sentences and brief else None
    if idea is not None and _spells(name, idea.text):
        # An abbreviation's spelling-out is its name; its meaning may follow it.
        written, rest = _spelled_out(definition, idea.text)
        idea = _after(name, rest)
        name = f"{name} ({written})"
    if idea is not None:
        short = idea.text  # the definition's own few words, whole and true
    else:
        short = clip_clause(key_idea(name, definition), 48) if sentences else ""
    if len(_words(short)) >= PASTED_RUN - 1:
        short = ""
    first = " and ".join(_shown(thing) for thing in things[:3]).rstrip(",")
    # One thing named as the keyword is quoted in place, not named twice ("Only an
    # Asteroid for "Asteroid"").
    alone = re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", first, re.IGNORECASE) is not None
    lead = _quote(first, keyword) if alone else f'{first} for "{keyword}"'
    labelled = _quote(first, keyword) if alone else f'"{keyword}": {first}'
    if not sentences:
        options = [
            (
                "no-definition",
                f"Just {lead}: with no definition given, the sound alone has to bring back {name}.",
            ),
        ]
    elif idea is not None and idea.kind != "gloss":
        options = [
            ("clause", f"Only {lead}, standing still, for {name}: {short}."),
            ("label", f"{labelled} under a label for {name}: {short}."),
        ]
    elif short:
        options = [
            (
                "synonym",
                f"Only {lead}, standing still: {name} simply means "
                f"{short}, so there is no action to show.",
            ),
            ("label", f"{labelled} under a label for {name}, which just means {short}."),
        ]
    else:
        options = [
            (
                "name",
                f"Only {lead}, standing still: {name} names a thing, "
                "not an action, so the sound does the work.",
            ),
            (
                "nothing",
                f"{labelled} and nothing more, since the definition of "
                f"{name} has no action to act out.",
            ),
        ]
    naming, text = rng.choice(options)
    return _capital(text), f"honest-{naming}"


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _capital(text: str) -> str:
    # A keyword in quotes keeps its own spelling.
    return text if text.startswith('"') else text[:1].upper() + text[1:]
