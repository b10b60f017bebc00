"""Icon coverage of keyword words, icon-table load time and card render time.

Prints:

- over the keywords that ``keywords.suggest(term, limit=5)`` gives for the terms
  in ``bench/keyword_terms.txt``: the share of picturable words (new keyword
  words with concreteness >= 4.0) that ``icons.find`` covers, by source, the
  share of keywords with at least one icon, and the words without one;
- the same coverage over common concrete nouns of the lexicon (the most frequent
  singular nouns rated >= 4.5 that the keyword engine could use);
- the icon table's load time in a fresh interpreter (median of 5), the time of
  ``has_icon`` over the whole lexicon, and the median time to render one card.

Run: ``python bench/icons.py [--nouns N] [--show]``; ``--show`` also lists every
covered word with its icon, to check the pictures by eye.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mimagery import keywords, pictures
from mimagery.keywords import icons, lexicon

HERE = Path(__file__).resolve().parent
PICTURABLE = 4.0


def _terms() -> list[str]:
    lines = (HERE / "keyword_terms.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _coverage(title: str, words: list[str], show: bool) -> float:
    """Print the share of ``words`` with an icon, by source; return that share."""
    by_source: collections.Counter[str] = collections.Counter()
    missing = []
    for word in words:
        icon = icons.find(word)
        if icon is None:
            missing.append(word)
        else:
            by_source[icon.how] += 1
            if show:
                print(f"    {word:16} {icon.emoji}  {icon.name} ({icon.how})")
    covered = len(words) - len(missing)
    share = covered / len(words) if words else 0.0
    print(f"{title}: {covered}/{len(words)} = {share:.1%} have an icon")
    for source in icons.SOURCES:
        if by_source[source]:
            print(f"    {source:10} {by_source[source]:5}  {by_source[source] / len(words):6.1%}")
    print(f"    without an icon ({len(missing)}): {' '.join(missing) or '-'}")
    return share


def _keyword_words(show: bool) -> list[keywords.Keyword]:
    found: list[keywords.Keyword] = []
    for term in _terms():
        found.extend(keywords.suggest(term, limit=5))
    picturable = sorted(
        {
            word.lower()
            for keyword in found
            for word, rating, kept in zip(
                keyword.words, keyword.concreteness, keyword.kept, strict=True
            )
            if not kept and rating >= PICTURABLE
        }
    )
    _coverage(f"Picturable keyword words (concreteness >= {PICTURABLE})", picturable, show)
    with_icon = sum(
        any(icons.has_icon(w) for w, kept in zip(k.words, k.kept, strict=True) if not kept)
        for k in found
    )
    print(
        f"Keywords with at least one icon: {with_icon}/{len(found)} = "
        f"{with_icon / len(found):.1%} ({len(_terms())} terms, up to 5 keywords each)"
    )
    return found


def _common_nouns(count: int, show: bool) -> None:
    nouns = [
        word
        for word in lexicon.load()
        if word.is_noun and word.text == word.lemma and word.concreteness >= 4.5
    ]
    nouns.sort(key=lambda word: -word.zipf)
    chosen = [word.text for word in nouns[:count]]
    _coverage(f"The {len(chosen)} most frequent concrete nouns (>= 4.5)", chosen, show)


def _load_time() -> None:
    code = (
        "import time; from mimagery import lexicon; lexicon.is_blocked('x');"
        "t = time.perf_counter(); from mimagery import icons; icons.load();"
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    print(f"Icon table: import + load {statistics.median(runs) * 1000:.1f} ms (median of 5)")
    words = [word.text for word in lexicon.load()]
    start = time.perf_counter()
    hits = sum(icons.has_icon(word) for word in words)
    elapsed = time.perf_counter() - start
    print(
        f"has_icon over the lexicon: {len(words)} words in {elapsed * 1000:.0f} ms "
        f"({elapsed / len(words) * 1e6:.1f} µs each), {hits} with an icon"
    )


def _render_time(found: list[keywords.Keyword]) -> None:
    times = []
    for keyword in found:
        start = time.perf_counter()
        pictures.render_card("Term", keyword.keyword, keyword.words, "a short caption")
        times.append(time.perf_counter() - start)
    print(f"render_card: median {statistics.median(times) * 1000:.2f} ms over {len(times)} cards")


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nouns", type=int, default=300, help="how many common nouns to test")
    parser.add_argument("--show", action="store_true", help="list every covered word's icon")
    args = parser.parse_args()
    found = _keyword_words(args.show)
    print()
    _common_nouns(args.nouns, args.show)
    print()
    _load_time()
    _render_time(found)


if __name__ == "__main__":
    main()
