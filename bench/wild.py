"""How well glossaries "in the wild" import: term-level accuracy and lines lost silently.

A second, smaller corpus (``tests/fixtures/wild-heldout/``, same layout) was written after
the reader was tuned on the first and is never tuned on: its figures say how the reader
does on glossaries it has not seen.

The corpus is ``tests/fixtures/wild/``: glossaries written by hand in the styles people
paste (run together, one space, colon, dashes, tab, ``=``, lists, bold or italic terms,
terms on their own lines, wrapped definitions, headings, tables, inline and separate
mimages), each with a sidecar ``NAME.json`` holding the truth, also written by hand:

    {"deck": "Botany Words", "reported": [3, 24],
     "terms": [["Xylem", "The tissue that carries…", "run-together"], …],
     "aliases": {"APR": ["Annual Percentage Rate"]}, "keywords": {"Xylem": "Xylophone Stem"}}

``reported`` lists the lines that are no glossary content (forum text, prose, headings,
a table's header): the import must report them. Figures:

- term accuracy: terms whose name and definition are exactly right, over the expected
  terms plus any term read that should not be there;
- lines lost silently: non-blank lines of a pasted or Markdown glossary that are
  neither reported nor in the deck (their words found in its title, names, aliases,
  definitions or mimages);
- lines not reported: lines the truth calls no content that the report leaves out
  (read into a term instead, say);
- per style (the third field of each term), how many terms are right.

Run: ``python bench/wild.py`` (``--verbose`` lists every miss).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mimagery import formats
from mimagery.model import Deck

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "wild"
#: Glossaries written after the reader was tuned, and never tuned on: how it generalises.
HELD_OUT = CORPUS.parent / "wild-heldout"
_TOKEN = re.compile(r"[^\W_]+")
_MARKER = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)])\s+")  # a list's bullet or number
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "XylemThe" is two words
_LABEL = re.compile(r"\b(?:mnemonic|memory hook|mimage)s?\s*:", re.IGNORECASE)


@dataclass
class Measure:
    """The corpus's figures."""

    glossaries: int = 0
    expected: int = 0
    correct: int = 0
    spurious: int = 0
    lost: int = 0
    unreported: int = 0
    decks_right: int = 0
    aliases_wrong: int = 0
    keywords_wrong: int = 0
    styles: Counter[str] = field(default_factory=Counter)
    style_misses: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Exactly right terms over expected terms plus spurious ones."""
        return self.correct / max(self.expected + self.spurious, 1)

    def failing_styles(self) -> list[str]:
        """Styles with at least one term not exactly right."""
        return sorted(style for style in self.styles if self.style_misses[style])


def glossaries(root: Path = CORPUS) -> list[tuple[Path, dict]]:  # type: ignore[type-arg]
    """Each glossary of the corpus with its truth."""
    found = []
    for truth in sorted(root.glob("*.json")):
        source = next(p for p in root.glob(truth.stem + ".*") if p.suffix != ".json")
        found.append((source, json.loads(truth.read_text(encoding="utf-8"))))
    return found


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _TOKEN.findall(text)]


def _found(tokens: list[str], words: set[str]) -> bool:
    """Whether (nearly) all of a line's words are in the deck."""
    return sum(token in words for token in tokens) >= 0.9 * len(tokens)


def _deck_words(deck: Deck) -> set[str]:
    words = set(_words(deck.name))
    for term in deck.terms:
        words.update(_words(term.name))
        words.update(_words(term.definition))
        for alias in term.aliases:
            words.update(_words(alias))
        for mimage in term.mimages:
            words.update(_words(mimage.keyword))
            words.update(_words(mimage.scene))
    return words


def lost_lines(source: Path, truth: dict, deck: Deck, report: formats.ReadReport) -> list[str]:  # type: ignore[type-arg]
    """Lines neither reported nor found in the deck, and expected-reported lines the
    report leaves out."""
    reported = {line.number for line in (*report.skipped, *report.headings)}
    words = _deck_words(deck)
    lost = [f"{source.name}:{n} should be reported" for n in truth["reported"] if n not in reported]
    text = source.read_bytes().decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or number in reported:
            continue
        if not title_seen and deck.name and deck.name.casefold() in line.casefold():
            title_seen = True  # the title line, subtitle and all
            continue
        marker = _MARKER.match(line)
        body = _LABEL.sub(" ", line[marker.end() if marker else 0 :])
        if not any(
            _found(tokens, words) for tokens in (_words(body), _words(_GLUED.sub(" ", body)))
        ):
            lost.append(f"{source.name}:{number} lost: {line.strip()[:70]!r}")
    return lost


def measure(root: Path = CORPUS) -> Measure:
    """Read every glossary of the corpus and compare it with its truth."""
    result = Measure()
    for source, truth in glossaries(root):
        result.glossaries += 1
        deck, report = formats.read_report(source.read_bytes(), None, source.name)
        got = {term.name: term for term in deck.terms}
        expected = {name: definition for name, definition, _ in truth["terms"]}
        result.expected += len(expected)
        result.decks_right += deck.name == truth["deck"]
        if deck.name != truth["deck"]:
            result.misses.append(f"{source.name}: deck {deck.name!r}, not {truth['deck']!r}")
        for name, definition, style in truth["terms"]:
            result.styles[style] += 1
            term = got.get(name)
            if term is not None and term.definition == definition:
                result.correct += 1
            else:
                result.style_misses[style] += 1
                shown = None if term is None else term.definition[:60]
                result.misses.append(f"{source.name}: {name!r} [{style}] read as {shown!r}")
        for name in got.keys() - expected.keys():
            result.spurious += 1
            result.misses.append(f"{source.name}: {name!r} should not be a term")
        for name, aliases in truth.get("aliases", {}).items():
            result.aliases_wrong += name not in got or got[name].aliases != aliases
        for name, keyword in truth.get("keywords", {}).items():
            chosen = got[name].chosen if name in got else None
            result.keywords_wrong += chosen is None or chosen.keyword != keyword
        if formats.detect(source.read_bytes(), source.name) in ("pasted", "md"):
            lost = lost_lines(source, truth, deck, report)
            result.unreported += sum(line.endswith("should be reported") for line in lost)
            result.lost += sum(not line.endswith("should be reported") for line in lost)
            result.misses.extend(lost)
    return result


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    held = measure(HELD_OUT)
    result = measure()
    print(
        f"corpus: {result.glossaries} glossaries, {result.expected} terms, "
        f"{len(result.styles)} styles"
    )
    print(
        f"term accuracy (name and definition exactly right): {result.accuracy:.2%} "
        f"({result.correct} right of {result.expected} expected, {result.spurious} spurious)"
    )
    print(f"lines lost silently: {result.lost}")
    print(f"lines a person calls no content, not reported: {result.unreported}")
    print(f"deck names right: {result.decks_right} of {result.glossaries}")
    print(f"aliases wrong: {result.aliases_wrong}; chosen keywords wrong: {result.keywords_wrong}")
    print("per style (right / terms):")
    for style in sorted(result.styles):
        total, missed = result.styles[style], result.style_misses[style]
        print(f"  {style:20} {total - missed:4} / {total:<4}{'  FAILS' if missed else ''}")
    failing = result.failing_styles()
    print(f"styles that fail: {', '.join(failing) if failing else 'none'}")
    if args.verbose or len(result.misses) <= 20:
        for miss in result.misses:
            print(f"  {miss}")
    print(
        f"held out ({held.glossaries} glossaries, {held.expected} terms, never tuned on): "
        f"term accuracy {held.accuracy:.2%}, lines lost silently {held.lost}, "
        f"not reported {held.unreported}, deck names right {held.decks_right} of {held.glossaries}"
    )
    for miss in held.misses:
        print(f"  {miss}")
    sys.exit(0)


if __name__ == "__main__":
    main()
