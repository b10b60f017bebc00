"""What a reader did with the lines of a glossary that are not plainly terms.

Every non-blank line of a pasted or Markdown glossary ends up in a term (its name, an
alias, its definition or a mimage), in the deck's title, or in this report: lines
skipped (forum text, prose around the glossary, a second definition that lost to a
longer one…), headings read as section titles rather than terms, and lines whose
reading was a guess between close alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the glossary (numbered from 1) and what the reader says about it."""

    number: int
    text: str
    note: str = ""


@dataclass(slots=True)
class ReadReport:
    """Lines skipped, headings that are not terms, and readings that were guesses."""

    skipped: list[Line] = field(default_factory=list)
    headings: list[Line] = field(default_factory=list)
    guesses: list[Line] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.skipped or self.headings or self.guesses)

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        """The report as JSON-ready lists of ``{"line", "text", "note"}``."""
        return {
            kind: [{"line": line.number, "text": line.text, "note": line.note} for line in lines]
            for kind, lines in (
                ("skipped", self.skipped),
                ("headings", self.headings),
                ("guesses", self.guesses),
            )
        }
