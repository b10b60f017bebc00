"""The due queue: which cards to study now within today's limits, the one in front
(with the interval each grade would give it), what today's study came to, and when the
deck next has something to study (in words, too).

Siblings are buried (``StudySettings.bury_siblings``, on by default), as Anki does: once
one card of a term was answered on a study day, the term's other directions wait for the
next day, so a card is never answered from the answer of its sibling just seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from mimagery.errors import NotFound
from mimagery.model import Term
from mimagery.store import Store, load_term, stored_utc
from mimagery.store import study as sql
from mimagery.store.study import NEW
from mimagery.study.cards import STATE_NAMES, DueCard, day_start, to_utc
from mimagery.study.grading import preview
from mimagery.study.settings import StudySettings, settings, settings_in


@dataclass
class DueList:
    """The cards due now and what is left of today's limits."""

    cards: list[DueCard] = field(default_factory=list)
    new_left: int = 0
    reviews_left: int = 0
    settings: StudySettings = field(default_factory=StudySettings)  # the deck's
    ahead: bool = False  # learning cards brought forward (``learn_ahead``): none was due


@dataclass(frozen=True)
class Today:
    """What a deck's study day came to so far."""

    reviewed: int  # reviews since the study day started
    correct: int  # of those, the ones not graded Again
    time: timedelta  # the time from front to grade, added up

    @property
    def correct_share(self) -> float | None:
        """The share of reviews not graded Again, or None before any."""
        return self.correct / self.reviewed if self.reviewed else None


@dataclass(frozen=True)
class NextCard:
    """What a study page shows: the deck, its cards to study, and the one in front."""

    deck: str  # the deck's stored name
    due: DueList
    card: DueCard | None
    term: Term | None  # the card's term with its mimages
    #: For the card in front: the time each grade (again … easy) would put it away.
    intervals: dict[str, timedelta] = field(default_factory=dict)
    #: With no card left: what the study day came to.
    today: Today | None = None


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
            raise NotFound(f"no deck called {deck!r}")  # pragma: no cover - a race
        deck_id, name = found
        queue = _due(connection, deck_id, now, limit, learn_ahead)
        card = next((c for c in queue.cards if c.card_id == card_id), None)
        card = card or (queue.cards[0] if queue.cards else None)
        if card is None:
            since = to_utc(day_start(now, queue.settings.day_starts_hour))
            reviewed, correct, spent = sql.totals_since(connection, deck_id, since)
            today = Today(reviewed, correct, timedelta(milliseconds=spent))
            return NextCard(name, queue, None, None, today=today)
        term = load_term(connection, card.term_id)
        intervals = preview(queue.settings, sql.card(connection, card.card_id), now)
    return NextCard(name, queue, card, term, intervals)


def _due(
    connection: Connection,
    deck_id: int,
    now: datetime,
    limit: int,
    learn_ahead: timedelta | None,
) -> DueList:
    chosen = settings_in(connection, deck_id)
    since = to_utc(day_start(now, chosen.day_starts_hour))
    new_done, reviews_done = sql.counts_since(connection, deck_id, since)
    result = DueList(
        new_left=max(0, chosen.new_per_day - new_done),
        reviews_left=max(0, chosen.reviews_per_day - reviews_done),
        settings=chosen,
    )
    left = (result.new_left, result.reviews_left, _bury_since(chosen, now))
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
    since: datetime | None,
) -> list[DueCard]:
    wanted = min(limit, reviews_left) * 2
    rows = sql.due_rows(connection, deck_id, at, chosen.directions, wanted, bury_since=since)
    room = limit - min(len(rows), limit)
    rows += sql.new_rows(
        connection,
        deck_id,
        chosen.directions,
        min(room, new_left) * 3,
        chosen.new_order == "random",
        bury_since=since,
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


def _bury_since(chosen: StudySettings, at: datetime) -> datetime | None:
    """Since when answers bury their siblings (the study day's start), or None."""
    return to_utc(day_start(at, chosen.day_starts_hour)) if chosen.bury_siblings else None


#: Learning cards due this soon come back at once when nothing else is due, so the 1 and
#: 10 minute learning steps play out within one sitting (Anki calls this "learn ahead").
LEARN_AHEAD = timedelta(minutes=20)


# Far enough ahead to ask the store for the earliest scheduled card, whatever its due time.
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)


def next_due(store: Store, deck: str, now: datetime) -> datetime | None:
    """When the deck next has a card to study, seen from ``now``.

    A learning or review card counts from its own due time, a new card from ``now`` while
    today's new-card allowance lasts and from the start of the next study day after. A
    used-up daily review limit also waits for the next day, and so does a buried card.

    Args:
        store: the open store.
        deck: the deck's name.
        now: the current time (timezone-aware).

    Returns:
        The time, or None when no card of the deck can ever come up (no cards in the
        directions studied, or no new cards allowed and none scheduled).
    """
    chosen = settings(store, deck)
    today = due(store, deck, now, limit=1)
    since = _bury_since(chosen, now)
    with store.reading() as connection:
        deck_id = store.deck_id(connection, deck)
        directions = chosen.directions
        # Any card, buried or not, is there from the next day on; one not buried, at once.
        scheduled = sql.due_rows(connection, deck_id, _END_OF_TIME, directions, 1)
        free = sql.due_rows(connection, deck_id, _END_OF_TIME, directions, 1, bury_since=since)
        waiting = sql.new_rows(connection, deck_id, directions, 1, False)
        waiting_free = sql.new_rows(connection, deck_id, directions, 1, False, bury_since=since)
    tomorrow = day_start(now, chosen.day_starts_hour) + timedelta(days=1)
    candidates: list[datetime] = []
    if scheduled and chosen.reviews_per_day > 0:
        candidates.append(max(stored_utc(scheduled[0].due), tomorrow))
        if free and today.reviews_left > 0:
            candidates.append(stored_utc(free[0].due))
    if waiting and chosen.new_per_day > 0:
        candidates.append(now if waiting_free and today.new_left > 0 else tomorrow)
    return min(candidates, default=None)


def describe_duration(spent: timedelta) -> str:
    """A time spent studying for people: ``45 s``, ``4 min 10 s``, ``1 h 5 min``."""
    seconds = max(0, round(spent.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def describe_interval(wait: timedelta) -> str:
    """An interval as a grade button shows it, as flashcard apps write it: ``<1m``,
    ``10m``, ``3h``, ``4d``, ``2.5mo``, ``1.2y``."""
    minutes = wait.total_seconds() / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".removesuffix(".0") + "mo"
    return f"{days / 365:.1f}".removesuffix(".0") + "y"


def describe_time(when: datetime | None, now: datetime) -> str:
    """A due time for people: ``2026-05-01 09:40 (in 10 min)``, in ``now``'s timezone.

    Args:
        when: the time, or None for none.
        now: the current time; its timezone is the one shown.

    Returns:
        The text; "nothing scheduled" for None.
    """
    if when is None:
        return "nothing scheduled"
    local = when.astimezone(now.tzinfo)
    wait = (when - now).total_seconds()
    if wait <= 0:
        relative = "now"
    elif wait < 3600:
        relative = f"in {max(1, round(wait / 60))} min"
    elif wait < 2 * 86400:
        relative = f"in {round(wait / 3600)} h"
    else:
        relative = f"in {round(wait / 86400)} days"
    return f"{local:%Y-%m-%d %H:%M} ({relative})"
