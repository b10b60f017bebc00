"""Study: cards in three directions, scheduled with FSRS, every review logged.

Each term has a card per direction (term → definition, definition → term, mimage →
term), made with the term. A card starts *new* (FSRS has no such state, so new cards
are ours to track and to introduce, ``new_per_day`` at most, in glossary or shuffled
order); its first review hands it to ``fsrs.Scheduler``. A review reads the card,
schedules it, writes its new state and appends the log row in one write transaction
(``BEGIN IMMEDIATE`` on SQLite), so two processes never lose or double a review; a
review carries a key, and a retried key is answered from the log, not stored twice.

Every function that depends on the time takes it as ``now`` (timezone-aware; days
start at ``day_starts_hour`` in ``now``'s own timezone).
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import Connection

from mimagery.errors import MimageryError
from mimagery.model import Term, key
from mimagery.store import Store, load_term, stored_utc
from mimagery.store import study as sql
from mimagery.store.engine import transaction
from mimagery.store.study import DIRECTIONS, NEW

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
STATE_NAMES = {NEW: "new", 1: "learning", 2: "review", 3: "relearning"}
DIRECTION_LABELS = {
    "term-definition": "term → definition",
    "definition-term": "definition → term",
    "mimage-term": "mimage → term",
}


@dataclass(frozen=True)
class StudySettings:
    """How a deck is studied; stored per deck, defaults for a new one."""

    desired_retention: float = 0.9
    learning_steps: tuple[float, ...] = (1.0, 10.0)  # minutes
    relearning_steps: tuple[float, ...] = (10.0,)  # minutes
    maximum_interval: int = 36500  # days
    fuzz: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    new_order: str = "glossary"  # or "random"
    directions: tuple[str, ...] = DIRECTIONS
    day_starts_hour: int = 4
    parameters: tuple[float, ...] | None = None  # personal FSRS weights (``optimize``)

    def __post_init__(self) -> None:
        problems = []
        if not 0.7 <= self.desired_retention <= 0.99:
            problems.append("desired retention must be between 0.7 and 0.99")
        if any(
            not 0 < step <= 1440 * 30 for step in (*self.learning_steps, *self.relearning_steps)
        ):
            problems.append("steps are minutes between 0 and 43200")
        if not 1 <= self.maximum_interval <= 36500:
            problems.append("the maximum interval is 1 to 36500 days")
        if not 0 <= self.new_per_day <= 10_000 or not 0 <= self.reviews_per_day <= 100_000:
            problems.append("daily limits must be between 0 and 10000 (new), 100000 (reviews)")
        if self.new_order not in ("glossary", "random"):
            problems.append("the new-card order is 'glossary' or 'random'")
        if not self.directions or any(d not in DIRECTIONS for d in self.directions):
            problems.append(f"directions are some of {', '.join(DIRECTIONS)}")
        if not 0 <= self.day_starts_hour <= 23:
            problems.append("the day starts at an hour from 0 to 23")
        if problems:
            raise MimageryError("; ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in the database."""
        values = asdict(self)
        for name in ("learning_steps", "relearning_steps", "directions", "parameters"):
            if values[name] is not None:
                values[name] = list(values[name])
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> StudySettings:
        """Settings from their JSON form; unknown keys are ignored, missing ones default."""
        known = {f.name for f in fields(cls)}
        kept: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                continue
            if isinstance(value, list):
                value = tuple(value)
            kept[name] = value
        try:
            return cls(**kept)
        except TypeError as error:
            raise MimageryError(f"bad study settings: {error}") from error

    def scheduler(self) -> Scheduler:
        """The FSRS scheduler for these settings."""
        return _scheduler(
            self.parameters,
            self.desired_retention,
            self.learning_steps,
            self.relearning_steps,
            self.maximum_interval,
            self.fuzz,
        )


@functools.lru_cache(maxsize=32)
def _scheduler(
    parameters: tuple[float, ...] | None,
    retention: float,
    learning: tuple[float, ...],
    relearning: tuple[float, ...],
    maximum: int,
    fuzz: bool,
) -> Scheduler:
    extra: dict[str, Any] = {"parameters": parameters} if parameters else {}
    return Scheduler(
        desired_retention=retention,
        learning_steps=tuple(timedelta(minutes=m) for m in learning),
        relearning_steps=tuple(timedelta(minutes=m) for m in relearning),
        maximum_interval=maximum,
        enable_fuzzing=fuzz,
        **extra,
    )


@dataclass(frozen=True)
class DueCard:
    """A card to study now."""

    card_id: int
    term: str
    direction: str
    state: str
    due: datetime | None  # None for a new card
    term_id: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``mimagery due --json``."""
        return {
            "card": self.card_id,
            "term": self.term,
            "direction": self.direction,
            "state": self.state,
            "due": self.due.isoformat() if self.due else None,
        }


@dataclass(frozen=True)
class ReviewResult:
    """What one review did."""

    review_key: str
    card_id: int
    term: str
    rating: str
    state: str
    due: datetime | None  # None for a card back to new (after an undo)
    repeated: bool = False  # the key was logged already: nothing new was stored
    deck: str = ""  # the card's deck (its stored name)


@dataclass
class DueList:
    """The cards due now and what is left of today's limits."""

    cards: list[DueCard] = field(default_factory=list)
    new_left: int = 0
    reviews_left: int = 0
    settings: StudySettings = field(default_factory=StudySettings)  # the deck's
    ahead: bool = False  # learning cards brought forward (``learn_ahead``): none was due


@dataclass(frozen=True)
class NextCard:
    """What a study page shows: the deck, its cards to study, and the one in front."""

    deck: str  # the deck's stored name
    due: DueList
    card: DueCard | None
    term: Term | None  # the card's term with its mimages


def to_utc(moment: datetime) -> datetime:
    """A time given by a caller (it must carry a timezone) in UTC."""
    if moment.tzinfo is None:
        raise MimageryError("times must carry a timezone")
    return moment.astimezone(UTC)


def day_start(now: datetime, hour: int) -> datetime:
    """When the study day containing ``now`` began, in ``now``'s timezone."""
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return start - timedelta(days=1) if start > now else start


def settings(store: Store, deck: str) -> StudySettings:
    """A deck's study settings."""
    with store.reading() as connection:
        return _settings(connection, store.deck_id(connection, deck))


def _settings(connection: Connection, deck_id: int) -> StudySettings:
    stored = sql.settings(connection, deck_id)
    return StudySettings.from_dict(stored) if stored else StudySettings()


def change_settings(store: Store, deck: str, **changes: Any) -> StudySettings:
    """Change some of a deck's study settings; returns the new settings."""
    with store.writing() as connection:
        deck_id = store.deck_id(connection, deck)
        stored = sql.settings(connection, deck_id) or StudySettings().to_dict()
        unknown = set(changes) - {f.name for f in fields(StudySettings)}
        if unknown:
            raise MimageryError(f"unknown study setting(s): {', '.join(sorted(unknown))}")
        updated = StudySettings.from_dict({**stored, **changes})
        sql.put_settings(connection, deck_id, updated.to_dict())
    return updated


def due(
    store: Store,
    deck: str,
    now: datetime,
    limit: int = 100,
    *,
    learn_ahead: timedelta | None = None,
) -> DueList:
    """The cards to study at ``now``: due learning and review cards first (most overdue
    first), then new ones, within today's limits; one card per term (siblings wait).

    With ``learn_ahead``, when nothing is due, the learning cards due within that time
    come forward (``ahead`` is then set), as a study session takes them.
    """
    with store.reading() as connection:
        return _due(connection, store.deck_id(connection, deck), now, limit, learn_ahead)


def next_card(
    store: Store,
    deck: str,
    now: datetime,
    limit: int,
    *,
    learn_ahead: timedelta | None = None,
    card_id: int | None = None,
) -> NextCard:
    """What to study next in the deck called ``deck`` (any case): ``due``'s cards, and the
    card ``card_id`` while it is among them (else the first) with its term, all read in
    one transaction (a study page is read on every card)."""
    with store.reading() as connection:
        found = sql.deck_by_name(connection, deck)
        if found is None:
            store.deck_id(connection, deck)  # raises the usual "no deck called…" error
            raise MimageryError(f"no deck called {deck!r}")  # pragma: no cover - a race
        deck_id, name = found
        queue = _due(connection, deck_id, now, limit, learn_ahead)
        card = next((c for c in queue.cards if c.card_id == card_id), None)
        card = card or (queue.cards[0] if queue.cards else None)
        term = load_term(connection, card.term_id) if card is not None else None
    return NextCard(name, queue, card, term)


def _due(
    connection: Connection,
    deck_id: int,
    now: datetime,
    limit: int,
    learn_ahead: timedelta | None,
) -> DueList:
    chosen = _settings(connection, deck_id)
    since = to_utc(day_start(now, chosen.day_starts_hour))
    new_done, reviews_done = sql.counts_since(connection, deck_id, since)
    result = DueList(
        new_left=max(0, chosen.new_per_day - new_done),
        reviews_left=max(0, chosen.reviews_per_day - reviews_done),
        settings=chosen,
    )
    left = (result.new_left, result.reviews_left)
    result.cards = _due_cards(connection, deck_id, chosen, to_utc(now), limit, *left)
    if not result.cards and learn_ahead is not None:
        at = to_utc(now + learn_ahead)
        later = _due_cards(connection, deck_id, chosen, at, limit, *left)
        result.cards = [card for card in later if card.state in ("learning", "relearning")]
        result.ahead = bool(result.cards)
    return result


def _due_cards(
    connection: Connection,
    deck_id: int,
    chosen: StudySettings,
    at: datetime,
    limit: int,
    new_left: int,
    reviews_left: int,
) -> list[DueCard]:
    rows = sql.due_rows(connection, deck_id, at, chosen.directions, min(limit, reviews_left) * 2)
    room = limit - min(len(rows), limit)
    rows += sql.new_rows(
        connection,
        deck_id,
        chosen.directions,
        min(room, new_left) * 3,
        chosen.new_order == "random",
    )
    cards: list[DueCard] = []
    terms_seen: set[int] = set()
    taken_new = taken_due = 0
    for row in rows:
        if row.term_id in terms_seen:
            continue  # a sibling: one card of a term at a time
        if row.state == NEW:
            if taken_new >= min(new_left, room):
                continue
            taken_new += 1
        else:
            if taken_due >= min(reviews_left, limit):
                continue
            taken_due += 1
        terms_seen.add(row.term_id)
        cards.append(
            DueCard(
                row.id, row.term, row.direction, STATE_NAMES[row.state], stored_utc(row.due),
                row.term_id,
            )
        )  # fmt: skip
        if len(cards) >= limit:
            break
    return cards


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
    at = to_utc(now)
    with transaction(store.engine, write=True, wait=wait) as connection:
        logged = sql.review_by_key(connection, review_key)
        if logged is not None and logged.card_id != card_id:
            raise MimageryError(f"review id {review_key!r} was used for another card")
        row = sql.card_in_deck(connection, card_id)
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
        last = before["last_review"]
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
    """Take back a review (the deck's last one by default): the card returns to its exact
    state before it, and the review leaves the log. Only a card's latest review can go."""
    with store.writing() as connection:
        deck_id = store.deck_id(connection, deck)
        logged = (
            sql.review_by_key(connection, review_key)
            if review_key
            else sql.last_review(connection, deck_id)
        )
        if logged is None or logged.deck_id != deck_id:
            raise MimageryError("nothing to undo" if not review_key else "no such review")
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
