"""The entry grammar that the pasted-text and Markdown readers share.

Names: a term's display form (``LSTM (Long Short-Term Memory)``) and its aliases.
Mimage entries: ``**Term**: Picture a "Keyword" …``, several of which may run together
on one line; the keyword is the first quoted phrase, the scene is the whole text.

Term and definition: where a glossary line's term ends and its definition starts.

Pasted glossaries write an entry as ``Term: definition``, ``Term – definition``,
``Term = definition``, ``Term<tab>definition``, ``**Term**: definition`` (or
``*Term*``, ``_Term_``), with the term running straight into its definition
("XylemThe plant tissue …", "AuxinAuxin is …"), or with only a space between
them ("Phloem The tissue …", "Phloem Carries sugars …"). For the run-together
kind each uppercase letter glued to the character before is a candidate
boundary, scored by how much the text before it looks like a term and the
text after it like the start of a definition sentence; the one-space kind is
scored the same way at each capitalised word (``space_splits``), and a reader
that knows the glossary's other terms picks among close readings.

Every pattern is bounded (a term is at most 100 characters) so junk lines cost
a linear scan, never backtracking.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

from mimagery.model import Mimage, Term, clean, key

MAX_NAME_CHARS = 100  # a term's name is a short phrase
MAX_MARKER_CHARS = 3 * MAX_NAME_CHARS  # a display form with aliases is longer
_STRONG = r"imagine|picture|visuali[sz]e|envision|envisage"
_WEAK = r"think (?:of|about)|see|consider|remember"
# The verbs a scene opens with; "strong" ones are never how a definition starts.
OPENING_VERB = re.compile(rf"[ \t]*(?:(?P<strong>{_STRONG})|{_WEAK})\b", re.IGNORECASE)
# A scene's start: an opening verb or a quoted phrase ('A "Keyword" …').
SCENE_OPENING = re.compile(rf"(?:(?:{_STRONG}|{_WEAK})\b|(?:(?:a|an|the)\s+)?[\"“])", re.IGNORECASE)
QUOTE_SOON = re.compile(r"[^\n\"“]{0,80}[\"“]")
_QUOTE_START = re.compile(r"(?:(?:a|an|the)\s+)?[\"“]", re.IGNORECASE)
# A parenthesis glued to a word is part of the name ("st(s)", "CO2(g)"), not aliases.
_ALIASES = re.compile(r"(?P<name>[^()]+?)\s+\((?P<aliases>[^()]*)\)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*|\n")
# A name and its colon after a sentence end; possessive, so a miss never backtracks.
_MARK = re.compile(r"[.!?…\n][\"'”’)\]]*+([^.!?…\n:]{1,300}+):")
_FIRST_MARK = re.compile(r"([^.!?…\n:]{1,300}+):")
_PREFIX = re.compile(r"(?:\"([^\"\n]*)\"|“([^”\n]*)”)[ \t]*:[ \t]*")
_QUOTED = re.compile(r"\"([^\"\n]{1,120})\"|“([^”\n]{1,120})”")
# Sentence starts that are not term names ("This symbolizes: …").
_NOT_NAMES = frozenset(
    ("this", "that", "these", "those", "it", "he", "she", "they", "we", "you", "i", "here", "note")
)
Entry = tuple[str, Term | None, str]  # (term as written, the known term, entry text)

# Real definitions are a few hundred characters; a longer glossary line is junk.
MAX_ENTRY_LINE = 20_000
MAX_TERM_CHARS = MAX_NAME_CHARS
MAX_TERM_WORDS = 10
MAX_CANDIDATES = 8  # run-together boundaries scored per line


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The first "Term: definition", "Term – definition", "Term - definition", "Term—definition",
# "Term = definition" or "Term | definition".
_SEPARATOR = re.compile(r":[ \t]+(?=\S)|[ \t]+[-–—=|][ \t]+(?=\S)|—[ \t]*(?=\S)")
# A dash or "=" ending the line, nothing after it: "perro –".
_DANGLING = re.compile(r"(?:[ \t]+[-–—=]|—)[ \t]*$")
# "**Term**: definition", "**Term:** definition", "**Term** – definition", and the same
# with italic or bold-italic marks ("*Term*:", "_Term_ —", "***Term***:").
BOLD = re.compile(
    r"(\*{1,3}|__?)(?P<t>[^*_\s][^*_\n]{0,149}?)[ \t]*:?[ \t]*\1(?![*_])"
    r"[ \t]*(?:[:–—=-][ \t]*)?(?=\S)"
)
# A run-together boundary: an uppercase letter glued to the character before
# (non-ASCII letters are candidates too; str.isupper() decides afterwards).
_GLUED = re.compile(r"[\w)\]'’](?=[A-Z]|[^\x00-\x7f])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TERM_CHARS = re.compile(r"[\w \t\-'’/().,;&+#°%]+")
_PROSE_PUNCT = re.compile(r"[!?;]|\w{4,}\.(?:\s|$)|[.,]\s*$")

# Lower-case words allowed inside a term ("Law of Demand", "la casa").
_CONNECTIVES = _words(
    "of and or the a an in on at to for by with from de del la las el los le les du des "
    "un une una y e et der die das von van vs"
)
_PROSE_WORDS = _words("is are was were has have had i we you")  # never inside a name
# Whether the glossary is English: in other languages those words are words of a name
# too ("i gatti", "we gaan", "has comido").
_ENGLISH: contextvars.ContextVar[bool] = contextvars.ContextVar("english", default=True)


@contextmanager
def reading(language: str | None) -> Iterator[None]:
    """Read the glossary's lines as words of ``language`` (an ISO code; None: English)
    within the block: in another language a lower-case name may hold "i", "we", "has"."""
    token = _ENGLISH.set(language in (None, "en"))
    try:
        yield
    finally:
        _ENGLISH.reset(token)


_ARTICLES = _words("a an the")
_STARTERS = _words(  # words a definition sentence commonly starts with
    "a an the in it its this these that those they there one any each every some many "
    "most for when where which who used refers also to of on at as by from with describes "
    "denotes means el la los las un una le les une der die das ein eine il lo"
)

# Bytes standing for characters when looking for run-together boundaries in
# ASCII text: "U" an uppercase letter, "w" a character a term may end with.
_GLUE_TABLE = bytes(
    ord("U") if chr(b).isupper() else ord("w") if chr(b).isalnum() or chr(b) in ")]'_" else 32
    for b in range(256)
)


def split_entry(line: str) -> tuple[str, str] | None:
    """Split a glossary line into term and definition, or None if it is not an entry.

    The one-space kind ("Phloem The tissue …") is not tried here: it needs the
    glossary's other terms to choose among its readings (see ``space_splits``).
    """
    entry = read_entry(line)
    return None if entry is None else (entry[0], entry[1])


def read_entry(line: str) -> tuple[str, str, str] | None:
    """``split_entry`` saying how the line was written: (term, definition, kind), the
    kind ``emphasis`` (``**Term**: …``), ``tab``, ``separator`` (``:``, a dash, ``=``),
    ``glued`` (run together, a clear boundary) or ``glued?`` (run together, a boundary
    with less to go on: "XylemWater-conducting tissue…")."""
    if len(line) > MAX_ENTRY_LINE:
        return None
    if line[:1] in ("*", "_"):
        bold = BOLD.match(line)
        if bold:
            return bold.group("t"), line[bold.end() :], "emphasis"
    tab = line.find("\t", 1, MAX_TERM_CHARS + 1)
    if tab > 0:
        cells = tab_cells(line)
        if cells is not None:
            return cells[0], cells[1], "tab"
    explicit = explicit_split(line)
    score, at = best_split(line)
    if explicit is not None:
        # A separator inside a run-together definition: a strong glued split
        # before the separator wins ("Activation FunctionAn activation … – …").
        if score >= 5 and at < len(explicit[0]):
            return line[:at], line[at:], "glued"  # score >= 5
        return explicit[0], explicit[1], "separator"
    if score < 3:
        return None
    return line[:at], line[at:], "glued" if score >= 5 else "glued?"


def tab_cells(line: str) -> tuple[str, str] | None:
    """``Term<tab>definition`` (a row pasted from a spreadsheet) with a plausible term;
    further cells are joined to the definition with a space."""
    head, _, rest = line.partition("\t")
    head = head.strip()
    cells = [cell.strip() for cell in rest.split("\t")]
    definition = " ".join(cell for cell in cells if cell)
    return (head, definition) if definition and term_ok(head) else None


def explicit_split(line: str) -> tuple[str, str] | None:
    """``Term: definition`` / ``Term – definition`` / ``Term = definition`` with a
    plausible term, else None."""
    window = line[: MAX_TERM_CHARS + 40]
    if len(line) > MAX_ENTRY_LINE or not (
        ":" in window
        or " - " in window
        or "–" in window
        or "—" in window
        or " = " in window
        or " | " in window
        or line[-1:] in ("-", "=")
    ):
        return None  # the cheap test first: most lines have no separator
    match = _SEPARATOR.search(line, 1, MAX_TERM_CHARS + 40)
    if match is None:
        # A word whose meaning was left out: "perro –" (so it does not run into the entry
        # before, and an import can say the meaning is missing).
        dangling = _DANGLING.search(line, 1) if len(line) <= MAX_TERM_CHARS + 2 else None
        if dangling is None:
            return None
        head = line[: dangling.start()].rstrip()
        return (head, "") if term_ok(head) else None
    head = line[: match.start()].rstrip()
    return (head, line[match.end() :]) if term_ok(head) else None


# -- word lists: a word and its meaning, told apart by a comma or by their scripts --------

_LATIN_END = 0x024F  # the last Latin letter of Unicode's Latin blocks before IPA


def _latin(char: str) -> bool:
    return char.isalpha() and (char.isascii() or ord(char) <= _LATIN_END)


def word_pair(line: str) -> tuple[str, str, str] | None:
    """A word-list line with no separator a glossary uses, as (word, meaning, kind):

    - ``script``: a word in a non-Latin script, then its meaning in Latin letters with
      only a space between ("собака dog", "большой дом big house");
    - ``comma``: a short word or phrase, a comma and a short meaning ("gato, cat").

    Only a reader that has seen a glossary made of such lines should take them this way
    (``lines.Survey``): in prose a comma joins clauses.
    """
    if len(line) > MAX_TERM_CHARS + 80:
        return None
    first = line[:1]
    if first.isalpha() and not _latin(first):
        words = line.split()
        for index, word in enumerate(words):
            letter = next((char for char in word if char.isalpha()), "")
            if _latin(letter):
                if any(c.isalpha() and not _latin(c) for c in " ".join(words[index:])):
                    return None  # the meaning is not plainly in another script
                head = " ".join(words[:index])
                if index > MAX_TERM_WORDS or not term_ok(head):
                    return None
                return head, " ".join(words[index:]), "script"
        return None
    comma = line.find(",", 1, MAX_TERM_CHARS + 1)
    if comma < 0:
        return None
    head, meaning = line[:comma].rstrip(), line[comma + 1 :].strip()
    if (
        not meaning
        or len(meaning) > 80
        or len(head.split()) > 4
        or len(meaning.split()) > 8
        or not term_ok(head)
        or meaning[-1] in "!?"
        or _PROSE_PUNCT.search(meaning[:-1])  # one sentence at most, no "!" or "?" inside
    ):
        return None
    return head, meaning, "comma"


def bare_term(line: str) -> bool:
    """A line that could be a term alone: short, no sentence end, no separator."""
    return (
        len(line) <= MAX_TERM_CHARS
        and ":" not in line
        and not ends_sentence(line)
        and term_ok(line)
    )


def term_ok(head: str) -> bool:
    """Whether text looks like a term rather than a piece of prose."""
    if not head or len(head) > MAX_TERM_CHARS or head.count("(") != head.count(")"):
        return False
    if not (head[0].isalnum() or head[0] in "(¿¡'"):
        return False
    # _TERM_CHARS has no "!?"; a period, a final comma or a ";" outside the
    # aliases' parenthesis ("Salt (NaCl; halite)") marks prose.
    if not _TERM_CHARS.fullmatch(head) or (
        ("." in head or head[-1] == ",") and _PROSE_PUNCT.search(head)
    ):
        return False
    if ";" in head and not head.find("(") < head.find(";") < head.rfind(";") + 1 <= head.rfind(")"):
        return False
    words = head.split()
    if len(words) == 1:
        return True
    if len(words) > MAX_TERM_WORDS:
        return False
    folded = head.casefold().split()
    if not _PROSE_WORDS.isdisjoint(folded) and (head[0].isupper() or _ENGLISH.get()):
        return False  # "this is" is a sentence
    if head.istitle():
        return True
    lower = [f for w, f in zip(words, folded, strict=False) if w[0].islower()]
    return len(lower) <= 3 or len(_CONNECTIVES.intersection(lower)) >= len(lower) - 3


def best_split(line: str, caps: bool = True) -> tuple[float, int]:
    """The best run-together boundary as (score, index); (0, 0) if none.

    Candidates are uppercase letters glued to the character before, within
    the first 100 characters (a term is short). Ties go to the later
    boundary, so a camel-case name (TensorFlow) is not cut inside. ``caps=False``
    ignores boundaries after a capital ("DNA|DNA is", "pH|The").
    """
    if len(line) > MAX_ENTRY_LINE:
        return 0.0, 0
    best = (0.0, 0)
    for at in _candidates(line[: MAX_TERM_CHARS + 1]):
        if not caps and line[at - 1].isupper():
            continue
        score = _score(line, at)
        if score is not None and (score, at) > best:
            best = (score, at)
    return best


def _candidates(head: str) -> list[int]:
    """Indexes of uppercase letters glued to the character before.

    A capital after a capital starts a definition only before a lower-case
    letter ("DNA|Deoxyribonucleic", "pH|The") or where the head's first letter
    comes again ("DNA|DNA is"); other runs of capitals are acronyms. A line
    with very many candidates is not prose (junk): none are returned.
    """
    if head.isascii():  # one C-level translate, then byte searches: several times faster
        marks = head.encode("ascii").translate(_GLUE_TABLE)
        found = []
        at = marks.find(b"U", 1)
        while at > 0:
            if marks[at - 1] != 32:
                found.append(at)
            at = marks.find(b"U", at + 1)
    else:
        found = [m.end() for m in _GLUED.finditer(head) if head[m.end()].isupper()]
    first = head[0]
    found = [
        at
        for at in found
        if not head[at - 1].isupper() or head[at + 1 : at + 2].islower() or head[at] == first
    ]
    return found[:MAX_CANDIDATES] if len(found) <= 2 * MAX_CANDIDATES else []


def _score(line: str, at: int) -> float | None:
    """How likely ``line[:at]`` is a term and ``line[at:]`` its definition."""
    head = line[:at]
    if not term_ok(head):
        return None
    name, aliases = split_name(head) if "(" in head else (head, [])
    folded = line[at : at + at + 3].casefold()
    for form in (head, name, *aliases):
        form = form.casefold()
        if folded.startswith(form):
            rest = folded[len(form) : len(form) + 3]
            plural = (rest[:1] == "s" and not rest[1:2].isalpha()) or (
                rest[:2] == "es" and not rest[2:3].isalpha()
            )
            if rest and (not rest[:1].isalpha() or plural):
                return 10.0  # the definition restates the term: "KerasKeras is …"
    if line[at - 1].isupper() and not line[at + 1 : at + 2].islower():
        return None  # inside a run of capitals only a restated term is a boundary
    if not any(c.islower() for c in line[at : at + 40]):
        return None  # a definition is no run of capitals ("PHILOSOPHY 1A KEY CONCEPTS")
    tail_words = line[at : at + 160].split(None, 2)
    if len(tail_words) < 2 and not ends_sentence(line):
        return None
    first = tail_words[0].rstrip(",;:")
    first_word = _plain_word(first)
    if (" " in name or "/" in name) and first_word == name.replace("/", " ").split()[0].casefold():
        return _penalties(head, first, 6.0)  # "Xavier/Glorot InitializationXavier …"
    more = len(tail_words) > 1
    score: float
    if first_word in _ARTICLES and more:
        word2 = _plain_word(tail_words[1])
        terms = _term_words(head)
        # "Neural NetworkA neural network is …", else any sentence starting "A …"
        score = 8.0 if word2 in terms or word2[:-1] in terms else 5.0
    elif first_word in _STARTERS and more:
        score = 5.0  # "XylemIn vascular plants, …"
    elif len(first_word) >= 3 and first_word in _term_words(head):
        score = 4.0
    elif more and len(first) > 1 and _is_title(first) and tail_words[1][:1].islower():
        score = 3.0  # a capitalised sentence start: "XylemWater-conducting tissue …"
    else:
        return None
    return _penalties(head, first, score)


# -- one space between term and definition ------------------------------------------

# Capitalised words that start a definition sentence rather than continue a name.
_SPACE_STARTERS = _words(
    "a an the in it its this these that those one any each every some many most used "
    "refers also when where which who what how if for describes denotes means any "
    "two three four five six seven eight nine ten several few both all"
)
_SPACE_ARTICLES = _words("a an the")


def space_splits(line: str) -> list[tuple[float, int]]:
    """The readings of ``Term Definition…`` with one space between: (score, index of the
    definition's first word), in line order; empty when none is plausible.

    The term is one or more capitalised words (lower-case connectives inside: "Law of
    Demand"); the definition starts with a capitalised word. An article or a usual
    sentence opener there ("The", "A", "In") scores 5, a capitalised word before a
    lower-case one ("Carries sugars", "Growing tissue") 3, and a capitalised word
    before another ("Edwin Hubble found") 1: only the glossary's other terms can
    choose such a reading.
    """
    if len(line) > MAX_ENTRY_LINE or " " not in line:
        return []
    words = line[: MAX_TERM_CHARS + 40].split(" ")
    if not words[0] or not (words[0][0].isupper() or words[0][0].isdigit()):
        return []  # a term written this way starts with a capital
    readings: list[tuple[float, int]] = []
    at = len(words[0]) + 1
    for index in range(1, min(len(words) - 1, MAX_TERM_WORDS + 1)):
        word = words[index]
        start = at
        at += len(word) + 1
        if not word or not word[0].isupper():
            if word.casefold() in _CONNECTIVES or (word[:1].isdigit() and word.isalnum()):
                continue  # "Law of Demand", "Vitamin B12"
            break  # a lower-case word that is no connective: the name has ended
        if start > MAX_TERM_CHARS + 1:
            break
        folded = _plain_word(word)
        following = words[index + 1]
        if folded in _SPACE_ARTICLES or (folded in _SPACE_STARTERS and following[:1].islower()):
            readings.append((5.0, start))
        elif following[:1].islower():
            readings.append((3.0, start))
        elif following[:1].isupper() and word[1:].islower():
            readings.append((1.0, start))
    if not readings or max(score for score, _ in readings) < 3:
        return []  # the cheap test first: most such lines are no entry
    return [(score, start) for score, start in readings if _space_term(line[: start - 1])]


def _space_term(head: str) -> bool:
    """Whether the words before a one-space boundary can be a term."""
    if " The " in head or " A " in head or " An " in head:
        return False  # a capitalised article inside a name: the definition began before it
    last = head.rsplit(" ", 1)[-1]
    if last.casefold() in _CONNECTIVES and not last[0].isupper():
        return False  # a name does not end in "of"
    return head.split(" ", 1)[0] not in ("A", "An", "The") and term_ok(head)


def _plain_word(token: str) -> str:
    """The token's leading word, case-folded: ``"It's,"`` → ``it's``; ``"(Glorot)"`` → ""."""
    folded = token.casefold()
    if folded.isalpha():
        return folded  # the usual case, without a regex
    word = _WORD.match(folded)
    return word.group() if word else ""


def _term_words(head: str) -> set[str]:
    for mark in "/-()":
        head = head.replace(mark, " ")
    return set(head.casefold().split())


def _penalties(head: str, first: str, score: float) -> float:
    rest = first[1:]
    if not rest.islower() and any(a.islower() and b.isupper() for a, b in pairwise(rest)):
        score -= 4  # the boundary cuts a camel word ("Java|ScriptA …")
    last = head.rsplit(None, 1)[-1]
    if len(last) <= 2 and last[-1].islower() and (" " not in head.strip() or last[0].islower()):
        score -= 3  # the term would end in a fragment such as "Mc" or "i" (not "Per Se")
    return score


def _is_title(word: str) -> bool:
    """``Water-conducting`` yes; ``ReLU`` or ``FlowAn`` no."""
    return bool(word) and word[0].isupper() and not any(c.isupper() for c in word[1:])


# -- names and mimage entries ----------------------------------------------------


def split_name(head: str) -> tuple[str, list[str]]:
    """``"LSTM (Long Short-Term Memory)"`` → ``("LSTM", ["Long Short-Term Memory"])``.

    Only a parenthesis at the end gives aliases (split on ``;``); a name with
    nothing before its parenthesis is kept whole.
    """
    head = " ".join(head.split())
    match = _ALIASES.fullmatch(head) if head.endswith(")") else None
    if not match:
        return head, []
    aliases = [a.strip() for a in match.group("aliases").split(";") if a.strip()]
    return match.group("name"), aliases


def find_term(lookup: dict[str, Term], name: str) -> Term | None:
    """The term written as ``name`` (its name, an alias, its display form or a
    plural), given ``lookup`` keyed by model.key of those forms."""
    folded = key(name)
    term = lookup.get(folded)
    if term is None and folded.endswith("s"):
        term = lookup.get(folded[:-1])
    if term is None and folded.endswith(")"):
        base, aliases = split_name(name)
        term = lookup.get(key(base)) if aliases else None
    return term


def split_mimages(
    text: str, lookup: dict[str, Term], forced: str | None = None, dotted: bool = True
) -> list[Entry]:
    """Cut mimage text into entries: (term as written, known term or None, text).

    An entry starts with a term name and ``:`` at the start of the text or a
    line, or right after sentence-final punctuation (with or without a space):
    ``…network.Backpropagation: Picture …``. Names are found through ``lookup``
    (see find_term), with optional ``**`` or a list bullet; an unknown name
    must be a short phrase followed by an opening verb or a quoted phrase.
    Text before the first name belongs to ``forced`` when given, else is
    dropped. ``dotted=False`` promises that no known name holds sentence
    punctuation, so only the nearest sentence start can begin one (faster).
    """
    return [
        (name, term, text[body:end])
        for name, term, _, body, end in _cut(
            text, _found_marks(text, lookup, dotted), lookup, forced
        )
    ]


def _found_marks(
    text: str, lookup: dict[str, Term], dotted: bool
) -> list[tuple[int, str, Term | None, int]]:
    """Each entry's (marker start, name, known term or None, start of its text)."""
    found: list[tuple[int, str, Term | None, int]] = []
    floor = 0
    get = lookup.get
    for at, starts in _dotted_marks(text) if dotted else _marks(text):
        name, term, begin = None, None, 0
        for begin in starts:  # farthest first: the longest known name wins
            if begin < floor:
                continue  # inside the previous entry's marker
            name = text[begin:at].strip(" \t\n*_")
            term = get(name.casefold())  # the usual case: a name, maybe in bold
            if term is None:
                name = _marker(name)
                term = find_term(lookup, name) if name else None
            if term is not None:
                break
        # Else the nearest start (the last tried) may begin an unknown name.
        if term is None and (not name or not _generic_name(name, text, at + 1)):
            continue
        body = at + 1
        while text.startswith(("**", "__"), body):
            body += 2
        found.append((begin, name or "", term, body))
        floor = body
    return found


def cut_mimages(
    text: str, lookup: dict[str, Term], forced: str | None = None, dotted: bool = True
) -> list[tuple[str, Term | None, int, int, int]]:
    """``split_mimages`` giving where each entry lies in ``text``: (term as written,
    known term or None, start of its marker, start of its text, end)."""
    return _cut(text, _found_marks(text, lookup, dotted), lookup, forced)


def _cut(
    text: str,
    found: list[tuple[int, str, Term | None, int]],
    lookup: dict[str, Term],
    forced: str | None,
) -> list[tuple[str, Term | None, int, int, int]]:
    cuts: list[tuple[str, Term | None, int, int, int]] = []
    if forced is not None:
        head = found[0][0] if found else len(text)
        if text[:head].strip():
            cuts.append((forced, find_term(lookup, forced), 0, 0, head))
    for index, (begin, name, term, body) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        cuts.append((name, term, begin, body, end))
    return cuts


def _marks(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(colon, (start,)) for each colon that follows a sentence start with no
    sentence punctuation in between: one C-level scan of the text."""
    first = _FIRST_MARK.match(text)
    marks: list[tuple[int, tuple[int, ...]]] = [(first.end(1), (0,))] if first else []
    marks.extend((m.end(1), (m.start(1),)) for m in _MARK.finditer(text))
    return marks


def _dotted_marks(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(colon, starts farthest first) for every colon: any sentence start within
    reach may begin a name that itself holds sentence punctuation."""
    marks: list[tuple[int, tuple[int, ...]]] = []
    for colon in re.finditer(":", text):
        at = colon.start()
        low = max(0, at - MAX_MARKER_CHARS)
        starts = [m.end() for m in _SENTENCE_END.finditer(text, low, at)]
        marks.append((at, (0, *starts) if low == 0 else tuple(starts)))
    return marks


def _marker(segment: str) -> str | None:
    """The term name in ``  - **Name**`` (the text before an entry's colon)."""
    name = segment.strip()
    if name[:1] in ("-", "*", "+", "•") and name[1:2] in (" ", "\t"):
        name = name[2:].lstrip()
    name = name.strip("*_ \t")
    if not name or "\n" in name or len(name) > MAX_MARKER_CHARS:
        return None
    return name


def _generic_name(name: str, text: str, after: int) -> bool:
    """An unknown term before a colon: a short phrase, then a verb or a quote."""
    words = name.split()
    if len(words) > 6 or words[0].casefold() in _NOT_NAMES:
        return False
    if name.count("(") != name.count(")") or re.search(r"[.!?;:\"“”]", name):
        return False
    while text.startswith(("**", "__"), after):
        after += 2
    rest = text[after : after + 120].lstrip()
    verb = OPENING_VERB.match(rest)
    if verb is not None:
        # Inside a mimage section a capitalised verb opens a scene; a lower-case
        # weak one ("see") must be followed by a quoted phrase.
        strong = verb.group("strong") is not None or rest[0].isupper()
        return name[0].isalnum() and (strong or QUOTE_SOON.match(rest, verb.end()) is not None)
    return name[0].isupper() and _QUOTE_START.match(rest) is not None


def parse_mimage(entry: str, cleaned: bool = False) -> Mimage:
    """One mimage entry's text → keyword, scene and completeness.

    The keyword is the first quoted phrase (a leading ``"X": `` gives keyword X
    and leaves the rest as the scene); without quotes, the capitalised words
    right after the opening verb or article. The scene is the entry's text; it
    is complete when it ends with sentence-final punctuation. ``cleaned`` says
    the text was already through ``model.clean`` (only trimming is left).
    """
    text = entry.strip() if cleaned else clean(entry)
    prefix = _PREFIX.match(text)
    if prefix:
        keyword = prefix.group(1) if prefix.group(1) is not None else prefix.group(2)
        scene = text[prefix.end() :]
        return Mimage(keyword.strip(), scene, "imported", ends_sentence(scene))
    quoted = _QUOTED.search(text)
    if quoted:
        keyword = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        keyword = keyword.strip().rstrip(",;:.").strip()  # "Epic Hawk," → Epic Hawk
    else:
        keyword = _unquoted_keyword(text)
    return Mimage(keyword, text, "imported", ends_sentence(text))


def ends_sentence(text: str) -> bool:
    """Whether text ends with . ! ? or … (closing quotes, brackets, ** after it)."""
    return text.rstrip("\"'”’)]*_ \t")[-1:] in (".", "!", "?", "…")


def _unquoted_keyword(text: str) -> str:
    """The capitalised word run right after the opening verb or article, else ""."""
    verb = OPENING_VERB.match(text)
    words = text[verb.end() if verb else 0 :].split(None, 12)
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    elif verb is None:
        return ""
    run: list[str] = []
    for word in words:
        if not word[:1].isupper():
            break
        stripped = word.rstrip(",.;:!?–—-")
        if stripped:
            run.append(stripped)
        if stripped != word:
            break
    return " ".join(run)
