"""Waiting for SQLite's write lock, and reviews in time order (through the command line)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Result, dump
from mimagery.store import engine

Run = Callable[..., Result]
GLOSSARY = FIXTURES / "botany_pasted.txt"
DECK = "Plant Science Glossary"


def _cards(run: Run) -> list[int]:
    assert run("import", str(GLOSSARY)).code == 0
    due = run("due", "--json", "--at", "2026-03-02T10:00+00:00")
    return [card["card"] for card in json.loads(due.out)["cards"]]


def _hold_write_lock(database: Path, seconds: float) -> threading.Thread:
    """Another "process" holding the write lock for ``seconds``."""
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release() -> None:
        threading.Event().wait(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_write_waits_past_the_busy_timeout_and_says_so(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(engine, "NOTICE_AFTER_MS", 50)
    card = _cards(run)[0]
    holder = _hold_write_lock(home / "mimagery.sqlite3", 1.0)  # ten busy timeouts
    result = run("review", str(card), "good", "--id", "waited")
    holder.join()
    assert result.code == 0, result.err
    assert "waiting for another mimagery process" in result.err
    assert "(already recorded)" in run("review", str(card), "good", "--id", "waited").out


def test_a_lock_held_too_long_is_one_line_and_changes_nothing(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(engine, "NOTICE_AFTER_MS", 50)
    monkeypatch.setattr(engine, "LOCK_WAIT_LIMIT_S", 0.3)
    card = _cards(run)[0]
    database = home / "mimagery.sqlite3"
    before = dump(database)
    holder = _hold_write_lock(database, 1.0)
    result = run("review", str(card), "good")
    holder.join()
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith("error: the database stayed locked")
    assert "Traceback" not in result.err
    assert dump(database) == before


def test_a_review_dated_before_the_cards_last_one_is_refused(run: Run, home: Path) -> None:
    card = _cards(run)[0]
    assert run("review", str(card), "good", "--at", "2026-03-10T10:00+00:00").code == 0
    before = dump(home / "mimagery.sqlite3")
    earlier = run("review", str(card), "good", "--at", "2026-03-01T10:00+00:00")
    assert earlier.code == 2
    assert earlier.err.startswith("error: card ") and len(earlier.err.splitlines()) == 1
    assert "before that" in earlier.err
    assert dump(home / "mimagery.sqlite3") == before
    # A moment earlier (two clocks): taken as at the last review, not refused.
    assert run("review", str(card), "good", "--at", "2026-03-10T09:59+00:00").code == 0


def test_undo_takes_back_the_review_recorded_last(run: Run) -> None:
    first, second = _cards(run)[:2]
    assert run("review", str(first), "good", "--at", "2026-03-10T10:00+00:00").code == 0
    # Another card, dated earlier: still the newest review, and the one undo takes back.
    assert run("review", str(second), "again", "--at", "2026-03-05T10:00+00:00").code == 0
    undone = run("undo", "--deck", DECK)
    assert undone.code == 0, undone.err
    assert f"card {second}" in undone.out
    assert run("undo", "--deck", DECK).code == 0
    assert "nothing to undo" in run("undo", "--deck", DECK).err


def test_a_card_id_beyond_64_bits_is_one_line(run: Run) -> None:
    _cards(run)
    result = run("review", str(10**23), "good")
    assert result.code == 2 and result.err.startswith("error: no card")
