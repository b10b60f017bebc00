"""Merging one term's many aliases or mimages: linear, where it was quadratic.

Prints medians over repeats, for n = 5,000 … 40,000:
- ``model.merge_term`` folding one entry with n aliases into a fresh term,
- ``tabular.read`` of n CSV rows of one term (n mimages, merged as they are read),
- the store merging n new aliases into a stored term (``Store.import_deck``),
- and, end to end, how fast ``formats.read`` refuses the issue's file of one term with
  20,000 aliases (over the limit of 100): it took 51 s to import before.

Run: ``python bench/merge.py [--repeats R]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from mimagery import formats, model
from mimagery.errors import MimageryError
from mimagery.formats import tabular
from mimagery.model import Deck, Term
from mimagery.store import Store

SIZES = (5_000, 10_000, 20_000, 40_000)
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _median(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _aliases(n: int) -> list[str]:
    return [f"alias {i}" for i in range(n)]


def merge_aliases(n: int) -> None:
    model.merge_term(Term("Alpha"), Term("Alpha", "d", _aliases(n)))


def csv_rows(n: int) -> Callable[[], object]:
    text = "term,definition,keyword,scene\n" + "".join(
        f"Alpha,d,key {i},scene {i}\n" for i in range(n)
    )
    return lambda: tabular.read(text, "csv")


def store_merge(n: int, folder: Path) -> Callable[[], object]:
    counter = [0]

    def run() -> None:
        counter[0] += 1
        url = f"sqlite:///{folder / f'merge-{n}-{counter[0]}.sqlite3'}"
        store = Store.open(url, data_dir=folder)
        try:
            store.import_deck(Deck("D", [Term("Alpha", "d", ["first"])]), now=NOW)
            store.import_deck(Deck("D", [Term("Alpha", "d", _aliases(n))]), now=NOW)
        finally:
            store.close()

    return run


def refused(n: int) -> Callable[[], object]:
    data = json.dumps({"deck": "Q", "terms": [{"term": "Alpha", "aliases": _aliases(n)}]})

    def run() -> None:
        try:
            formats.read(data.encode(), filename="aliases.json")
        except MimageryError:
            return
        raise AssertionError("not refused")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"{'n':>7} {'merge_term':>11} {'csv rows':>10} {'store merge':>12}  (median s)")
        for n in SIZES:
            figures = (
                _median(lambda n=n: merge_aliases(n), args.repeats),
                _median(csv_rows(n), args.repeats),
                _median(store_merge(n, folder), args.repeats),
            )
            print(f"{n:>7} {figures[0]:>11.4f} {figures[1]:>10.4f} {figures[2]:>12.4f}")
        size = len(json.dumps({"terms": [{"term": "Alpha", "aliases": _aliases(20_000)}]}))
        took = _median(refused(20_000), args.repeats)
        print(f"one term with 20,000 aliases ({size / 1024:.0f} KB JSON) refused in {took:.4f} s")


if __name__ == "__main__":
    main()
