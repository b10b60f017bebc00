"""``generate --all`` speed on a 1,000-term deck: keyword, scene and SVG card per term.

Builds a deck of real English words (frequent, several syllables) with short
made-up definitions, imports it into a fresh data directory, then times
``actions.generate(..., all_terms=True)`` in-process (the lexicon and icon
tables loaded first, as a warm process has them) and one ``mimagery generate
--all`` CLI call on a second copy. Prints the total and the median per term
(from the progress callback's timestamps). PNG is not made.

Run: ``python bench/generate.py [--terms N]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import wordfreq

from mimagery import actions, keywords
from mimagery.keywords import lexicon
from mimagery.model import Deck, Term
from mimagery.store import Store

SVG = "{http://www.w3.org/2000/svg}"
SUBJECTS = ["a process", "a structure", "a measure", "a method", "a rule", "a device"]
VERBS = ["that controls", "that stores", "that reduces", "that links", "that sorts"]
OBJECTS = ["heat in a system", "signals between cells", "prices over time", "rows of data"]


def deck(count: int, seed: int = 5) -> Deck:
    """``count`` terms: frequent words of 7+ letters with a one-sentence definition."""
    rng = random.Random(seed)
    words = [w for w in wordfreq.top_n_list("en", 40_000) if w.isalpha() and len(w) >= 7]
    rng.shuffle(words)
    terms = [
        Term(
            word.capitalize(),
            f"{word.capitalize()} is {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)}.",
        )
        for word in words[:count]
    ]
    return Deck("Bench Deck", terms)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    now = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="mimagery-bench-generate-"))
    made = deck(args.terms)

    store = Store.open(data_dir=work / "inproc")
    store.import_deck(made, now=now)
    started = time.perf_counter()
    lexicon.load()
    keywords.suggest("warm up")
    warm = time.perf_counter() - started
    stamps: list[float] = []
    started = time.perf_counter()
    report = actions.generate(
        store,
        "Bench Deck",
        all_terms=True,
        now=now,
        progress=lambda number, total, term: stamps.append(time.perf_counter()),
    )
    total = time.perf_counter() - started
    stamps.append(time.perf_counter())
    store.close()
    per_term = [b - a for a, b in itertools.pairwise(stamps)]
    print(f"deck: {args.terms} terms; tables loaded in {warm:.2f} s")
    print(
        f"generate --all in-process: {total:.1f} s for {report.added} mimages "
        f"({len(report.without_keyword)} terms without a keyword); "
        f"median {statistics.median(per_term) * 1000:.1f} ms a term, "
        f"p90 {sorted(per_term)[int(len(per_term) * 0.9)] * 1000:.1f} ms  (goal: 1,000 in < 30 s)"
    )

    home = work / "cli"
    cli = Store.open(data_dir=home)
    cli.import_deck(made, now=now)
    cli.close()
    env = dict(os.environ, MIMAGERY_HOME=str(home))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mimagery", "generate", "--deck", "Bench Deck", "--all"],
        env=env,
        check=True,
        capture_output=True,
    )
    print(f"one 'mimagery generate --all' CLI call: {time.perf_counter() - started:.1f} s")
    cards = list((home / "pictures").rglob("*.svg"))
    print(f"cards written: {len(cards)}, {sum(c.stat().st_size for c in cards) / 1e6:.1f} MB")
    # An icon is a nested <svg> holding an OpenMoji drawing; a badge is not.
    with_icon = sum(bool(ET.parse(card).getroot().findall(f"{SVG}svg")) for card in cards)
    print(f"cards with at least one icon: {with_icon / len(cards):.1%}  (goal >= 95%)")


if __name__ == "__main__":
    main()
