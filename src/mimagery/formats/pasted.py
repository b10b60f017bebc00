"""Read glossaries pasted from a forum or a document (the seed's style).

Such text has a title, forum noise ("Quote from NAME on DATE"), entries where
the term runs straight into its definition ("XylemThe plant tissue that …"),
``Term: definition`` lines, the glossary repeated under ``**Term**`` headings,
and a mimage section whose entries may all run together on one line
("…network.Backpropagation: Picture a "Backpack Propagating" …").

Reading takes three passes, each linear in the text:

1. lines become blocks: titles, term headings, mimage-section headers and
   paragraphs (noise lines dropped);
2. blocks become glossary entries and raw mimage *streams*;
3. once every term name is known, streams are cut into entries at a known
   name followed by ``:`` (or, for an unknown name, a short phrase followed by
   ``:`` and an opening verb or a quoted phrase).

Patterns are bounded (term parts of at most 100 characters, no nested
quantifiers) so megabytes of junk cost a linear scan, never backtracking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mimagery.formats import entries
from mimagery.formats.entries import (
    OPENING_VERB,
    QUOTE_SOON,
    SCENE_OPENING,
    ends_sentence,
    parse_mimage,
    split_mimages,
    split_name,
)
from mimagery.model import Deck, Term, clean, key, merge_mimage, merge_term, mimage_index

_BULLET = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+")
_BULLET_CHARS = frozenset("-*+•0123456789")
_DASHES = frozenset("–—")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
_NOISE = re.compile(
    r"(?:quote from .{1,120} on .{1,80}|quote|reply|reply with quote|share|report|like|likes"
    r"|permalink|edit|edited|posted (?:by|on) .{1,120}|\S.{0,60} wrote:|#\d+"
    r"|\d+ (?:replies|likes|views|comments|points)|[-*_=]{3,})",
)  # matched against the case-folded line: IGNORECASE patterns are slow
_NOISE_INITIALS = frozenset("qrslpeQRSLPE")
_HEADER = re.compile(
    r"(?:my |the |our |some )?"
    r"(?:mimages?|mnemonics?|mnemonic (?:images?|pictures?|scenes?|keywords?|devices?|aids?)"
    r"|memory (?:images?|pictures?|aids?|hooks?)|keyword (?:images?|mnemonics?|scenes?)"
    r"|mental images?|visual (?:mnemonics?|images?))(?: for [^:]{1,40})?",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Block:
    """A title, a term heading, a mimage-section header or a paragraph."""

    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Item:
    """A glossary entry being read: its head and its definition's lines by paragraph
    (joined once at the end: appending to a string line by line is quadratic)."""

    head: str
    paragraphs: list[list[str]]

    def term(self) -> Term:
        name, aliases = split_name(self.head)
        definition = "\n\n".join(" ".join(lines) for lines in self.paragraphs if lines)
        return Term(name, definition.strip(), aliases)


@dataclass(slots=True)
class _Stream:
    """Raw mimage text; ``forced`` names the term of any text before a marker."""

    forced: str | None
    parts: list[str] = field(default_factory=list)


def read(text: str) -> Deck:
    """Parse pasted glossary text into a normalised deck (possibly with no terms)."""
    # clean() once over the whole text: every piece cut from it is then clean.
    reader = _Reader()
    reader.run(_blocks(clean(text.replace("\r\n", "\n").replace("\r", "\n"))))
    return reader.deck()


# -- pass 1: blocks -----------------------------------------------------------


def _blocks(text: str) -> list[_Block]:
    """Group lines into blocks; headings and headers are blocks of their own."""
    blocks: list[_Block] = []
    para: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line[:1] == ">":  # a forum quote of the glossary is still the glossary
            line = line.lstrip("> \t")
        if not line:
            if para:
                blocks.append(_Block("para", lines=para))
                para = []
            continue
        # Most lines are plain text: the cheap signs of a heading or noise come first.
        first = line[0]
        if first in "#*_" or (len(line) < 80 and _may_be_header(line)):
            block = _heading_block(line)
            if block is not None:
                if para:
                    blocks.append(_Block("para", lines=para))
                    para = []
                blocks.append(block)
                continue
        noisy = first in _NOISE_INITIALS or line[-1] == ":" or not first.isalpha()
        if noisy and len(line) < 200 and _NOISE.fullmatch(line.casefold()):
            continue
        para.append(line)
    if para:
        blocks.append(_Block("para", lines=para))
    return blocks


def _heading_block(line: str) -> _Block | None:
    """A title, heading or mimage header made of this line, else None."""
    head = line[0]
    if head == "#" and len(line) < 300:
        match = _HEADING.match(line)
        if match:
            title = _strip_marks(match.group(2))
            if _is_header(title):
                return _Block("header")
            if title:
                return _Block("title" if len(match.group(1)) == 1 else "heading", title)
    if head in "*_" and line[:2] in ("**", "__"):
        end = line.find(line[:2], 2)
        if end > 2 and line[end + 2 :].strip() in ("", ":"):  # only **bold** on the line
            bold = _strip_marks(line[2:end])
            if bold:
                return _Block("header" if _is_header(bold) else "heading", bold)
    if len(line) < 80 and _is_header(_strip_marks(line)):
        return _Block("header")
    return None


def _may_be_header(text: str) -> bool:
    low = text.casefold()  # spelt out: several times faster than any() or a regex
    return (
        "mimage" in low
        or "mnemonic" in low
        or "memory" in low
        or "keyword" in low
        or "mental" in low
        or "visual" in low
    )


def _strip_marks(text: str) -> str:
    """Drop emphasis marks, a list number and a trailing colon from a heading."""
    text = text.strip().strip("*_").strip()
    if text[:1].isdigit():
        text = _unbullet(text)
    return text.rstrip(":").strip().strip("*_").strip()


def _unbullet(line: str) -> str:
    """A line without its list bullet or number."""
    if line[:1] in _BULLET_CHARS:
        match = _BULLET.match(line)
        if match:
            return line[match.end() :]
    return line


def _is_header(text: str) -> bool:
    """A mimage-section header: ``MIMAGES``, ``Mnemonic images``, ``Memory images``…"""
    if len(text) >= 80 or not _may_be_header(text):  # a cheap test first
        return False
    return _HEADER.fullmatch(text.rstrip(" :")) is not None


# -- pass 2: glossary entries and mimage streams ------------------------------


class _Reader:
    """Walks the blocks, collecting terms and mimage streams."""

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self.streams: list[_Stream] = []
        self.title = ""
        self.name: str | None = None
        self.known: dict[str, _Item] = {}  # the entries by their heads as written, folded

    def run(self, blocks: list[_Block]) -> None:
        """Consume the blocks, switching between glossary and mimage sections."""
        in_mimages = False
        stream: _Stream | None = None
        cont: _Item | None = None  # a heading's entry, whose definition may go on
        i = 0
        while i < len(blocks):
            block = blocks[i]
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            later = blocks[i + 2] if i + 2 < len(blocks) else None
            if block.kind in ("title", "header"):
                if block.kind == "title":
                    self.title = block.text
                in_mimages, stream, cont = block.kind == "header", None, None
                i += 1
                continue
            if in_mimages:
                if block.kind == "para":
                    stream = stream or self._stream(None)
                    stream.parts.append("\n".join(block.lines))
                    i += 1
                    continue
                # A heading in a mimage section names the next scene, titles a group
                # of mimages, or (followed by a definition) ends the section.
                if nxt is not None and nxt.kind == "para":
                    if SCENE_OPENING.match(_unbullet(nxt.lines[0]).lstrip("*_ ")):
                        stream = self._stream(block.text)
                        stream.parts.append("\n".join(nxt.lines))
                        i += 2
                        continue
                    if _mimage_line(nxt.lines[0]) is not None:
                        i += 1
                        continue
                in_mimages, stream = False, None
            if block.kind == "heading":
                cont = None
                # A heading naming a term already read is that term's repeat (the
                # seed's bold copy): no need to ask whether it titles a section.
                known = self.known.get(block.text.casefold())
                if (
                    nxt is not None
                    and nxt.kind == "para"
                    and (known is not None or not _lists_entries(nxt, later))
                ):
                    if known is not None and known.paragraphs == [nxt.lines]:
                        cont = known  # an exact repeat would merge into itself
                    else:
                        cont = self._item(block.text, nxt.lines)
                    i += 1
                elif self.name is None and not self.title:
                    self.title = block.text  # a section title before any entry names the deck
                i += 1
                continue
            if cont is not None and not self._starts_entry(block.lines[0]):
                cont.paragraphs.append(block.lines)
                i += 1
                continue
            cont = None
            i += 1 + self._paragraph(block.lines, nxt)

    def _paragraph(self, lines: list[str], nxt: _Block | None) -> int:
        """Read a glossary paragraph; returns 1 when it used the next block too."""
        item: _Item | None = None
        stream: _Stream | None = None
        for index, raw in enumerate(lines):
            line = _unbullet(raw)
            mimage = _mimage_line(line)
            if mimage is not None:
                stream, item = self._stream(mimage[0]), None
                stream.parts.append(line[mimage[1] :])
                continue
            entry = entries.split_entry(line)
            if entry is not None:
                item, stream = self._item(entry[0], [entry[1]]), None
                continue
            if stream is not None:
                stream.parts.append(line)
                continue
            if entries.bare_term(line) and (index == 0 or ends_sentence(lines[index - 1])):
                if index + 1 < len(lines):  # a term alone, its definition on the next line
                    item = self._item(line, [])
                    continue
                # A lone short line, then a plain paragraph: term, then definition.
                if len(lines) == 1 and nxt is not None and nxt.kind == "para":
                    following = nxt.lines[0]
                    if not (
                        _starts_entry(following)
                        or entries.explicit_split(following) is not None
                        or entries.bare_term(following)  # a "Term⏎definition" paragraph
                    ):
                        self._item(line, nxt.lines)
                        return 1
            if item is not None:
                item.paragraphs[-1].append(line)
            # Anything else is prose around the glossary (an introduction): dropped.
        return 0

    def _starts_entry(self, line: str) -> bool:
        """Whether a paragraph after a heading's definition starts an entry: a clear
        entry, or ``Term: …`` for a term already read ("Note: …" goes on)."""
        if _starts_entry(line):
            return True
        explicit = entries.explicit_split(line)
        return explicit is not None and explicit[0].casefold() in self.known

    def _item(self, head: str, lines: list[str]) -> _Item:
        if self.name is None:
            self.name = self.title  # the title nearest before the first entry
        item = _Item(head, [list(lines)])
        self.items.append(item)
        self.known.setdefault(head.casefold(), item)
        return item

    def _stream(self, forced: str | None) -> _Stream:
        if self.name is None:
            self.name = self.title
        stream = _Stream(forced)
        self.streams.append(stream)
        return stream

    def deck(self) -> Deck:
        """Pass 3: merge the terms, cut the streams into mimages and attach them.

        The result is already normalised: repeats merged, the first mimage
        read of each term chosen (Markdown writes the chosen one first).
        """
        merged: dict[str, Term] = {}
        lookup: dict[str, Term] = {}
        for item in self.items:
            _add(merged, lookup, item.term())
        names = "".join(lookup)
        dotted = any(mark in names for mark in ".!?…")
        seen: set[tuple[int, str]] = set()
        indexes: dict[int, dict[str, int]] = {}  # per term: linear merging
        for stream in self.streams:
            for head, found, body in split_mimages(
                "\n\n".join(stream.parts), lookup, stream.forced, dotted
            ):
                if found is None:  # a mimage for a term the glossary lacks creates it
                    name, aliases = split_name(head)
                    found = _add(merged, lookup, Term(name, "", aliases))
                body = body.strip()
                if found is not None and (id(found), body) not in seen:
                    seen.add((id(found), body))  # an exact repeat would merge into itself
                    index = indexes.get(id(found))
                    if index is None:
                        index = indexes[id(found)] = mimage_index(found.mimages)
                    merge_mimage(found.mimages, parse_mimage(body, cleaned=True), index)
        for term in merged.values():
            if term.mimages:
                term.mimages[0].chosen = True
        return Deck(clean(self.name or ""), list(merged.values()))


def _add(merged: dict[str, Term], lookup: dict[str, Term], term: Term) -> Term | None:
    """Merge a term read into the deck's terms; returns the deck's copy."""
    if not term.name:
        return None
    folded = key(term.name)
    into = merged.get(folded)
    if into is not None:
        merge_term(into, term)
        return into
    if term.aliases:
        aliases, term.aliases = term.aliases, []
        merge_term(term, Term(term.name, "", aliases))  # drops repeated aliases
    merged[folded] = term
    lookup.setdefault(folded, term)
    for form in (term.display_name, *term.aliases) if term.aliases else ():
        lookup.setdefault(key(form), term)
    return term


def _lists_entries(para: _Block, later: _Block | None) -> bool:
    """Whether a heading's next paragraph starts a list of entries, making the
    heading a section title ("## Glossary") rather than a term."""
    first = para.lines[0]
    if first[:2] in ("**", "__") or _unbullet(first) != first:
        return _starts_entry(first)
    if _mimage_line(first) is not None:
        return True
    after = later.lines[0] if later is not None and later.kind == "para" else None
    if entries.best_split(first, caps=False)[0] >= 3:  # a definition unless more entries follow
        return after is not None and _starts_entry(after)
    if entries.explicit_split(first) is None:
        return False
    # One "Note: …" paragraph is a definition; a run of "Term: …" lines is a list.
    if len(para.lines) > 1 and entries.explicit_split(para.lines[1]) is not None:
        return True
    return after is not None and entries.explicit_split(after) is not None


def _starts_entry(line: str) -> bool:
    """Whether a paragraph line clearly starts a new entry (ends a definition).

    Within a definition a capital glued to a capital ("NANA", "pHThe") is an
    acronym, not a boundary: only a lower-case letter or ")" before it counts.
    """
    body = _unbullet(line)
    if body != line:
        return body[:2] in ("**", "__") or entries.explicit_split(body) is not None
    if line[:2] in ("**", "__") and entries.BOLD.match(line):
        return True
    return _mimage_line(line) is not None or entries.best_split(line, caps=False)[0] >= 3


# -- mimages --------------------------------------------------------------------


def _mimage_line(line: str) -> tuple[str, int] | None:
    """``Term: Imagine … "X" …`` → (term, index where its scene starts), else None.

    Definitions rarely start with these verbs, so such a line outside a mimage
    section is a mimage; the weaker verbs also need a quoted phrase soon after.
    """
    body = _unbullet(line)
    if body[:2] in ("**", "__"):
        bold = entries.BOLD.match(body)
        if bold is None:
            return None
        head, start = bold.group("t").strip(), bold.end()
    else:
        colon = body.find(":", 1, entries.MAX_TERM_CHARS + 2)
        if colon < 0:
            return None
        head, start = body[:colon].strip(), colon + 1
        if not entries.term_ok(head):
            return None
    verb = OPENING_VERB.match(body, start)
    if verb is None:
        return None
    if verb.group("strong") is None and not QUOTE_SOON.match(body, verb.end()):
        return None
    return head, len(line) - len(body) + start
