"""How well the `sound` measure agrees with listeners (Spearman with each panel's mean).

Two panels, each (term, keyword) pair rated 1-5 for sound alone by three listeners:
- the shared panel (`../shared/panel/sound-panel.tsv`, 256 pairs), on which the
  measure's few weights were fitted;
- our own panel (`bench/panels/sound-own/panel.tsv`, 180 pairs on tuning terms), which
  the measure never saw.

For comparison it also prints plain 1 - Levenshtein over IPA phones / the longer length.

    python bench/sound_panel.py
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from pathlib import Path

from mimagery.keywords import measure, phonetics, rules

HERE = Path(__file__).resolve().parent
PANELS = {
    "shared (fitted on)": HERE.parent.parent / "shared" / "panel" / "sound-panel.tsv",
    "own (held out)": HERE / "panels" / "sound-own" / "panel.tsv",
}


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    """Spearman's rank correlation (ties get their mean rank; 0 when either side is
    constant)."""
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = statistics.fmean(ra), statistics.fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    var = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return cov / var if var else 0.0


def levenshtein_similarity(term: str, keyword: str) -> float:
    """1 - edit distance over IPA phones / the longer length (best reading of the term)."""
    spoken = phonetics.pronounce(keyword)
    if not spoken:
        return 0.0
    b = [p.symbol for w in spoken[0] for p in w.phones]
    best = 0.0
    for reading in phonetics.pronounce(term):
        a = [p.symbol for w in reading for p in w.phones]
        best = max(best, 1 - rules.edit_distance(a, b) / max(len(a), len(b), 1))
    return best


def main() -> int:
    for name, path in PANELS.items():
        if not path.is_file():
            print(f"{name}: {path} not found, skipped")
            continue
        rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
        means = [float(r["mean"]) for r in rows]
        started = time.perf_counter()
        ours = [measure(r["term"], r["keyword"])[0] for r in rows]
        took = (time.perf_counter() - started) / len(rows) * 1000
        plain = [levenshtein_similarity(r["term"], r["keyword"]) for r in rows]
        print(
            f"{name}: {len(rows)} pairs; Spearman with the listeners' mean: "
            f"sound {spearman(ours, means):.3f}, phone Levenshtein {spearman(plain, means):.3f} "
            f"({took:.2f} ms a pair)"
        )
        by_source: dict[str, list[tuple[float, float]]] = {}
        for row, value, mean in zip(rows, ours, means, strict=True):
            by_source.setdefault(row["source"], []).append((value, mean))
        for source, pairs in sorted(by_source.items()):
            heard = statistics.fmean(m for _, m in pairs)
            measured = statistics.fmean(v for v, _ in pairs)
            print(f"    {source:22} n={len(pairs):3}  listeners {heard:.2f}  sound {measured:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
