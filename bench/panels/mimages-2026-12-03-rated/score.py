"""Unblind the mimage panel: per criterion the mean for the person's and the engine's
mimages, in all and by group (the seed's 24, the 21 held-out terms), and for (e)
overall the engine's wins, ties and losses (on the three raters' mean)."""

import csv
import statistics
import sys
from pathlib import Path

# The panel's folder: this one, or another made the same way (``python score.py ../mimages-2026-12-03-round2``).
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent
key = {row["item"]: row for row in csv.DictReader((HERE / "key.tsv").open(encoding="utf-8"), delimiter="\t")}
scores: dict[tuple[str, str], list[dict[str, str]]] = {}
for rater in (1, 2, 3):
    for row in csv.DictReader((HERE / f"ratings_r{rater}.tsv").open(encoding="utf-8"), delimiter="\t"):
        scores.setdefault((row["item"].strip(), row["side"].strip()), []).append(row)
assert len(scores) == 2 * len(key) and all(len(v) == 3 for v in scores.values())


def mean(item: str, side: str, criterion: str) -> float:
    return statistics.fmean(float(r[criterion]) for r in scores[(item, side)])


names = {"a": "sound", "b": "picture", "c": "natural", "d": "link", "e": "overall"}
for label, wanted in (("all 45", None), ("seed (24)", "seed"), ("held-out (21)", "held-out")):
    items = [
        i for i, row in key.items()
        if wanted is None or (row["group"] == "seed") == (wanted == "seed")
    ]
    line = [f"{label}:"]
    for criterion, name in names.items():
        source = {"human": [], "generated": []}
        for item in items:
            for side in ("A", "B"):
                source[key[item][side]].append(mean(item, side, criterion))
        line.append(
            f"{name} person {statistics.fmean(source['human']):.2f} / engine "
            f"{statistics.fmean(source['generated']):.2f}"
        )
    wins = ties = losses = 0
    for item in items:
        engine = "A" if key[item]["A"] == "generated" else "B"
        person = "B" if engine == "A" else "A"
        a, b = mean(item, engine, "e"), mean(item, person, "e")
        wins += a > b
        ties += a == b
        losses += a < b
    line.append(f"overall: engine wins {wins}, ties {ties}, losses {losses} "
                f"({(wins + ties) / len(items):.0%} won or tied)")
    print("\n  ".join(line))
