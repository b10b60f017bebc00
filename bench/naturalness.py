"""Fit how natural a keyword reads from its words, on a rated panel (issue 12).

Reads a panel folder's ``key.tsv`` (id, term, keyword, …) and ``ratings_r*.tsv`` (id,
sound, picture, natural, salad), computes each keyword's features from the lexicon
(``keywords.naturalness.features``) and fits the raters' mean naturalness by least
squares. Prints the weights, the fit's Spearman on the panel, and a 5-fold
cross-validated Spearman (fitted on four fifths of the terms, tested on the rest).

Run: ``python bench/naturalness.py bench/panels/keywords-tuning``.
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
from pathlib import Path

import numpy as np

from mimagery.keywords import naturalness
from sound_panel import spearman  # the bench's one Spearman (run from bench/ or the root)


def load(folder: Path) -> list[tuple[str, str, dict[str, float]]]:
    key = {r["id"]: r for r in csv.DictReader((folder / "key.tsv").open(), delimiter="\t")}
    ratings = [
        {r["id"]: r for r in csv.DictReader(path.open(), delimiter="\t")}
        for path in sorted(folder.glob("ratings_r*.tsv"))
    ]
    rows = []
    for number, row in key.items():
        if not all(number in rated for rated in ratings):
            continue
        means = {
            scale: statistics.mean(float(rated[number][scale]) for rated in ratings)
            for scale in ("sound", "picture", "natural", "salad")
        }
        rows.append((row["term"], row["keyword"], means))
    return rows


def main() -> None:
    folder = Path(sys.argv[1])
    rows = load(folder)
    features = np.array([naturalness.features(keyword) for _, keyword, _ in rows])
    target = np.array([means["natural"] for _, _, means in rows])
    design = np.column_stack([np.ones(len(rows)), features])
    weights, *_ = np.linalg.lstsq(design, target, rcond=None)
    print(f"{len(rows)} rated keywords; mean natural {target.mean():.2f}")
    for name, weight in zip(["(intercept)", *naturalness.FEATURES], weights, strict=True):
        print(f"  {name:24s} {weight:+.3f}")
    fitted = design @ weights
    print(f"fit Spearman {spearman(list(fitted), list(target)):.3f}")
    terms = sorted({term for term, _, _ in rows})
    random.Random(7).shuffle(terms)
    folds = [set(terms[i::5]) for i in range(5)]
    predicted = np.empty(len(rows))
    for fold in folds:
        train = np.array([term not in fold for term, _, _ in rows])
        w, *_ = np.linalg.lstsq(design[train], target[train], rcond=None)
        predicted[~train] = design[~train] @ w
    print(f"5-fold cross-validated Spearman {spearman(list(predicted), list(target)):.3f}")
    current = [naturalness.score(keyword) for _, keyword, _ in rows]
    print(f"the shipped naturalness score: Spearman {spearman(current, list(target)):.3f}")


if __name__ == "__main__":
    main()
