"""How a pasted glossary's lines are written, seen from the whole glossary.

``Survey`` looks over a glossary before it is read: what its terms look like
(``shape.Shape``), how its entries are written (a separator, run together, one space,
a term on its own line), whether its definitions end with a full stop, and whether
its first line is its title. With that it reads a line one space apart ("Phloem The
tissue…") the way the glossary's other terms suggest, and says when the reading was a
guess. The small helpers below recognise remarks in brackets, mnemonics after a
definition and the deck's name in a title line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from mimagery.formats import entries
from mimagery.formats.blocks import unbullet
from mimagery.formats.entries import ends_sentence
from mimagery.formats.shape import Shape

#: (term, definition, kind, a note when the reading was a guess)
Split = tuple[str, str, str, str]

# Lines looked at to learn the glossary's ways: enough for a clear picture, few enough
# that a 10,000-term glossary costs nothing extra.
_SAMPLE = 600
_MISSING = object()

# Words that make a first line a title rather than an entry ("Climbing terms - my notes").
_TITLE_WORDS = frozenset(
    "words word terms vocab vocabulary glossary glossaries notes list flashcards cheatsheet "
    "cheat sheet jargon concepts definitions revision review lesson unit chapter week "
    "basics abbreviations acronyms dictionary study midterm exam quiz key".split()
)
_MNEMONIC = re.compile(
    r"\b(?:mnemonic|memory (?:hook|aid|image|trick)|mimage)s?[ \t]*:[ \t]*", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+")
_GLUED_INSIDE = re.compile(r"[a-z)][A-Z]")


class _Block(Protocol):
    kind: str
    text: str
    lines: list[str]


def is_remark(line: str) -> bool:
    """A remark in brackets: ``(copied from the board, sorry for the mess)``."""
    return line[:1] in "([" and line[-1:] in ")]" and len(line) > 2


def mnemonic_line(line: str) -> str | None:
    """The mimage of a ``Mnemonic: Picture …`` line, else None."""
    if line[:1] not in "MmMm" or ":" not in line[:20]:
        return None
    match = _MNEMONIC.match(line)
    if match is None:
        return None
    return line[match.end() :].strip() or None


def inline_mnemonic(definition: str) -> tuple[str, str | None]:
    """Split a mimage off the end of a definition ("… on a bird. Mnemonic: Picture a
    "Plum Age" tree."): (definition, mimage text or None)."""
    if ":" not in definition:
        return definition, None
    low = definition.casefold()
    if "mnemonic" not in low and "memory" not in low and "mimage" not in low:
        return definition, None
    for match in _MNEMONIC.finditer(definition):
        before = definition[: match.start()].rstrip()
        opened = before[-1:] in ("(", "[")
        if opened:
            before = before[:-1].rstrip()
        if before and not ends_sentence(before) and before[-1] not in ";–—-":
            continue  # "the memory: a store of …" is part of the definition
        rest = definition[match.end() :].strip()
        if opened and rest[-1:] in (")", "]"):
            rest = rest[:-1].rstrip()
        if rest:
            return before.rstrip(";–—- "), rest
    return definition, None


def deck_title(text: str) -> str:
    """The deck's name in a title line: without a trailing colon, a remark after a dash
    ("Building and Camera Words — my study list") or a remark in brackets at the end
    ("GARDENING JARGON (for the allotment newbies)"). A subtitle that starts with a
    capital or a number is part of the name ("Spanish Words – Week 3")."""
    name = " ".join(text.split()).rstrip(":").strip()
    for dash in (" - ", " – ", " — ", "—"):
        at = name.find(dash)
        if at > 0 and name[at + len(dash) :].lstrip()[:1].islower():
            name = name[:at].rstrip()
            break
    if name.endswith(")"):
        at = name.rfind("(")
        if at > 0 and name[at + 1 : at + 2].islower() and name[at - 1] == " ":
            name = name[:at].rstrip()
    return name.rstrip(" -–—:") or " ".join(text.split())


def _title_like(text: str) -> bool:
    """Short, no sentence end, not in brackets, with a letter."""
    body = text.rstrip(":").rstrip()
    return (
        0 < len(body) <= 120
        and len(body.split()) <= 16
        and not ends_sentence(body)
        and not is_remark(body)
        and any(c.isalpha() for c in body)
    )


def _sentence_start(term: str) -> bool:
    """A "term" that starts like a sentence: "The study of knowledge"."""
    return term.startswith(("The ", "A ", "An "))


def _has_title_word(text: str) -> bool:
    return not _TITLE_WORDS.isdisjoint(w.casefold() for w in _WORD.findall(text))


class Survey:
    """What a glossary's entries look like, learnt from a sample of its lines."""

    def __init__(self) -> None:
        self.shape = Shape()
        self.kinds: Counter[str] = Counter()
        self.own_lines = False  # terms on lines of their own, definitions under them
        self.full_stops = True  # definitions end with a full stop
        self.word_list = False  # a word list: "gato, cat", "собака dog" lines are entries
        self.looked = False
        self._entries: dict[str, tuple[str, str, str] | None] = {}
        self._splits: dict[str, Split | None] = {}

    def entry(self, line: str) -> tuple[str, str, str] | None:
        """``entries.read_entry``, remembered."""
        found = self._entries.get(line, _MISSING)
        if found is _MISSING:
            found = self._entries[line] = entries.read_entry(line)
        return found  # type: ignore[return-value]

    def split(self, line: str) -> Split | None:
        """The line as an entry, the one-space kind included (remembered once the
        glossary has been looked over)."""
        found = self._splits.get(line, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        looked = self._entries.pop(line, _MISSING) if self._entries else _MISSING
        entry: tuple[str, str, str] | None
        entry = entries.read_entry(line) if looked is _MISSING else looked  # type: ignore[assignment]
        split: Split | None
        if entry is not None:
            term, definition, kind = entry
            split = None
            if kind == "separator" and _GLUED_INSIDE.search(term):
                split = self._glued(line, term)
            if split is None:
                split = term, definition, kind.rstrip("?"), ""
        else:
            split = self._space(line)
            if split is None and self.word_list:
                pair = entries.word_pair(line)
                if pair is not None:
                    split = pair[0], pair[1], pair[2], ""
        if self.looked:
            self._splits[line] = split
        return split

    def _glued(self, line: str, term: str) -> Split | None:
        """A run-together reading inside the term a separator gives ("PistilThe female
        part of a flower: stigma…") when its term looks more like the others'."""
        score, at = entries.best_split(line)
        if score < 3 or at >= len(term) or self.shape.fit(line[:at]) <= self.shape.fit(term):
            return None
        note = "" if score >= 5 else f"read the term as {line[:at]!r}; it could be {term!r}"
        return line[:at], line[at:], "glued", note

    def _space(self, line: str) -> Split | None:
        """The reading of ``Term Definition…`` whose term looks most like the others';
        a guess when another reading comes close."""
        readings = entries.space_splits(line)
        if not readings or max(score for score, _ in readings) < 3:
            return None
        fit = self.shape.fit
        ranked = sorted(
            ((score + 1.5 * fit(line[: at - 1]), score, at) for score, at in readings),
            reverse=True,
        )
        best, base, at = ranked[0]
        term = line[: at - 1].rstrip()
        # A close reading makes this one a guess; so does one whose definition starts with
        # two capitalised words ("Edwin Hubble found…") when its term is much more like
        # the others ("Hubble's Law", not "Hubble's Law Edwin").
        close = [
            other
            for total, score, other in ranked[1:]
            if (total > best - 1.0 and (score >= 3 or base < 3))
            or (total > best - 1.5 and fit(line[: other - 1]) >= fit(term) + 0.3)
        ]
        note = ""
        if close:
            note = f"read the term as {term!r}; it could be {line[: close[0] - 1].rstrip()!r}"
        return term, line[at:], "space", note

    def lists(self, line: str) -> bool:
        """Whether a line is an entry of a list, not a definition sentence with a colon
        in it ("The study of knowledge: what it is")."""
        split = self.split(line)
        return split is not None and not _sentence_start(split[0])

    def typical(self, term: str) -> bool:
        """Whether a term is shaped like most of the glossary's terms."""
        return self.shape.fit(term) >= 0.5

    def look(self, blocks: Sequence[_Block]) -> None:
        """Learn the glossary's ways from its first few hundred lines."""
        seen = count = stops = pairs = listed = words = 0
        spaced: list[str] = []
        shape = self.shape
        for index, block in enumerate(blocks):
            if seen >= _SAMPLE:
                break
            if block.kind == "heading":
                after = blocks[index + 1] if index + 1 < len(blocks) else None
                if after is not None and after.kind == "para":
                    shape.add(block.text)  # a term heading ("**Xylem**", "### Octave")
                    seen += 1
                continue
            if block.kind != "para":
                continue
            bodies = [unbullet(line) for line in block.lines[:_SAMPLE]]
            for at, body in enumerate(bodies):
                seen += 1
                entry = self.entry(body)
                if entry is not None:
                    term, definition, kind = entry
                    if kind != "glued?":
                        shape.add(term)  # a term read without doubt
                    self.kinds[kind.rstrip("?")] += 1
                    count += 1
                    stops += ends_sentence(definition)
                    continue
                following = bodies[at + 1] if at + 1 < len(bodies) else None
                pair = entries.word_pair(body)
                if pair is not None:
                    words += 1
                    shape.add(pair[0])
                    continue
                if entries.bare_term(body):
                    if following is None:
                        continue
                    entry = self.entry(following)
                    if entry is not None and not _sentence_start(entry[0]):
                        listed += 1
                    elif not entries.bare_term(following) and not is_remark(following):
                        pairs += 1
                        shape.add(body)
                        self.kinds["own-line"] += 1
                    continue
                readings = entries.space_splits(body)
                firm = [at for score, at in readings if score >= 3]
                if firm:
                    spaced.append(body[: firm[0] - 1].rstrip())
                    self.kinds["space"] += 1
                    count += 1
                    stops += ends_sentence(body)
        if shape.total < 3:
            for term in spaced:
                shape.add(term)
        # A word list: two or more such lines, at least half of the lines no other way
        # reads (one alone among "Term – definition" lines is more likely a remark).
        self.word_list = words >= 2 and words * 2 >= seen - count
        self.own_lines = pairs >= 2 and pairs > listed
        self.full_stops = not count or stops * 2 >= count
        self.looked = True

    def is_title(self, lines: list[str], rest: Sequence[_Block]) -> tuple[str, str] | None:
        """Whether the glossary's first line (``lines[0]``, its paragraph ``lines``) is
        its title: (the deck's name, a note when it could have been a term) or None.

        A title is short, with no sentence end, followed by a blank line (or a remark
        in brackets) or by terms. Such a line that reads as an entry is the title when
        it names itself one ("…terms", "…vocab"), is written unlike the entries after
        it, or stands apart from entries that are not apart from each other. A line
        followed by its definition is a term; one that opens a paragraph of entries as
        later lines open theirs is a section heading.
        """
        text = lines[0]
        if not _title_like(text):
            return None
        others = [line for line in lines[1:] if not is_remark(line)]
        entry = self.split(unbullet(text))
        if entry is not None and not entry[0]:
            entry = None
        name = deck_title(text)
        if not others:
            nxt = rest[0] if rest else None
            if entry is None:
                if (
                    nxt is not None
                    and nxt.kind == "para"
                    and self._plain(nxt.lines[0])
                    and not _has_title_word(text)
                    and not self.kinds
                ):
                    return None  # "Osmosis⏎⏎the movement of water…": a term
                return name, ""
            dominant = self.kinds.most_common(1)[0][0] if self.kinds else entry[2]
            apart = next((b for b in rest if b.kind == "para" and self._listing(b)), None)
            if _has_title_word(text):
                return name, ""
            if entry[2] != dominant or apart is not None:
                return name, f"read as the title; it could be the term {entry[0]!r}"
            return None
        if entry is not None:
            return None  # the first entry
        second = unbullet(others[0])
        if self.lists(second):
            for block in rest:  # "Knife work⏎julienne - …", later "Heat⏎blanch - …"
                if (
                    block.kind == "para"
                    and len(block.lines) > 1
                    and entries.bare_term(unbullet(block.lines[0]))
                    and self.lists(unbullet(block.lines[1]))
                ):
                    return None
            return name, ""
        third = unbullet(others[1]) if len(others) > 1 else ""
        if entries.bare_term(second) and (third[:1].isupper() or third[:1].isdigit()):
            return name, ""  # a title over terms on lines of their own
        return None  # a term with its definition on the next line(s)

    def _plain(self, line: str) -> bool:
        body = unbullet(line)
        return not (self.split(body) is not None or entries.bare_term(body) or is_remark(body))

    def _listing(self, block: _Block) -> bool:
        """A paragraph of two or more entries, one a line."""
        lines = block.lines[:3]
        return len(lines) >= 2 and all(self.split(unbullet(line)) is not None for line in lines)
