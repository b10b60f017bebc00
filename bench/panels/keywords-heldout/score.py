"""Unblind the held-out keyword panel: per source, mean sound, picture, natural, the
share accepted (sound, picture and natural all >= 3 on the raters' mean) and the
share called word salad (by at least two of three raters); rater agreement."""

import csv
import statistics
import sys
from pathlib import Path

# The panel's folder: this one, or another made the same way (``python score.py ../keywords-heldout2``).
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from sound_panel import spearman  # noqa: E402 - the bench's one Spearman
key = {row["id"]: row for row in csv.DictReader((HERE / "key.tsv").open(encoding="utf-8"), delimiter="\t")}
ratings = {}
for rater in (1, 2, 3):
    for row in csv.DictReader((HERE / f"ratings_r{rater}.tsv").open(encoding="utf-8"), delimiter="\t"):
        ratings.setdefault(row["id"], []).append(row)
assert set(ratings) == set(key) and all(len(v) == 3 for v in ratings.values())


def mean(rows, field):
    return statistics.fmean(float(r[field]) for r in rows)


by_source = {}
for pair, rows in ratings.items():
    by_source.setdefault(key[pair]["source"], []).append(rows)
# "new" keywords are the new engine's tops: "new" and "both"; "old" likewise.
groups = {"new engine (top keyword)": ["new", "both"], "old engine (top keyword)": ["old", "both"]}
for name, sources in groups.items():
    items = [rows for s in sources for rows in by_source.get(s, [])]
    sound = statistics.fmean(mean(r, "sound") for r in items)
    picture = statistics.fmean(mean(r, "picture") for r in items)
    natural = statistics.fmean(mean(r, "natural") for r in items)
    accepted = sum(
        mean(r, "sound") >= 3 and mean(r, "picture") >= 3 and mean(r, "natural") >= 3 for r in items
    )
    salad = sum(sum(int(x["salad"]) for x in r) >= 2 for r in items)
    print(
        f"{name}: n={len(items)}  sound {sound:.2f}  picture {picture:.2f}  natural {natural:.2f}"
        f"  accepted {accepted / len(items):.0%}  word salad {salad / len(items):.0%}"
    )
print({s: len(v) for s, v in by_source.items()})


ids = sorted(ratings, key=int)
for field in ("sound", "picture", "natural"):
    pairs = [(0, 1), (0, 2), (1, 2)]
    agree = [spearman([float(ratings[i][a][field]) for i in ids], [float(ratings[i][b][field]) for i in ids]) for a, b in pairs]
    print(f"rater agreement on {field}: " + ", ".join(f"{x:.2f}" for x in agree))
