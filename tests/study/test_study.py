"""Study: FSRS scheduling through the store and the CLI, undo, limits, concurrency."""

from __future__ import annotations

import json
import multiprocessing
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler, State

from conftest import Result, dump
from mimagery import study
from mimagery.errors import MimageryError
from mimagery.model import Deck, Mimage, Term, normalise
from mimagery.store import Store
from mimagery.store import study as study_sql

DECK = "Simulated"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _deck(count: int, with_mimages: bool = True) -> Deck:
    terms = [
        Term(
            f"Term {n:03d}",
            f"Meaning number {n}.",
            [],
            [Mimage(f"Keyword {n}", f'A "Keyword {n}" scene.')] if with_mimages else [],
        )
        for n in range(count)
    ]
    return normalise(Deck(DECK, terms))


@pytest.fixture
def store(home: Path) -> Store:
    opened = Store.open()
    yield opened
    opened.close()


def _card_row(store: Store, card_id: int) -> dict[str, object]:
    with store.reading() as connection:
        row = study_sql.card(connection, card_id)
    return dict(row._mapping)


def test_cards_are_made_with_terms_in_three_directions(store: Store) -> None:
    store.import_deck(_deck(3), now=START)
    found = study.due(store, DECK, START, limit=50)
    assert [c.term for c in found.cards] == ["Term 000", "Term 001", "Term 002"]
    assert {c.direction for c in found.cards} == {"mimage-term"}  # a term's first card
    assert all(c.state == "new" and c.due is None for c in found.cards)
    with store.reading() as connection:
        count = connection.exec_driver_sql("SELECT count(*) FROM cards").scalar()
    assert count == 9


def test_mimage_cards_need_a_complete_chosen_mimage(store: Store) -> None:
    deck = _deck(2, with_mimages=False)
    deck.terms[1].mimages = [Mimage("Cut", "A cut", complete=False, chosen=True)]
    store.import_deck(deck, now=START)
    study.change_settings(store, DECK, directions=["mimage-term"])
    assert study.due(store, DECK, START).cards == []
    store.add_mimages(
        DECK, [("Term 000", Mimage("Whole", 'A "Whole" one.', "generated"))], now=START
    )
    assert [c.term for c in study.due(store, DECK, START).cards] == ["Term 000"]


def test_new_cards_per_day_and_siblings(store: Store) -> None:
    store.import_deck(_deck(30), now=START)
    study.change_settings(store, DECK, new_per_day=5)
    first = study.due(store, DECK, START, limit=100)
    assert len(first.cards) == 5 and first.new_left == 5
    assert len({c.term for c in first.cards}) == 5  # one card per term
    for card in first.cards:
        study.review(store, card.card_id, "good", START)
    later = study.due(store, DECK, START + timedelta(minutes=30), limit=100)
    assert later.new_left == 0
    assert all(c.state != "new" for c in later.cards)
    tomorrow = study.due(store, DECK, START + timedelta(days=1), limit=100)
    assert tomorrow.new_left == 5
    # A day starts at 4 in the morning of the time given, not at midnight UTC.
    late = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    assert study.due(store, DECK, late, limit=100).new_left == 0


def test_random_order_is_a_fixed_shuffle(store: Store) -> None:
    store.import_deck(_deck(40), now=START)
    study.change_settings(store, DECK, new_order="random", new_per_day=10)
    shuffled = [c.term for c in study.due(store, DECK, START).cards]
    assert shuffled == [c.term for c in study.due(store, DECK, START).cards]
    assert shuffled != sorted(shuffled)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"desired_retention": 1.5}, "desired retention"),
        ({"new_order": "alphabetical"}, "new-card order"),
        ({"directions": ["sideways"]}, "directions"),
        ({"learning_steps": [-1]}, "steps"),
        ({"colour": "blue"}, "unknown study setting"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    store: Store, home: Path, changes: dict[str, object], message: str
) -> None:
    store.import_deck(_deck(1), now=START)
    before = dump(home / "mimagery.sqlite3")
    with pytest.raises(MimageryError, match=message):
        study.change_settings(store, DECK, **changes)
    assert dump(home / "mimagery.sqlite3") == before


def test_settings_round_trip() -> None:
    chosen = study.StudySettings(desired_retention=0.85, learning_steps=(2.0,), fuzz=False)
    assert study.StudySettings.from_dict(json.loads(json.dumps(chosen.to_dict()))) == chosen


def test_undo_restores_the_exact_state_and_the_log(store: Store, home: Path) -> None:
    store.import_deck(_deck(2), now=START)
    card_id = study.due(store, DECK, START).cards[0].card_id
    study.review(store, card_id, "good", START)
    study.review(store, card_id, "good", START + timedelta(minutes=11))
    before = _card_row(store, card_id)
    database = dump(home / "mimagery.sqlite3")
    result = study.review(store, card_id, "again", START + timedelta(days=3), review_key="r3")
    assert result.state in ("relearning", "learning")
    undone = study.undo(store, DECK)
    assert undone.review_key == "r3" and undone.card_id == card_id
    assert _card_row(store, card_id) == before
    assert dump(home / "mimagery.sqlite3") == database
    # Undo goes back one review at a time, down to a new card.
    study.undo(store, DECK)
    study.undo(store, DECK)
    assert _card_row(store, card_id)["state"] == study_sql.NEW
    with pytest.raises(MimageryError, match="nothing to undo"):
        study.undo(store, DECK)


def test_only_a_cards_latest_review_can_be_undone(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    card_id = study.due(store, DECK, START).cards[0].card_id
    study.review(store, card_id, "good", START, review_key="first")
    study.review(store, card_id, "good", START + timedelta(minutes=11), review_key="second")
    with pytest.raises(MimageryError, match="latest review"):
        study.undo(store, DECK, "first")


def test_a_retried_review_is_stored_once(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    card_id = study.due(store, DECK, START).cards[0].card_id
    first = study.review(store, card_id, "good", START, review_key="same")
    again = study.review(store, card_id, "good", START + timedelta(minutes=5), review_key="same")
    assert again.repeated and (again.due, again.state) == (first.due, first.state)
    with store.reading() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM reviews").scalar() == 1
    with pytest.raises(MimageryError, match="another card"):
        study.review(store, card_id + 1, "good", START, review_key="same")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("review", "1", "meh"), "grade is one of"),
        (("review", "999", "good"), "no card 999"),
        (("review", "1", "good", "--at", "yesterday"), "not an ISO time"),
        (("review", "1", "good", "--id", "x" * 65), "1 to 64 characters"),
        (("due", "--deck", "Nope"), "no deck"),
        (("settings", "--retention", "2"), "desired retention"),
        (("settings", "--steps", "a,b"), "steps are minutes"),
        (("undo",), "nothing to undo"),
    ],
)
def test_cli_errors_leave_the_store_alone(
    run: Callable[..., Result], home: Path, args: tuple[str, ...], message: str
) -> None:
    run("demo")
    before = dump(home / "mimagery.sqlite3")
    result = run(*args)
    assert result.code == 2 and result.err.startswith("error: ") and message in result.err
    assert result.err.count("\n") == 1
    assert dump(home / "mimagery.sqlite3") == before


# The simulated learner ----------------------------------------------------------------


def _due_json(run: Callable[..., Result], at: datetime) -> dict[str, object]:
    result = run("due", "--deck", DECK, "--json", "--limit", "1000", "--at", at.isoformat())
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_simulated_learner_agrees_with_fsrs_run_directly(
    run: Callable[..., Result], home: Path
) -> None:
    """200 terms, 60 days, every grade through ``mimagery review --at``; an FSRS scheduler
    run directly on the same answers must give the same states, due dates and log."""
    store = Store.open()
    store.import_deck(_deck(200), now=START)
    store.close()
    assert run("settings", "--deck", DECK, "--no-fuzz").code == 0
    scheduler = Scheduler(enable_fuzzing=False)
    mirror: dict[int, Card] = {}
    answers: dict[int, list[int]] = {}
    rng = random.Random(2026)
    grades = {Rating.Again: "again", Rating.Hard: "hard", Rating.Good: "good", Rating.Easy: "easy"}
    reviews = 0
    for day in range(60):
        for session in range(3):  # learning steps bring cards back within the morning
            at = START + timedelta(days=day, minutes=30 * session)
            for card in _due_json(run, at)["cards"]:  # type: ignore[union-attr]
                card_id = card["card"]
                known = mirror.get(card_id) or Card(card_id=card_id, state=State.Learning, due=at)
                if known.stability is None:
                    recall = 0.6
                else:
                    recall = scheduler.get_card_retrievability(known, at)
                if rng.random() < recall:
                    rating = rng.choice([Rating.Hard, Rating.Good, Rating.Good, Rating.Easy])
                else:
                    rating = Rating.Again
                result = run("review", str(card_id), grades[rating], "--at", at.isoformat())
                assert result.code == 0, result.err
                mirror[card_id], _ = scheduler.review_card(known, rating, review_datetime=at)
                answers.setdefault(card_id, []).append(int(rating))
                reviews += 1
    assert reviews > 1500  # a real workload: 60 days, 20 new cards a day
    store = Store.open()
    try:
        with store.reading() as connection:
            logged: dict[int, list[int]] = {}
            for card_id, rating in connection.exec_driver_sql(
                "SELECT card_id, rating FROM reviews ORDER BY id"
            ):
                logged.setdefault(card_id, []).append(rating)
            assert logged == answers
            for card_id, expected in mirror.items():
                row = study_sql.card(connection, card_id)
                assert row.state == int(expected.state)
                assert row.step == expected.step
                assert row.stability == pytest.approx(expected.stability, rel=1e-9)
                assert row.difficulty == pytest.approx(expected.difficulty, rel=1e-9)
                assert row.due.replace(tzinfo=UTC) == expected.due
                assert row.reps == len(answers[card_id])
    finally:
        store.close()


# Two real processes ----------------------------------------------------------------------


def _reviewer(home: str, name: str, card_ids: list[int], count: int) -> None:
    import os

    os.environ["MIMAGERY_HOME"] = home
    store = Store.open()
    try:
        for number in range(count):
            card_id = card_ids[number % len(card_ids)]
            # Seconds apart: the two processes' clocks stay within the few minutes a
            # review may be dated before a card's last one (reviews are in time order).
            at = START + timedelta(seconds=number)
            study.review(store, card_id, "good", at, review_key=f"{name}-{number}")
    finally:
        store.close()


def test_two_processes_reviewing_at_once_lose_nothing(home: Path) -> None:
    store = Store.open()
    store.import_deck(_deck(10), now=START)
    with store.reading() as connection:
        card_ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM cards")]
    store.close()
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_reviewer, args=(str(home), name, card_ids, 200))
        for name in ("left", "right")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    store = Store.open()
    try:
        with store.reading() as connection:
            keys = [row[0] for row in connection.exec_driver_sql("SELECT review_key FROM reviews")]
            assert len(keys) == 400 and len(set(keys)) == 400
            reps = dict(connection.exec_driver_sql("SELECT id, reps FROM cards").all())
            per_card = dict(
                connection.exec_driver_sql(
                    "SELECT card_id, count(*) FROM reviews GROUP BY card_id"
                ).all()
            )
        assert reps == {card_id: per_card.get(card_id, 0) for card_id in reps}
    finally:
        store.close()
