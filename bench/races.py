"""Two processes racing on one store, on SQLite and on PostgreSQL.

For each database, median over repeats of:
- 2 × N reviews of the same card with different review ids (wall time; reviews lost:
  the card's repetitions short of 2N),
- 2 × N reviews of the same card with the same ids (stored: should be N, doubled: more),
- 2 × M imports of one glossary, both processes into the same new deck each round
  (decks that did not end with the glossary's terms exactly once).
Errors and tracebacks in the workers are counted and printed.

PostgreSQL: ``MIMAGERY_TEST_POSTGRES`` names a server (``postgresql+psycopg://user@host``),
else a throwaway cluster is made with the machine's ``initdb`` and ``pg_ctl``; without
them only SQLite is measured.

Run: ``python bench/races.py [--reviews N] [--imports M] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from mimagery import formats, study
from mimagery.errors import MimageryError
from mimagery.store import Store
from mimagery.store.tables import cards, decks, reviews, terms

GLOSSARY = """Glossary

Xylem: the tissue that carries water up from the roots.
Phloem: the tissue that carries sugars from the leaves.
Stomata: pores in a leaf through which gases pass.
"""
TERMS = 3


def _wait_for(path: Path) -> None:
    give_up = time.monotonic() + 120
    while not path.exists():
        if time.monotonic() > give_up:
            raise SystemExit(f"gave up waiting for {path.name}")
        time.sleep(0.001)


def worker(argv: list[str]) -> None:
    """One racing process (``races.py worker …``); prints its errors as JSON."""
    mode, url, home, go = argv[0], argv[1], Path(argv[2]), Path(argv[3])
    store = Store.open(url, data_dir=home)
    errors: list[str] = []
    try:
        if mode == "review":
            card, count, prefix = int(argv[4]), int(argv[5]), argv[6]
            _wait_for(go)
            for number in range(count):
                try:
                    study.review(
                        store, card, "good", datetime.now(UTC), review_key=f"{prefix}{number}"
                    )
                except MimageryError as error:
                    errors.append(str(error))
        else:
            deck = formats.read(GLOSSARY)
            count, who = int(argv[4]), int(argv[5])
            _wait_for(go)
            for number in range(count):
                (go.parent / f"{go.name}.{who}.{number}").touch()
                _wait_for(go.parent / f"{go.name}.{1 - who}.{number}")
                try:
                    store.import_deck(deck, name=f"Race {number}", now=datetime.now(UTC))
                except MimageryError as error:
                    errors.append(str(error))
    finally:
        store.close()
    print(json.dumps(errors))


def _race(argvs: list[list[str]], go: Path) -> tuple[float, int, int]:
    """(wall seconds, errors, tracebacks) of the workers run together."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "worker", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for argv in argvs
    ]
    time.sleep(1.5)  # let both start up (imports) before the race
    start = time.perf_counter()
    go.touch()
    errors = tracebacks = 0
    for process in workers:
        out, err = process.communicate()
        tracebacks += err.count("Traceback")
        with contextlib.suppress(json.JSONDecodeError, IndexError):
            errors += len(json.loads(out.splitlines()[-1]))
    return time.perf_counter() - start, errors, tracebacks


def _card(url: str, home: Path) -> int:
    store = Store.open(url, data_dir=home)
    try:
        store.import_deck(formats.read(GLOSSARY), name="Cards", now=datetime.now(UTC))
        return study.due(store, "Cards", datetime.now(UTC)).cards[0].card_id
    finally:
        store.close()


def _reps(url: str, home: Path, card: int) -> tuple[int, int]:
    store = Store.open(url, data_dir=home)
    try:
        with store.reading() as connection:
            reps = connection.execute(select(cards.c.reps).where(cards.c.id == card)).scalar()
            logged = connection.execute(
                select(func.count()).select_from(reviews).where(reviews.c.card_id == card)
            ).scalar()
        return int(reps or 0), int(logged or 0)
    finally:
        store.close()


def _bad_decks(url: str, home: Path, rounds: int) -> int:
    store = Store.open(url, data_dir=home)
    try:
        with store.reading() as connection:
            counts = dict(
                connection.execute(
                    select(decks.c.name, func.count(terms.c.id))
                    .join(terms, terms.c.deck_id == decks.c.id)
                    .group_by(decks.c.name)
                ).all()
            )
        return sum(counts.get(f"Race {n}") != TERMS for n in range(rounds))
    finally:
        store.close()


def measure(new_url: Iterator[str] | None, args: argparse.Namespace) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)

    n = args.reviews
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as scratch:
            home = Path(scratch)
            url = next(new_url) if new_url else ""
            url = url or f"sqlite:///{home / 'race.sqlite3'}"
            card = _card(url, home)
            go = home / "go"
            argv = [["review", url, str(home), str(go), str(card), str(n), f"{w}-"] for w in "ab"]
            wall, errors, tracebacks = _race(argv, go)
            reps, logged = _reps(url, home, card)
            add("different ids: s", wall)
            add("different ids: lost", 2 * n - reps)
            add("different ids: log ≠ card", abs(logged - reps))
            add("different ids: errors+tracebacks", errors + tracebacks)

            card = _card(url, home) + 1
            go = home / "go2"
            same = ["review", url, str(home), str(go), str(card), str(n), "same-"]
            wall, errors, tracebacks = _race([same, same], go)
            reps, logged = _reps(url, home, card)
            add("same ids: s", wall)
            add("same ids: doubled or lost", abs(logged - n) + abs(reps - n))
            add("same ids: errors+tracebacks", errors + tracebacks)

            go = home / "go3"
            m = args.imports
            argv = [["import", url, str(home), str(go), str(m), str(w)] for w in (0, 1)]
            wall, errors, tracebacks = _race(argv, go)
            add("imports into one new deck: s", wall)
            add("imports: decks wrong", _bad_decks(url, home, m))
            add("imports: errors+tracebacks", errors + tracebacks)
    return figures


@contextlib.contextmanager
def postgres() -> Iterator[Iterator[str] | None]:
    """An endless supply of fresh PostgreSQL database URLs, or None."""
    server = os.environ.get("MIMAGERY_TEST_POSTGRES")
    folder: Path | None = None
    as_user: list[str] = []
    pg_ctl = None
    data = Path()
    if not server:

        def program(name: str) -> str | None:
            versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
            return shutil.which(name) or (versions[-1] if versions else None)

        initdb, pg_ctl = program("initdb"), program("pg_ctl")
        if initdb is None or pg_ctl is None:
            yield None
            return
        folder = Path(tempfile.mkdtemp(prefix="mimagery-bench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        data = folder / "data"
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
        log = str(folder / "log")
        start = [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", log, "-w", "start"]
        subprocess.run(start, check=True, capture_output=True)
        server = f"postgresql+psycopg://postgres@/?host={folder}&port={port}"
    base, _, query = server.partition("?")

    def urls() -> Iterator[str]:
        admin = create_engine(f"{base.rstrip('/')}/postgres?{query}", isolation_level="AUTOCOMMIT")
        while True:
            name = f"bench_{uuid.uuid4().hex[:10]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            yield f"{base.rstrip('/')}/{name}" + (f"?{query}" if query else "")

    try:
        yield urls()
    finally:
        if folder is not None and pg_ctl is not None:
            stop = [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
            subprocess.run(stop, capture_output=True, check=False)
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=200, help="reviews per process")
    parser.add_argument("--imports", type=int, default=20, help="import rounds")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"2 × {args.reviews} reviews, 2 × {args.imports} imports; medians of {args.repeats}")
    with postgres() as pg:
        for name, urls in [("SQLite", None), ("PostgreSQL", pg)]:
            if name == "PostgreSQL" and urls is None:
                print("PostgreSQL: no server and no initdb/pg_ctl; skipped")
                continue
            figures = measure(urls, args)
            print(f"{name}:")
            for label, values in figures.items():
                print(f"  {label:<36} {statistics.median(values):10.3f}")


if __name__ == "__main__":
    main()
