"""Study speed at scale: 100,000 cards and 1,000,000 logged reviews.

Builds (once, cached in a temp folder given by --work) a deck of 33,334 terms (three
cards each) through the store, then gives the cards a realistic mix of states (a
third new, the rest learnt, due dates spread over two months around now) and fills
the review log with 1,000,000 rows over the past year, written straight through
sqlite3 because the store's import path is not what is measured here. Then prints
medians of:

- fetching the next 100 due cards (``study.due``), in-process, warm, with siblings
  buried (the default) and, taken in turns, without;
- one review (schedule + log + commit, ``study.review``), in-process, warm;
- ``mimagery due --json`` and ``mimagery review ID good`` as CLI calls with start-up.

Run: ``python bench/study.py [--work DIR] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mimagery import study
from mimagery.model import Deck, Term
from mimagery.store import Store

DECK = "Bench Study"
TERMS = 33_334
REVIEWS = 1_000_000
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _iso(moment: datetime) -> str:
    # The form SQLAlchemy's SQLite DateTime type stores.
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def build(home: Path) -> None:
    """The deck, the card states and the review log."""
    store = Store.open(data_dir=home)
    terms = [Term(f"Term {n:05d}", f"Definition number {n}.") for n in range(TERMS)]
    store.import_deck(Deck(DECK, terms), now=NOW - timedelta(days=400))
    database = store.sqlite_file
    store.close()
    assert database is not None
    rng = random.Random(7)
    connection = sqlite3.connect(database)
    try:
        card_ids = [row[0] for row in connection.execute("SELECT id FROM cards ORDER BY id")]
        deck_id = connection.execute("SELECT id FROM decks").fetchone()[0]
        updates = []
        for card_id in card_ids:
            if rng.random() < 0.33:
                continue  # stays new
            learning = rng.random() < 0.05
            due = NOW + timedelta(minutes=rng.randint(-30 * 1440, 30 * 1440))
            last = due - timedelta(days=rng.randint(1, 60))
            updates.append(
                (
                    1 if learning else 2,
                    0 if learning else None,
                    rng.uniform(0.5, 90),
                    rng.uniform(1, 10),
                    _iso(due),
                    _iso(last),
                    rng.randint(1, 30),
                    rng.randint(0, 5),
                    card_id,
                )
            )
        connection.executemany(
            "UPDATE cards SET state=?, step=?, stability=?, difficulty=?, due=?, last_review=?, "
            "reps=?, lapses=? WHERE id=?",
            updates,
        )
        learnt = [u[-1] for u in updates]
        state = json.dumps({"state": 2, "step": None, "stability": 10.0, "difficulty": 5.0})

        def rows():  # type: ignore[no-untyped-def]
            for number in range(REVIEWS):
                when = NOW - timedelta(seconds=rng.randint(60, 365 * 86400))
                yield (
                    f"bench-{number}",
                    rng.choice(learnt),
                    deck_id,
                    _iso(when),
                    rng.choice((1, 3, 3, 3, 4)),
                    2,
                    2,
                    rng.uniform(1, 30),
                    None,
                    None,
                    state,
                    state,
                )

        connection.executemany(
            "INSERT INTO reviews (review_key, card_id, deck_id, reviewed, rating, state_before, "
            "state_after, elapsed_days, duration_ms, mimage_origin, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        connection.commit()
        connection.execute("ANALYZE")
    finally:
        connection.close()


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.2f} ms (min {min(samples) * 1000:.2f})"


def main() -> None:
    """Build if needed, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "mimagery-bench-study"
    )
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    home = args.work
    marker = home / "built"
    if not marker.exists():
        started = time.perf_counter()
        home.mkdir(parents=True, exist_ok=True)
        build(home)
        marker.write_text("ok")
        print(f"built in {time.perf_counter() - started:.0f} s")
    # Reviews below change the deck: measure on a copy so every run starts the same.
    work = Path(tempfile.mkdtemp(prefix="mimagery-bench-study-run-"))
    source = home / "mimagery.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(work / "mimagery.sqlite3") as dst:
        src.backup(dst)
    store = Store.open(data_dir=work)
    with store.reading() as connection:
        counts = connection.exec_driver_sql(
            "SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM reviews)"
        ).one()
    print(f"deck: {counts[0]:,} cards, {counts[1]:,} reviews")
    study.change_settings(store, DECK, reviews_per_day=100_000, new_per_day=1000)

    study.due(store, DECK, NOW, 100)  # warm
    # Siblings buried (the default) and not, in turns of 10 so both see the same machine
    # (a settings write empties the readers' page cache: one warm-up call after each).
    fetch: list[float] = []
    unburied: list[float] = []
    for _ in range(5):
        for bury, samples in ((True, fetch), (False, unburied)):
            study.change_settings(store, DECK, bury_siblings=bury)
            study.due(store, DECK, NOW, 100)
            for _ in range(10):
                started = time.perf_counter()
                found = study.due(store, DECK, NOW, 100)
                samples.append(time.perf_counter() - started)
                assert len(found.cards) == 100
    study.change_settings(store, DECK, bury_siblings=True)
    print(f"next 100 due cards, in-process:   {_median_ms(fetch)}   goal < 10 ms")
    print(f"  the same, siblings not buried:  {_median_ms(unburied)}")

    queue = [c.card_id for c in study.due(store, DECK, NOW, 1000).cards]
    review = []
    for number, card_id in enumerate(queue[:300]):
        at = NOW + timedelta(seconds=number)
        started = time.perf_counter()
        study.review(store, card_id, "good", at)
        review.append(time.perf_counter() - started)
    print(f"one review (schedule+log+commit): {_median_ms(review)}   goal < 3 ms")
    store.close()

    env = dict(os.environ, MIMAGERY_HOME=str(work))
    command = [sys.executable, "-m", "mimagery"]
    at = (NOW + timedelta(hours=1)).isoformat()
    due_runs, review_runs = [], []
    for number in range(args.repeats):
        started = time.perf_counter()
        listed = subprocess.run(
            [*command, "due", "--json", "--limit", "100", "--at", at],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        due_runs.append(time.perf_counter() - started)
        card_id = json.loads(listed.stdout)["cards"][0]["card"]
        started = time.perf_counter()
        subprocess.run(
            [*command, "review", str(card_id), "good", "--at", at, "--id", f"cli-{number}"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        review_runs.append(time.perf_counter() - started)
    print(f"'mimagery due --json' CLI call:   {_median_ms(due_runs)}   goal < 500 ms")
    print(f"'mimagery review' CLI call:       {_median_ms(review_runs)}   goal < 500 ms")


if __name__ == "__main__":
    main()
