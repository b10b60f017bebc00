"""A blind A/B panel of two settings of the engine on foreign words (issue 17).

``build OUT --setting MODULE.NAME --base X --variant Y [--lists DIR] [--seed N]``: for each
word of the lists (``bench/foreign/tuning-people`` by default: word, meaning, …) the
engine's mimage (``mimages.make``: keyword and scene) with the module constant set to X
(``base``) and to Y (``variant``); the words whose mimages differ go on a sheet with the
foreign panels' brief, A and B in a seeded random order. Writes ``OUT/sheet.md``,
``OUT/key.tsv`` (shown to no rater), ``OUT/generated.tsv`` and ``OUT/ratings-template.tsv``.

``score OUT``: each criterion's mean for either setting and, for overall, the variant's
wins, ties and losses on the three raters' mean.

Run from the repository's root, e.g. ``python bench/foreign_ab.py build
bench/panels/foreign-tuning-happening --setting
mimagery.scenes.translation.HAPPENING_BELOW --base 0 --variant 4``.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import random
from pathlib import Path

from foreign_panel import BRIEF, CRITERIA, _read_lists, item_lines
from mimage_ab import score_pair
from mimagery import mimages
from mimagery.model import Term

HERE = Path(__file__).resolve().parent
LISTS = HERE / "foreign" / "tuning-people"


def _made(word: str, meaning: str, code: str) -> tuple[str, str]:
    made = mimages.make(Term(word, meaning), language=code)
    return (made.mimage.keyword, made.mimage.scene) if made else ("(none)", "(none)")


def build(out: Path, setting: str, values: dict[str, float], lists: Path, seed: int) -> None:
    module_name, _, name = setting.rpartition(".")
    module = importlib.import_module(module_name)
    rng = random.Random(seed)
    rows = _read_lists(lists)
    rng.shuffle(rows)
    sheet = ["# Foreign words: blind comparison", "", "```", BRIEF, "```"]
    template, key, generated = ["item\tside\ta\tb\tc\td\twhy"], [], []
    item = 0
    for code, row in rows:
        word, meaning = row["word"].strip(), row["meaning"].strip()
        shown = {}
        for engine, value in values.items():
            setattr(module, name, value)
            shown[engine] = _made(word, meaning, code)
        if shown["base"] == shown["variant"]:
            continue
        item += 1
        sides = list(values)
        rng.shuffle(sides)
        key.append([str(item), code, word, *sides])
        generated += [[code, word, meaning, engine, *shown[engine]] for engine in values]
        entry, lines = item_lines(item, code, word, meaning, [shown[side] for side in sides])
        sheet += entry
        template += lines
    out.mkdir(parents=True, exist_ok=True)
    for file, header, data in (
        ("key.tsv", ["item", "language", "word", "A", "B"], key),
        ("generated.tsv", ["language", "word", "meaning", "engine", "keyword", "scene"], generated),
    ):
        with (out / file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(data)
    (out / "sheet.md").write_text("\n".join(sheet) + "\n", encoding="utf-8")
    (out / "ratings-template.tsv").write_text("\n".join(template) + "\n", encoding="utf-8")
    print(f"{item} items")


def score(out: Path) -> None:
    score_pair(out, CRITERIA, ("base", "variant"), "d", "words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["build", "score"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--setting", help="module.CONSTANT to vary (build)")
    parser.add_argument("--base", type=float)
    parser.add_argument("--variant", type=float)
    parser.add_argument("--lists", type=Path, default=LISTS)
    parser.add_argument("--seed", type=int, default=20261212)
    args = parser.parse_args()
    if args.action == "build":
        values = {"base": args.base, "variant": args.variant}
        build(args.out, args.setting, values, args.lists, args.seed)
    else:
        score(args.out)


if __name__ == "__main__":
    main()
