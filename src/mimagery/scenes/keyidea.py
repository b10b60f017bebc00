"""The key idea of a definition, as a phrase a scene can quote: ``key_idea(term, definition)``.

A scene ties its keyword to the meaning with one short phrase taken from the
definition, so the phrase must read well after "just as gradient descent …" or
"That is tort: …". The definition is read, offline, like this:

1. *Plain text.* HTML, Markdown (``**``, ``#``, backticks, links), URLs and bracketed
   citations go, and double quotes become single ones: in a scene the keyword is
   the only double-quoted phrase (the pasted-glossary reader takes the first
   quoted phrase of a mimage as its keyword).
2. *First sentence*, not split at "e.g." or "Dr."; parentheticals dropped; a
   leading context ("In deep learning, ") and part-of-speech tag ("n.") dropped.
3. *Subject and link.* When the sentence restates the term ("Gradient descent
   is …", "Pooling layers in a model reduce …", "An epoch refers to …"), that
   restatement becomes the clause's subject, the linking words ("is", "refers
   to") are kept aside, and the rest is the idea. A fragment ("A wrongful act
   …", "Placing stresses on beats …") is the idea as it stands.
4. *Short.* Asides (", other than …,") and "used in <field> to" go; the idea is
   cut at the best clause boundary to at most 15 words and 120 characters, and
   starts in lower case unless its first word is a name.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from mimagery.keywords import lexicon
from mimagery.text import plain

MAX_WORDS = 15
MIN_WORDS = 4
MAX_CHARS = 120
MAX_NAME_CHARS = 80
LONG_WORD = 40  # longer "words" are noise (hashes, run-together text): dropped from ideas

Kind = Literal["copula", "gloss", "verb", "none"]


@dataclass(frozen=True, slots=True)
class Idea:
    """The parts of a definition a scene's tie is built from.

    ``kind`` says how ``text`` reads:

    - ``"copula"``: ``subject`` + ``link`` ("is", "are") + ``text``: "gradient
      descent" "is" "an optimization algorithm used to …";
    - ``"verb"``: ``subject`` + ``text``, which starts with the verb: "overfitting"
      "occurs when …";
    - ``"gloss"``: ``text`` names what the term means and can follow "tort:"; a
      ``link`` ("refers to") is kept when the definition had one;
    - ``"none"``: the definition gave nothing (``text`` is empty).
    """

    text: str
    subject: str
    link: str
    kind: Kind

    @property
    def nominal(self) -> bool:
        """True when ``text`` reads after a colon: "Tort: a wrongful act …"."""
        if self.kind == "gloss":
            return True
        return self.kind == "copula" and _first_word(self.text) in _DETERMINERS

    @property
    def clause(self) -> str:
        """The idea as a whole clause: "gradient descent is an optimization algorithm …"."""
        if self.kind == "none":
            return ""
        if self.kind == "verb":
            return f"{self.subject} {self.text}"
        return f"{self.subject} {self.link or 'means'} {self.text}"


def key_idea(term: str, definition: str) -> str:
    """The key idea of ``definition``: a short phrase every offline scene quotes verbatim.

    Args:
        term: the term as written ("Convolutional Neural Network (CNN)").
        definition: its definition, in any style; may be empty.

    Returns:
        At most 15 words without markup or double quotes, starting in lower case
        (unless with a name), with no final period: "an optimization algorithm used
        to minimize the model's loss function". Empty when the definition says nothing.
    """
    return analyse(term, definition).text


#: A short idea (``short_idea``) has at most this many words: under a pasted run.
SHORT_WORDS = 7

_ABBREVIATION_SUBJECT = re.compile(r"^[A-Z]{2,6}s?\s+(?:is|are|means)\s+")
# What opens an idea without naming it: "states that …", "a kind of …", "a substance that …".
_SHORT_LEAD = re.compile(r"^(?:states|says|means|refers to|describes|shows)\s+(?:that\s+)?", re.I)
_SHORT_CLASS = re.compile(
    r"^(?:(?:a|an|the|one)\s+)?(?:(?:kind|type|form|sort|variety|way|process|method|technique"
    r"|practice|act|state|condition|variant|version)\s+(?:of|in which|whereby|by which)\s+"
    r"|(?:substance|protein|thing|something|someone|person|party|device|tool|procedure"
    r"|situation|doctrine)\s+(?:that|which|who|where|whereby)\s+)",
    re.IGNORECASE,
)
# What follows a cut and would turn the meaning round if left out ("… but fails on new").
_CONTRAST = frozenset(
    "but yet except without not no never unless instead rather although though only".split()
)
# Heads that name no meaning of their own ("an optimization method", "a court order …").
_EMPTY_HEADS = frozenset(
    """
    method technique process procedure approach way kind type form sort variant version
    term word name concept idea thing something doctrine principle rule act state
    condition situation example instance case order writ document
    """.split()
)


def short_idea(term: str, definition: str, limit: int = SHORT_WORDS) -> Idea | None:
    """The meaning of ``definition`` in at most ``limit`` of its words, for a scene's
    last sentence ("Tariff: a tax charged on imported goods"); None when no short
    prefix of the key idea reads as whole and true. Its ``kind`` is ``"gloss"`` when
    the words are a noun phrase ("a tax …"), else ``"verb"`` ("brings a case …").

    The key idea (:func:`analyse`) loses an empty opening ("states that", "a kind
    of", "a substance that") and is cut where a phrase or clause ends (a comma, a
    relative word, a preposition, a participle after its noun). Nothing is offered
    when what the cut leaves out turns the meaning round ("…, but fails on new
    data", "without being used up"), when fewer than two content words are left, or
    when they are only the term's own words and empty heads ("a variant of
    gradient descent").
    """
    idea = analyse(term, definition)
    if idea.kind == "none":
        return None
    # "PAR is the band of …": the term's abbreviation as the subject is no part of it.
    base = _ABBREVIATION_SUBJECT.sub("", idea.text, count=1)
    opened = _SHORT_LEAD.sub("", base)
    text = _SHORT_CLASS.sub("", opened, count=1)
    # "a kind of support …" leaves a noun phrase; "a substance that …" a verb phrase.
    nominal = (
        idea.nominal
        and opened == base
        and (text == opened or opened[: -len(text)].rstrip().endswith("of"))
    )
    words = text.split()
    folded = [w.casefold().strip(",;:()") for w in words]
    best = 0
    for count in range(2, min(limit, len(words)) + 1):
        last = words[count - 1]
        following = folded[count] if count < len(words) else ""
        ends = last.endswith((",", ";", ":"))
        boundary = (
            count == len(words)
            or ends
            or following in _CLAUSES
            or (following in _WEAK_BOUNDARIES and following != "of" and nominal)
            or following in _STOPPERS
            or (
                _participle(following)
                and _is_noun(folded[count - 1])
                and folded[0] not in ("how", "what", "why", "whether")
            )
        )
        if following in ("and", "or") and folded[0].endswith("ing"):
            boundary = False  # "buying an asset … and selling it": both halves are the idea
        if boundary and _whole(folded[:count], following):
            best = count
        if ends:
            break
    if not best or set(folded[best:]) & _CONTRAST:
        return None
    if folded[0].endswith("ing") and any(
        w in ("and", "or") and n.endswith("ing") for w, n in itertools.pairwise(folded[best:])
    ):
        return None  # "buying an asset" without "and selling it" is not arbitrage
    name = {w.casefold() for w in re.findall(r"[^\W_]+", term)}
    content = [w for w in folded[:best] if w not in _FUNCTION_WORDS]
    if len(content) < 2 or not [w for w in content if w not in name | _EMPTY_HEADS]:
        return None
    if not nominal and best < 3:
        return None  # "someone stops": a verb without what it does it to
    short = _lower_start(_trim_end(" ".join(words[:best])))
    return Idea(short, idea.subject, idea.link, "gloss" if nominal else "verb")


def short_idea_at(term: str, definition: str, word: str, limit: int = SHORT_WORDS) -> Idea | None:
    """The meaning in a few words of the first sentence, starting at ``word`` where it
    says what the term does or is: a verb or an adjective after its subject ("… at which
    it comes closest to the Sun" → "closest to the Sun"; "… that a surface reflects back
    into space" → "reflects back into space"). None when ``word`` is not there, opens a
    noun phrase ("a pitched roof"), or no whole phrase (:func:`short_idea`) starts at it.
    """
    sentences = first_sentences(definition, term, 1)
    if not sentences:
        return None
    tokens = sentences[0].split()
    folded = [token.casefold().strip(",;:.()\"'") for token in tokens]
    target = word.casefold()
    if target not in folded:
        return None
    at = folded.index(target)
    before = folded[at - 1] if at else ""
    if before in _DETERMINERS | _POSSESSIVES | _PREPOSITIONS | {"to"} or before.endswith("'s"):
        return None  # "the decay of …", "to reflect": a noun phrase or an infinitive
    kinds = _lemmas(target).keys()
    if not kinds & {"VERB", "ADJ"} or target in _FUNCTION_WORDS | _PREPOSITIONS:
        return None
    # A noun that is also a verb is the noun unless its subject comes right before it
    # ("the ocean floor", "a temperature increase"; "that rises", "it moves").
    if "NOUN" in kinds and not target.endswith("ing") and before not in _SUBJECTS:
        return None
    after = folded[at + 1] if at + 1 < len(folded) else ""
    if "VERB" not in kinds and _is_noun(after):
        return None  # "a dense cloud": an adjective before its noun
    found = short_idea(term, " ".join(tokens[at:]), limit)
    if found is None or len(found.text.split()) < 3:
        return None  # "over time" says nothing
    # Not a noun phrase: it reads after "That is perihelion:", not after "Think of … as".
    return Idea(found.text, found.subject, found.link, "verb")


def _whole(kept: list[str], following: str) -> bool:
    """True when ``kept`` can end a short idea: on a noun or verb that says something, not
    on a function word, a bare adjective or a participle, and not inside "between X and Y"."""
    last, before = kept[-1], kept[-2] if len(kept) > 1 else ""
    if last in _FUNCTION_WORDS or last in _WEAK_END:
        return False
    if _participle(last) and not (last.endswith("ing") and before in _PREPOSITIONS):
        return False  # "sugars made", but "a way of talking" is whole
    found = _lemmas(last)
    if (found and set(found) <= {"ADJ", "ADV"}) or last.endswith(("ible", "able", "ous", "ful")):
        return False
    if "ADJ" in found and before in _DETERMINERS:
        return False  # "played in a short": the noun is still to come
    if before in _RELATIVES:
        return False  # "a circuit that converts": the clause has only begun
    if last not in found.get("VERB", (last,)) and not last.endswith("s") and _is_noun(before):
        return False  # "sugars made", "a writ ordering": a participle opening a phrase
    return not ("between" in kept and following == "and")


_RELATIVES = frozenset("that which who whom whose where whereby".split())


def _participle(word: str) -> bool:
    """A word that is only a verb form here ("powered", "requiring"), opening a phrase."""
    kinds = _lemmas(word)
    return word.endswith(("ed", "ing")) and bool(kinds) and set(kinds) <= {"VERB"}


def analyse(term: str, definition: str) -> Idea:
    """The key idea of ``definition`` with the subject and link a clause needs.

    Args:
        term: the term as written.
        definition: its definition; may be empty.

    Returns:
        The :class:`Idea`; its ``subject`` is the restated term from the definition
        when there is one ("pooling layers"), else :func:`display_name` of the term.
    """
    name = display_name(term, definition)
    names = _names(term)
    sentence = _first_sentence(plain(definition), names)
    if not sentence:
        return Idea("", name, "", "none")
    found = _split_subject(sentence, names)
    kind: Kind
    if found is None:
        subject, link, kind, rest = name, "", "gloss", sentence
        verb = _leading_verb(sentence)
        if verb is not None:
            link, kind, rest = verb
    else:
        subject, link, kind, rest = found
        subject = _limit_chars(_tame(subject), MAX_NAME_CHARS) if subject else name
    text = _shorten(rest)
    if not text:
        return Idea("", name, "", "none")
    return Idea(text, subject, link, kind)


def display_name(term: str, definition: str = "") -> str:
    """The term as a scene writes it mid-sentence.

    Markup and aliases in parentheses go ("Convolutional Neural Network (CNN)" →
    "Convolutional Neural Network"); capitals go when every capitalised word is a
    common English word ("Gradient Descent" → "gradient descent") or the definition
    writes the name in lower case; names ("Keras", "Habeas Corpus") and acronyms keep
    theirs. At most 80 characters; "the term" when nothing printable is left.
    """
    text = plain(term)
    bare = _squash(_PARENTHETICAL.sub(" ", text)) or _squash(re.sub(r"[()]", " ", text))
    # Mid-sentence, a name must not end the sentence: "Wow! Now?" → "Wow Now".
    bare = " ".join(w if is_abbreviation(w) else w.rstrip(".!?") for w in bare.split())
    bare = _limit_chars(bare, MAX_NAME_CHARS) or "the term"
    # Written in lower case in the definition: a sentence start would have capitalised it.
    if bare.lower() != bare and re.search(rf"\b{re.escape(bare.lower())}\b", plain(definition)):
        return bare.lower()
    return _tame(bare)


# Plain text ---------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


# First sentence -----------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """
    e.g. i.e. etc. vs. cf. approx. a.k.a. aka. mr. mrs. ms. dr. st. no. nos. inc. ltd. co.
    jr. sr. fig. al. u.s. u.k. e.u. u.n. ca. c. vol. pp. p. op. ch. sec. esp. incl. resp.
    """.split()
)
_SENTENCE_END = re.compile(r"[.!?]+['’)]*(?=\s|$)")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")


def _sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` in order, parentheticals removed; lazily, for long text."""
    for paragraph in text.split("\n\n"):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            # Only the word before the mark matters; slicing from far back would make a
            # long paragraph quadratic.
            if is_abbreviation(paragraph[max(start, match.start() - 40) : match.end()].split()[-1]):
                continue  # "e.g.", "J. S. Bach", "U.S.", "3 p.m."
            yield _without_parentheses(paragraph[start : match.start()])
            start = match.end()
        if paragraph[start:].strip():
            yield _without_parentheses(paragraph[start:])


def _without_parentheses(text: str) -> str:
    # Nested parentheses come out from the inside; an unclosed one is left as text.
    previous = None
    while previous != text:
        previous, text = text, _PARENTHETICAL.sub("", text)
    return _squash(text.replace("(", " ").replace(")", " ")).strip(" ,;:-–—")


def _first_sentence(text: str, names: list[list[str]]) -> str:
    """The first sentence that says something: not empty, not just the term's name."""
    for sentence in itertools.islice(_sentences(text), 3):
        sentence = _drop_context(sentence)
        end = _match_name(sentence, names)
        if sentence and (end is None or sentence[end:].strip(" .:;,-–—")):
            return sentence
    return ""


def first_sentences(definition: str, term: str, count: int) -> list[str]:
    """Up to ``count`` sentences of ``definition`` as plain text, without a leading
    context ("In law, ") or part-of-speech tag, skipping ones that only name ``term``."""
    names = _names(term)
    found: list[str] = []
    for sentence in itertools.islice(_sentences(plain(definition)), count + 1):
        sentence = _drop_context(sentence)
        end = _match_name(sentence, names)
        if sentence and (end is None or sentence[end:].strip(" .:;,-–—")):
            found.append(sentence)
    return found[:count]


_CONTEXT = re.compile(
    r"^(?:(?:in|within|for|under|among|across|throughout|at|on)\s+[^,]{1,60}"
    r"|[A-Za-z]+ly(?:\s+speaking)?|simply put|put simply|in short|for short),\s+",
    re.IGNORECASE,
)
_POS_TAG = re.compile(
    r"^(?:n|v|vt|vi|adj|adv|pl|noun|verb|adjective|adverb)(?:\.\s+|\s*[:\-–—]\s+)", re.IGNORECASE
)


def _drop_context(sentence: str) -> str:
    sentence = _POS_TAG.sub("", sentence)
    dropped = _CONTEXT.sub("", sentence, count=1)
    # Keep the context when it was all there was ("In short, yes").
    return dropped if len(dropped.split()) >= 3 else sentence


# Subject and link ---------------------------------------------------------------

_DETERMINERS = frozenset("a an the one any each every some".split())
_PRONOUNS = frozenset("it this they these".split())
_PREPOSITIONS = frozenset(
    "in of within inside for on at from under with among across during between into by".split()
)
_POSSESSIVES = frozenset("its their his her our your only all".split())
# Words after which a verb's subject has been said: "that rises", "it moves".
_SUBJECTS = frozenset("that which who it they this is are was were comes come".split())
_MODALS = frozenset("can could may might must should will would shall".split())
_STOPPERS = frozenset("that which who whom whose where when whereby while and or but".split())
# Linking words, longest first; those after the first group introduce a gloss.
_COPULAS = ("is", "are", "was", "were")
_GLOSS_LINKS = (
    "is defined as",
    "are defined as",
    "can be defined as",
    "is the term for",
    "is a term for",
    "is another word for",
    "is another name for",
    "refers to",
    "refer to",
    "stands for",
    "denotes",
    "denote",
    "means",
    "mean",
    "describes",
    "describe",
)


def _names(term: str) -> list[list[str]]:
    """The term's names as lists of lower-case word pieces, longest first."""
    text = plain(term)
    names: list[str] = []
    main = _squash(_PARENTHETICAL.sub(" ", text))
    names.append(main)
    for inner in re.findall(r"\(([^()]*)\)", text):
        names.extend(part for part in re.split(r"[;,]", inner))
    if "/" in main:
        # "Xavier/Glorot Initialization": each alternative with the rest of the name.
        for alternative in re.findall(r"[^\s/]+(?=/)|(?<=/)[^\s/]+", main):
            names.append(re.sub(r"[^\s/]+(?:/[^\s/]+)+", alternative, main, count=1))
    pieces = [_pieces(name) for name in names]
    unique = {tuple(p): p for p in pieces if p}
    return sorted(unique.values(), key=len, reverse=True)


def _pieces(text: str) -> list[str]:
    return [p.casefold() for p in re.findall(r"[^\W_]+", text)]


def _same_piece(found: str, wanted: str) -> bool:
    if found == wanted:
        return True
    for a, b in ((found, wanted), (wanted, found)):  # either may be the plural
        if a in (b + "s", b + "es") or (b.endswith("y") and a == b[:-1] + "ies"):
            return True
    return False


def _match_name(sentence: str, names: list[list[str]]) -> int | None:
    """Where the term ends when ``sentence`` starts with it (after a determiner), else None."""
    pieces = list(re.finditer(r"[^\W_]+", sentence))
    start = 1 if pieces and pieces[0].group().casefold() in _DETERMINERS else 0
    for name in names:
        span = pieces[start : start + len(name)]
        if len(span) == len(name) and all(
            _same_piece(p.group().casefold(), w) for p, w in zip(span, name, strict=True)
        ):
            end = span[-1].end()
            # "model's": a possessive belongs to the name it follows.
            possessive = re.match(r"['’]s?\b", sentence[end:])
            return end + possessive.end() if possessive else end
    return None


def _link_at(words: list[str], index: int) -> tuple[str, int] | None:
    """The linking phrase starting at ``words[index]`` and how many words it takes."""
    for phrase in _GLOSS_LINKS + _COPULAS:
        parts = phrase.split()
        found = [w.casefold().strip(",") for w in words[index : index + len(parts)]]
        if found == parts:
            return " ".join(words[index : index + len(parts)]).casefold(), len(parts)
    return None


@functools.cache
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    import lemminflect  # type: ignore[import-untyped]

    found: dict[str, tuple[str, ...]] = lemminflect.getAllLemmas(word)
    return found


def _is_verb(word: str) -> bool:
    word = word.casefold()
    return word in _MODALS or bool({"VERB", "AUX"} & _lemmas(word).keys())


def _is_noun(word: str) -> bool:
    return "NOUN" in _lemmas(word.casefold())


def _split_subject(sentence: str, names: list[list[str]]) -> tuple[str, str, Kind, str] | None:
    """(subject, link, kind, rest) when ``sentence`` opens by naming the term, else None."""
    end = _match_name(sentence, names)
    if end is None:
        first = _first_word(sentence)
        if first not in _PRONOUNS:
            return None
        end = len(sentence.split(None, 1)[0])
        pronoun = True
    else:
        pronoun = False
    rest = sentence[end:].strip()
    if not rest:
        return None
    if rest[0] in ":-–—,":
        return ("" if pronoun else sentence[:end]), "", "gloss", rest[1:].strip()
    words = rest.split()
    phrase_start: int | None = None  # where a prepositional phrase after the name starts
    for index, word in enumerate(words[:8]):
        bare = word.casefold().strip(",;:")
        following = words[index + 1].casefold() if index + 1 < len(words) else ""
        link = _link_at(words, index)
        # A word that can be a verb is one right after the name, when it can be nothing
        # else, or before an article ("layers in a network shrink the maps").
        verb = _is_verb(bare) and (
            index == 0 or not _is_noun(bare) or following in _DETERMINERS | _POSSESSIVES
        )
        if link is not None or verb:
            cut = phrase_start if phrase_start is not None else index
            subject = " ".join([sentence[:end], *words[:cut]]).strip(" ,")
            if pronoun:
                subject = ""  # "It is …": the term's name stands in
            if link is None:
                return subject, "", "verb", " ".join(words[index:])
            text, kind = " ".join(words[index + link[1] :]), _link_kind(link[0])
            return subject, link[0], kind, text
        if bare in _STOPPERS or word.endswith((",", ";")):
            return None
        if bare in _PREPOSITIONS and phrase_start is None:
            phrase_start = index
    return None


def _link_kind(link: str) -> Kind:
    return "copula" if link in _COPULAS else "gloss"


def _leading_verb(sentence: str) -> tuple[str, Kind, str] | None:
    """(link, kind, rest) for a fragment opening with a verb: "Measures how …", "Refers to …"."""
    words = sentence.split()
    link = _link_at(words, 0)
    if link is not None and link[0] not in _COPULAS:
        return link[0], "gloss", " ".join(words[link[1] :])
    first = words[0].casefold()
    following = words[1].casefold() if len(words) > 1 else ""
    # A third-person verb ("Measures how …"), not a plural noun ("Layers of rock …").
    verb_like = not _is_noun(first) or following in _DETERMINERS | _FUNCTION_WORDS - _PREPOSITIONS
    if first.endswith("s") and _is_verb(first) and len(words) > 2 and verb_like:
        return "", "verb", sentence
    return None


# Shortening ---------------------------------------------------------------------

# Asides set off by commas that a short idea does without.
_ASIDE = re.compile(
    r",\s*(?:other than|also called|also known as|known as|called|usually|typically|often"
    r"|generally|sometimes|in particular)\b[^,;]*,",
    re.IGNORECASE,
)
# Examples and restatements start where the idea may stop.
_EXAMPLE = re.compile(
    r",?\s+(?:such as|e\.g\.|i\.e\.|for example|for instance|including|like)\s", re.IGNORECASE
)
_USED_IN = re.compile(
    r"\b(used|applied|employed)\s+(?:in|within|by|for)\s+(?:[\w'-]+\s+){0,3}?"
    # "used in deep learning due to its simplicity": "due to" is no purpose clause.
    r"(?<!\bdue\s)(?<!owing\s)(?<!thanks\s)(?<!according\s)(?<!prior\s)(?<!next\s)(?=to\s)",
    re.IGNORECASE,
)
_EXAMPLES = frozenset("such including e.g. i.e. especially usually typically mainly like".split())
_CLAUSES = frozenset(
    """
    which and but or so because while whereas where when although though by based allowing
    making helping enabling thereby thus using giving causing resulting without unlike
    """.split()
)
_PHRASES = frozenset(
    "in of on at for from during through into within between across over under after before "
    "via toward towards against along around".split()
)
# Prepositions and relatives: a cut before them keeps a whole phrase, but little else.
_WEAK_BOUNDARIES = _PHRASES | {"that", "who", "whose"}
_WEAK_END: frozenset[str] = frozenset(
    """
    a an the of to and or but nor with by for in on at as from into onto that which who whom
    whose when where than its their his her our your my this these those is are was were be
    been being such very most so its it whether if also not no any each every
    either both between via per about can could may might must should will would
    """.split()
)


# Words written in lower case mid-sentence, whatever a lexicon of content words says.
_FUNCTION_WORDS = (
    _WEAK_END
    | _DETERMINERS
    | _PRONOUNS
    | frozenset("how what why whether one two three four five several many much all".split())
)


_SEE_ALSO = re.compile(
    r"[;,]?\s+(?:see also|see|compare|cf\.|contrast with|not to be confused with)\s.*$",
    re.IGNORECASE,
)


def _shorten(text: str) -> str:
    text = _SEE_ALSO.sub("", text)
    head, semicolon, _ = text.partition(";")
    if semicolon and len(head.split()) >= MIN_WORDS:
        text = head  # what follows a semicolon is a second thought
    text = _ASIDE.sub("", text)
    example = _EXAMPLE.search(text)
    if example is not None and len(text[: example.start()].split()) >= MIN_WORDS:
        inserted = re.match(r"([^,;]*),\s+(.+)", text[example.end() :])
        if inserted and not re.search(r"\b(?:and|or|etc)\b", inserted.group(2)):
            # ", such as temperature and pH, steady": an aside inside the idea, not a list.
            text = f"{text[: example.start()]} {inserted.group(2)}"
        else:
            text = text[: example.start()]
    text = _USED_IN.sub(r"\1 ", text)
    words = [w for w in text.split() if len(w) <= LONG_WORD]
    if len(words) > MAX_WORDS:
        words = words[: _best_cut(words)]
    text = _trim_end(" ".join(words))
    while len(text) > MAX_CHARS:
        text = _trim_end(text.rsplit(" ", 1)[0]) if " " in text else text[:MAX_CHARS]
    return _lower_start(text)


def _best_cut(words: list[str]) -> int:
    """How many words to keep: the longest prefix that ends at a good boundary."""
    # Score: words kept plus a bonus for the boundary; a hard cut mid-clause scores low,
    # and on equal scores the stronger boundary wins.
    best, best_score = MAX_WORDS, (float(MAX_WORDS - 6), -1.0)
    for count in range(MIN_WORDS, MAX_WORDS + 1):
        last, following = words[count - 1], words[count].casefold().strip(",;:")
        if last.endswith((",", ";", ":")) or following in ("-", "–", "—", *_EXAMPLES):
            bonus = 5.0
        elif following in _CLAUSES:
            bonus = 2.0
        elif following in _WEAK_BOUNDARIES or (following == "to" and _after_to(words, count)):
            bonus = 0.0
        else:
            continue
        if (count + bonus, bonus) >= best_score:
            best, best_score = count, (count + bonus, bonus)
    return best


def _after_to(words: list[str], count: int) -> bool:
    """True when ``words[count]`` is "to" as a preposition ("to a concentrated one")."""
    following = words[count + 1].casefold() if count + 1 < len(words) else ""
    return following in _DETERMINERS or following in ("its", "their", "his", "her", "our")


def _trim_end(text: str) -> str:
    """``text`` without trailing punctuation or function words ("… of the", "… and")."""
    words = text.split()
    while words:
        last = words[-1]
        if is_abbreviation(last):
            break  # "etc." keeps its period; the scene adds none after it
        stripped = last.rstrip(".,;:!?-–—")
        if not stripped.strip("'’") or stripped.casefold().strip("'’") in _WEAK_END:
            words.pop()
            continue
        words[-1] = stripped
        break
    return " ".join(words)


def is_abbreviation(word: str) -> bool:
    """True for a word whose period ends no sentence: "e.g.", "Dr.", "U.S.", an initial "J."."""
    folded = word.casefold().strip("'’‘()")
    return folded in _ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)+", folded) is not None


def _first_word(text: str) -> str:
    match = re.match(r"\s*([^\W_]+)", text)
    return match.group(1).casefold() if match else ""


def _known(word: str) -> bool:
    """A common English word (in the lexicon), so capitals on it are only title case."""
    lowered = word.casefold()
    if lowered in _FUNCTION_WORDS or lexicon.load().get(lowered) is not None:
        return True
    # lemminflect's tables hold common words, not names: "tort" yes, "keras" no.
    return bool(_lemmas(lowered))


def _title_case(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _lower_start(text: str) -> str:
    match = re.match(r"[^\W_]+", text)
    if match is not None and _title_case(match.group()) and _known(match.group()):
        return match.group().lower() + text[match.end() :]
    return text


def _tame(text: str) -> str:
    """Lower-case a leading determiner and each run of title-case common words."""
    words = text.split(" ")
    if words and words[0].casefold() in _DETERMINERS:
        words[0] = words[0].lower()
    runs: list[list[int]] = []
    for index, word in enumerate(words):
        core = re.sub(r"[^\w-]", "", word)
        parts = [p for p in core.split("-") if p]
        if parts and all(_title_case(p) for p in parts):
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
    for run in runs:
        parts = [p for i in run for p in re.sub(r"[^\w-]", "", words[i]).split("-") if p]
        if all(_known(p) for p in parts):
            for i in run:
                words[i] = words[i].lower()
    return " ".join(words)


def _limit_chars(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut if cut else text[:limit]
