"""Read glossaries pasted from a forum or a document (the seed's style), and Markdown.

Such text has a title, forum noise ("Quote from NAME on DATE"), entries written in
many ways (run together, ``Term: definition``, a dash, ``=``, a tab, one space, bold
or italic terms, a term on its own line and its definition on the next: see
``formats.entries``), headings that group terms, two-column tables (Markdown, or
pasted from a spreadsheet with tabs), the glossary repeated under ``**Term**``
headings, mimages after a definition ("Mnemonic: …") and a mimage section whose
entries may all run together on one line ("…network.Backpropagation: Picture a
"Backpack Propagating" …").

Reading takes four passes, each linear in the text:

1. lines become blocks (``formats.blocks``): titles, term headings, mimage-section
   headers and paragraphs (forum noise, table headers and rules set aside);
2. a look at the whole glossary (``lines.Survey``): what its terms look like, how
   its entries are written, whether its terms stand on lines of their own, and
   whether its first line is its title;
3. blocks become glossary entries and raw mimage *streams*;
4. once every term name is known, streams are cut into entries at a known
   name followed by ``:`` (or, for an unknown name, a short phrase followed by
   ``:`` and an opening verb or a quoted phrase).

Every non-blank line is accounted for (``report.Ledger``): it ends up in a term, in
the title, or in the report ``read_report`` returns (skipped, a heading, or a guess).

Patterns are bounded (term parts of at most 100 characters, no nested
quantifiers) so megabytes of junk cost a linear scan, never backtracking.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from mimagery.formats import entries
from mimagery.formats.blocks import Block, read_blocks, split_lines, unbullet
from mimagery.formats.entries import (
    OPENING_VERB,
    QUOTE_SOON,
    SCENE_OPENING,
    cut_mimages,
    ends_sentence,
    parse_mimage,
    split_name,
)
from mimagery.formats.lines import (
    Survey,
    deck_title,
    inline_mnemonic,
    is_remark,
    mnemonic_line,
)
from mimagery.formats.report import Ledger, Line, ReadReport
from mimagery.model import Deck, Term, clean, key, merge_mimage, merge_term, mimage_index


@dataclass(slots=True)
class _Item:
    """A glossary entry being read: its head and its definition's lines by paragraph
    (joined once at the end: appending to a string line by line is quadratic), and
    the numbers of the lines it was read from."""

    head: str
    paragraphs: list[list[str]]
    numbers: list[int]

    def term(self) -> Term:
        name, aliases = split_name(self.head)
        definition = "\n\n".join(" ".join(lines) for lines in self.paragraphs if lines)
        return Term(name, definition.strip(), aliases)

    def add(self, line: str, number: int) -> None:
        self.paragraphs[-1].append(line)
        self.numbers.append(number)


@dataclass(slots=True)
class _Stream:
    """Raw mimage text; ``forced`` names the term of any text before a marker. Each
    part keeps the numbers of its lines."""

    forced: str | None
    parts: list[str] = field(default_factory=list)
    numbers: list[list[int]] = field(default_factory=list)

    def add(self, text: str, numbers: list[int]) -> None:
        self.parts.append(text)
        self.numbers.append(numbers)


def read(text: str) -> Deck:
    """Parse pasted glossary text into a normalised deck (possibly with no terms)."""
    return read_report(text)[0]


def read_report(text: str) -> tuple[Deck, ReadReport]:
    """Parse pasted glossary text into a deck and the report of lines that did not
    plainly become terms (skipped, headings, guesses)."""
    # clean() once over the whole text: every piece cut from it is then clean.
    lines = split_lines(text)
    reader = _Reader(lines)
    found = read_blocks(lines, reader.ledger)
    reader.survey.look(found)
    reader.first_line(found)
    reader.run(found)
    deck = reader.deck()
    report = reader.ledger.report()
    report.sources = reader.sources
    return deck, report


class _Reader:
    """Walks the blocks, collecting terms and mimage streams, and says where each
    line went."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.items: list[_Item] = []
        self.streams: list[_Stream] = []
        self.title = ""
        self.title_line = 0
        self.name: str | None = None
        self.name_line = 0
        self.known: dict[str, _Item] = {}  # the entries by their heads as written, folded
        self.ledger = Ledger(lines)  # where each line went
        self.survey = Survey()
        self.sources: dict[str, Line] = {}  # the first line of each term, by its key

    # -- pass 2: the first line -----------------------------------------------------

    def first_line(self, blocks: list[Block]) -> None:
        """Make the first line the title when it reads as one (see ``Survey.is_title``)."""
        if not blocks or blocks[0].kind != "para":
            return
        block = blocks[0]
        verdict = self.survey.is_title(block.lines, blocks[1:])
        if verdict is None:
            return
        title, guess = verdict
        number = block.numbers[0]
        blocks.insert(0, Block("title", title, numbers=[number]))
        del block.lines[0], block.numbers[0]
        if not block.lines:
            blocks.remove(block)
        if guess:
            self.ledger.guess(number, guess)

    # -- pass 3: glossary entries and mimage streams ------------------------------

    def run(self, blocks: list[Block]) -> None:
        """Consume the blocks, switching between glossary and mimage sections."""
        in_mimages = False
        stream: _Stream | None = None
        cont: _Item | None = None  # a heading's entry, whose definition may go on
        last: _Item | None = None  # a paragraph's only entry, whose definition may go on
        i = 0
        while i < len(blocks):
            block = blocks[i]
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            later = blocks[i + 2] if i + 2 < len(blocks) else None
            if block.kind in ("title", "header"):
                if block.kind == "title":
                    self._heading(block)
                    self.title, self.title_line = block.text, block.numbers[0]
                in_mimages, stream, cont, last = block.kind == "header", None, None, None
                i += 1
                continue
            if in_mimages:
                if block.kind == "para":
                    stream = stream or self._stream(None)
                    stream.add("\n".join(block.lines), block.numbers)
                    i += 1
                    continue
                # A heading in a mimage section names the next scene, titles a group
                # of mimages, or (followed by a definition) ends the section.
                if nxt is not None and nxt.kind == "para":
                    if SCENE_OPENING.match(unbullet(nxt.lines[0]).lstrip("*_ ")):
                        self.ledger.roles[block.numbers[0]] = "mimage"
                        stream = self._stream(block.text)
                        stream.add("\n".join(nxt.lines), nxt.numbers)
                        i += 2
                        continue
                    if _mimage_line(nxt.lines[0]) is not None:
                        self._heading(block)
                        i += 1
                        continue
                in_mimages, stream = False, None
            if block.kind == "heading":
                cont = last = None
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
                        known.numbers.extend(block.numbers + nxt.numbers)
                    else:
                        cont = self._item(block.text, nxt.lines, block.numbers + nxt.numbers)
                    i += 1
                elif self.name is None and not self.title:
                    # A section title before any entry names the deck.
                    self.title, self.title_line = block.text, block.numbers[0]
                    self._heading(block)
                else:
                    self._heading(block)
                i += 1
                continue
            if cont is not None and not self._starts_entry(block.lines[0]):
                cont.paragraphs.append(list(block.lines))
                cont.numbers.extend(block.numbers)
                i += 1
                continue
            cont = None
            count = len(self.items)
            used = self._paragraph(block, nxt, last)
            last = self.items[-1] if len(self.items) == count + 1 and used == 0 else None
            i += 1 + max(used, 0)

    def _goes_on(self, block: Block, nxt: Block | None) -> bool:
        """Whether a plain paragraph (its first line no entry) continues the definition of
        the paragraph before: in a glossary of one entry per paragraph, in the middle."""
        if nxt is None or nxt.kind != "para" or not ends_sentence(block.lines[-1]):
            return False
        return self.survey.split(unbullet(nxt.lines[0])) is not None

    def _paragraph(self, block: Block, nxt: Block | None, last: _Item | None = None) -> int:
        """Read a glossary paragraph; returns 1 when it used the next block too, -1 when
        it went on with ``last``, the only entry of the paragraph before."""
        lines, numbers = block.lines, block.numbers
        count = len(lines)
        item: _Item | None = None
        stream: _Stream | None = None
        own = self.survey.own_lines
        split_of = self.survey.split
        previous = ""
        for index in range(count):
            line = unbullet(lines[index])
            number = numbers[index]
            if index:
                previous = unbullet(lines[index - 1])
            if item is not None:
                mnemonic = mnemonic_line(line)
                if mnemonic is not None:  # "Mnemonic: Picture …" under its term
                    stream, item = self._stream(item.head), None
                    stream.add(mnemonic, [number])
                    continue
            mimage = _mimage_line(line)
            if mimage is not None:
                stream, item = self._stream(mimage[0]), None
                stream.add(line[mimage[1] :], [number])
                continue
            if own and item is not None and not item.paragraphs[-1] and len(item.numbers) == 1:
                item.add(line, number)  # the definition under a term on its own line
                continue
            if own:
                bare = entries.bare_term(line)
                split = None if bare else split_of(line)
            else:
                split = split_of(line)
                bare = split is None and entries.bare_term(line)
            if split is not None and not (
                split[2] == "space" and self._goes_on_line(item, previous)
            ):
                term, definition, _, guess = split
                mnemonic = None
                if ":" in definition:
                    definition, mnemonic = inline_mnemonic(definition)
                item, stream = self._item(term, [definition], [number]), None
                if guess:
                    self.ledger.guess(number, guess)
                if mnemonic is not None:
                    self._stream(term).add(mnemonic, [number])
                continue
            if stream is not None:
                stream.add(line, [number])
                continue
            if split is not None:
                bare = entries.bare_term(line)  # a line read one space apart, going on
            following = unbullet(lines[index + 1]) if index + 1 < count else None
            if bare and self._starts_term(line, item, previous, following):
                if following is not None:
                    if self._heads(following, lines[index + 2] if index + 2 < count else None):
                        self._heading(Block("heading", line, numbers=[number]))
                        item = None
                        continue
                    item = self._item(line, [], [number])  # its definition on the next line
                    continue
                # A lone short line, then a plain paragraph: term, then definition.
                if count == 1 and nxt is not None and nxt.kind == "para":
                    after = nxt.lines[0]
                    if not (
                        _starts_entry(after)
                        or entries.explicit_split(after) is not None
                        or entries.bare_term(after)  # a "Term⏎definition" paragraph
                        or is_remark(after)
                    ):
                        self._item(line, nxt.lines, [number, *nxt.numbers])
                        return 1
            if item is not None and not is_remark(line):
                item.add(line, number)
                continue
            if not index and last is not None and not bare and self._goes_on(block, nxt):
                last.paragraphs.append(list(lines))  # a second paragraph of its definition
                last.numbers.extend(numbers)
                return -1
            self.ledger.skip(number, "a remark" if is_remark(line) else "not a term or definition")
        return 0

    def _heads(self, following: str, after: str | None) -> bool:
        """Whether a line that could be a term alone, followed by ``following`` (and
        ``after``), heads a group of entries rather than being one: entries follow it,
        or (terms on their own lines) a term and its definition do."""
        if not self.survey.own_lines:
            return self.survey.lists(following)
        return (
            entries.bare_term(following)
            and after is not None
            and not entries.bare_term(unbullet(after))
        )

    def _starts_term(
        self, line: str, item: _Item | None, previous: str, following: str | None
    ) -> bool:
        """Whether a line that could be a term alone starts one here, rather than going
        on with the definition before it."""
        if item is None or not previous or ends_sentence(previous):
            return True
        if not self.survey.own_lines or following is None or entries.bare_term(following):
            return False
        # Terms on their own lines: a definition without a full stop ends where a line
        # shaped like the glossary's terms comes, followed by its own definition.
        return self.survey.typical(line)

    def _goes_on_line(self, item: _Item | None, previous: str) -> bool:
        """Whether a line read one space apart ("Western Christianity that…") is the
        definition before it going on: after a line without a full stop, in a glossary
        whose definitions end with one."""
        return (
            item is not None
            and bool(previous)
            and not ends_sentence(previous)
            and self.survey.full_stops
        )

    def _starts_entry(self, line: str) -> bool:
        """Whether a paragraph after a heading's definition starts an entry: a clear
        entry, or ``Term: …`` for a term already read ("Note: …" goes on)."""
        if _starts_entry(line):
            return True
        explicit = entries.explicit_split(line)
        return explicit is not None and explicit[0].casefold() in self.known

    def _item(self, head: str, lines: list[str], numbers: list[int]) -> _Item:
        if self.name is None:
            # The title nearest before the first entry.
            self.name, self.name_line = self.title, self.title_line
        item = _Item(head, [lines], numbers)
        self.items.append(item)
        self.known.setdefault(head.casefold(), item)
        return item

    def _stream(self, forced: str | None) -> _Stream:
        if self.name is None:
            self.name, self.name_line = self.title, self.title_line
        stream = _Stream(forced)
        self.streams.append(stream)
        return stream

    def _heading(self, block: Block) -> None:
        for number in block.numbers:
            self.ledger.heading(number)

    # -- pass 4: terms, mimages and the report ------------------------------------

    def deck(self) -> Deck:
        """Merge the terms, cut the streams into mimages and attach them.

        The result is already normalised: repeats merged, the first mimage
        read of each term chosen (Markdown writes the chosen one first).
        """
        merged: dict[str, Term] = {}
        lookup: dict[str, Term] = {}
        sources: dict[int, list[int]] = {}  # per term: the lines its definition came from
        roles = self.ledger.roles
        for item in self.items:
            term = item.term()
            found, had = _add(merged, lookup, term)
            if found is None:
                for number in item.numbers:
                    self.ledger.skip(number, "no term name")
                continue
            for number in item.numbers:
                roles[number] = "term"
            first = item.numbers[0]
            self.sources.setdefault(key(found.name), Line(first, self.lines[first - 1].strip()))
            if had:  # a repeat of a term with a definition
                self._superseded(found, term.definition, had, item.numbers, sources)
            elif term.definition:
                sources[id(found)] = item.numbers
        names = "".join(lookup)
        dotted = any(mark in names for mark in ".!?…")
        seen: dict[tuple[int, str], bool] = {}  # (term, scene): whether it has a keyword
        indexes: dict[int, dict[str, int]] = {}  # per term: linear merging
        for stream in self.streams:
            text = "\n\n".join(stream.parts)
            spans = _Spans(stream)
            forced = "" if stream.forced is None else stream.forced
            for head, found, begin, start, end in cut_mimages(text, lookup, forced, dotted):
                if found is None and not head and stream.forced is None:
                    spans.skip(self.ledger, begin, end, "not a mimage (before the first one)")
                    continue
                if found is None:  # a mimage for a term the glossary lacks creates it
                    name, aliases = split_name(head)
                    found = _add(merged, lookup, Term(name, "", aliases))[0]
                if found is None:
                    spans.skip(self.ledger, begin, end, "a mimage without a term")
                    continue
                body = text[start:end].strip()
                keyword = seen.get((id(found), body))
                if keyword is None:  # an exact repeat would merge into itself
                    mimage = parse_mimage(body, cleaned=True)
                    keyword = seen[(id(found), body)] = bool(mimage.keyword)
                    index = indexes.get(id(found))
                    if index is None:
                        index = indexes[id(found)] = mimage_index(found.mimages)
                    merge_mimage(found.mimages, mimage, index)
                if keyword:
                    if end > spans.used:  # many entries on one line: marked at the first
                        spans.use(self.ledger, begin, end)
                else:  # kept here, but an import leaves it out (model.normalise)
                    spans.skip(self.ledger, begin, end, "a mimage without a keyword")
        for term in merged.values():
            if term.mimages:
                term.mimages[0].chosen = True
        if self.name:
            roles[self.name_line] = "title"
        return Deck(deck_title(clean(self.name or "")), list(merged.values()))

    def _superseded(
        self,
        found: Term,
        definition: str,
        had: str,
        numbers: list[int],
        sources: dict[int, list[int]],
    ) -> None:
        """Report the lines of a definition that lost to a longer one of the same term
        (a repeat with the same definition is no loss)."""
        if not definition or definition == had or key(definition) == key(had):
            return
        roles = self.ledger.roles
        mine = [n for n in numbers if roles[n] == "term"]
        if found.definition == definition:  # the new one is longer and won
            losers, sources[id(found)] = sources.get(id(found), []), mine
            why = f"an earlier definition of {found.name!r}; a longer one follows"
        else:
            losers = mine
            why = f"another definition of {found.name!r}; the longer one is kept"
        for number in losers:
            if roles[number] == "term":
                self.ledger.skip(number, why)


class _Spans:
    """Where each line of a mimage stream lies in its joined text, to say which lines
    a cut entry covers."""

    def __init__(self, stream: _Stream) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.numbers: list[int] = []
        self.used = 0  # the lines up to here are all marked as mimages
        at = 0
        for part, numbers in zip(stream.parts, stream.numbers, strict=True):
            for line, number in zip(part.split("\n"), numbers, strict=True):
                self.starts.append(at)
                self.ends.append(at + len(line))
                self.numbers.append(number)
                at += len(line) + 1
            at += 1  # parts are joined by a blank line

    def _touched(self, begin: int, end: int) -> range:
        first = max(bisect_right(self.starts, begin) - 1, 0)
        return range(first, bisect_left(self.starts, end, lo=first))

    def use(self, ledger: Ledger, begin: int, end: int) -> None:
        """The lines of ``text[begin:end]`` are a mimage."""
        touched = self._touched(begin, end)
        for index in touched:
            number = self.numbers[index]
            if ledger.roles[number] in ("", "skipped"):
                ledger.roles[number] = "mimage"
                ledger.notes.pop(number, None)
        if touched and begin >= self.starts[touched[0]]:
            self.used = self.ends[touched[-1]]

    def skip(self, ledger: Ledger, begin: int, end: int, why: str) -> None:
        """The lines wholly inside ``text[begin:end]`` are skipped."""
        for index in self._touched(begin, end):
            number = self.numbers[index]
            whole = self.starts[index] >= begin and self.ends[index] <= end
            if whole and not ledger.roles[number]:
                ledger.skip(number, why)


def _add(merged: dict[str, Term], lookup: dict[str, Term], term: Term) -> tuple[Term | None, str]:
    """Merge a term read into the deck's terms; returns the deck's copy and the
    definition it had before ("" for a new term)."""
    if not term.name:
        return None, ""
    folded = key(term.name)
    into = merged.get(folded)
    if into is not None:
        had = into.definition
        merge_term(into, term)
        return into, had
    if term.aliases:
        aliases, term.aliases = term.aliases, []
        merge_term(term, Term(term.name, "", aliases))  # drops repeated aliases
    merged[folded] = term
    lookup.setdefault(folded, term)
    for form in (term.display_name, *term.aliases) if term.aliases else ():
        lookup.setdefault(key(form), term)
    return term, ""


def _lists_entries(para: Block, later: Block | None) -> bool:
    """Whether a heading's next paragraph starts a list of entries, making the
    heading a section title ("## Glossary") rather than a term."""
    first = para.lines[0]
    if first[:2] in ("**", "__") or unbullet(first) != first:
        return _starts_entry(first)
    if len(para.lines) > 1 and all(entries.tab_cells(line) for line in para.lines[:3]):
        return True  # the rows of a table ("| il tavolo | table |") under a "## Things"
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
    body = unbullet(line)
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
    body = unbullet(line)
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
