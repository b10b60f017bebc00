"""Keywords, scenes and speed for words of other languages, on the tuning lists.

For each list under ``bench/foreign/tuning/`` (``word<TAB>meaning``, one file per
language, named by its code), prints every word's top keyword with:

- *sound*: ``sound.similarity`` between the word as eSpeak NG says it (mapped to English
  phones, ``keywords.foreign``) and the keyword, the listener-calibrated measure;
- *phones*: 1 - Levenshtein distance over those phones / the longer sequence;

then per list the means, how many words got a keyword, and the warm time per word
(median over words of the median over repeats of ``keywords.suggest(word,
language=…, meaning=…)``; goal under 50 ms). Over all lists: the most common pairing,
naming, opening and closing of the translation scenes (goal: none over 15%).

These lists are for tuning only: a held-out set is kept elsewhere and never read here.

Run: ``python bench/foreign.py [--repeats R] [--lang es,fr] [--quiet]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

from mimagery import keywords
from mimagery.keywords import foreign, phonetics
from mimagery.scenes import translation

HERE = Path(__file__).resolve().parent
TUNING = HERE / "foreign" / "tuning"


def read_list(path: Path) -> list[tuple[str, str]]:
    """``word<TAB>meaning`` lines, blank lines and ``#`` comments skipped."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, meaning = line.partition("\t")
            rows.append((word.strip(), meaning.strip()))
    return rows


def phone_similarity(term: str, language: str, keyword: str) -> float:
    """1 - edit distance over phones / the longer, best over the word's readings."""
    spoken = phonetics.pronounce(keyword)
    if not spoken:
        return 0.0
    b = [p.symbol for w in spoken[0] for p in w.phones]
    best = 0.0
    for reading in foreign.pronounce(term, language):
        a = [p.symbol for w in reading for p in w.phones]
        row = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            previous, row = row, [i] + [0] * len(b)
            for j, y in enumerate(b, 1):
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
        best = max(best, 1 - row[-1] / max(len(a), len(b), 1))
    return best


def _share(counter: Counter[str], total: int) -> str:
    phrase, count = counter.most_common(1)[0]
    return f"{phrase!r} {count}/{total} = {count / total:.0%}"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lang", default="", help="codes to run, comma-separated")
    parser.add_argument("--quiet", action="store_true", help="no line per word")
    args = parser.parse_args()
    wanted = {code for code in args.lang.split(",") if code}
    lists = sorted(p for p in TUNING.glob("*.tsv") if not wanted or p.stem in wanted)
    keywords.suggest("pato", language="es", meaning="duck")  # loads the lexicon and eSpeak
    relations: Counter[str] = Counter()
    namings: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    all_times: list[float] = []
    for path in lists:
        code, rows = path.stem, read_list(path)
        sounds: list[float] = []
        phones: list[float] = []
        times: list[float] = []
        print(f"\n{code}: {len(rows)} words")
        for word, meaning in rows:
            runs = []
            for _ in range(args.repeats):
                begin = time.perf_counter()
                found = keywords.suggest(word, language=code, meaning=meaning)
                runs.append(time.perf_counter() - begin)
            times.append(statistics.median(runs))
            if not found:
                print(f"  {word:12} {meaning:12} (no keyword)")
                continue
            top = found[0]
            similar = phone_similarity(word, code, top.keyword)
            sounds.append(top.sound)
            phones.append(similar)
            text, plan = translation.draft(word, meaning, top.keyword, top.words, 0, code)
            relations[plan.relation] += 1
            namings[plan.naming] += 1
            starts[" ".join(text.split()[:3])] += 1
            ends[" ".join(text.split()[-3:])] += 1
            if not args.quiet:
                print(
                    f"  {word:12} {meaning:12} /{top.term_ipa}/ {top.keyword:18} "
                    f"sound {top.sound:.2f}  phones {similar:.2f}"
                )
        all_times += times
        print(
            f"  {code}: keywords for {len(sounds)}/{len(rows)}; mean sound "
            f"{statistics.mean(sounds):.3f}, mean phone similarity {statistics.mean(phones):.3f}; "
            f"warm per word median {statistics.median(times) * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms"
        )
    total = sum(relations.values())
    print(f"\nall lists: warm per word median {statistics.median(all_times) * 1000:.1f} ms "
          "(goal < 50 ms)")  # fmt: skip
    print(f"scenes over {total} words (goal: none over 15%):")
    print(f"  pairing:  {_share(relations, total)}")
    print(f"  naming:   {_share(namings, total)}")
    print(f"  opening:  {_share(starts, total)}")
    print(f"  closing:  {_share(ends, total)}")


if __name__ == "__main__":
    main()
