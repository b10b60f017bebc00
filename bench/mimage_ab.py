"""A blind A/B panel of two engines' mimages for the same terms (issue 13).

``make TSV... --out FILE``: the engine that runs it (the installed code, or another
commit's through ``PYTHONPATH``) makes a mimage (``mimages.make``, seed 0) for every term of
the TSVs (columns field, term, definition; more are ignored) and writes field, term,
keyword, scene.

``build A B --out DIR --seed N``: the terms whose mimages differ between the two ``make``
files go on a sheet with the mimage brief (``shared/panel/mimage-brief.txt``), A and B in a
seeded random order (``DIR/sheet.md``, ``DIR/ratings-template.tsv``); ``DIR/key.tsv`` says
which engine is which side and is shown to no rater.

``score DIR``: each criterion's mean per engine and, for overall, wins, ties and losses of
the second engine on the raters' mean.

Run from the repository's root, e.g. ``python bench/mimage_ab.py score
bench/panels/mimages-ab-concepts``.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
from pathlib import Path

from mimagery import mimages
from mimagery.model import Term

BRIEF = Path(__file__).resolve().parents[2] / "shared" / "panel" / "mimage-brief.txt"
CRITERIA = {"a": "sound", "b": "picture", "c": "natural", "d": "link", "e": "overall"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)


def make(sources: list[Path], out: Path) -> None:
    rows = [["field", "term", "definition", "keyword", "scene"]]
    for source in sources:
        for row in _rows(source):
            made = mimages.make(Term(row["term"], row["definition"]))
            keyword, scene = (made.mimage.keyword, made.mimage.scene) if made else ("", "")
            rows.append([row["field"], row["term"], row["definition"], keyword, scene])
    _write(out, rows)
    print(f"{len(rows) - 1} mimages: {out}")


def build(first: Path, second: Path, out: Path, seed: int) -> None:
    engines = {"first": _rows(first), "second": _rows(second)}
    rng = random.Random(seed)
    brief = BRIEF.read_text("utf-8").strip() if BRIEF.exists() else ""
    lines = ["# Mimages: blind comparison", "", "```", brief, "```", ""]
    key = [["item", "term", "A", "B"]]
    template = [["item", "side", "a", "b", "c", "d", "e", "why"]]
    pairs = [
        (a, b)
        for a, b in zip(engines["first"], engines["second"], strict=True)
        if (a["keyword"], a["scene"]) != (b["keyword"], b["scene"])
    ]
    rng.shuffle(pairs)
    for number, (a, b) in enumerate(pairs, 1):
        order = ["first", "second"]
        rng.shuffle(order)
        shown = {"first": a, "second": b}
        lines += [f"## {number}. {a['term']}", "", f"Definition: {a['definition']}", ""]
        for label, name in zip("AB", order, strict=True):
            row = shown[name]
            scene = " ".join(row["scene"].replace('"', "").split())
            lines.append(f"- {label}: [{row['keyword']}] {scene}")
            template.append([str(number), label, "", "", "", "", "", ""])
        lines.append("")
        key.append([str(number), a["term"], *order])
    out.mkdir(parents=True, exist_ok=True)
    (out / "sheet.md").write_text("\n".join(lines), "utf-8")
    _write(out / "ratings-template.tsv", template)
    _write(out / "key.tsv", key)
    print(f"{len(pairs)} items differ: {out / 'sheet.md'}")


def score(out: Path) -> None:
    score_pair(out, CRITERIA, ("first", "second"), "e", "items")


def score_pair(
    out: Path, criteria: dict[str, str], names: tuple[str, str], overall: str, unit: str
) -> None:
    """Unblind an A/B panel of two engines (``names``, as ``key.tsv`` writes them under A
    and B): each criterion's mean per engine, and on ``overall`` (the ratings' column) the
    second engine's wins, ties and losses on the raters' mean. Serves
    ``bench/foreign_ab.py`` too."""
    key = {row["item"]: row for row in _rows(out / "key.tsv")}
    raters = [
        {(r["item"].strip(), r["side"].strip().upper()): r for r in _rows(path)}
        for path in sorted(out.glob("ratings_r*.tsv"))
    ]

    def mean(item: str, side: str, criterion: str) -> float:
        return statistics.fmean(float(r[(item, side)][criterion]) for r in raters)

    first, second = names
    for criterion, name in criteria.items():
        by: dict[str, list[float]] = {first: [], second: []}
        for item, row in key.items():
            for side in "AB":
                by[row[side]].append(mean(item, side, criterion))
        print(
            f"{name}: {first} {statistics.fmean(by[first]):.2f} / "
            f"{second} {statistics.fmean(by[second]):.2f}"
        )
    wins = ties = losses = 0
    for item, row in key.items():
        ours_side = "A" if row["A"] == second else "B"
        theirs_side = "B" if ours_side == "A" else "A"
        ours, theirs = mean(item, ours_side, overall), mean(item, theirs_side, overall)
        wins += ours > theirs
        ties += ours == theirs
        losses += ours < theirs
    print(f"overall, {len(key)} {unit}: {second} wins {wins}, ties {ties}, losses {losses}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    maker = commands.add_parser("make")
    maker.add_argument("sources", type=Path, nargs="+")
    maker.add_argument("--out", type=Path, required=True)
    builder = commands.add_parser("build")
    builder.add_argument("first", type=Path)
    builder.add_argument("second", type=Path)
    builder.add_argument("--out", type=Path, required=True)
    builder.add_argument("--seed", type=int, required=True)
    scorer = commands.add_parser("score")
    scorer.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        make(args.sources, args.out)
    elif args.command == "build":
        build(args.first, args.second, args.out, args.seed)
    else:
        score(args.out)


if __name__ == "__main__":
    main()
