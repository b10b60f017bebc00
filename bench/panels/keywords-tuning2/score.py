"""Unblind round two of the tuning panel: per engine (old, variant_a, variant_b), over
the terms where they differ, mean sound, picture, natural, share accepted (all three
means >= 3) and share called word salad by at least two raters."""

import csv
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
key = {r["id"]: r for r in csv.DictReader((HERE / "key.tsv").open(), delimiter="\t")}
ratings: dict[str, list[dict[str, str]]] = {}
for rater in (1, 2, 3):
    for row in csv.DictReader((HERE / f"ratings_r{rater}.tsv").open(), delimiter="\t"):
        ratings.setdefault(row["id"], []).append(row)
assert set(ratings) == set(key) and all(len(v) == 3 for v in ratings.values())


def mean(rows: list[dict[str, str]], field: str) -> float:
    return statistics.fmean(float(r[field]) for r in rows)


for source in ("old", "variant_a", "variant_b"):
    items = [ratings[i] for i, row in key.items() if source in row["source"].split(",")]
    sound = statistics.fmean(mean(r, "sound") for r in items)
    picture = statistics.fmean(mean(r, "picture") for r in items)
    natural = statistics.fmean(mean(r, "natural") for r in items)
    accepted = sum(
        mean(r, "sound") >= 3 and mean(r, "picture") >= 3 and mean(r, "natural") >= 3
        for r in items
    )
    salad = sum(sum(int(x["salad"]) for x in r) >= 2 for r in items)
    print(
        f"{source:10s} n={len(items)}  sound {sound:.2f}  picture {picture:.2f}  "
        f"natural {natural:.2f}  accepted {accepted / len(items):.0%}  "
        f"word salad {salad / len(items):.0%}"
    )
