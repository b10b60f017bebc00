"""How long a review waits while a large import is running (SQLite, two processes).

A reviewer process grades one card every 50 ms and records how long each review took,
start to commit; meanwhile the main process imports a generated glossary of N terms
(parse, then one transaction) into another deck. Prints the import's own time, the time
it held the write lock (its transaction), and the reviews' median and longest wait.

The import parses first, outside any transaction, and holds SQLite's write lock only
for its inserts; a review made meanwhile waits at most that long, and is never lost.

Run: ``python bench/import_starve.py [--terms 100000]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mimagery import formats, review
from mimagery.model import Deck, Term
from mimagery.store import Store


def _reviewer(url: str, data: str, card_ids: list[int], stop: mp.Event, out: mp.Queue) -> None:
    store = Store.open(url, Path(data))
    waits: list[float] = []
    at = datetime.now(UTC)
    i = 0
    while not stop.is_set():
        at += timedelta(minutes=1)
        started = time.perf_counter()
        review(store, card_ids[i % len(card_ids)], "good", at)
        waits.append(time.perf_counter() - started)
        i += 1
        time.sleep(0.05)
    store.close()
    out.put(waits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        store = Store.open(url, Path(folder))
        now = datetime.now(UTC)
        small = Deck("Small", [Term(f"word {i}", f"meaning {i}") for i in range(50)])
        store.import_deck(small, now=now)
        with store.reading() as connection:
            card_ids = [
                int(row[0]) for row in connection.exec_driver_sql("SELECT id FROM cards LIMIT 50")
            ]
        glossary = {
            "deck": "Large",
            "terms": [
                {"term": f"term number {i}", "definition": f"what number {i} means, in words"}
                for i in range(args.terms)
            ],
        }
        text = json.dumps(glossary)
        stop = mp.Event()
        out: mp.Queue = mp.Queue()
        worker = mp.Process(target=_reviewer, args=(url, folder, card_ids, stop, out))
        worker.start()
        time.sleep(1.0)
        started = time.perf_counter()
        deck = formats.read(text, "json")
        parsed = time.perf_counter()
        store.import_deck(deck, now=now)
        done = time.perf_counter()
        time.sleep(1.0)
        stop.set()
        waits = out.get()
        worker.join()
        store.close()
    print(f"import of {args.terms} terms: {done - started:.2f} s in all")
    print(f"  parse (no lock held):            {parsed - started:.2f} s")
    print(f"  store transaction (write lock):  {done - parsed:.2f} s")
    print(f"reviews meanwhile: {len(waits)}, all recorded")
    print(f"  median wait {statistics.median(waits) * 1000:.1f} ms, longest {max(waits):.2f} s")


if __name__ == "__main__":
    main()
