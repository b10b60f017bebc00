"""A/B panel of two engine settings on foreign tuning words (issue 17): build and score.

``build``: for each word of ``bench/foreign/tuning-people/*.tsv`` whose top keyword differs
between ``search.FOREIGN_PICTURABLE`` 4.0 (``base``) and 3.5 (``variant``), both engines'
mimages (``mimages.make``: keyword and scene) as A and B in a seeded random order, with the
foreign panels' brief (``bench/foreign_panel.BRIEF``). Writes ``sheet.md``, ``key.tsv`` (shown
to no rater), ``generated.tsv`` and ``ratings-template.tsv`` here.

``score``: each criterion's mean for either engine and, for overall, the variant's wins,
ties and losses on the three raters' mean.

Run from the repository's root: ``python bench/panels/foreign-tuning-picturable/panel.py
build`` (or ``score``).
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from foreign_panel import BRIEF, CRITERIA, _read_lists, item_lines  # noqa: E402 - the bench's own

from mimagery import mimages  # noqa: E402
from mimagery.keywords import search  # noqa: E402
from mimagery.model import Term  # noqa: E402

LISTS = HERE.parents[1] / "foreign" / "tuning-people"
SETTINGS = {"base": 4.0, "variant": 3.5}


def _made(word: str, meaning: str, code: str, picturable: float) -> tuple[str, str]:
    search.FOREIGN_PICTURABLE = picturable
    made = mimages.make(Term(word, meaning), language=code)
    return (made.mimage.keyword, made.mimage.scene) if made else ("(none)", "(none)")


def build() -> None:
    rng = random.Random(20261212)
    rows = _read_lists(LISTS)
    rng.shuffle(rows)
    sheet = ["# Foreign words: blind comparison", "", "```", BRIEF, "```"]
    template, key, generated = ["item\tside\ta\tb\tc\td\twhy"], [], []
    item = 0
    for code, row in rows:
        word, meaning = row["word"].strip(), row["meaning"].strip()
        shown = {name: _made(word, meaning, code, value) for name, value in SETTINGS.items()}
        if shown["base"][0].casefold() == shown["variant"][0].casefold():
            continue
        item += 1
        sides = list(SETTINGS)
        rng.shuffle(sides)
        key.append([str(item), code, word, *sides])
        generated += [[code, word, meaning, name, *shown[name]] for name in SETTINGS]
        entry, lines = item_lines(item, code, word, meaning, [shown[name] for name in sides])
        sheet += entry
        template += lines
    for name, header, data in (
        ("key.tsv", ["item", "language", "word", "A", "B"], key),
        ("generated.tsv", ["language", "word", "meaning", "engine", "keyword", "scene"], generated),
    ):
        with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(data)
    (HERE / "sheet.md").write_text("\n".join(sheet) + "\n", encoding="utf-8")
    (HERE / "ratings-template.tsv").write_text("\n".join(template) + "\n", encoding="utf-8")
    print(f"{item} items")


def score() -> None:
    key = {r["item"]: r for r in csv.DictReader((HERE / "key.tsv").open(), delimiter="\t")}
    raters = []
    for number in (1, 2, 3):
        rows = csv.DictReader((HERE / f"ratings_r{number}.tsv").open(), delimiter="\t")
        raters.append({(r["item"].strip(), r["side"].strip().upper()): r for r in rows})

    def mean(item: str, side: str, criterion: str) -> float:
        return statistics.fmean(float(r[(item, side)][criterion]) for r in raters)

    for criterion, name in CRITERIA.items():
        by: dict[str, list[float]] = {"base": [], "variant": []}
        for item, row in key.items():
            for side in "AB":
                by[row[side]].append(mean(item, side, criterion))
        print(
            f"{name}: base {statistics.fmean(by['base']):.2f} / "
            f"variant {statistics.fmean(by['variant']):.2f}"
        )
    wins = ties = losses = 0
    for item, row in key.items():
        variant = "A" if row["A"] == "variant" else "B"
        base = "B" if variant == "A" else "A"
        ours, theirs = mean(item, variant, "d"), mean(item, base, "d")
        wins, ties, losses = wins + (ours > theirs), ties + (ours == theirs), losses + (ours < theirs)
    print(f"overall, {len(key)} words: variant wins {wins}, ties {ties}, losses {losses}")


if __name__ == "__main__":
    build() if sys.argv[1:] == ["build"] else score()
