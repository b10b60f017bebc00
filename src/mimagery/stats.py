"""Statistics of a deck's study, and personal FSRS parameters fitted to its review log.

``deck_stats`` gathers, as of ``now``: cards per state, reviews today and in all, true
retention, a due forecast, the study streak, the hardest terms and the leeches, a
heatmap of reviews per day, and how well each kind of mimage (imported, generated, the
user's own, none) helps: the lapse rate of the cards it was shown with, their stability
now, and the terms whose mimage is not working. Days are study days: they start at the
deck's ``day_starts_hour`` in ``now``'s timezone. Reviews after ``now`` are left out;
cards are counted as they are stored.

``optimize`` fits FSRS parameters to the deck's reviews with ``fsrs.Optimizer`` (the
optional ``mimagery[optimizer]`` extra, which brings PyTorch) and stores them.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mimagery import study
from mimagery.store import Store, stored_utc
from mimagery.store import stats as sql
from mimagery.store import study as study_sql
from mimagery.terminal import user_text as _t

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


# The data -----------------------------------------------------------------------------


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


# Pure helpers ---------------------------------------------------------------------------


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


# Gathering ------------------------------------------------------------------------------


def deck_stats(store: Store, deck: str, now: datetime) -> DeckStats:
    """A deck's statistics as of ``now`` (timezone-aware), read in one transaction."""
    at = study.to_utc(now)
    until = at  # reviews at ``now`` count, later ones do not
    with store.reading() as connection:
        deck_id = store.deck_id(connection, deck)
        name = study_sql.deck_name(connection, deck_id)
        stored = study_sql.settings(connection, deck_id)
        hour = (
            study.StudySettings.from_dict(stored) if stored else study.StudySettings()
        ).day_starts_hour
        today = study.day_start(now, hour)

        by_state = sql.state_counts(connection, deck_id)
        states = {label: by_state.get(number, 0) for number, label in enumerate(STATES)}
        reviews_today, reviews_total = sql.review_counts(
            connection, deck_id, study.to_utc(today), until
        )
        since = study.to_utc(today - timedelta(days=RETENTION_DAYS - 1))
        retention_reviews, retention_lapses = sql.review_state_counts(
            connection, deck_id, since, until
        )

        ahead = day_bounds(today, 0, FORECAST_DAYS)
        due = sql.due_per_range(connection, deck_id, [study.to_utc(b) for b in ahead])
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
        window = study.to_utc(today - timedelta(days=EFFECT_DAYS - 1))
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
    utc_bounds = [study.to_utc(b) for b in bounds]
    utc_bounds[-1] = min(utc_bounds[-1], until + timedelta(microseconds=1))
    counts = sql.reviews_per_range(connection, deck_id, utc_bounds)
    heatmap = [DayCount(b.date(), n) for b, n in zip(bounds, counts, strict=False)]
    # A streak longer than the heatmap: read earlier years until it breaks.
    older = list(counts)
    while first is not None and _streak_reaches_start(older):
        start = day_bounds(today, 1 - len(older) - HEATMAP_DAYS, HEATMAP_DAYS)
        if first >= study.to_utc(start[-1]):
            break  # nothing was reviewed before the days read already
        older = sql.reviews_per_range(connection, deck_id, [study.to_utc(b) for b in start]) + older
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


# Showing --------------------------------------------------------------------------------

_SHADES = "·░▒▓█"
_SPARKS = "▁▂▃▄▅▆▇█"


def percent(value: float | None) -> str:
    """A share as "12.5%", or a dash for none."""
    return "–" if value is None else f"{value * 100:.1f}%"


def render(found: DeckStats) -> Group:
    """The terminal view of ``mimagery stats``: a summary, then tables."""
    parts: list[RenderableType] = [_summary(found), _forecast_view(found.forecast)]
    if found.reviews_total:
        parts.append(_heatmap_view(found.heatmap))
    else:
        parts.append(Text("No reviews yet: study with `mimagery study`.", style="dim"))
    if found.hardest:
        parts.append(_hardest_view(found.hardest))
    if found.leeches:
        parts.append(_leeches_view(found.leeches))
    if any(origin.reviews for origin in found.origins.values()):
        parts.append(_origins_view(found.origins))
    if found.not_working:
        parts.append(_not_working_view(found.not_working))
    return Group(*parts)


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(found: DeckStats) -> Group:
    title = Text("Statistics: ", style="bold")
    title.append_text(_t(found.deck, "bold"))
    title.append(
        f"  as of {found.at.isoformat(timespec='minutes')}, days start at "
        f"{found.day_starts_hour}:00",
        style="dim",
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    states = found.states
    grid.add_row(
        "Cards",
        f"{_plural(sum(states.values()), 'card')}: "
        + ", ".join(f"{states[label]} {label}" for label in STATES),
    )
    grid.add_row("Reviews", f"{found.reviews_today} today, {found.reviews_total} in all")
    grid.add_row(
        "Retention",
        f"{percent(found.retention)} true retention over "
        f"{_plural(found.retention_reviews, 'review')} in review state, "
        f"last {RETENTION_DAYS} days",
    )
    grid.add_row("Streak", _plural(found.streak, "day"))
    return Group(title, grid)


def _forecast_view(forecast: list[DayCount]) -> Group:
    counts = [day.count for day in forecast]
    top = max(counts, default=0)
    line = Text()
    for count in counts:
        if count:
            line.append(_SPARKS[min(7, math.ceil(8 * count / top) - 1)], style="cyan")
        else:
            line.append("·", style="dim")
    line.append(f"  busiest day {top}", style="dim")
    summary = Text(
        f"today {counts[0] if counts else 0} (with overdue), tomorrow "
        f"{counts[1] if len(counts) > 1 else 0}, next 7 days {sum(counts[:7])}, "
        f"next {len(counts)} days {sum(counts)}"
    )
    return Group(_heading(f"Due in the next {len(forecast)} days"), line, summary)


def _heatmap_view(heatmap: list[DayCount]) -> Group:
    """Reviews per day over the last weeks: a column a week, a row a weekday."""
    last = heatmap[-1].day
    shown = heatmap[-(7 * (HEATMAP_WEEKS - 1) + last.weekday() + 1) :]
    top = max(day.count for day in shown)
    rows = [Text() for _ in range(7)]
    for weekday in range(shown[0].day.weekday()):
        rows[weekday].append(" ")
    for day in shown:
        level = heat_level(day.count, top)
        rows[day.day.weekday()].append(_SHADES[level], style="green" if level else "dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    for name, row in zip(("Mon", "", "Wed", "", "Fri", "", "Sun"), rows, strict=True):
        grid.add_row(name, row)
    legend = Text("less ", style="dim")
    legend.append(_SHADES, style="green")
    legend.append(f" more (busiest day {top})", style="dim")
    grid.add_row("", legend)
    heading = _heading(f"Reviews per day, {shown[0].day.isoformat()} to {last.isoformat()}")
    return Group(heading, grid)


def _hardest_view(hardest: list[HardTerm]) -> Group:
    table = Table("Term", "Lapses", "Difficulty", "Reviews", "")
    for term in hardest:
        table.add_row(
            _t(term.term),
            str(term.lapses),
            f"{term.difficulty:.1f}",
            str(term.reviews),
            Text("leech", style="red") if term.leech else "",
        )
    return Group(_heading("Hardest terms"), table)


def _leeches_view(leeches: list[Leech]) -> Group:
    heading = _heading(
        f"Leeches: {_plural(len(leeches), 'card')} with {LEECH_LAPSES} lapses or more"
    )
    table = Table("Card", "Term", "Direction", "Lapses")
    for leech in leeches[:HARDEST]:
        table.add_row(
            str(leech.card_id),
            _t(leech.term),
            study.DIRECTION_LABELS.get(leech.direction, leech.direction),
            str(leech.lapses),
        )
    if len(leeches) > HARDEST:
        table.caption = f"… and {len(leeches) - HARDEST} more (--json lists them all)"
    return Group(heading, table)


def _origins_view(origins: dict[str, OriginStats]) -> Group:
    table = Table("Mimage", "Cards", "Reviews", "Lapses", "Lapse rate", "Stability (days)")
    for name in ORIGINS:
        origin = origins[name]
        stability = origin.average_stability
        table.add_row(
            name,
            str(origin.cards),
            str(origin.reviews),
            str(origin.lapses),
            percent(origin.lapse_rate),
            "–" if stability is None else f"{stability:.1f}",
        )
    heading = _heading(f"Mimage effectiveness (reviews in review state, last {EFFECT_DAYS} days)")
    return Group(heading, table)


def _not_working_view(weak: list[WeakMimage]) -> Group:
    table = Table("Term", "Mimage", "Lapses", "Reviews", "Lapse rate")
    for item in weak[:HARDEST]:
        table.add_row(
            _t(item.term),
            item.origin,
            str(item.lapses),
            str(item.reviews),
            percent(item.lapse_rate),
        )
    if len(weak) > HARDEST:
        table.caption = f"… and {len(weak) - HARDEST} more (--json lists them all)"
    lines: list[RenderableType] = [
        _heading("Mimages that are not working"),
        table,
        Text("Make a new mimage for each:"),
    ]
    for item in weak[:HARDEST]:
        command = Text("  ")
        command.append_text(_t(item.suggestion))
        command.no_wrap = True
        command.overflow = "ignore"
        lines.append(command)
    return Group(*lines)
