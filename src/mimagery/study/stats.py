"""Statistics of a deck's study, as data (``cli.render`` and the web app draw them).

``deck_stats`` gathers, as of ``now``: cards per state, reviews today and in all, true
retention, a due forecast, the study streak, the hardest terms and the leeches, a
heatmap of reviews per day, and how well each kind of mimage (imported, generated, the
user's own, none) helps: the lapse rate of the cards it was shown with, their stability
now, and the terms whose mimage is not working. Days are study days: they start at the
deck's ``day_starts_hour`` in ``now``'s timezone. Reviews after ``now`` are left out;
cards are counted as they are stored. Personal FSRS parameters are ``study.optimizer``'s.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from mimagery.store import Store, stored_utc
from mimagery.store import stats as sql
from mimagery.store import study as study_sql
from mimagery.study.cards import day_start, to_utc
from mimagery.study.settings import StudySettings

FORECAST_DAYS = 30


RETENTION_DAYS = 30


HEATMAP_DAYS = 365


EFFECT_DAYS = 365  # mimage effectiveness: recent reviews tell how the mimages do now


HEATMAP_WEEKS = 20  # shown in the terminal


HARDEST = 10


LEECH_LAPSES = 8


#: A term's mimage is not working with this many lapses…
WEAK_LAPSES = 3


#: …or with this share of its reviews in review state forgotten, over enough of them.
WEAK_RATE_PERCENT = 30


WEAK_MIN_REVIEWS = 5


ORIGINS = ("imported", "generated", "user", "none")


STATES = ("new", "learning", "review", "relearning")


@dataclass(frozen=True)
class DayCount:
    """A number for one study day."""

    day: date
    count: int

    def to_dict(self) -> dict[str, Any]:
        """``{"date": "YYYY-MM-DD", "count": n}``."""
        return {"date": self.day.isoformat(), "count": self.count}


@dataclass(frozen=True)
class HardTerm:
    """A studied term, with its cards' lapses, highest difficulty and reviews."""

    term: str
    lapses: int
    difficulty: float
    reviews: int
    leech: bool  # one of its cards is a leech

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "term": self.term,
            "lapses": self.lapses,
            "difficulty": round(self.difficulty, 3),
            "reviews": self.reviews,
            "leech": self.leech,
        }


@dataclass(frozen=True)
class Leech:
    """A card forgotten ``LEECH_LAPSES`` times or more."""

    card_id: int
    term: str
    direction: str
    lapses: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "card": self.card_id,
            "term": self.term,
            "direction": self.direction,
            "lapses": self.lapses,
        }


@dataclass(frozen=True)
class OriginStats:
    """How cards did when their term's mimage came from one origin.

    ``cards`` were reviewed in review state with such a mimage shown; ``reviews`` are
    those reviews and ``lapses`` the ones rated Again.
    """

    origin: str
    cards: int = 0
    reviews: int = 0
    lapses: int = 0
    stability_sum: float = 0.0
    stability_cards: int = 0

    @property
    def lapse_rate(self) -> float | None:
        """Lapses per review in review state, or None without such reviews."""
        return self.lapses / self.reviews if self.reviews else None

    @property
    def average_stability(self) -> float | None:
        """The cards' mean stability now, in days, or None."""
        return self.stability_sum / self.stability_cards if self.stability_cards else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "cards": self.cards,
            "reviews": self.reviews,
            "lapses": self.lapses,
            "lapse_rate": _round(self.lapse_rate, 4),
            "average_stability": _round(self.average_stability, 3),
        }


@dataclass(frozen=True)
class WeakMimage:
    """A term whose mimage is not working, and what to do about it."""

    term: str
    origin: str  # of the term's chosen mimage now; "none" without one
    lapses: int
    reviews: int
    suggestion: str

    @property
    def lapse_rate(self) -> float | None:
        """Lapses per review in review state, or None."""
        return self.lapses / self.reviews if self.reviews else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "term": self.term,
            "origin": self.origin,
            "lapses": self.lapses,
            "reviews": self.reviews,
            "lapse_rate": _round(self.lapse_rate, 4),
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class DeckStats:
    """Everything ``mimagery stats`` shows."""

    deck: str
    at: datetime
    day_starts_hour: int
    states: dict[str, int]
    reviews_today: int
    reviews_total: int
    retention_reviews: int  # reviews in review state over the last RETENTION_DAYS days
    retention_lapses: int
    forecast: list[DayCount]
    streak: int
    hardest: list[HardTerm]
    leeches: list[Leech]
    heatmap: list[DayCount]
    origins: dict[str, OriginStats]
    not_working: list[WeakMimage] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        """True retention: the share of reviews in review state not rated Again."""
        if not self.retention_reviews:
            return None
        return 1 - self.retention_lapses / self.retention_reviews

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``mimagery stats --json`` (keys listed in the README)."""
        return {
            "deck": self.deck,
            "at": self.at.isoformat(),
            "day_starts_hour": self.day_starts_hour,
            "cards": {**self.states, "total": sum(self.states.values())},
            "reviews": {"today": self.reviews_today, "total": self.reviews_total},
            "true_retention": {
                "days": RETENTION_DAYS,
                "reviews": self.retention_reviews,
                "lapses": self.retention_lapses,
                "rate": _round(self.retention, 4),
            },
            "forecast": [day.to_dict() for day in self.forecast],
            "streak": self.streak,
            "hardest": [term.to_dict() for term in self.hardest],
            "leeches": [leech.to_dict() for leech in self.leeches],
            "heatmap": [day.to_dict() for day in self.heatmap],
            "mimages": {
                "by_origin": {name: self.origins[name].to_dict() for name in ORIGINS},
                "not_working": [weak.to_dict() for weak in self.not_working],
            },
        }


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def day_bounds(today: datetime, first: int, days: int) -> list[datetime]:
    """The starts of ``days`` study days, the first ``first`` days from ``today`` (the
    start of the current study day), and the end of the last: ``days + 1`` times."""
    # Aware arithmetic keeps the wall-clock hour, so days start at the same hour
    # across a daylight-saving change in a zone that has one.
    return [today + timedelta(days=first + number) for number in range(days + 1)]


def streak(counts: Sequence[int]) -> int:
    """Consecutive days with reviews ending today (the last count) or yesterday."""
    end = len(counts) - 1
    if end >= 0 and counts[end] == 0:
        end -= 1  # nothing yet today: the streak may still end yesterday
    run = 0
    while end - run >= 0 and counts[end - run] > 0:
        run += 1
    return run


def _streak_reaches_start(counts: Sequence[int]) -> bool:
    today_missing = 1 if counts and counts[-1] == 0 else 0
    run = streak(counts)
    return run > 0 and run + today_missing == len(counts)


def is_not_working(reviews: int, lapses: int) -> bool:
    """Whether a mimage with these review-state reviews and lapses is not helping."""
    if lapses >= WEAK_LAPSES:
        return True
    return reviews >= WEAK_MIN_REVIEWS and lapses * 100 >= reviews * WEAK_RATE_PERCENT


def regenerate_command(term: str, deck: str) -> str:
    """The command that makes a term a new generated mimage."""
    return f"mimagery mimage {_quoted(term)} --regenerate --deck {_quoted(deck)}"


def _quoted(text: str) -> str:
    # Double quotes read best; single quotes (shlex) where the shell would expand.
    if any(char in text for char in '"\\$`!\n'):
        return shlex.quote(text)
    return f'"{text}"'


def heat_level(count: int, top: int) -> int:
    """0 for no reviews, else 1-4 by the share of the busiest day's count."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / top)))


def deck_stats(store: Store, deck: str, now: datetime) -> DeckStats:
    """A deck's statistics as of ``now`` (timezone-aware), read in one transaction."""
    at = to_utc(now)
    until = at  # reviews at ``now`` count, later ones do not
    with store.reading() as connection:
        deck_id = store.deck_id(connection, deck)
        name = study_sql.deck_name(connection, deck_id)
        stored = study_sql.settings(connection, deck_id)
        hour = (StudySettings.from_dict(stored) if stored else StudySettings()).day_starts_hour
        today = day_start(now, hour)

        by_state = sql.state_counts(connection, deck_id)
        states = {label: by_state.get(number, 0) for number, label in enumerate(STATES)}
        reviews_today, reviews_total = sql.review_counts(connection, deck_id, to_utc(today), until)
        since = to_utc(today - timedelta(days=RETENTION_DAYS - 1))
        retention_reviews, retention_lapses = sql.review_state_counts(
            connection, deck_id, since, until
        )

        ahead = day_bounds(today, 0, FORECAST_DAYS)
        due = sql.due_per_range(connection, deck_id, [to_utc(b) for b in ahead])
        forecast = [DayCount(b.date(), n) for b, n in zip(ahead, due, strict=False)]

        found_first = sql.first_review(connection, deck_id)
        first = None if found_first is None else stored_utc(found_first)
        heatmap, run = _heatmap_and_streak(connection, deck_id, today, until, first)

        hardest = [
            HardTerm(
                row.name, row.lapses, row.difficulty, row.reviews, row.most_lapses >= LEECH_LAPSES
            )
            for row in sql.hardest_terms(connection, deck_id, HARDEST)
        ]
        leeches = [
            Leech(row.card_id, row.term, row.direction, row.lapses)
            for row in sql.leeches(connection, deck_id, LEECH_LAPSES)
        ]
        window = to_utc(today - timedelta(days=EFFECT_DAYS - 1))
        origins, not_working = _mimage_effect(connection, deck_id, name, window, until, first)
    return DeckStats(
        deck=name,
        at=now,
        day_starts_hour=hour,
        states=states,
        reviews_today=reviews_today,
        reviews_total=reviews_total,
        retention_reviews=retention_reviews,
        retention_lapses=retention_lapses,
        forecast=forecast,
        streak=run,
        hardest=hardest,
        leeches=leeches,
        heatmap=heatmap,
        origins=origins,
        not_working=not_working,
    )


def _heatmap_and_streak(
    connection: Any, deck_id: int, today: datetime, until: datetime, first: datetime | None
) -> tuple[list[DayCount], int]:
    bounds = day_bounds(today, 1 - HEATMAP_DAYS, HEATMAP_DAYS)
    utc_bounds = [to_utc(b) for b in bounds]
    utc_bounds[-1] = min(utc_bounds[-1], until + timedelta(microseconds=1))
    counts = sql.reviews_per_range(connection, deck_id, utc_bounds)
    heatmap = [DayCount(b.date(), n) for b, n in zip(bounds, counts, strict=False)]
    # A streak longer than the heatmap: read earlier years until it breaks.
    older = list(counts)
    while first is not None and _streak_reaches_start(older):
        start = day_bounds(today, 1 - len(older) - HEATMAP_DAYS, HEATMAP_DAYS)
        if first >= to_utc(start[-1]):
            break  # nothing was reviewed before the days read already
        older = sql.reviews_per_range(connection, deck_id, [to_utc(b) for b in start]) + older
    return heatmap, streak(older)


def _mimage_effect(
    connection: Any,
    deck_id: int,
    deck: str,
    since: datetime,
    until: datetime,
    first: datetime | None,
) -> tuple[dict[str, OriginStats], list[WeakMimage]]:
    origin_rows, weak_rows = sql.review_state_effect(
        connection,
        deck_id,
        since,
        until,
        weak_lapses=WEAK_LAPSES,
        weak_percent=WEAK_RATE_PERCENT,
        weak_reviews=WEAK_MIN_REVIEWS,
    )
    origins = {name: OriginStats(name) for name in ORIGINS}
    for row in origin_rows:
        name = row.origin if row.origin in origins else "none"
        before = origins[name]
        stability = row.average_stability
        origins[name] = OriginStats(
            name,
            before.cards + row.cards,
            before.reviews + row.reviews,
            before.lapses + row.lapses,
            before.stability_sum + (stability or 0.0) * row.cards,
            before.stability_cards + (row.cards if stability is not None else 0),
        )
    weak = {row.term_id: (row.reviews, row.lapses) for row in weak_rows}
    if first is not None:
        # A mimage made after the reviews counted began (regenerated, say) starts with
        # a clean slate: its term is judged on the reviews since.
        for term, (reviews, lapses) in sql.review_state_since_mimage(
            connection, deck_id, max(first, since), until
        ).items():
            weak.pop(term, None)
            if is_not_working(reviews, lapses):
                weak[term] = (reviews, lapses)
    info = sql.term_info(connection, weak)

    def worst_first(term: int) -> tuple[int, float, int]:
        reviews, lapses = weak[term]
        return (-lapses, -(lapses / reviews if reviews else 0.0), info[term].position)

    not_working = [
        WeakMimage(
            info[term].name,
            info[term].origin or "none",
            weak[term][1],
            weak[term][0],
            regenerate_command(info[term].name, deck),
        )
        for term in sorted(weak, key=worst_first)
    ]
    return origins, not_working
