"""Build the blind sheet for the held-out keyword panel.

new.jsonl: the engine after issue 12's work; old.jsonl: the engine before it (commit
5daef92); both `mimagery keywords --file heldout.txt --json --limit 1` on the 91 terms
of bench/keyword_heldout.txt. Each term's two top keywords go on the sheet (once when
the same), shuffled with random.Random(20261203); the key is written beside it.
"""

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
rows = []
new = [json.loads(line) for line in (HERE / "new.jsonl").open(encoding="utf-8")]
old = [json.loads(line) for line in (HERE / "old.jsonl").open(encoding="utf-8")]
for a, b in zip(new, old, strict=True):
    assert a["term"] == b["term"]
    ka = a["keywords"][0]["keyword"] if a["keywords"] else None
    kb = b["keywords"][0]["keyword"] if b["keywords"] else None
    if ka and kb and ka.casefold() == kb.casefold():
        rows.append((a["term"], ka, "both"))
        continue
    if ka:
        rows.append((a["term"], ka, "new"))
    if kb:
        rows.append((a["term"], kb, "old"))
random.Random(20261203).shuffle(rows)
with (HERE / "pairs.tsv").open("w", encoding="utf-8", newline="") as sheet:
    writer = csv.writer(sheet, delimiter="\t", lineterminator="\n")
    writer.writerow(["id", "term", "keyword"])
    for number, (term, keyword, _) in enumerate(rows, 1):
        writer.writerow([number, term, keyword])
with (HERE / "key.tsv").open("w", encoding="utf-8", newline="") as key:
    writer = csv.writer(key, delimiter="\t", lineterminator="\n")
    writer.writerow(["id", "term", "keyword", "source"])
    for number, row in enumerate(rows, 1):
        writer.writerow([number, *row])
print(len(rows), "pairs")
