"""Score of the final engine on this panel: the items where ``third-final.tsv`` (the
engine after the changes this panel showed to hurt were taken back) differs from
``first-base.tsv``; each such scene is the rated "second" scene word for word.

Run from the repository's root: ``python bench/panels/mimages-ab-relations-heldout3/final_subset.py``.
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRITERIA = {"a": "sound", "b": "picture", "c": "natural", "d": "link", "e": "overall"}


def rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def main() -> None:
    base = {r["term"]: r for r in rows("first-base.tsv")}
    new = {r["term"]: r for r in rows("second-new.tsv")}
    final = {r["term"]: r for r in rows("third-final.tsv")}
    changed = [
        t for t in final if (final[t]["keyword"], final[t]["scene"]) != (base[t]["keyword"], base[t]["scene"])
    ]
    assert all(final[t]["scene"] == new[t]["scene"] for t in changed), "an unrated scene"
    key = {r["item"]: r for r in rows("key.tsv")}
    items = {k["term"]: i for i, k in key.items()}
    marks: dict[tuple[str, str, str], list[int]] = {}
    for path in sorted(HERE.glob("ratings_r*.tsv")):
        for r in rows(path.name):
            engine = key[r["item"]][r["side"]]
            for letter, name in CRITERIA.items():
                marks.setdefault((r["item"], engine, name), []).append(int(r[letter]))
    print(f"{len(changed)} items differ from the base: {', '.join(changed)}")
    for name in CRITERIA.values():
        first = statistics.mean(statistics.mean(marks[(items[t], "first", name)]) for t in changed)
        second = statistics.mean(statistics.mean(marks[(items[t], "second", name)]) for t in changed)
        print(f"{name}: first {first:.2f} / final {second:.2f}")
    wins = ties = losses = 0
    for t in changed:
        a = statistics.mean(marks[(items[t], "first", "overall")])
        b = statistics.mean(marks[(items[t], "second", "overall")])
        wins, ties, losses = wins + (b > a), ties + (b == a), losses + (b < a)
    print(f"overall: final wins {wins}, ties {ties}, losses {losses}")


if __name__ == "__main__":
    main()
