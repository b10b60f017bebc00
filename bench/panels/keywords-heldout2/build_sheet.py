"""Build the blind sheet for the second held-out keyword panel (issue 12, naturalness).

new.jsonl: the engine with the naturalness estimate in its ranking (branch `natural`,
NATURAL_WEIGHT 0.2, SOUND_FLOOR 0.8 x 6, chosen on the tuning panels only); old.jsonl:
main at 04e4909, before it. Both `mimagery keywords --file bench/keyword_heldout.txt
--json --limit 1` on the 91 held-out terms. Each term's two top keywords go on the sheet
(once when the same), shuffled with random.Random(20261205); the key is written beside.
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
random.Random(20261205).shuffle(rows)
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
