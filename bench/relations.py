"""Key-relation accuracy: does the scene enact the definition's key idea?

Reads ``tests/fixtures/relations.tsv`` (terms of 14 fields, our own definitions, each
labelled by hand with the concept ids a careful teacher would call its key idea, or
"none"), asks ``concepts.relation`` for each, and prints:

- right: the relation found is one of the labels; a "none" term is right when no
  relation is found (the scene says honestly there is nothing to act out);
- honest: no relation found for a term that has one (a missed chance, not a lie);
- wrong: a relation found that is not the key idea (the scene acts out a falsehood).

The set is split in two by a hash of the term: "tune" (two thirds), on which the table
and the scorer may be adjusted, and "check" (one third), which is never looked at term
by term; ``--show`` lists the misses of the tune part only. The terms of
``tests/fixtures/relations_seen.tsv``, which panels have already shown, are always tune.

Run: ``python bench/relations.py [--show N] [--all]``.
"""

from __future__ import annotations

import argparse
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mimagery.scenes import concepts

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SET = FIXTURES / "relations.tsv"
#: Terms panels have already shown: labelled the same way, always in the tune part.
SEEN = FIXTURES / "relations_seen.tsv"


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled term."""

    field: str
    term: str
    definition: str
    labels: frozenset[str]
    seen: bool = False

    @property
    def part(self) -> str:
        """The part: "check" (the third never tuned on) or "tune"."""
        if self.seen:
            return "tune"
        return "check" if zlib.crc32(self.term.encode()) % 3 == 0 else "tune"


def cases(path: Path = SET, seen: Path | None = SEEN) -> list[Case]:
    """The labelled terms of the set, then those of ``seen`` (always tune)."""
    found: list[Case] = []
    for source, shown in ((path, False), (seen, True)):
        if source is None:
            continue
        for line in source.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith(("#", "field\t")):
                continue
            field, term, definition, labels = line.split("\t")
            found.append(Case(field, term, definition, frozenset(labels.split(",")), shown))
    return found


def verdict(case: Case) -> tuple[str, str]:
    """("right" | "honest" | "wrong", the concept found or "")."""
    found = concepts.relation(case.term, case.definition)
    ident = found.concept.id if found is not None else ""
    if not ident:
        return ("right" if "none" in case.labels else "honest"), ""
    return ("right" if ident in case.labels else "wrong"), ident


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="misses of the tune part to list")
    parser.add_argument("--all", action="store_true", help="list the check part's misses too")
    args = parser.parse_args()
    every = cases()
    fields = sorted({c.field for c in every})
    print(f"{len(every)} terms in {len(fields)} fields")
    by_part: dict[str, Counter[str]] = {"tune": Counter(), "check": Counter()}
    misses: list[str] = []
    for case in every:
        outcome, ident = verdict(case)
        by_part[case.part][outcome] += 1
        if outcome != "right" and (case.part == "tune" or args.all):
            word = ""
            found = concepts.relation(case.term, case.definition)
            if found is not None:
                word = f" from {found.word!r} ({found.score:.2f})"
            labels = ",".join(sorted(case.labels))
            misses.append(f"  {case.term}: {outcome} {ident or '-'}{word}; want {labels}")
    total: Counter[str] = by_part["tune"] + by_part["check"]
    for name, counts in (*by_part.items(), ("all", total)):
        n = sum(counts.values())
        print(
            f"{name:6} n={n:3}  right {counts['right'] / n:5.1%}  "
            f"honest {counts['honest'] / n:5.1%}  wrong {counts['wrong'] / n:5.1%}"
        )
    for line in misses[: args.show]:
        print(line)


if __name__ == "__main__":
    main()
