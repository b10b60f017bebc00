"""What a glossary's terms look like, to choose between readings of an ambiguous line.

A glossary's terms are alike: one or two capitalised words ("Xylem", "Guard Cells"),
lower-case phrases with an article ("el perro"), acronyms ("DNS"). ``Shape`` counts the
number of words and the capitalisation of the terms read without doubt; ``fit`` says how
usual another term's shape is among them, so a reader can prefer the reading whose term
looks like the others ("Hubble's Law | Edwin Hubble found…" over "Hubble's Law Edwin |
Hubble found…").
"""

from __future__ import annotations

from collections import Counter

# Lower-case words a capitalised name may hold ("Law of Demand").
_SMALL = frozenset(
    "of and or the a an in on at to for by with from de del la el du des von van vs".split()
)


def case_of(term: str) -> str:
    """``lower`` ("el perro"), ``upper`` ("DNS"), ``title`` ("Guard Cells", "Law of
    Demand") or ``sentence`` ("Guard cells")."""
    letters = [c for c in term if c.isalpha()]
    if not letters:
        return "other"
    if letters[0].islower():
        return "lower"
    if len(letters) > 1 and all(c.isupper() for c in letters if c.isascii()):
        return "upper"
    words = term.split()
    if all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _SMALL for w in words[1:]):
        return "title"
    return "sentence"


def _length(term: str) -> int:
    return min(len(term.split()), 4)


class Shape:
    """Counts of the terms' word counts and capitalisation."""

    def __init__(self) -> None:
        self.lengths: Counter[int] = Counter()
        self.cases: Counter[str] = Counter()
        self.total = 0

    def add(self, term: str) -> None:
        """Count a term read without doubt."""
        self.lengths[_length(term)] += 1
        self.cases[case_of(term)] += 1
        self.total += 1

    def fit(self, term: str) -> float:
        """How usual the term's shape is among the counted terms, from about 0 to 1 (the
        commonest length and capitalisation); 0.5 when nothing is counted yet."""
        if not self.total:
            return 0.5
        length = (self.lengths[_length(term)] + 1) / (max(self.lengths.values()) + 1)
        case = (self.cases[case_of(term)] + 1) / (max(self.cases.values()) + 1)
        return float((length * case) ** 0.5)
