"""Round two of the tuning panel: each tuning term's top keyword from the engine before
the naturalness cost (``old.jsonl``) and from two settings of it (``variant_a.jsonl``:
NATURAL_WEIGHT 0.2, SOUND_FLOOR 0.8 × 6; ``variant_b.jsonl``: 0.12, 0.82 × 8), for the
terms where they differ; each distinct keyword once, shuffled. ``pairs.tsv`` is the
sheet, ``key.tsv`` (which engine gave each) is shown to nobody."""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = ("old", "variant_a", "variant_b")


def main() -> None:
    tops: dict[str, dict[str, str]] = {}
    for source in SOURCES:
        for line in (HERE / f"{source}.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row["keywords"]:
                tops.setdefault(row["term"], {})[source] = row["keywords"][0]["keyword"]
    pairs = []
    for term, by in tops.items():
        distinct = sorted(set(by.values()))
        if len(distinct) < 2:
            continue
        for keyword in distinct:
            made_by = ",".join(s for s in SOURCES if by.get(s) == keyword)
            pairs.append((term, keyword, made_by))
    random.Random(20261204).shuffle(pairs)
    with (HERE / "pairs.tsv").open("w") as sheet, (HERE / "key.tsv").open("w") as key:
        sheet.write("id\tterm\tkeyword\n")
        key.write("id\tterm\tkeyword\tsource\n")
        for number, (term, keyword, made_by) in enumerate(pairs, 1):
            sheet.write(f"{number}\t{term}\t{keyword}\n")
            key.write(f"{number}\t{term}\t{keyword}\t{made_by}\n")


if __name__ == "__main__":
    main()
