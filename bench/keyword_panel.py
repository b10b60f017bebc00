"""Blind sheets for English keyword panels (issue 12), and their unblinding.

``build DIR --engines NAME=FILE ... --seed N [--changed]``: each FILE is ``mimagery
keywords --file TERMS --json --limit 1`` output from one engine. Each term's top keyword
of every engine goes on the sheet once (``DIR/pairs.tsv``, shuffled with
``random.Random(N)``; with ``--changed`` only terms whose engines disagree), with the
raters' brief (``DIR/brief.txt``, the brief of ``keywords-heldout2``) and a template;
``DIR/key.tsv`` says which engines gave each keyword and is shown to no rater.

``score DIR``: per engine, the mean sound, picture and natural of its top keywords, the
share accepted (all three >= 3 on the raters' mean) and the share called word salad (by
at least two raters), over the sheet's terms; and the raters' agreement.

Run from the repository's root, e.g. ``python bench/keyword_panel.py score
bench/panels/keywords-tuning4``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import sys
from pathlib import Path

from sound_panel import spearman  # the bench's one Spearman (run from bench/ or the root)

BRIEF = Path(__file__).resolve().parent / "panels" / "keywords-heldout2" / "brief.txt"
SCALES = ("sound", "picture", "natural")


def _tops(path: Path) -> dict[str, str]:
    tops = {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        tops[row["term"]] = row["keywords"][0]["keyword"] if row["keywords"] else ""
    return tops


def build(folder: Path, engines: list[str], seed: int, changed: bool) -> None:
    named = {}
    for spec in engines:
        name, _, file = spec.partition("=")
        named[name] = _tops(Path(file))
    terms = list(next(iter(named.values())))
    rows: list[tuple[str, str, str]] = []
    for term in terms:
        by_keyword: dict[str, list[str]] = {}
        for name, tops in named.items():
            if tops.get(term):
                by_keyword.setdefault(tops[term], []).append(name)
        if changed and len(by_keyword) < 2:
            continue
        rows.extend((term, keyword, "+".join(names)) for keyword, names in by_keyword.items())
    random.Random(seed).shuffle(rows)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "pairs.tsv").open("w", encoding="utf-8", newline="") as sheet:
        writer = csv.writer(sheet, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "term", "keyword"])
        for number, (term, keyword, _) in enumerate(rows, 1):
            writer.writerow([number, term, keyword])
    with (folder / "key.tsv").open("w", encoding="utf-8", newline="") as key:
        writer = csv.writer(key, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "term", "keyword", "source"])
        for number, row in enumerate(rows, 1):
            writer.writerow([number, *row])
    shutil.copy(BRIEF, folder / "brief.txt")
    (folder / "ratings-template.tsv").write_text("id\tsound\tpicture\tnatural\tsalad\n")
    print(f"{len(rows)} pairs, {len({r[0] for r in rows})} terms")


def rated(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Each pair's rows in the raters' files (``ratings_r*.tsv``), by pair id."""
    found: dict[str, list[dict[str, str]]] = {}
    for path in sorted(folder.glob("ratings_r*.tsv")):
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
            found.setdefault(row["id"].strip(), []).append(row)
    return found


def score(folder: Path) -> None:
    key = {r["id"]: r for r in csv.DictReader((folder / "key.tsv").open(), delimiter="\t")}
    ratings = rated(folder)
    assert set(ratings) == set(key), "every pair rated"
    engines = sorted({name for row in key.values() for name in row["source"].split("+")})
    for engine in engines:
        items = [ratings[i] for i, row in key.items() if engine in row["source"].split("+")]
        means = [{s: statistics.fmean(float(r[s]) for r in rows) for s in SCALES} for rows in items]
        accepted = sum(all(m[s] >= 3 for s in SCALES) for m in means)
        salad = sum(sum(int(r["salad"]) for r in rows) * 2 >= len(rows) + 1 for rows in items)
        print(
            f"{engine}: n={len(items)}  "
            + "  ".join(f"{s} {statistics.fmean(m[s] for m in means):.2f}" for s in SCALES)
            + f"  accepted {accepted / len(items):.0%}  word salad {salad / len(items):.0%}"
        )
    ids = sorted(ratings, key=int)
    count = min(len(v) for v in ratings.values())
    for scale in SCALES:
        agree = [
            spearman(
                [float(ratings[i][a][scale]) for i in ids],
                [float(ratings[i][b][scale]) for i in ids],
            )
            for a in range(count)
            for b in range(a + 1, count)
        ]
        print(f"rater agreement on {scale}: " + ", ".join(f"{x:.2f}" for x in agree))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    maker = commands.add_parser("build")
    maker.add_argument("folder", type=Path)
    maker.add_argument("--engines", nargs="+", required=True)
    maker.add_argument("--seed", type=int, required=True)
    maker.add_argument("--changed", action="store_true")
    scorer = commands.add_parser("score")
    scorer.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.command == "build":
        build(args.folder, args.engines, args.seed, args.changed)
    else:
        score(args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
