"""The study tables' SQL: cards, the review log and settings (used by ``mimagery.study``).

Reads and writes here take an open connection, so that a review (read the card,
schedule, update it, append the log) is one write transaction the caller holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    String,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from mimagery.store.tables import cards, decks, mimages, reviews, study_settings, terms

#: Card directions, in the order a term's cards are introduced.
DIRECTIONS = ("term-definition", "definition-term", "mimage-term")
NEW = 0  # our own state for a card never reviewed; 1-3 are FSRS's states
_RANK_STRIDE = 4  # new_rank = term position * 4 + direction index


def add_cards(connection: Connection, deck_id: int, after_position: int) -> None:
    """Make the cards of the deck's terms placed after ``after_position`` (new terms).

    One ``INSERT … SELECT`` per direction, so the database makes the rows itself: an
    import of 10,000 terms makes 30,000 cards without building them in Python.
    """
    for offset, direction in enumerate(DIRECTIONS):
        chosen = select(
            terms.c.deck_id,
            terms.c.id,
            literal(direction, String(24)),
            terms.c.position * _RANK_STRIDE + offset,
            literal(NEW, Integer),
            literal(0, Integer),
            literal(0, Integer),
        ).where(terms.c.deck_id == deck_id, terms.c.position > after_position)
        connection.execute(
            insert(cards).from_select(
                ["deck_id", "term_id", "direction", "new_rank", "state", "reps", "lapses"],
                chosen,
            )
        )


def settings(connection: Connection, deck_id: int) -> dict[str, Any] | None:
    """A deck's stored study settings, or None for the defaults."""
    found = connection.execute(
        select(study_settings.c.settings).where(study_settings.c.deck_id == deck_id)
    ).scalar_one_or_none()
    return dict(found) if found else None


def put_settings(connection: Connection, deck_id: int, values: dict[str, Any]) -> None:
    """Store a deck's study settings."""
    connection.execute(delete(study_settings).where(study_settings.c.deck_id == deck_id))
    connection.execute(insert(study_settings).values(deck_id=deck_id, settings=values))


_CARD_COLUMNS = (
    cards.c.id,
    cards.c.deck_id,
    cards.c.term_id,
    cards.c.direction,
    cards.c.state,
    cards.c.step,
    cards.c.stability,
    cards.c.difficulty,
    cards.c.due,
    cards.c.last_review,
    cards.c.reps,
    cards.c.lapses,
)


def card(connection: Connection, card_id: int) -> Any:
    """One card's row (with its term's name), or None."""
    return connection.execute(
        select(*_CARD_COLUMNS, terms.c.name.label("term"))
        .join(terms, terms.c.id == cards.c.term_id)
        .where(cards.c.id == card_id)
    ).first()


def _has_picture() -> Any:
    # A mimage card needs a complete chosen mimage to show.
    return exists().where(
        mimages.c.term_id == cards.c.term_id,
        mimages.c.chosen.is_(True),
        mimages.c.complete.is_(True),
    )


def _direction_filter(directions: Sequence[str]) -> Any:
    wanted = cards.c.direction.in_(list(directions))
    if "mimage-term" in directions:
        return and_(wanted, or_(cards.c.direction != "mimage-term", _has_picture()))
    return wanted


def due_rows(
    connection: Connection, deck_id: int, now: datetime, directions: Sequence[str], limit: int
) -> list[Any]:
    """Cards being learnt or reviewed that are due at ``now``, most overdue first."""
    if limit <= 0:
        return []
    return list(
        connection.execute(
            select(*_CARD_COLUMNS, terms.c.name.label("term"))
            .join(terms, terms.c.id == cards.c.term_id)
            .where(
                cards.c.deck_id == deck_id,
                cards.c.due <= now,
                _direction_filter(directions),
            )
            .order_by(cards.c.due, cards.c.id)
            .limit(limit)
        )
    )


def new_rows(
    connection: Connection, deck_id: int, directions: Sequence[str], limit: int, shuffled: bool
) -> list[Any]:
    """New cards in the order they are introduced (glossary order, or a fixed shuffle)."""
    if limit <= 0:
        return []
    # A fixed, portable shuffle: the same on every run, on SQLite and PostgreSQL alike.
    order = [(cards.c.id * 7919) % 10007, cards.c.id] if shuffled else [cards.c.new_rank]
    return list(
        connection.execute(
            select(*_CARD_COLUMNS, terms.c.name.label("term"))
            .join(terms, terms.c.id == cards.c.term_id)
            .where(cards.c.deck_id == deck_id, cards.c.state == NEW, _direction_filter(directions))
            .order_by(*order)
            .limit(limit)
        )
    )


def counts_since(connection: Connection, deck_id: int, since: datetime) -> tuple[int, int]:
    """(new cards introduced, other reviews) in the deck since ``since``."""
    row = connection.execute(
        select(
            func.coalesce(func.sum(case((reviews.c.state_before == NEW, 1), else_=0)), 0),
            func.coalesce(func.sum(case((reviews.c.state_before != NEW, 1), else_=0)), 0),
        ).where(reviews.c.deck_id == deck_id, reviews.c.reviewed >= since)
    ).one()
    return int(row[0]), int(row[1])


def review_by_key(connection: Connection, review_key: str) -> Any:
    """The logged review with this key, or None."""
    return connection.execute(select(reviews).where(reviews.c.review_key == review_key)).first()


def chosen_origin(connection: Connection, term_id: int) -> str | None:
    """The origin of the term's chosen complete mimage, if it has one."""
    return connection.execute(
        select(mimages.c.origin).where(
            mimages.c.term_id == term_id,
            mimages.c.chosen.is_(True),
            mimages.c.complete.is_(True),
        )
    ).scalar_one_or_none()


def save_review(
    connection: Connection, card_id: int, after: dict[str, Any], log: dict[str, Any]
) -> int:
    """Write a card's new state and append its review to the log; returns the review id."""
    connection.execute(update(cards).where(cards.c.id == card_id).values(**after))
    inserted = connection.execute(insert(reviews).values(**log)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def last_review(connection: Connection, deck_id: int) -> Any:
    """The deck's most recent review, or None."""
    return connection.execute(
        select(reviews)
        .where(reviews.c.deck_id == deck_id)
        .order_by(reviews.c.reviewed.desc(), reviews.c.id.desc())
        .limit(1)
    ).first()


def latest_review_of_card(connection: Connection, card_id: int) -> Any:
    """The card's most recent review, or None."""
    return connection.execute(
        select(reviews.c.id)
        .where(reviews.c.card_id == card_id)
        .order_by(reviews.c.reviewed.desc(), reviews.c.id.desc())
        .limit(1)
    ).first()


def undo_review(
    connection: Connection, review_id: int, card_id: int, before: dict[str, Any]
) -> None:
    """Put a card back as it was before a review and remove that review from the log."""
    connection.execute(update(cards).where(cards.c.id == card_id).values(**before))
    connection.execute(delete(reviews).where(reviews.c.id == review_id))


def deck_id_of_card(connection: Connection, card_id: int) -> int | None:
    """The deck a card belongs to."""
    return connection.execute(
        select(cards.c.deck_id).where(cards.c.id == card_id)
    ).scalar_one_or_none()


def deck_name(connection: Connection, deck_id: int) -> str:
    """A deck's display name."""
    return str(connection.execute(select(decks.c.name).where(decks.c.id == deck_id)).scalar_one())
