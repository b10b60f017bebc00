"""The terminal study session buries siblings: a term's other directions wait for the next
study day once one of its cards was answered (unless the deck turns burying off)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select

from mimagery import study
from mimagery.cli.session import Session
from mimagery.model import Deck, Mimage, Term, normalise
from mimagery.store import Store
from mimagery.store.tables import cards, reviews

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DECK = Deck(
    "Siblings",
    [
        Term("Xylem", "Tissue that carries water up.", [], [Mimage("Sigh Lamb", "A lamb sighs.")]),
        Term("Phloem", "Tissue that carries sugars down.", [], [Mimage("Flow Em", "Syrup.")]),
        Term("Stoma", "A pore in a leaf."),
    ],
)


class Keys:
    """Space then Good, again and again, each key taking the learner a minute."""

    def __init__(self, clock: list[datetime], presses: int) -> None:
        self.clock = clock
        self.left = presses

    def read_key(self) -> str | None:
        if self.left <= 0:
            return None
        self.left -= 1
        self.clock[0] += timedelta(minutes=1)
        return " " if self.left % 2 else "3"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store.open()
    opened.import_deck(normalise(DECK), now=NOW)
    yield opened
    opened.close()


def _answered(store: Store) -> dict[str, set[str]]:
    with store.reading() as connection:
        rows = connection.execute(
            select(cards.c.term_id, cards.c.direction).join(
                reviews, reviews.c.card_id == cards.c.id
            )
        ).all()
    found: dict[str, set[str]] = {}
    for term_id, direction in rows:
        found.setdefault(str(term_id), set()).add(direction)
    return found


@pytest.mark.parametrize("bury", [True, False])
def test_a_session_shows_one_direction_of_each_term_a_day(store: Store, bury: bool) -> None:
    study.change_settings(store, "Siblings", bury_siblings=bury)
    clock = [NOW]
    console = Console(file=io.StringIO(), width=120, color_system=None)
    summary = Session(
        store, "Siblings", Keys(clock, 80), console, lambda: clock[0]
    ).run()  # runs until nothing more is due (or the keys run out)
    answered = _answered(store)
    assert len(answered) == 3
    if bury:
        # Xylem and Phloem: their mimage card; Stoma (no mimage): term → definition.
        assert sorted(len(directions) for directions in answered.values()) == [1, 1, 1]
        assert summary.reviewed < 40  # it ended because nothing was left, not the keys
    else:
        assert sorted(len(directions) for directions in answered.values()) == [2, 3, 3]
