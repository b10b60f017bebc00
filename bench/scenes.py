"""Offline scene composer: speed and variety.

Uses the test deck of ``tests/scenes/test_scenes.py`` (terms in five fields with their
definitions, keywords and keyword words) and prints:

- start-up: loading the lexicon and the first scene (lemminflect's tables load then);
- warm time per scene: the median over terms of the median over ``--repeats`` calls,
  each with another seed, and the slowest term;
- variety over the deck times ``--seeds`` seeds: how often the most common opening,
  frame (first-sentence template) and tie is used, how many different first three
  words there are, the share of scenes with a middle sentence, and the lengths;
- that every scene passes ``scenes.validate`` and quotes the keyword and key idea.

Run: ``python bench/scenes.py [--repeats R] [--seeds S] [--show N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from mimagery import scenes
from mimagery.keywords import lexicon
from mimagery.scenes import composer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "scenes"))

from test_scenes import DECK  # noqa: E402 - the deck lives with the tests


def _share(counter: Counter[str]) -> str:
    total = sum(counter.values())
    name, count = counter.most_common(1)[0]
    return f"{len(counter)} kinds, most common {name!r} {count / total:.0%}"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--show", type=int, default=8, help="example scenes to print")
    args = parser.parse_args()

    started = time.perf_counter()
    lexicon.load()
    loaded = time.perf_counter()
    term, definition, keyword, words = DECK[0]
    scenes.compose(term, definition, keyword, words)
    first = time.perf_counter()
    print(f"start-up: lexicon {loaded - started:.2f} s, first scene {first - loaded:.3f} s")

    per_term: list[tuple[float, str]] = []
    for term, definition, keyword, words in DECK:
        times = []
        for seed in range(args.repeats):
            begin = time.perf_counter()
            scenes.compose(term, definition, keyword, words, seed)
            times.append(time.perf_counter() - begin)
        per_term.append((statistics.median(times), term))
    median = statistics.median(t for t, _ in per_term)
    slowest = max(per_term)
    print(
        f"warm time per scene: median {median * 1e6:.0f} µs over {len(DECK)} terms "
        f"({args.repeats} seeds each); slowest term {slowest[1]!r} {slowest[0] * 1e6:.0f} µs"
    )

    openings: Counter[str] = Counter()
    frames: Counter[str] = Counter()
    ties: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    lengths: list[int] = []
    flourishes = failures = 0
    for term, definition, keyword, words in DECK:
        idea = scenes.key_idea(term, definition)
        for seed in range(args.seeds):
            text, plan = composer._draft(term, definition, keyword, words, seed)
            openings[plan.opening] += 1
            frames[plan.frame] += 1
            ties[plan.tie] += 1
            starts[" ".join(text.split()[:3])] += 1
            lengths.append(len(text))
            flourishes += plan.flourish
            ok = scenes.validate(text, keyword) is None and f'"{keyword}"' in text
            failures += not (ok and idea in text)
    total = len(lengths)
    print(f"variety over {total} scenes ({len(DECK)} terms x {args.seeds} seeds):")
    print(f"  openings: {_share(openings)}")
    print(f"  frames:   {_share(frames)}")
    print(f"  ties:     {_share(ties)}")
    print(f"  first three words: {len(starts)} different, most common used {max(starts.values())}x")
    print(f"  with a middle sentence: {flourishes / total:.0%}")
    print(
        f"  length: median {statistics.median(lengths):.0f} characters, "
        f"range {min(lengths)}-{max(lengths)}"
    )
    print(f"  invalid or missing keyword/key idea: {failures}")
    for term, definition, keyword, words in DECK[:: max(1, len(DECK) // max(1, args.show))][
        : args.show
    ]:
        print(f"\n{term} / {keyword}\n  {scenes.compose(term, definition, keyword, words)}")


if __name__ == "__main__":
    main()
