"""The due queue: siblings buried for the day, new cards spread over days with the
mimage → term card first, the intervals each grade would give, and the day's totals."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating

from conftest import Result
from mimagery import study
from mimagery.model import Deck, Mimage, Term, normalise
from mimagery.store import Store, stored_utc
from mimagery.store import study as study_sql
from mimagery.store.tables import cards, terms

DECK = "Queue"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a study day starts at 4:00
TOMORROW = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)


def _deck(count: int, with_mimages: bool = True) -> Deck:
    made = [
        Term(
            f"Term {n:03d}",
            f"Meaning number {n}.",
            [],
            [Mimage(f"Keyword {n}", f'A "Keyword {n}" scene.')] if with_mimages else [],
        )
        for n in range(count)
    ]
    return normalise(Deck(DECK, made))


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store.open()
    yield opened
    opened.close()


def _cards_of(found: study.DueList, term: str) -> list[str]:
    return [card.direction for card in found.cards if card.term == term]


def _study_all(store: Store, at: datetime, grade: str = "good") -> list[study.DueCard]:
    """Grade every card due at ``at`` (learning steps included, as a session would)."""
    answered: list[study.DueCard] = []
    now = at
    for _ in range(500):
        found = study.due(store, DECK, now, limit=100, learn_ahead=study.LEARN_AHEAD)
        if not found.cards:
            return answered
        card = found.cards[0]
        study.review(store, card.card_id, grade, now)
        answered.append(card)
        now += timedelta(seconds=30)
    raise AssertionError("the queue never ran out")


# Burying ------------------------------------------------------------------------------


def test_an_answered_card_buries_its_siblings_until_the_next_day(store: Store) -> None:
    store.import_deck(_deck(3), now=START)
    first = study.due(store, DECK, START).cards
    assert [(c.term, c.direction) for c in first] == [
        (f"Term {n:03d}", "mimage-term") for n in range(3)
    ]
    study.review(store, first[0].card_id, "good", START)  # learning again in 10 minutes
    # The term's two other cards are new and allowed, but buried: not a sibling shown.
    assert _cards_of(study.due(store, DECK, START + timedelta(minutes=1)), "Term 000") == []
    # The answered card itself comes back for its learning step; its siblings still not.
    later = study.due(store, DECK, START + timedelta(minutes=11))
    assert _cards_of(later, "Term 000") == ["mimage-term"]
    study.review(store, first[0].card_id, "good", START + timedelta(minutes=11))
    assert _cards_of(study.due(store, DECK, START + timedelta(hours=18)), "Term 000") == []
    # The next study day (4:00) the term's next direction is there.
    assert _cards_of(study.due(store, DECK, TOMORROW), "Term 000") == ["term-definition"]


def test_burying_holds_for_due_review_cards_too(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    with store.writing() as connection:  # two cards of the term in review, due today
        connection.execute(
            cards.update()
            .where(cards.c.direction != "definition-term")
            .values(state=2, step=None, stability=5.0, difficulty=5.0, due=START,
                    last_review=START - timedelta(days=5), reps=3)
        )  # fmt: skip
    found = study.due(store, DECK, START)
    assert len(_cards_of(found, "Term 000")) == 1  # one at a time, as before
    study.review(store, found.cards[0].card_id, "good", START)
    assert study.due(store, DECK, START + timedelta(minutes=5)).cards == []


def test_undoing_the_answer_unburies_the_siblings(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    card = study.due(store, DECK, START).cards[0]
    study.review(store, card.card_id, "easy", START)  # out of the way for days
    assert study.due(store, DECK, START).cards == []
    study.undo(store, DECK)
    assert _cards_of(study.due(store, DECK, START), "Term 000") == ["mimage-term"]


def test_a_deck_setting_turns_burying_off(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    assert study.settings(store, DECK).bury_siblings is True
    card = study.due(store, DECK, START).cards[0]
    study.review(store, card.card_id, "easy", START)
    study.change_settings(store, DECK, bury_siblings=False)
    assert _cards_of(study.due(store, DECK, START), "Term 000") == ["term-definition"]
    assert study.settings(store, DECK).to_dict()["bury_siblings"] is False


def test_next_due_waits_for_the_next_day_when_only_buried_cards_are_left(
    store: Store,
) -> None:
    store.import_deck(_deck(1), now=START)
    card = study.due(store, DECK, START).cards[0]
    study.review(store, card.card_id, "easy", START)
    # New cards are allowed today, but the term's are buried: tomorrow, not "now".
    assert study.next_due(store, DECK, START) == TOMORROW
    study.change_settings(store, DECK, bury_siblings=False)
    assert study.next_due(store, DECK, START) == START


def test_next_due_is_a_buried_review_cards_due_time_when_later_than_tomorrow(
    store: Store,
) -> None:
    store.import_deck(_deck(1), now=START)
    study.change_settings(store, DECK, directions=["mimage-term", "term-definition"])
    with store.writing() as connection:
        connection.execute(
            cards.update()
            .where(cards.c.direction == "term-definition")
            .values(state=2, step=None, stability=5.0, difficulty=5.0,
                    due=START + timedelta(hours=1), last_review=START - timedelta(days=5), reps=3)
        )  # fmt: skip
    mimage_card = study.due(store, DECK, START).cards[0]
    assert mimage_card.direction == "mimage-term"
    study.review(store, mimage_card.card_id, "easy", START)
    # The review card is due in an hour, but its sibling was answered today.
    assert study.next_due(store, DECK, START) == TOMORROW


@pytest.mark.parametrize("bury", [True, False])
def test_a_session_never_shows_two_directions_of_a_term_in_a_day(store: Store, bury: bool) -> None:
    store.import_deck(_deck(4), now=START)
    study.change_settings(store, DECK, bury_siblings=bury)
    answered = _study_all(store, START)
    directions: dict[str, set[str]] = defaultdict(set)
    for card in answered:
        directions[card.term].add(card.direction)
    if bury:
        assert all(found == {"mimage-term"} for found in directions.values())
        assert len(directions) == 4
    else:  # off: the other directions follow on the same day
        assert all(len(found) == 3 for found in directions.values())


# Spreading new cards over days ---------------------------------------------------------


def test_new_cards_start_with_the_mimage_and_spread_a_terms_cards_over_days(
    store: Store,
) -> None:
    store.import_deck(_deck(30), now=START)
    study.change_settings(store, DECK, new_per_day=10)
    introduced: dict[str, list[tuple[int, str]]] = defaultdict(list)
    days: list[list[study.DueCard]] = []
    for day in range(9):
        at = START + timedelta(days=day)
        new = [c for c in _study_all(store, at) if c.state == "new"]
        days.append(new)
        for card in new:
            introduced[card.term].append((day, card.direction))
    # Day one: only mimage → term cards, one per term, in glossary order.
    assert [(c.term, c.direction) for c in days[0]] == [
        (f"Term {n:03d}", "mimage-term") for n in range(10)
    ]
    # Later days mix next directions of terms met before with first cards of new terms.
    assert {c.direction for c in days[1]} == {"mimage-term", "term-definition"}
    assert all(len(day) == 10 for day in days[:6])  # later, all left are buried some days
    for cards_of_term in introduced.values():
        # Every term's first card is its mimage card; no two of its cards on one day.
        assert cards_of_term[0][1] == "mimage-term"
        assert len({day for day, _ in cards_of_term}) == len(cards_of_term)


def test_without_a_mimage_a_term_starts_with_term_to_definition(store: Store) -> None:
    store.import_deck(_deck(3, with_mimages=False), now=START)
    found = study.due(store, DECK, START).cards
    assert [(c.term, c.direction) for c in found] == [
        (f"Term {n:03d}", "term-definition") for n in range(3)
    ]


def test_random_order_shuffles_terms_and_keeps_the_mimage_first(store: Store) -> None:
    store.import_deck(_deck(40), now=START)
    study.change_settings(store, DECK, new_order="random", new_per_day=10)
    found = study.due(store, DECK, START).cards
    assert {c.direction for c in found} == {"mimage-term"}
    assert [c.term for c in found] != sorted(c.term for c in found)


def test_ranks_follow_new_rank(store: Store) -> None:
    store.import_deck(_deck(2), now=START)
    store.import_deck(normalise(Deck(DECK, [Term("Late", "Added later.")])), now=START)
    with store.reading() as connection:
        rows = connection.execute(
            cards.select()
            .with_only_columns(terms.c.position, cards.c.direction, cards.c.new_rank)
            .join_from(cards, terms, terms.c.id == cards.c.term_id)
        ).all()
    assert len(rows) == 9
    for position, direction, rank in rows:
        assert rank == study_sql.new_rank(position, direction)


def test_the_migration_rewrites_the_order_of_stored_cards(home: Path) -> None:
    from alembic import command
    from alembic.config import Config

    opened = Store.open()
    opened.import_deck(_deck(3), now=START)
    old = {"term-definition": 0, "definition-term": 1, "mimage-term": 2}
    with opened.writing() as connection:
        config = Config()
        config.set_main_option("script_location", "mimagery.store:migrations")
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    with opened.reading() as connection:
        rows = connection.execute(
            cards.select()
            .with_only_columns(terms.c.position, cards.c.direction, cards.c.new_rank)
            .join_from(cards, terms, terms.c.id == cards.c.term_id)
        ).all()
    assert all(rank == position * 4 + old[direction] for position, direction, rank in rows)
    opened.close()
    reopened = Store.open()  # migrates to the head again
    try:
        assert study.due(reopened, DECK, START).cards[0].direction == "mimage-term"
        with reopened.reading() as connection:
            rows = connection.execute(
                cards.select()
                .with_only_columns(terms.c.position, cards.c.direction, cards.c.new_rank)
                .join_from(cards, terms, terms.c.id == cards.c.term_id)
            ).all()
        assert all(rank == study_sql.new_rank(p, d) for p, d, rank in rows)
    finally:
        reopened.close()


# What each grade would give, and the day's totals -------------------------------------


def test_the_preview_is_what_the_fsrs_scheduler_gives(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    study.change_settings(store, DECK, fuzz=False)
    found = study.next_card(store, DECK, START, 10)
    assert found.card is not None
    scheduler = study.settings(store, DECK).scheduler()
    expected = {
        name: scheduler.review_card(Card(), grade, review_datetime=START)[0].due - START
        for name, grade in (("again", Rating.Again), ("good", Rating.Good))
    }
    assert found.intervals["again"] == expected["again"] == timedelta(minutes=1)
    assert found.intervals["good"] == expected["good"] == timedelta(minutes=10)
    assert found.intervals["easy"] >= timedelta(days=1)
    # Graded through the learning steps into review, each grade lands where it said.
    now = START
    for grade in ("good", "good", "easy", "hard"):
        shown = study.next_card(store, DECK, now, 10, card_id=found.card.card_id)
        result = study.review(store, found.card.card_id, grade, now)
        assert result.due is not None
        assert result.due - now == shown.intervals[grade]
        now = result.due


def test_a_preview_before_the_last_review_counts_from_it(store: Store) -> None:
    store.import_deck(_deck(1), now=START)
    card = study.due(store, DECK, START).cards[0]
    study.review(store, card.card_id, "again", START + timedelta(minutes=3))
    with store.reading() as connection:
        row = study_sql.card(connection, card.card_id)
    early = study.preview(study.settings(store, DECK), row, START)
    assert stored_utc(row.last_review) == START + timedelta(minutes=3)
    assert early["again"] > timedelta(0)


@pytest.mark.parametrize(
    ("wait", "shown"),
    [
        (timedelta(seconds=20), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=4, hours=3), "4d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=90), "3mo"),
        (timedelta(days=438), "1.2y"),
    ],
)
def test_intervals_are_written_as_flashcard_apps_write_them(wait: timedelta, shown: str) -> None:
    assert study.describe_interval(wait) == shown


def test_the_days_totals_come_with_an_empty_queue(store: Store) -> None:
    store.import_deck(_deck(2), now=START)
    study.change_settings(store, DECK, new_per_day=2)
    first, second = study.due(store, DECK, START).cards
    study.review(store, first.card_id, "easy", START, duration_ms=4000)
    study.review(store, second.card_id, "again", START, duration_ms=6500)
    soon = START + timedelta(minutes=2)
    assert study.next_card(store, DECK, soon, 10).today is None  # a card is still due
    later = START + timedelta(hours=2)
    study.review(store, second.card_id, "easy", later, duration_ms=1500)
    done = study.next_card(store, DECK, later, 10)
    assert done.card is None and done.today is not None
    assert (done.today.reviewed, done.today.correct) == (3, 2)
    assert done.today.time == timedelta(seconds=12)
    assert done.today.correct_share == pytest.approx(2 / 3)
    assert study.describe_duration(done.today.time) == "12 s"


# The command line ---------------------------------------------------------------------


def test_due_and_settings_on_the_command_line(run: Callable[..., Result]) -> None:
    store = Store.open()
    store.import_deck(_deck(2), now=START)
    store.close()
    at = ("--at", START.isoformat())

    def due_terms() -> list[tuple[str, str]]:
        result = run("due", "--json", *at)
        assert result.code == 0, result.err
        return [(card["term"], card["direction"]) for card in json.loads(result.out)["cards"]]

    first = json.loads(run("due", "--json", *at).out)["cards"][0]
    assert run("review", str(first["card"]), "easy", *at).code == 0
    assert due_terms() == [("Term 001", "mimage-term")]  # Term 000's siblings are buried
    shown = run("settings", "--no-bury")
    assert shown.code == 0 and re.search(r"bury_siblings\s+│\s+False", shown.out)
    assert due_terms() == [("Term 001", "mimage-term"), ("Term 000", "term-definition")]
    assert re.search(r"bury_siblings\s+│\s+True", run("settings", "--bury").out)
    assert run("settings", "--help").out.count("--bury") == 1
