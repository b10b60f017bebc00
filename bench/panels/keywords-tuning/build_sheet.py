"""The tuning panel's sheet: 60 tuning terms (seeded sample), each with its top five
keywords from ``candidates.jsonl`` (``mimagery keywords --file bench/keyword_tuning.txt
--json --limit 5`` at the commit named in HOW.md), shuffled. Writes ``pairs.tsv`` (what
raters see) and ``key.tsv`` (term, keyword, rank, features; shown to nobody)."""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "candidates.jsonl").read_text().splitlines()]
    rng = random.Random(20261203)
    chosen = rng.sample(rows, 60)
    pairs = []
    for row in chosen:
        seen = set()
        for rank, found in enumerate(row["keywords"], 1):
            if found["keyword"].lower() in seen:
                continue
            seen.add(found["keyword"].lower())
            pairs.append((row["term"], found["keyword"], rank, found["sound"], found["picture"]))
    rng.shuffle(pairs)
    with (HERE / "pairs.tsv").open("w") as sheet, (HERE / "key.tsv").open("w") as key:
        sheet.write("id\tterm\tkeyword\n")
        key.write("id\tterm\tkeyword\trank\tsound_measure\tpicture_norm\n")
        for number, (term, keyword, rank, heard, picture) in enumerate(pairs, 1):
            sheet.write(f"{number}\t{term}\t{keyword}\n")
            key.write(f"{number}\t{term}\t{keyword}\t{rank}\t{heard}\t{picture}\n")


if __name__ == "__main__":
    main()
