"""The statistics' SQL (used by ``mimagery.study.stats``).

Portable SQL only (SQLite and PostgreSQL alike): counts and sums grouped by plain
columns, and time ranges given as bound UTC timestamps, so no date function of either
database is needed. Per-day counts are one indexed range count per day rather than one
scan of the whole log; a deck's full history is read once, aggregated per card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from mimagery.store.study import NEW
from mimagery.store.tables import cards, mimages, reviews, terms

REVIEW = 2  # FSRS's Review state: a card past learning
AGAIN = 1  # the rating that counts as forgotten

_CHUNK = 500  # ids per IN (…) list


def _again() -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((reviews.c.rating == AGAIN, 1), else_=0)), 0)


def state_counts(connection: Connection, deck_id: int) -> dict[int, int]:
    """The deck's cards per state (0 new, 1 learning, 2 review, 3 relearning)."""
    rows = connection.execute(
        select(cards.c.state, func.count())
        .where(cards.c.deck_id == deck_id)
        .group_by(cards.c.state)
    )
    return {int(state): int(count) for state, count in rows}


def review_counts(
    connection: Connection, deck_id: int, since: datetime, until: datetime
) -> tuple[int, int]:
    """(reviews from ``since``, all reviews) up to ``until``, inclusive."""
    # Two counts over the (deck, time) index: cheaper than one sum over every row.
    in_deck = select(func.count()).where(reviews.c.deck_id == deck_id, reviews.c.reviewed <= until)
    recent = connection.execute(in_deck.where(reviews.c.reviewed >= since)).scalar_one()
    return int(recent), int(connection.execute(in_deck).scalar_one())


def review_state_counts(
    connection: Connection, deck_id: int, since: datetime, until: datetime
) -> tuple[int, int]:
    """(reviews of cards in review state, those rated Again) between the two times."""
    row = connection.execute(
        select(func.count(), _again()).where(
            reviews.c.deck_id == deck_id,
            reviews.c.state_before == REVIEW,
            reviews.c.reviewed >= since,
            reviews.c.reviewed <= until,
        )
    ).one()
    return int(row[0]), int(row[1])


def first_review(connection: Connection, deck_id: int) -> datetime | None:
    """When the deck's first review was, or None."""
    found: datetime | None = connection.execute(
        select(func.min(reviews.c.reviewed)).where(reviews.c.deck_id == deck_id)
    ).scalar()
    return found


def _range_counts(
    connection: Connection, column: Any, deck_column: Any, deck_id: int, bounds: Sequence[datetime]
) -> list[int]:
    # One prepared statement run per range: each is a count over the (deck, time)
    # index, which beats one GROUP BY over a bucket expression and needs no date SQL.
    table = column.table
    statement = (
        select(func.count())
        .select_from(table)
        .where(
            deck_column == bindparam("deck"),
            column >= bindparam("start", type_=column.type),
            column < bindparam("end", type_=column.type),
        )
    )
    return [
        int(
            connection.execute(
                statement, {"deck": deck_id, "start": start, "end": end}
            ).scalar_one()
        )
        for start, end in pairwise(bounds)
    ]


def reviews_per_range(
    connection: Connection, deck_id: int, bounds: Sequence[datetime]
) -> list[int]:
    """Reviews in each range ``[bounds[i], bounds[i + 1])`` (UTC times)."""
    return _range_counts(connection, reviews.c.reviewed, reviews.c.deck_id, deck_id, bounds)


def due_per_range(connection: Connection, deck_id: int, bounds: Sequence[datetime]) -> list[int]:
    """Cards (learning or review) due in each range ``[bounds[i], bounds[i + 1])``; the
    first range also takes every card due before it (overdue)."""
    overdue = int(
        connection.execute(
            select(func.count())
            .select_from(cards)
            .where(cards.c.deck_id == deck_id, cards.c.due < bounds[0], cards.c.state != NEW)
        ).scalar_one()
    )
    counts = _range_counts(connection, cards.c.due, cards.c.deck_id, deck_id, bounds)
    if counts:
        counts[0] += overdue
    return counts


@dataclass(frozen=True)
class HardTermRow:
    """A studied term's totals over its cards."""

    term_id: int
    name: str
    lapses: int
    difficulty: float
    reviews: int
    most_lapses: int  # the highest of its cards'


def hardest_terms(connection: Connection, deck_id: int, limit: int) -> list[HardTermRow]:
    """The studied terms with the most lapses over their cards, then the most difficult."""
    lapses = func.sum(cards.c.lapses)
    difficulty = func.max(cards.c.difficulty)
    rows = connection.execute(
        select(
            terms.c.id,
            terms.c.name,
            lapses,
            difficulty,
            func.sum(cards.c.reps),
            func.max(cards.c.lapses),
        )
        .join(terms, terms.c.id == cards.c.term_id)
        .where(cards.c.deck_id == deck_id, cards.c.state != NEW, cards.c.difficulty.is_not(None))
        .group_by(terms.c.id, terms.c.name, terms.c.position)
        .order_by(lapses.desc(), difficulty.desc(), terms.c.position)
        .limit(limit)
    )
    return [
        HardTermRow(int(i), str(name), int(lap), float(dif), int(reps), int(most))
        for i, name, lap, dif, reps, most in rows
    ]


@dataclass(frozen=True)
class LeechRow:
    """A card forgotten again and again."""

    card_id: int
    term: str
    direction: str
    lapses: int


def leeches(connection: Connection, deck_id: int, minimum: int) -> list[LeechRow]:
    """Cards with at least ``minimum`` lapses, most lapses first."""
    rows = connection.execute(
        select(cards.c.id, terms.c.name, cards.c.direction, cards.c.lapses)
        .join(terms, terms.c.id == cards.c.term_id)
        .where(cards.c.deck_id == deck_id, cards.c.lapses >= minimum)
        .order_by(cards.c.lapses.desc(), terms.c.position, cards.c.id)
    )
    return [LeechRow(int(i), str(name), str(d), int(n)) for i, name, d, n in rows]


@dataclass(frozen=True)
class OriginRow:
    """Reviews of cards in review state made with one origin of mimage shown."""

    origin: str | None  # None: the term had no complete chosen mimage then
    cards: int
    reviews: int
    lapses: int
    average_stability: float | None  # of those cards, now


@dataclass(frozen=True)
class WeakTermRow:
    """A term whose cards were often forgotten in review state."""

    term_id: int
    reviews: int
    lapses: int


def review_state_effect(
    connection: Connection,
    deck_id: int,
    since: datetime,
    until: datetime,
    *,
    weak_lapses: int,
    weak_percent: int,
    weak_reviews: int,
) -> tuple[list[OriginRow], list[WeakTermRow]]:
    """Reviews of cards in review state between the two times and their Again ratings:
    per origin of the mimage shown (with the cards' mean stability now), and the terms
    with at least ``weak_lapses`` lapses or ``weak_percent`` % of ``weak_reviews`` or
    more reviews.

    One statement, one pass over that part of the deck's log: it is aggregated per card
    and origin first (a common table expression), then both ways.
    """
    per_card = (
        select(
            reviews.c.card_id,
            reviews.c.mimage_origin.label("origin"),
            func.count().label("n"),
            _again().label("again"),
        )
        .where(
            reviews.c.deck_id == deck_id,
            reviews.c.state_before == REVIEW,
            reviews.c.reviewed >= since,
            reviews.c.reviewed <= until,
        )
        .group_by(reviews.c.card_id, reviews.c.mimage_origin)
        .cte("per_card")
    )
    n, again = func.sum(per_card.c.n), func.sum(per_card.c.again)
    by_origin = (
        select(
            per_card.c.origin,
            cast(null(), Integer).label("term_id"),
            func.count().label("cards"),
            n,
            again,
            func.avg(cards.c.stability),
        )
        .join(cards, cards.c.id == per_card.c.card_id)
        .group_by(per_card.c.origin)
    )
    weak_terms = (
        select(
            cast(null(), String).label("origin"),
            cards.c.term_id,
            func.count().label("cards"),
            n,
            again,
            cast(null(), Float),
        )
        .join(cards, cards.c.id == per_card.c.card_id)
        .group_by(cards.c.term_id)
        .having(
            or_(
                again >= weak_lapses,
                and_(n >= weak_reviews, again * 100 >= n * weak_percent),
            )
        )
    )
    origins: list[OriginRow] = []
    weak: list[WeakTermRow] = []
    # Rows per origin have no term id; rows per term always have one.
    for origin, term_id, count, total, lapses, stability in connection.execute(
        union_all(by_origin, weak_terms)
    ):
        if term_id is None:
            average = None if stability is None else float(stability)
            origins.append(OriginRow(origin, int(count), int(total), int(lapses), average))
        else:
            weak.append(WeakTermRow(int(term_id), int(total), int(lapses)))
    return origins, weak


def _chosen_mimage() -> Any:
    return and_(mimages.c.chosen.is_(True), mimages.c.complete.is_(True))


def review_state_since_mimage(
    connection: Connection, deck_id: int, after: datetime, until: datetime
) -> dict[int, tuple[int, int]]:
    """For terms whose chosen mimage was made after ``after``: (reviews of their cards in
    review state, those rated Again) since that mimage was made, per term id."""
    rows = connection.execute(
        select(mimages.c.term_id, func.count(reviews.c.id), _again())
        .select_from(
            mimages.join(cards, cards.c.term_id == mimages.c.term_id).outerjoin(
                reviews,
                and_(
                    reviews.c.card_id == cards.c.id,
                    reviews.c.reviewed >= mimages.c.created,
                    reviews.c.reviewed <= until,
                    reviews.c.state_before == REVIEW,
                ),
            )
        )
        .where(_chosen_mimage(), mimages.c.created > after, cards.c.deck_id == deck_id)
        .group_by(mimages.c.term_id)
    )
    return {int(term_id): (int(n), int(again)) for term_id, n, again in rows}


@dataclass(frozen=True)
class TermInfo:
    """A term's name and the origin of its chosen complete mimage (None without one)."""

    name: str
    position: int
    origin: str | None


def term_info(connection: Connection, term_ids: Iterable[int]) -> dict[int, TermInfo]:
    """Names and chosen mimage origins of some terms, by id."""
    wanted = sorted(set(term_ids))
    found: dict[int, TermInfo] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = connection.execute(
            select(terms.c.id, terms.c.name, terms.c.position, mimages.c.origin)
            .outerjoin(mimages, and_(mimages.c.term_id == terms.c.id, _chosen_mimage()))
            .where(terms.c.id.in_(chunk))
        )
        for term_id, name, position, origin in rows:
            found[int(term_id)] = TermInfo(str(name), int(position), origin)
    return found


@dataclass(frozen=True)
class LoggedReview:
    """One review, as the FSRS optimizer reads it."""

    card_id: int
    rating: int
    reviewed: datetime
    duration_ms: int | None


def review_log(connection: Connection, deck_id: int) -> list[LoggedReview]:
    """Every review of the deck, card by card, in time order."""
    rows = connection.execute(
        select(reviews.c.card_id, reviews.c.rating, reviews.c.reviewed, reviews.c.duration_ms)
        .where(reviews.c.deck_id == deck_id)
        .order_by(reviews.c.card_id, reviews.c.reviewed, reviews.c.id)
    )
    return [LoggedReview(int(c), int(r), when, d) for c, r, when, d in rows]


def review_total(connection: Connection, deck_id: int) -> tuple[int, int]:
    """(all the deck's reviews, those a day or more after the card's previous one)."""
    row = connection.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((reviews.c.elapsed_days >= 1, 1), else_=0)), 0),
        ).where(reviews.c.deck_id == deck_id)
    ).one()
    return int(row[0]), int(row[1])
