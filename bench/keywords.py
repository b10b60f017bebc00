"""Keyword engine quality and speed.

Prints, for the top keyword of each term in ``bench/keyword_terms.txt`` (terms
from several fields, none from the seed):

- mean *sound* (``sound.similarity``, the listener-calibrated measure, between
  term and keyword) and mean *picture* (highest concreteness among the keyword's
  new words), with a baseline that pairs each term with another term's keyword;
  the mean phone similarity (1 - Levenshtein over IPA phones / the longer), and
  crutch words (a new word in more than 3 of 60 top keywords);
- how many terms got a keyword, how many keywords pass an independent check of
  the rules, and the share with at most 3 words;
- offensive words over at least 10,000 generated keywords (our list, and
  better-profanity's list when it is installed, minus the words reviewed as fine);
- warm time per term (median over terms of the median over repeats) and one
  ``mimagery keywords --file`` call with 60 terms, start-up included (median);
- with ``--seed PATH``, the seed author's keywords measured the same way and 20
  side by side with ours.

Run: ``python bench/keywords.py [--repeats R] [--seed PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import wordfreq

from mimagery import keywords
from mimagery.formats import pasted
from mimagery.keywords import lexicon

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SEED = HERE.parents[1] / "shared" / "seed" / "000_197aaf5b61859450.txt"


def _terms(path: Path = HERE / "keyword_terms.txt") -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def problems(term: str, keyword: keywords.Keyword, lex: lexicon.Lexicon) -> list[str]:
    """The rules of a keyword, checked from the outside: [] when it is valid."""
    found = []
    words = keyword.keyword.split()
    term_words = {_letters(w) for w in re.split(r"[\s/()-]+", term) if _letters(w)}
    # A keyword word is a lexicon entry: a word, or a two-word expression ("Scooby Doo").
    if any(lex.get(w) is None and not k for w, k in zip(keyword.words, keyword.kept, strict=True)):
        found.append("not a lexicon word")
    if len(term_words) == 1 and any(_letters(w) in term_words for w in words):
        found.append("contains the one-word term")
    joined, spelt = _letters(keyword.keyword), _letters(term.split("(")[0])
    if joined == spelt or (len(words) > 1 and _edit_distance(joined, spelt) <= 2):
        found.append("re-splits the term")
    if not any(
        _picturable(w, lex) for w, k in zip(keyword.words, keyword.kept, strict=True) if not k
    ):
        found.append("no new picturable word")
    if len(keyword.alignment) != len(keyword.words) or any(
        not part for part, _ in keyword.alignment
    ):
        found.append("a word covers nothing")
    if any(lexicon.is_blocked(_letters(w)) for w in words):
        found.append("offensive")
    return found


def _picturable(word: str, lex: lexicon.Lexicon) -> bool:
    entry = lex.get(word.lower()) or lex.get(_letters(word))
    return entry is not None and entry.concreteness >= keywords.PICTURABLE


def _profanity_list() -> set[str] | None:
    try:
        import better_profanity  # type: ignore[import-untyped]
    except ImportError:
        return None
    listed = Path(better_profanity.__file__).with_name("profanity_wordlist.txt")
    words = {line.strip().casefold() for line in listed.read_text("utf-8").splitlines()}
    sys.path.insert(0, str(HERE.parent / "tests" / "keywords"))
    from test_lexicon import REVIEWED_KEEP  # the words reviewed as fine for a learner

    return words - REVIEWED_KEEP


def quality(terms: list[str], lex: lexicon.Lexicon) -> None:
    tops = [(t, (keywords.suggest(t, limit=1) or [None])[0]) for t in terms]
    found = [(t, k) for t, k in tops if k is not None]
    invalid = [(t, k.keyword, problems(t, k, lex)) for t, k in found if problems(t, k, lex)]
    sound = statistics.mean(k.sound for _, k in found)
    picture = statistics.mean(k.picture for _, k in found)
    short = sum(len(k.keyword.split()) <= 3 for _, k in found) / len(terms)
    shifted = [keywords.measure(t, found[(i + 7) % len(found)][1].keyword) for i, (t, _) in
               enumerate(found)]  # fmt: skip
    print(f"terms {len(terms)}; with a keyword {len(found)}; valid {len(found) - len(invalid)}")
    for term, keyword, why in invalid:
        print(f"  invalid: {term} -> {keyword}: {', '.join(why)}")
    print(f"mean sound   {sound:.3f}   (goal >= 0.85; another term's keyword: "
          f"{statistics.mean(s for s, _ in shifted):.3f})")  # fmt: skip
    print(f"mean picture {picture:.2f}    (goal >= 4.6)")
    print(f"at most 3 words {short:.0%}  (goal >= 90%)")
    from sound_panel import levenshtein_similarity

    phones = statistics.mean(levenshtein_similarity(t, k.keyword) for t, k in found)
    print(f"mean phone similarity (1 - Levenshtein over IPA phones / longer) {phones:.3f}"
          "  (goal >= 0.75; people 0.71)")  # fmt: skip
    counts: dict[str, int] = {}
    for _, keyword in found[:60]:
        for word, kept in zip(keyword.words, keyword.kept, strict=True):
            if not kept:
                counts[word.lower()] = counts.get(word.lower(), 0) + 1
    crutches = sorted(((n, w) for w, n in counts.items() if n > 3), reverse=True)
    print(f"crutch words (a new word in more than 3 of the first 60 top keywords): {crutches}")
    print("top keywords: " + "; ".join(f"{t} -> {k.keyword}" for t, k in found[:60]))


def offensive(lex: lexicon.Lexicon, wanted: int = 10_000) -> None:
    rng = random.Random(11)
    pool = [
        w
        for w in wordfreq.top_n_list("en", 60_000)
        if w.isalpha() and len(w) >= 7 and lex.get(w) is None
    ]
    rng.shuffle(pool)
    listed = _profanity_list()
    made = 0
    ours: list[str] = []
    theirs: list[str] = []
    started = time.perf_counter()
    for term in pool:
        for keyword in keywords.suggest(term, limit=10):
            made += 1
            for word in keyword.keyword.split():
                folded = word.casefold()
                if lexicon.is_blocked(folded):
                    ours.append(f"{term} -> {keyword.keyword}")
                if listed is not None and folded in listed:
                    theirs.append(f"{term} -> {keyword.keyword}")
        if made >= wanted:
            break
    took = time.perf_counter() - started
    print(f"offensive check: {made} keywords for {pool.index(term) + 1} words ({took:.1f} s)")
    print(f"  words on our blocked list: {len(ours)} {ours[:5]}")
    if listed is None:
        print("  better-profanity not installed: independent list not checked")
    else:
        print(f"  words on better-profanity's list (minus reviewed): {len(theirs)} {theirs[:5]}")


def speed(terms: list[str], repeats: int) -> None:
    keywords.suggest("warm up")
    per_term = []
    for term in terms:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            keywords.suggest(term)
            times.append(time.perf_counter() - started)
        per_term.append(statistics.median(times))
    print(f"warm, per term: median {statistics.median(per_term) * 1000:.1f} ms, "
          f"max {max(per_term) * 1000:.1f} ms  (goal median < 20 ms)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "terms.txt"
        listing.write_text("\n".join(terms[:60]) + "\n", "utf-8")
        env = dict(os.environ)
        command = [sys.executable, "-m", "mimagery", "keywords", "--file", str(listing), "--json"]
        subprocess.run(command, env=env, check=True, capture_output=True)  # caches built
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            result = subprocess.run(command, env=env, check=True, capture_output=True)
            runs.append(time.perf_counter() - started)
        lines = result.stdout.decode().splitlines()
        assert [json.loads(line)["term"] for line in lines] == terms[:60]
    took = statistics.median(runs)
    print(f"one CLI call, 60 terms: median {took:.2f} s ({took / 60 * 1000:.0f} ms a term; "
          f"min {min(runs):.2f} s)  (goal < 3 s)")  # fmt: skip


def seed(path: Path) -> None:
    deck = pasted.read(path.read_text("utf-8"))
    rows = []
    for term in deck.terms:
        mimage = next((m for m in term.mimages if m.keyword), None)
        if mimage is None:
            continue
        theirs = keywords.measure(term.name, mimage.keyword, term.aliases)
        ours = (keywords.suggest(term.name, limit=1, aliases=term.aliases) or [None])[0]
        rows.append((term.name, mimage.keyword, theirs, ours))
    print(f"seed: {len(rows)} terms; author mean sound "
          f"{statistics.mean(r[2][0] for r in rows):.3f}, picture "
          f"{statistics.mean(r[2][1] for r in rows):.2f}; ours sound "
          f"{statistics.mean(r[3].sound for r in rows if r[3]):.3f}, picture "
          f"{statistics.mean(r[3].picture for r in rows if r[3]):.2f}")  # fmt: skip
    print(f"{'term':30} {'author':34} {'snd':>5} {'pic':>4}   {'ours':30} {'snd':>5} {'pic':>4}")
    for name, theirs_text, (snd, pic), ours in rows[:20]:
        mine = ours.keyword if ours else "-"
        print(f"{name[:30]:30} {theirs_text[:34]:34} {snd:5.2f} {pic:4.1f}   {mine[:30]:30} "
              f"{ours.sound if ours else 0:5.2f} {ours.picture if ours else 0:4.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=Path, default=SEED if SEED.exists() else None)
    parser.add_argument("--skip-offensive", action="store_true")
    parser.add_argument(
        "--terms", type=Path, default=HERE / "keyword_terms.txt",
        help="one term a line: keyword_tuning.txt to tune on, keyword_heldout.txt to report",
    )  # fmt: skip
    args = parser.parse_args()
    started = time.perf_counter()
    lex = lexicon.load()
    print(f"lexicon: {len(lex)} words, loaded in {time.perf_counter() - started:.2f} s")
    terms = _terms(args.terms)
    quality(terms, lex)
    speed(terms, args.repeats)
    if not args.skip_offensive:
        offensive(lex)
    if args.seed is not None:
        seed(args.seed)


if __name__ == "__main__":
    main()
