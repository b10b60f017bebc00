"""Blind panel of mimages for words of other languages (issue 17): build and score.

``build OUT``: for each word of ``bench/foreign/heldout/*.tsv`` (word, meaning, a
person's keyword and scene), the engine's mimage (``mimages.make`` with the list's
language: top keyword and its scene) and the person's, as A and B in a seeded random
order. Writes ``OUT/generated.tsv`` (what the engine made), ``OUT/sheet.md`` (what raters
see: the word, how it is said, its meaning, A and B), ``OUT/key.tsv`` (which side is
which; shown to no rater) and ``OUT/ratings-template.tsv``.

``score OUT``: reads ``OUT/ratings_r1.tsv`` … ``ratings_r3.tsv`` (item, side, a = sound,
b = picture, c = link, d = overall, 1-5), unblinds with the key and prints, overall and
per language, each criterion's mean for the person's and the engine's mimages, and for
overall the engine's wins, ties and losses on the three raters' mean; plus the raters'
agreement (Spearman of each rater with the other two's mean) on sound.

Run: ``python bench/foreign_panel.py build bench/panels/foreign-heldout`` then, after
rating, ``python bench/foreign_panel.py score bench/panels/foreign-heldout``.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
from pathlib import Path

from mimagery import languages, mimages, speech
from mimagery.model import Term
from sound_panel import spearman

HERE = Path(__file__).resolve().parent
LISTS = HERE / "foreign" / "heldout"
CRITERIA = {"a": "sound", "b": "picture", "c": "link", "d": "overall"}
BRIEF = """\
Blind comparison of keyword mnemonics for foreign words (what each rater is told)

The keyword method: to learn a foreign word, take an English KEYWORD (a word or short phrase)
that SOUNDS like the foreign word and can be pictured, and a short SCENE in which the keyword's
thing interacts with the thing the word means (Spanish "pato", duck -> keyword "pot": a duck
sitting in a pot). For each numbered item you get the foreign word, its language, how it is
said (IPA), its meaning, and two mnemonics labelled A and B in random order (keyword in
brackets, then the scene). You are not told where either came from; do not try to guess, and
do not open any other file.

Rate each of A and B from 1 to 5 on:
(a) sound-alike: said aloud by an English speaker, does the keyword sound like the foreign
    word (its first sound, its stressed syllable, its length)?
(b) imageability: can you instantly picture the keyword, as one thing or one scene?
(c) link: does the scene make the keyword's thing interact with the meaning's thing, so
    that recalling the picture recalls the meaning?
(d) overall: which would you rather study with?

Write one line per mnemonic in the ratings file: item, side, a, b, c, d, and a few words of
why. Work alone.
"""


def _read_lists(lists: Path = LISTS) -> list[tuple[str, dict[str, str]]]:
    rows = []
    for path in sorted(lists.glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            rows += [(path.stem, row) for row in csv.DictReader(handle, delimiter="\t")]
    return rows


def build(out: Path, seed: int, lists: Path = LISTS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    generated, key, sheet = [], [], ["# Foreign words: blind comparison", "", "```", BRIEF, "```"]
    template = ["item\tside\ta\tb\tc\td\twhy"]
    rows = _read_lists(lists)
    rng.shuffle(rows)
    for item, (code, row) in enumerate(rows, 1):
        word, meaning = row["word"].strip(), row["meaning"].strip()
        made = mimages.make(Term(word, meaning), language=code)
        engine = (made.mimage.keyword, made.mimage.scene) if made else ("(none)", "(none)")
        generated.append([code, word, meaning, *engine])
        person = (row["keyword"].strip(), row["scene"].strip())
        sides = ["generated", "human"]
        rng.shuffle(sides)
        key.append([str(item), code, word, *sides])
        shown = {"generated": engine, "human": person}
        entry, lines = item_lines(item, code, word, meaning, [shown[side] for side in sides])
        sheet += entry
        template += lines
    _write_tsv(
        out / "generated.tsv", ["language", "word", "meaning", "keyword", "scene"], generated
    )
    _write_tsv(out / "key.tsv", ["item", "language", "word", "A", "B"], key)
    (out / "sheet.md").write_text("\n".join(sheet) + "\n", encoding="utf-8")
    (out / "ratings-template.tsv").write_text("\n".join(template) + "\n", encoding="utf-8")
    print(f"{len(rows)} items written to {out}")


def item_lines(
    item: int, code: str, word: str, meaning: str, sides: list[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """One item of a sheet (the word, how it is said, its meaning, then A and B as
    ``[keyword] scene``) and its lines of the ratings template."""
    sheet = [
        "",
        f"## {item}. {word} ({languages.get(code).name})",
        "",
        f"Said: /{speech.ipa(word, code)}/. Meaning: {meaning}.",
        "",
    ]
    template = []
    for side, (keyword, scene) in zip("AB", sides, strict=True):
        sheet.append(f"- {side}: [{keyword}] {scene}")
        template.append(f"{item}\t{side}\t\t\t\t\t")
    return sheet, template


def _write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def score(out: Path) -> None:
    with (out / "key.tsv").open(encoding="utf-8") as handle:
        key = {row["item"]: row for row in csv.DictReader(handle, delimiter="\t")}
    raters: list[dict[tuple[str, str], dict[str, str]]] = []
    for number in (1, 2, 3):
        with (out / f"ratings_r{number}.tsv").open(encoding="utf-8") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            raters.append({(r["item"].strip(), r["side"].strip().upper()): r for r in rows})
    for rated in raters:
        assert set(rated) == {(i, s) for i in key for s in "AB"}, "a rater missed items"

    def mean(item: str, side: str, criterion: str) -> float:
        return statistics.fmean(float(r[(item, side)][criterion]) for r in raters)

    groups = [("all", list(key))] + [
        (code, [i for i, row in key.items() if row["language"] == code])
        for code in sorted({row["language"] for row in key.values()})
    ]
    for label, items in groups:
        line = [f"{label} ({len(items)} words):"]
        for criterion, name in CRITERIA.items():
            by = {"human": [], "generated": []}
            for item in items:
                for side in "AB":
                    by[key[item][side]].append(mean(item, side, criterion))
            line.append(
                f"{name} person {statistics.fmean(by['human']):.2f} / engine "
                f"{statistics.fmean(by['generated']):.2f}"
            )
        wins = ties = losses = 0
        for item in items:
            engine = "A" if key[item]["A"] == "generated" else "B"
            person = "B" if engine == "A" else "A"
            ours, theirs = mean(item, engine, "d"), mean(item, person, "d")
            wins, ties, losses = (
                wins + (ours > theirs),
                ties + (ours == theirs),
                losses + (ours < theirs),
            )
        line.append(
            f"overall: engine wins {wins}, ties {ties}, losses {losses} "
            f"({(wins + ties) / len(items):.0%} won or tied)"
        )
        print("\n  ".join(line))
    cells = [(i, s) for i in key for s in "AB"]
    for criterion, name in CRITERIA.items():
        agreement = []
        for index, rated in enumerate(raters):
            others = [r for j, r in enumerate(raters) if j != index]
            mine = [float(rated[c][criterion]) for c in cells]
            rest = [statistics.fmean(float(r[c][criterion]) for r in others) for c in cells]
            agreement.append(f"{spearman(mine, rest):.2f}")
        print(f"rater agreement on {name} (each against the other two): {', '.join(agreement)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["build", "score"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--lists", type=Path, default=LISTS, help="word lists (build)")
    args = parser.parse_args()
    if args.action == "build":
        build(args.out, args.seed, args.lists)
    else:
        score(args.out)


if __name__ == "__main__":
    main()
