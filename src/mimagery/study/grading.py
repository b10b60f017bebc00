"""Grading a card and taking a grade back.

A review locks the card (``BEGIN IMMEDIATE`` on SQLite, ``SELECT … FOR UPDATE`` on
PostgreSQL), reads it, schedules it with FSRS, writes its new state and appends the log
row in one transaction, so two processes never lose or double a review; a retried
review key is answered from the log, not stored twice, even when both tries run at once
(the second one's insert fails on the unique key, and it is answered from the log).

Reviews of a card are in time order: one dated before the card's last review is
refused (a few minutes' clock difference between two processes is taken as "at the
last review"), and ``undo`` takes back the review recorded last.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from fsrs import Card, Rating, State
from sqlalchemy import exc

from mimagery.errors import MimageryError, NotFound
from mimagery.model import key
from mimagery.store import Store, stored_utc
from mimagery.store import study as sql
from mimagery.store.engine import transaction
from mimagery.store.study import NEW
from mimagery.study.cards import RATINGS, STATE_NAMES, ReviewResult, to_utc
from mimagery.study.settings import StudySettings


def _card_state(row: Any) -> dict[str, Any]:
    return {
        "state": row.state,
        "step": row.step,
        "stability": row.stability,
        "difficulty": row.difficulty,
        "due": stored_utc(row.due),
        "last_review": stored_utc(row.last_review),
        "reps": row.reps,
        "lapses": row.lapses,
    }


def _json_state(state: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in state.items()
    }


def _from_json_state(state: dict[str, Any]) -> dict[str, Any]:
    restored = dict(state)
    for name in ("due", "last_review"):
        if restored.get(name):
            restored[name] = datetime.fromisoformat(restored[name])
    return restored


def fsrs_card(card_id: int, state: dict[str, Any], now: datetime) -> Card:
    """The ``fsrs.Card`` for a stored card state (a new card starts learning now)."""
    if state["state"] == NEW:
        return Card(card_id=card_id, state=State.Learning, step=0, due=now)
    return Card(
        card_id=card_id,
        state=State(state["state"]),
        step=state["step"],
        stability=state["stability"],
        difficulty=state["difficulty"],
        due=state["due"],
        last_review=state["last_review"],
    )


def preview(chosen: StudySettings, row: Any, now: datetime) -> dict[str, timedelta]:
    """How long each grade would put a card away, as the deck's FSRS scheduler would
    schedule it at ``now`` (without fuzz, whose random spread a preview cannot know).

    Args:
        chosen: the deck's settings (their scheduler).
        row: the card's stored row (``store.study.card``).
        now: the time of the review (timezone-aware).

    Returns:
        For each grade (again, hard, good, easy), the time from ``now`` to its due time.
    """
    before = _card_state(row)
    last = before["last_review"]
    at = max(to_utc(now), last) if last is not None else to_utc(now)
    scheduler = chosen.scheduler(fuzz=False)
    intervals: dict[str, timedelta] = {}
    for name, grade in RATINGS.items():
        scheduled, _ = scheduler.review_card(
            fsrs_card(row.id, before, at), grade, review_datetime=at
        )
        intervals[name] = scheduled.due - at
    return intervals


#: The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1

#: A review dated this little before the card's last one is taken as at the last one
#: (two processes' clocks, or two reviews a moment apart); earlier ones are refused.
CLOCK_SLACK = timedelta(minutes=5)


def review(
    store: Store,
    card_id: int,
    rating: str,
    now: datetime,
    *,
    review_key: str | None = None,
    duration_ms: int | None = None,
    deck: str | None = None,
    wait: bool = True,
) -> ReviewResult:
    """Grade one card at ``now`` (again, hard, good or easy) and log it, in one transaction.

    A ``review_key`` already in the log returns that review again and stores nothing.
    With ``deck``, the card must be in the deck of that name (any case). With
    ``wait=False``, ``Busy`` is raised at once, nothing done, while another connection
    holds the write lock.
    """
    grade = RATINGS.get(rating.casefold())
    if grade is None:
        raise MimageryError(f"the grade is one of {', '.join(RATINGS)}, not {rating!r}")
    review_key = review_key or uuid.uuid4().hex
    if not 0 < len(review_key) <= 64:
        raise MimageryError("a review id is 1 to 64 characters")
    if not 0 < card_id <= MAX_ID:  # beyond a 64-bit integer: no database can hold it
        raise NotFound(f"no card {card_id}")
    at = to_utc(now)
    try:
        return _review_once(store, card_id, rating, at, review_key, duration_ms, deck, wait)
    except exc.IntegrityError:
        # The same review key was stored by another process between our look-up and our
        # insert (PostgreSQL: the card lock does not cover a key used for two cards).
        # Now it is in the log: answer from there.
        return _review_once(store, card_id, rating, at, review_key, duration_ms, deck, wait)


def _review_once(
    store: Store,
    card_id: int,
    rating: str,
    at: datetime,
    review_key: str,
    duration_ms: int | None,
    deck: str | None,
    wait: bool,
) -> ReviewResult:
    grade = RATINGS[rating.casefold()]
    with transaction(store.engine, write=True, wait=wait, serialize=False) as connection:
        store.refuse_if_damaged(connection)
        # The card's row first, locked: a review of the same card waits here, and then
        # sees this one's log row and card state.
        row = sql.card_in_deck(connection, card_id, lock=True)
        logged = sql.review_by_key(connection, review_key)
        if logged is not None and logged.card_id != card_id:
            raise MimageryError(f"review id {review_key!r} was used for another card")
        if row is None:
            raise MimageryError(f"no card {card_id}")
        if deck is not None and row.deck_key != key(deck):
            raise MimageryError(f"card {card_id} is not in deck {deck!r}")
        if logged is not None:
            after = _from_json_state(logged.after)
            return ReviewResult(
                review_key, card_id, row.term, _rating_name(logged.rating),
                STATE_NAMES[after["state"]], after["due"], repeated=True, deck=row.deck,
            )  # fmt: skip
        stored = sql.settings(connection, row.deck_id)
        chosen = StudySettings.from_dict(stored) if stored else StudySettings()
        before = _card_state(row)
        last = before["last_review"]
        if last is not None and at < last:
            if at < last - CLOCK_SLACK:
                raise MimageryError(
                    f"card {card_id} was last reviewed at {last.isoformat(timespec='seconds')}; "
                    "a review cannot be dated before that"
                )
            at = last
        scheduled, _ = chosen.scheduler().review_card(
            fsrs_card(card_id, before, at), grade, review_datetime=at, review_duration=duration_ms
        )
        lapsed = before["state"] == State.Review and grade == Rating.Again
        after = {
            "state": int(scheduled.state),
            "step": scheduled.step,
            "stability": scheduled.stability,
            "difficulty": scheduled.difficulty,
            "due": scheduled.due,
            "last_review": scheduled.last_review,
            "reps": before["reps"] + 1,
            "lapses": before["lapses"] + int(lapsed),
        }
        sql.save_review(
            connection,
            card_id,
            after,
            {
                "review_key": review_key,
                "card_id": card_id,
                "deck_id": row.deck_id,
                "reviewed": at,
                "rating": int(grade),
                "state_before": before["state"],
                "state_after": after["state"],
                "elapsed_days": (at - last).total_seconds() / 86400 if last else None,
                "duration_ms": duration_ms,
                "mimage_origin": row.mimage_origin,
                "before": _json_state(before),
                "after": _json_state(after),
            },
        )
    return ReviewResult(
        review_key,
        card_id,
        row.term,
        rating.casefold(),
        STATE_NAMES[after["state"]],
        after["due"],
        deck=row.deck,
    )


def _rating_name(value: int) -> str:
    return next(name for name, grade in RATINGS.items() if int(grade) == value)


def undo(store: Store, deck: str, review_key: str | None = None) -> ReviewResult:
    """Take back a review (the deck's last one recorded, by default): the card returns to
    its exact state before it, and the review leaves the log. Only a card's latest
    review can go."""
    with store.writing() as connection:
        deck_id = store.deck_id(connection, deck)
        logged = (
            sql.review_by_key(connection, review_key)
            if review_key
            else sql.last_review(connection, deck_id)
        )
        if logged is None or logged.deck_id != deck_id:
            raise MimageryError("nothing to undo" if not review_key else "no such review")
        sql.card_in_deck(connection, logged.card_id, lock=True)
        latest = sql.latest_review_of_card(connection, logged.card_id)
        if latest is None or latest.id != logged.id:
            raise MimageryError("only a card's latest review can be undone")
        before = _from_json_state(logged.before)
        sql.undo_review(connection, logged.id, logged.card_id, before)
        row = sql.card(connection, logged.card_id)
    return ReviewResult(
        logged.review_key,
        logged.card_id,
        row.term,
        _rating_name(logged.rating),
        STATE_NAMES[before["state"]],
        stored_utc(before["due"]),
    )
