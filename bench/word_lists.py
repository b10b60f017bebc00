"""Reading and checking big word lists in other languages, and romanising Russian words.

Prints medians over repeats, for a generated list of n words (default 10,000):
- reading it as pasted text in each way a word list is written ("word – meaning",
  "word, meaning", "собака dog"),
- checking every word against its deck's language (``formats.checks.check``), for a
  Spanish, an English and a Russian list,
- romanising every word of the Russian list (``scripts.romanise``).

Run: ``python bench/word_lists.py [--words N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from mimagery import formats, languages, scripts
from mimagery.formats import checks

LATIN = ["ca", "sa", "pe", "rro", "ga", "to", "me", "sa", "li", "bro", "ña", "ción", "ta"]
CYRILLIC = ["со", "ба", "ка", "ко", "шка", "мо", "ло", "ко", "дом", "хлеб", "щу", "ёл"]
MEANINGS = ["cat", "dog", "house", "big table", "a small book", "bread", "pike", "tree"]


def _words(rng: random.Random, syllables: list[str], count: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(seen)


def _median_ms(run: Callable[[], object], repeats: int) -> float:
    run()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(17)
    spanish = _words(rng, LATIN, args.words)
    russian = _words(rng, CYRILLIC, args.words)
    meaning = [rng.choice(MEANINGS) for _ in range(args.words)]
    lists = {
        "word – meaning": "\n".join(f"{w} – {m}" for w, m in zip(spanish, meaning, strict=True)),
        "word, meaning": "\n".join(f"{w}, {m}" for w, m in zip(spanish, meaning, strict=True)),
        "собака dog": "\n".join(f"{w} {m}" for w, m in zip(russian, meaning, strict=True)),
    }
    print(f"{args.words:,} words, {args.repeats} repeats (medians)")
    decks = {}
    for style, text in lists.items():
        ms = _median_ms(lambda text=text: formats.read_report(text, "pasted"), args.repeats)
        decks[style] = formats.read_report(text, "pasted")
        count = len(decks[style][0].terms)
        print(f"read {style:<16} {ms:8.1f} ms  ({count:,} words read)")
    for code, style in (("es", "word – meaning"), ("en", "word – meaning"), ("ru", "собака dog")):
        deck, report = decks[style]
        language = languages.get(code)
        ms = _median_ms(
            lambda d=deck, r=report, lang=language: checks.check(d, r, lang), args.repeats
        )
        print(f"check against {language.name:<10} {ms:8.1f} ms")
    ms = _median_ms(lambda: [scripts.romanise(word) for word in russian], args.repeats)
    print(
        f"romanise {len(russian):,} Russian words {ms:8.1f} ms "
        f"({ms * 1000 / len(russian):.1f} µs each)"
    )


if __name__ == "__main__":
    main()
