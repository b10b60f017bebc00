"""Glossaries in the wild: the hand-written corpus under ``tests/fixtures/wild/`` imports
with term-level accuracy of at least 99% and no line lost silently (``bench/wild.py``
prints the figures and the styles that fail)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from mimagery import formats
from mimagery.model import Deck, Term

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from wild import CORPUS, glossaries, lost_lines, measure  # noqa: E402 - the bench's own measure

GLOSSARIES = glossaries()


def _plain(text: str) -> str:
    """Text without Markdown marks, table pipes or line breaks."""
    text = text.replace("**", "").replace("__", "").replace("|", " ")
    text = re.sub(r"(?<![\w*])[*_](?=\w)|(?<=\w)[*_](?![\w*])", "", text)
    return " ".join(text.split())


def test_the_corpus_is_large_and_varied() -> None:
    assert len(GLOSSARIES) >= 30
    assert sum(len(truth["terms"]) for _, truth in GLOSSARIES) >= 600
    styles = {style for _, truth in GLOSSARIES for *_, style in truth["terms"]}
    assert {
        "run-together",
        "space",
        "colon",
        "hyphen",
        "en-dash",
        "em-dash",
        "tab",
        "equals",
        "numbered",
        "bullet-bold",
        "bold",
        "italic",
        "own-line",
        "multi-line",
        "md-heading",
        "md-table",
        "inline-mnemonic",
    } <= styles
    assert {source.suffix for source, _ in GLOSSARIES} == {".txt", ".md"}


@pytest.mark.parametrize(
    ("source", "truth"), GLOSSARIES, ids=lambda value: getattr(value, "name", "")
)
def test_the_truth_is_written_in_the_glossary(source: Path, truth: dict) -> None:  # type: ignore[type-arg]
    """The expected answers were typed by hand: each name and definition is in the text
    (so a typo in the truth cannot pass for a reader's mistake)."""
    text = _plain(source.read_text(encoding="utf-8"))
    for name, definition, _ in truth["terms"]:
        assert _plain(name) in text, name
        for paragraph in definition.split("\n\n"):
            assert _plain(paragraph) in text, (name, paragraph)
    lines = source.read_text(encoding="utf-8").splitlines()
    assert all(lines[number - 1].strip() for number in truth["reported"])


def test_term_accuracy_and_no_line_lost_silently() -> None:
    result = measure(CORPUS)
    assert result.accuracy >= 0.99, "\n".join(result.misses)
    assert result.lost == 0, "\n".join(result.misses)
    assert result.unreported == 0, "\n".join(result.misses)
    assert result.decks_right == result.glossaries, "\n".join(result.misses)


def test_a_lost_line_is_counted() -> None:
    """The measure can fail: a line whose words are nowhere in the deck and that the
    report leaves out is lost; so is an expected-reported line the report leaves out."""
    source, truth = next((s, t) for s, t in GLOSSARIES if s.name == "contract_law.txt")
    deck, report = formats.read_report(source.read_bytes(), None, source.name)
    assert lost_lines(source, truth, deck, report) == []
    fewer = Deck(deck.name, [t for t in deck.terms if t.name != "Estoppel"])
    assert len(lost_lines(source, truth, fewer, report)) == 1
    report.skipped.pop(0)
    assert any("should be reported" in lost for lost in lost_lines(source, truth, deck, report))


@pytest.mark.parametrize(
    ("source", "truth"),
    [(s, t) for s, t in GLOSSARIES if formats.detect(s.read_bytes(), s.name) in ("pasted", "md")],
    ids=lambda value: getattr(value, "name", ""),
)
def test_every_line_is_placed_by_the_reader(source: Path, truth: dict) -> None:  # type: ignore[type-arg]
    """No line reaches the report only because nothing placed it (the reader's own
    accounting is complete), and the lines a person would not call content are there."""
    _, report = formats.read_report(source.read_bytes(), None, source.name)
    assert all(line.note != "not read" for line in report.skipped)
    reported = {line.number for line in (*report.skipped, *report.headings)}
    assert set(truth["reported"]) <= reported


def test_aliases_and_keywords_of_the_corpus() -> None:
    for source, truth in GLOSSARIES:
        deck = formats.read(source.read_bytes(), None, source.name)
        terms: dict[str, Term] = {term.name: term for term in deck.terms}
        for name, aliases in truth.get("aliases", {}).items():
            assert terms[name].aliases == aliases, (source.name, name)
        for name, keyword in truth.get("keywords", {}).items():
            chosen = terms[name].chosen
            assert chosen is not None and chosen.keyword == keyword, (source.name, name)


def test_sidecars_are_json_with_the_documented_fields() -> None:
    for truth_file in sorted(CORPUS.glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        assert set(truth) <= {"deck", "reported", "terms", "aliases", "keywords"}
        assert all(len(row) == 3 for row in truth["terms"])
