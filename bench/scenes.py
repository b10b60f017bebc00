"""Offline scenes: concept coverage, template phrases, pasted runs, speed.

Reads glossaries in eleven fields (the test fixtures in ``tests/fixtures``, the test
deck of ``tests/scenes/test_scenes.py`` and the seed glossary when it is there),
gives every term a keyword (``keywords.suggest``) and a scene, and prints:

- concept coverage: the share of terms whose scene acts out a relation that the
  term's own definition names (goal 80%), per field, and the concepts used most;
- template phrases: the most common first three and last three words of the scenes
  and the most common wording that names the meaning (goal: none over 15% of a deck),
  and the share of honest "nothing to act out" scenes;
- pasted runs: scenes that repeat 8 or more consecutive definition words (goal 0);
- the scenes that fail ``validate``;
- warm time per scene.

Run: ``python bench/scenes.py [--seed-file PATH] [--show N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from mimagery import formats, keywords, scenes
from mimagery.scenes import composer

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
SEED = Path("/work/shared/seed/000_197aaf5b61859450.txt")
sys.path.insert(0, str(HERE.parent / "tests" / "scenes"))

from test_scenes import DECK  # noqa: E402 - the deck lives with the tests

# Fixture file → field; files without definitions are left out.
FIELDS = {
    "anatomy_semicolon.csv": "anatomy",
    "astronomy_pasted.txt": "astronomy",
    "botany_pasted.txt": "botany",
    "chemistry_bold.txt": "chemistry",
    "economics_lines.txt": "economics",
    "finance.json": "finance",
    "law_terms.txt": "law",
    "music_theory.md": "music",
}
DECK_FIELDS = ["biology"] * 7 + ["law"] * 7 + ["music"] * 7 + ["computing"] * 9 + ["economics"] * 8

Entry = tuple[str, str, str]  # field, term, definition


def glossaries(seed: Path) -> list[Entry]:
    """(field, term, definition) of every term with a definition, fields in order."""
    entries: list[Entry] = []
    for name, field in FIELDS.items():
        deck = formats.read((FIXTURES / name).read_bytes(), filename=name)
        entries += [(field, t.name, t.definition) for t in deck.terms if t.definition.strip()]
    for (term, definition, _, _), field in zip(DECK, DECK_FIELDS, strict=False):
        entries.append((f"{field} (tests)", term, definition))
    if seed.exists():
        deck = formats.read(seed.read_bytes(), filename=seed.name)
        entries += [("deep learning", t.name, t.definition) for t in deck.terms if t.definition]
    return entries


def _share(counter: Counter[str], total: int) -> str:
    phrase, count = counter.most_common(1)[0]
    return f"most common {phrase!r} {count}/{total} = {count / total:.0%}"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-file", type=Path, default=SEED)
    parser.add_argument("--show", type=int, default=0, help="example scenes to print")
    args = parser.parse_args()

    entries = glossaries(args.seed_file)
    fields = sorted({field.split(" (")[0] for field, _, _ in entries})
    print(f"{len(entries)} terms in {len(fields)} fields: {', '.join(fields)}")
    covered: dict[str, list[bool]] = defaultdict(list)
    concepts_used: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    namings: Counter[str] = Counter()
    honest = pasted = 0
    invalid: list[str] = []
    times: list[float] = []
    shown: list[str] = []
    for field, term, definition in entries:
        found = keywords.suggest(term, limit=1)
        keyword = found[0].keyword if found else term
        words = (found[0].words if found else []) or keyword.split()
        begin = time.perf_counter()
        text, plan = composer._draft(term, definition, keyword, words, 0)
        times.append(time.perf_counter() - begin)
        covered[field.split(" (")[0]].append(bool(plan.concept) and plan.in_definition)
        concepts_used[plan.concept or "(honest)"] += 1
        honest += not plan.concept
        starts[" ".join(text.split()[:3])] += 1
        ends[" ".join(text.split()[-3:])] += 1
        namings[plan.naming] += 1
        pasted += composer.pasted_run(text, definition) >= composer.PASTED_RUN
        reason = scenes.validate(text, keyword, definition)
        if reason is not None:
            invalid.append(f"{term}: {reason}")
        if len(shown) < args.show:
            shown.append(f"{term} [{plan.concept or 'honest'}] {text}")
    total = len(entries)
    all_covered = sum(sum(flags) for flags in covered.values())
    print(f"\nconcept coverage: {all_covered}/{total} = {all_covered / total:.0%} (goal 80%)")
    for field in sorted(covered):
        flags = covered[field]
        print(f"  {field:14} {sum(flags):3}/{len(flags):3} = {sum(flags) / len(flags):.0%}")
    common = concepts_used.most_common(6)
    print(f"  different concepts used: {len(concepts_used)}; most used: {common}")
    print(f"\ntemplate phrases over {total} scenes (goal: none over 15%):")
    print(f"  first three words: {_share(starts, total)}")
    print(f"  last three words:  {_share(ends, total)}")
    print(f"  wording that names the meaning: {_share(namings, total)}")
    print(f"  honest scenes (no relation to act out): {honest}/{total} = {honest / total:.0%}")
    print(f"pasted runs of {composer.PASTED_RUN}+ definition words: {pasted}")
    print(f"invalid scenes: {len(invalid)}")
    for line in invalid[:10]:
        print(f"  {line}")
    print(f"warm time per scene: median {statistics.median(times) * 1e6:.0f} µs")
    for line in shown:
        print(f"\n{line}")


if __name__ == "__main__":
    main()
