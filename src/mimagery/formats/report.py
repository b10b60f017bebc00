"""What a reader did with the lines of a glossary that are not plainly terms.

Every non-blank line of a pasted or Markdown glossary ends up in a term (its name, an
alias, its definition or a mimage), in the deck's title, or in this report: lines
skipped (forum text, prose around the glossary, a second definition that lost to a
longer one…), headings read as section titles rather than terms, and lines whose
reading was a guess between close alternatives. A ``Ledger`` keeps where each line
went while the glossary is read, and makes the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the glossary (numbered from 1) and what the reader says about it.

    ``place`` names where an entry is in a file without lines to speak of ("terms[3]" in
    JSON, "note 12" in an Anki package); ``number`` is then 0."""

    number: int
    text: str
    note: str = ""
    place: str = ""

    @property
    def where(self) -> str:
        """``line 12``, or the place when there is no line number."""
        return self.place or f"line {self.number}"


@dataclass(slots=True)
class ReadReport:
    """Lines skipped, headings that are not terms, and readings that were guesses."""

    skipped: list[Line] = field(default_factory=list)
    headings: list[Line] = field(default_factory=list)
    guesses: list[Line] = field(default_factory=list)
    #: Where each term was read (by ``model.key`` of its name): its first line, or its
    #: place; for messages about a term once it is read (``formats.checks``).
    sources: dict[str, Line] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.skipped or self.headings or self.guesses)

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        """The report as JSON-ready lists of ``{"line", "text", "note"}`` (and ``"place"``
        for an entry of a file without line numbers)."""
        return {
            kind: [
                {"line": line.number, "text": line.text, "note": line.note}
                | ({"place": line.place} if line.place else {})
                for line in lines
            ]
            for kind, lines in (
                ("skipped", self.skipped),
                ("headings", self.headings),
                ("guesses", self.guesses),
            )
        }


class Ledger:
    """Where each line of a glossary went, by line number (from 1): ``roles[n]`` is ""
    until the line is placed, then "term", "mimage", "title", "heading", "skipped" or
    " " (blank)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.roles = [""] * (len(lines) + 1)
        self.notes: dict[int, str] = {}  # why a line was skipped
        self.headings: dict[int, str] = {}  # heading lines, and what each is
        self.guesses: dict[int, str] = {}  # lines read by a guess, and the other reading

    def skip(self, number: int, why: str) -> None:
        """The line is skipped, for the reason given."""
        self.roles[number] = "skipped"
        self.notes[number] = why

    def header(self, number: int, what: str) -> None:
        """The line shapes what follows (a table's header, the mimages' heading)."""
        self.roles[number] = "heading"
        self.headings[number] = what

    def heading(self, number: int) -> None:
        """The line, not placed otherwise, is a heading (not a term)."""
        if not self.roles[number]:
            self.header(number, "a heading, not a term")

    def guess(self, number: int, note: str) -> None:
        """The line was read by a guess; ``note`` says what else it could be."""
        self.guesses[number] = note

    def report(self) -> ReadReport:
        """Skipped lines, headings and guesses; a line nothing placed is skipped."""
        roles = self.roles
        at = roles.index("", 1) if "" in roles[1:] else 0
        while at:
            self.skip(at, "not read")  # a bug if it happens: nothing placed the line
            at = roles.index("", at + 1) if "" in roles[at + 1 :] else 0
        report = ReadReport()
        for number in sorted({*self.notes, *self.headings, *self.guesses}):
            role, text = roles[number], self.lines[number - 1].strip()
            if role == "skipped":
                report.skipped.append(Line(number, text, self.notes.get(number, "")))
            elif role == "heading":
                report.headings.append(Line(number, text, self.headings[number]))
            elif number in self.guesses:
                report.guesses.append(Line(number, text, self.guesses[number]))
        return report
