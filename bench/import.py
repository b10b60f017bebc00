"""Import and export speed on a generated 10,000-term glossary in the seed's pasted style.

Prints medians over repeats:
- in-process import (parse + one store transaction into a fresh SQLite file), each
  repeat in a fresh process after a small warm-up import, start-up not counted,
- one ``mimagery import`` call with interpreter start-up,
- export to JSON (load + serialise) in-process and as one ``mimagery export`` call.

Run: ``python bench/import.py [--terms N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from mimagery import formats
from mimagery.store import Store

SYLLABLES = [
    "ba", "cor", "del", "fen", "gar", "hol", "in", "jun", "kel", "lom", "mar", "nex",
    "or", "pel", "quin", "ros", "sal", "tor", "ul", "ven", "wil", "xan", "yor", "zel",
]  # fmt: skip
NOUNS = ["Layer", "Index", "Ratio", "Cycle", "Field", "Engine", "Pattern", "Method", "Vector"]
VERBS = ["Picture", "Imagine", "Visualize", "Think of", "Envision"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def glossary(count: int, seed: int = 7) -> str:
    """A pasted-style glossary: run-together entries, a bold repeat, one-line mimages."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{_word(rng)} {rng.choice(NOUNS)}"
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    definitions = [
        f"{name} is a {rng.choice(['method', 'measure', 'structure'])} used to "
        f"{rng.choice(['balance', 'track', 'compress', 'sort'])} {_word(rng).lower()} data "
        f"across {rng.randint(2, 90)} stages. It keeps results stable over time."
        for name in names
    ]
    scenes = [
        f'{rng.choice(VERBS)} a "{_word(rng)} {_word(rng)}" rolling down a hill, '
        f"sorting pebbles as it goes, like {name.lower()} sorting its inputs."
        for name in names
    ]
    parts = ["# Welcome", "", "# Generated Vocabulary", "", "Quote from bench on May 1, 2025", ""]
    parts += [f"{n}{d}\n" for n, d in zip(names, definitions, strict=True)]
    parts += ["MIMAGES:", "", "".join(f"{n}: {s}" for n, s in zip(names, scenes, strict=True))]
    parts += [""]
    for n, d in zip(names, definitions, strict=True):
        parts += [f"**{n}**", "", d, ""]
    parts += [
        "**MIMAGES: **",
        "",
        "".join(f"**{n}**: {s}" for n, s in zip(names, scenes, strict=True)),
    ]
    return "\n".join(parts)[:-40]  # the last mimage is cut off, as in the seed


def _median(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms  (min {min(samples) * 1000:.1f})"


def worker(source: Path, home: Path) -> None:
    """One in-process measurement: print [parse, parse + store, export JSON] seconds."""
    now = datetime.now(UTC)
    warm = Store.open(data_dir=home / "warm-up")
    warm.import_deck(formats.read(glossary(200, seed=3).encode(), None, "warm.txt"), now=now)
    formats.write(warm.load_deck("Generated Vocabulary"), "json")
    warm.close()
    data = source.read_bytes()
    start = time.perf_counter()
    deck = formats.read(data, None, source.name)
    parsed = time.perf_counter()
    store = Store.open(data_dir=home / "measured")
    opened = time.perf_counter()
    store.import_deck(deck, now=now)
    done = time.perf_counter()
    formats.write(store.load_deck(deck.name), "json")
    exported = time.perf_counter()
    store.close()
    print(json.dumps([parsed - start, (parsed - start) + (done - opened), exported - done]))


def main() -> None:
    """Measure and print."""
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    text = glossary(args.terms)
    data = text.encode()
    work = Path(tempfile.mkdtemp(prefix="mimagery-bench-"))
    source = work / "glossary.txt"
    source.write_bytes(data)
    print(f"glossary: {args.terms} terms, {len(data) / 1e6:.1f} MB, {args.repeats} repeats")

    parse_times, import_times, export_times = [], [], []
    for repeat in range(args.repeats):
        # Each repeat in a fresh process (modules imported and warmed up first), as
        # one import happens in real use; the timings exclude start-up.
        command = [sys.executable, __file__, "--worker", str(source), str(work / f"in-{repeat}")]
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        parsed, imported, exported = json.loads(result.stdout)
        parse_times.append(parsed)
        import_times.append(imported)
        export_times.append(exported)

    cli_import, cli_export = [], []
    for repeat in range(args.repeats):
        env = dict(os.environ, MIMAGERY_HOME=str(work / f"cli-{repeat}"))
        command = [sys.executable, "-m", "mimagery"]
        start = time.perf_counter()
        subprocess.run([*command, "import", str(source)], env=env, check=True, capture_output=True)
        cli_import.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(
            [*command, "export", "--format", "json", "-o", str(work / f"out-{repeat}.json")],
            env=env,
            check=True,
            capture_output=True,
        )
        cli_export.append(time.perf_counter() - start)

    print(f"parse only (in-process)          {_median(parse_times)}")
    print(f"import in-process (parse+store)  {_median(import_times)}   goal < 500 ms")
    print(f"import as one CLI call           {_median(cli_import)}   goal < 1500 ms")
    print(f"export JSON in-process           {_median(export_times)}   goal < 500 ms")
    print(f"export JSON as one CLI call      {_median(cli_export)}")


if __name__ == "__main__":
    main()
