"""Real processes racing on one store, on SQLite and on PostgreSQL: two processes grade
the same card (different review ids, then the same ids) and import into the same new
decks at once. Nothing is lost, nothing doubled, nothing raises.

They are marked slow. By default only the SQLite races run, short (a few dozen rounds);
with ``MIMAGERY_SLOW_TESTS=1`` or ``MIMAGERY_POSTGRES_TESTS=1`` (as CI sets) the
PostgreSQL races run too and every race is the full 2 × 200.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import FIXTURES
from mimagery import formats, study
from mimagery.store import Store
from mimagery.store.tables import cards, decks, reviews, terms

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
GLOSSARY = FIXTURES / "botany_pasted.txt"
DECK = "Plant Science Glossary"
TERMS = 7
FULL = bool(os.environ.get("MIMAGERY_SLOW_TESTS") or os.environ.get("MIMAGERY_POSTGRES_TESTS"))
ROUNDS = 200 if FULL else 30
IMPORT_ROUNDS = 20 if FULL else 4
WORKER = Path(__file__).with_name("race_worker.py")

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, home: Path) -> str:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{home / 'mimagery.sqlite3'}"
    if not FULL:
        pytest.skip("PostgreSQL races: set MIMAGERY_SLOW_TESTS=1 or MIMAGERY_POSTGRES_TESTS=1")
    return str(request.getfixturevalue("url"))


def _race(argv: list[list[str]], go: Path) -> list[dict[str, object]]:
    """Start the workers, let them go together, and return what each reported."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in argv
    ]
    go.touch()
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        assert "Traceback" not in err
        reports.append(json.loads(out.splitlines()[-1]))
    return reports


def _one_card(url: str, home: Path) -> int:
    store = Store.open(url, data_dir=home)
    try:
        store.import_deck(formats.read(GLOSSARY.read_text(encoding="utf-8")), now=NOW)
        return study.due(store, DECK, NOW).cards[0].card_id
    finally:
        store.close()


def _log(url: str, home: Path, card_id: int) -> tuple[int, list[int]]:
    """The card's stored repetitions and, per logged review, the repetitions before it."""
    store = Store.open(url, data_dir=home)
    try:
        with store.reading() as connection:
            reps = connection.execute(select(cards.c.reps).where(cards.c.id == card_id)).scalar()
            befores = [
                int(before["reps"])
                for before in connection.execute(
                    select(reviews.c.before).where(reviews.c.card_id == card_id)
                ).scalars()
            ]
        return int(reps or 0), sorted(befores)
    finally:
        store.close()


def test_two_processes_grading_one_card_lose_nothing(
    database: str, home: Path, tmp_path: Path
) -> None:
    card = _one_card(database, home)
    go = tmp_path / "go"
    reports = _race(
        [
            ["review", database, str(home), str(go), str(card), str(ROUNDS), f"a{n}-"]
            for n in range(2)
        ],
        go,
    )
    assert [report["errors"] for report in reports] == [[], []]
    reps, befores = _log(database, home, card)
    # Each review was computed from the state the one before it left: none lost.
    assert reps == 2 * ROUNDS
    assert befores == list(range(2 * ROUNDS))


def test_two_processes_sending_the_same_review_ids_store_each_once(
    database: str, home: Path, tmp_path: Path
) -> None:
    card = _one_card(database, home)
    go = tmp_path / "go"
    argv = ["review", database, str(home), str(go), str(card), str(ROUNDS), "same-"]
    reports = _race([argv, argv], go)
    assert [report["errors"] for report in reports] == [[], []]
    assert sum(int(str(report["repeated"])) for report in reports) == ROUNDS
    reps, befores = _log(database, home, card)
    assert reps == ROUNDS
    assert befores == list(range(ROUNDS))


def test_two_processes_importing_into_one_new_deck_merge(
    database: str, home: Path, tmp_path: Path
) -> None:
    Store.open(database, data_dir=home).close()  # migrated before the race
    go = tmp_path / "go"
    argv = [
        ["import", database, str(home), str(go), str(GLOSSARY), "Race", str(IMPORT_ROUNDS), str(n)]
        for n in range(2)
    ]
    reports = _race(argv, go)
    assert [report["errors"] for report in reports] == [[], []]
    store = Store.open(database, data_dir=home)
    try:
        with store.reading() as connection:
            per_deck = dict(
                connection.execute(
                    select(decks.c.name, func.count(terms.c.id))
                    .join(terms, terms.c.deck_id == decks.c.id)
                    .group_by(decks.c.name)
                ).all()
            )
            card_count = connection.execute(select(func.count()).select_from(cards)).scalar()
    finally:
        store.close()
    assert per_deck == {f"Race {n}": TERMS for n in range(IMPORT_ROUNDS)}
    assert card_count == 3 * TERMS * IMPORT_ROUNDS
