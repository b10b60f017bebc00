"""Build a blind rating sheet of mimages: generated against a person's, A/B at random.

Inputs:

- ``--seed-export``: ``mimagery export --format json`` of the seed glossary after
  ``mimagery import`` and ``mimagery generate --all`` (its imported mimage is the
  person's, its generated one the engine's);
- ``--heldout``: a TSV (field, term, definition, keyword, scene) of held-out terms with a
  person's mimage each, written before the engine was run on them; the engine's
  mimage is made here with ``mimages.make`` (offline, seed 0).

Writes into ``--out``: ``sheet.md`` (what the raters see: term, definition, A and B
in random order, the brief; double quotes are taken off every scene so that quoting
the keyword does not tell the engine's apart), ``ratings-template.tsv``,
``generated-heldout.tsv`` (the engine's mimages for the held-out terms, for the record)
and, to ``--key``, the key:
which side is which. The shuffle comes from ``secrets``, so nobody can rebuild the
order from the code.

Run: ``python bench/panel_sheet.py --seed-export seed.json --heldout heldout.tsv
--out DIR --key KEY.tsv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import secrets
from dataclasses import dataclass
from pathlib import Path

from mimagery import mimages
from mimagery.model import Term

BRIEF = Path(__file__).resolve().parents[2] / "shared" / "panel" / "mimage-brief.txt"


@dataclass
class Pair:
    """One item: a term with a person's mimage and a generated one."""

    group: str  # "seed" or the held-out field
    term: str
    definition: str
    human: tuple[str, str]  # keyword, scene
    generated: tuple[str, str]


def seed_pairs(path: Path) -> list[Pair]:
    """Pairs from an exported seed deck: the imported mimage against the generated one."""
    data = json.loads(path.read_text("utf-8"))
    pairs = []
    for term in data["terms"]:
        by_origin = {m["origin"]: m for m in term["mimages"]}
        human, made = by_origin.get("imported"), by_origin.get("generated")
        if human is None or made is None:
            continue
        pairs.append(
            Pair(
                "seed",
                term["term"],
                term["definition"],
                (human["keyword"], human["scene"]),
                (made["keyword"], made["scene"]),
            )
        )
    return pairs


def heldout_pairs(path: Path) -> tuple[list[Pair], list[list[str]]]:
    """Pairs for the held-out terms, the engine's mimage made now; and its rows."""
    pairs, rows = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            made = mimages.make(Term(row["term"], row["definition"]))
            keyword, scene = (made.mimage.keyword, made.mimage.scene) if made else ("", "")
            pairs.append(
                Pair(
                    row["field"],
                    row["term"],
                    row["definition"],
                    (row["keyword"], row["scene"]),
                    (keyword, scene),
                )
            )
            rows.append([row["field"], row["term"], keyword, scene])
    return pairs, rows


def main() -> None:
    """Write the sheet, the template and the key."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-export", type=Path, required=True)
    parser.add_argument("--heldout", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--key", type=Path, required=True)
    args = parser.parse_args()

    heldout, generated = heldout_pairs(args.heldout)
    pairs = seed_pairs(args.seed_export) + heldout
    shuffle = random.Random(secrets.randbits(64))
    shuffle.shuffle(pairs)

    args.out.mkdir(parents=True, exist_ok=True)
    brief = BRIEF.read_text("utf-8") if BRIEF.exists() else ""
    lines = ["# Mimages: blind comparison", "", "```", brief.strip(), "```", ""]
    key_rows = [["item", "group", "term", "A", "B"]]
    template = [["item", "side", "a", "b", "c", "d", "e", "why"]]
    for number, pair in enumerate(pairs, 1):
        human_first = shuffle.random() < 0.5
        sides = [pair.human, pair.generated] if human_first else [pair.generated, pair.human]
        lines += [f"## {number}. {pair.term}", "", f"Definition: {pair.definition}", ""]
        for label, (keyword, scene) in zip("AB", sides, strict=True):
            # Double quotes come off every scene: only the engine always quotes its
            # keyword, and the keyword is in brackets anyway.
            lines.append(f"- {label}: [{keyword}] {' '.join(scene.replace(chr(34), '').split())}")
            template.append([str(number), label, "", "", "", "", "", ""])
        lines.append("")
        sources = ["human", "generated"] if human_first else ["generated", "human"]
        key_rows.append([str(number), pair.group, pair.term, *sources])
    (args.out / "sheet.md").write_text("\n".join(lines), "utf-8")
    for name, rows in (
        ("ratings-template.tsv", template),
        ("generated-heldout.tsv", [["field", "term", "keyword", "scene"], *generated]),
    ):
        with (args.out / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    args.key.parent.mkdir(parents=True, exist_ok=True)
    with args.key.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(key_rows)
    print(f"{len(pairs)} items: {args.out / 'sheet.md'}; key: {args.key}")


if __name__ == "__main__":
    main()
