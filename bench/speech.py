"""How long a word's audio takes: made cold (not in the cache yet) and found cached.

For each supported language, ``--words`` frequent words of 5+ letters (wordfreq) are
said into a fresh data directory's audio cache with ``speech.audio_file`` (the engine
loaded first), then asked for again, which finds the file. Prints the median and p90
per language and over all, the engine's start-up in a new process (median of
``--starts`` processes), the files' size as stored and as zipped into an Anki package,
and what saying a whole 1,000-term deck (term and keyword) would take.

Run: ``python bench/speech.py [--words N] [--repeats R] [--starts S]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import wordfreq

from mimagery import languages, speech


def _words(code: str, count: int) -> list[str]:
    found = [w for w in wordfreq.top_n_list(code, 20_000) if w.isalpha() and len(w) >= 5]
    return found[:count]


def _median_ms(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(len(ordered) * 0.9)]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms"


def _engine_start(starts: int) -> float:
    """The median time a new process takes to say its first word (import, library load,
    voice data, one word), less the time to start Python and import mimagery."""
    code = (
        "import time, mimagery.speech as s; t = time.perf_counter(); s.wav('hello', 'en'); "
        "print(time.perf_counter() - t)"
    )
    seen = []
    for _ in range(starts):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        seen.append(float(done.stdout))
    return statistics.median(seen)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100, help="words per language")
    parser.add_argument("--repeats", type=int, default=5, help="cached look-ups per word")
    parser.add_argument("--starts", type=int, default=5, help="new processes for start-up")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="mimagery-bench-speech-"))
    speech.wav("warm up", "en")  # the engine loaded: its start-up is measured on its own

    cold_all: list[float] = []
    cached_all: list[float] = []
    sizes: list[int] = []
    for code in languages.SUPPORTED:
        words = _words(code, args.words)
        cold: list[float] = []
        cached: list[float] = []
        for word in words:
            started = time.perf_counter()
            path = speech.audio_file(home, word, code)
            cold.append(time.perf_counter() - started)
            sizes.append(path.stat().st_size)
        for _ in range(args.repeats):
            for word in words:
                started = time.perf_counter()
                speech.audio_file(home, word, code)
                cached.append(time.perf_counter() - started)
        cold_all += cold
        cached_all += cached
        print(f"{code}: {len(words)} words; cold {_median_ms(cold)}; cached {_median_ms(cached)}")
    cold_line, cached_line = _median_ms(cold_all), _median_ms(cached_all)
    print(f"all: {len(cold_all)} words; cold {cold_line}; cached {cached_line}")

    start = _engine_start(args.starts)
    print(f"engine start-up in a new process (first word included): median {start * 1000:.0f} ms")
    files = sorted((home / "cache" / "audio").glob("*.wav"))
    stored = sum(sizes)
    zipped = sum(len(zlib.compress(f.read_bytes(), 6)) for f in files)
    print(
        f"files: median {statistics.median(sizes) / 1000:.1f} KB a word; "
        f"deflated in a package to {zipped / stored:.0%} of {stored / 1e6:.1f} MB"
    )
    per_word = statistics.median(cold_all)
    print(
        f"a 1,000-term deck, term and keyword: about {2000 * per_word:.1f} s to say, "
        f"{2000 * statistics.median(sizes) / 1e6:.0f} MB in the cache"
    )


if __name__ == "__main__":
    main()
