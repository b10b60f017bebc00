"""Hostile Anki packages: how long ``mimagery import`` takes to refuse each, and its memory.

Builds each package in a scratch folder (a genuine collection from genanki where one is
needed), then runs ``python -m mimagery import FILE`` on a fresh data directory once per
repeat and reports the median wall time and the largest peak resident memory of the
child process (``VmHWM``, by ``bench/peak_memory.py``). The goal (issue 7): each refused
within 10 s and under 200 MB. Issue 14 added packages that are not refused but once
cost minutes or gigabytes: five heavily blurred SVGs (imported, pictures left out),
1,000,000 notes (refused at once) and 100,000 notes (the limit: imported).

Run: ``python bench/hostile_apkg.py [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki  # type: ignore[import-untyped]
import zstandard


def _collection(folder: Path) -> bytes:
    deck = genanki.Deck(1_234_567_890, "Bench")
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["front", "back"]))
    path = folder / "basic.apkg"
    genanki.Package(deck).write_to_file(str(path))
    with zipfile.ZipFile(path) as archive:
        return archive.read("collection.anki2")


def _write(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return path


def _zip_slip(folder: Path) -> Path:
    return _write(folder / "slip.apkg", [("collection.anki2", _collection(folder)),
                                         ("../../evil.sh", b"echo owned")])  # fmt: skip


def _absolute(folder: Path) -> Path:
    return _write(folder / "absolute.apkg", [("collection.anki2", _collection(folder)),
                                             ("/tmp/evil.sh", b"echo owned")])  # fmt: skip


def _zeros(folder: Path) -> Path:
    path = folder / "zeros.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", _collection(folder))
        with archive.open("0", "w", force_zip64=True) as entry:
            for _ in range(400):
                entry.write(b"\x00" * (1024 * 1024))
    return path


def _many(folder: Path) -> Path:
    entries = [("collection.anki2", _collection(folder))]
    entries += [(str(number), b"x") for number in range(10_000)]
    return _write(folder / "many.apkg", entries)


def _not_sqlite(folder: Path) -> Path:
    return _write(folder / "notsqlite.apkg", [("collection.anki2", b"not a database " * 500)])


def _zstd_bomb(folder: Path) -> Path:
    compressor = zstandard.ZstdCompressor().compressobj()
    parts = [compressor.compress(b"\x00" * (1024 * 1024)) for _ in range(400)]
    bomb = b"".join(parts) + compressor.flush()
    return _write(folder / "zstdbomb.apkg", [("collection.anki21b", bomb)])


def _blurred(folder: Path) -> Path:
    """Five notes, each with a 4000 × 4000 SVG blurred by 400 (once 129 s to import)."""
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000">'
        b'<filter id="f"><feGaussianBlur stdDeviation="400"/></filter>'
        b'<rect width="4000" height="4000" fill="green" filter="url(#f)"/></svg>'
    )
    model = genanki.Model(
        1_607_392_320,
        "Pictures",
        fields=[{"name": n} for n in ("Term", "Definition", "Keyword", "Picture")],
        templates=[{"name": "Card 1", "qfmt": "{{Term}}", "afmt": "{{Picture}}"}],
    )
    deck = genanki.Deck(1_234_567_891, "Blurred")
    files = []
    for i in range(5):
        (folder / f"blur{i}.svg").write_bytes(svg)
        files.append(str(folder / f"blur{i}.svg"))
        fields = [f"Term {i}", "defined", f"Key {i}", f'<img src="blur{i}.svg">']
        deck.add_note(genanki.Note(model=model, fields=fields))
    path = folder / "blurred.apkg"
    genanki.Package(deck, media_files=files).write_to_file(str(path))
    return path


def _notes(folder: Path, count: int) -> Path:
    """A genuine collection whose one note is copied until there are ``count``."""
    database = folder / f"notes{count}.anki2"
    database.write_bytes(_collection(folder))
    connection = sqlite3.connect(database)
    row = connection.execute("SELECT * FROM notes").fetchone()
    width = len(row)
    columns = [d[1] for d in connection.execute("PRAGMA table_info(notes)")]
    guid, flds = columns.index("guid"), columns.index("flds")
    copies = []
    for number in range(1, count):
        copy = list(row)
        copy[0] = row[0] + number
        copy[guid] = f"g{number}"
        copy[flds] = f"term {number}\x1fdefinition {number}"
        copies.append(copy)
    connection.executemany(f"INSERT INTO notes VALUES ({','.join('?' * width)})", copies)
    connection.commit()
    connection.close()
    return _write(folder / f"notes{count}.apkg", [("collection.anki2", database.read_bytes())])


# name: (build, the exit status expected)
CASES: dict[str, tuple[Callable[[Path], Path], int]] = {
    "zip slip (../)": (_zip_slip, 2),
    "absolute path": (_absolute, 2),
    "400 MB zero-filled entry": (_zeros, 2),
    "10,000 entries": (_many, 2),
    "non-SQLite collection": (_not_sqlite, 2),
    "zstd collection of 400 MB zeros": (_zstd_bomb, 2),
    "five heavily blurred SVGs": (_blurred, 0),
    "1,000,000 notes": (lambda folder: _notes(folder, 1_000_000), 2),
    "100,000 notes (the limit)": (lambda folder: _notes(folder, 100_000), 0),
}


PEAK = Path(__file__).with_name("peak_memory.py")


def _refuse(package: Path, home: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one ``mimagery import``."""
    peak = home.with_suffix(".peak")
    env = {**os.environ, "MIMAGERY_HOME": str(home)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(PEAK), str(peak), "import", str(package)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(peak.read_text()) / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        baseline = folder / "text.txt"
        baseline.write_text("Term: a definition\n")
        times, peaks = [], []
        for repeat in range(args.repeats):
            seconds, peak, _ = _refuse(baseline, folder / f"base{repeat}")
            times.append(seconds)
            peaks.append(peak)
        print(f"{'a one-line text import (start-up)':36s} {statistics.median(times):6.2f} s "
              f"{max(peaks):6.0f} MB")  # fmt: skip
        for name, (build, expected) in CASES.items():
            package = build(folder)
            times, peaks, codes = [], [], set()
            for repeat in range(args.repeats):
                seconds, peak, code = _refuse(package, folder / f"home-{repeat}")
                times.append(seconds)
                peaks.append(peak)
                codes.add(code)
            size = package.stat().st_size / 1024
            print(f"{name:36s} {statistics.median(times):6.2f} s {max(peaks):6.0f} MB "
                  f"exit {sorted(codes)} ({size:,.0f} KB package)")  # fmt: skip
            assert codes == {expected}, f"{name}: exit {sorted(codes)}, not {expected}"


if __name__ == "__main__":
    main()
