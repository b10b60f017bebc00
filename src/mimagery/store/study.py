"""The study tables' SQL: cards, the review log and settings (used by ``mimagery.study``).

Reads and writes here take an open connection, so that a review (read the card,
schedule, update it, append the log) is one write transaction the caller holds.

The statements a study page and a review run are built once, with bound parameters:
building a SQLAlchemy statement and its cache key cost several times more than SQLite
took to run it, and a page view runs seven of them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from mimagery.model import key
from mimagery.store.tables import cards, decks, mimages, reviews, study_settings, terms

#: Card directions, as settings and exports list them.
DIRECTIONS = ("term-definition", "definition-term", "mimage-term")
#: The order a term's cards are introduced in: the mimage first (the keyword method's
#: point), then the two text directions.
INTRODUCTION = ("mimage-term", "term-definition", "definition-term")
NEW = 0  # our own state for a card never reviewed; 1-3 are FSRS's states
#: A term's next direction is introduced this many terms after its previous one, so a
#: term's new cards are spread over days among other terms' (see :func:`new_rank`).
SPREAD = 10
_RANK_STRIDE = 4


def new_rank(position: int, direction: str) -> int:
    """Where a term's card stands in the order new cards are introduced (glossary order).

    A term's cards sit ``SPREAD`` terms apart: the mimage → term card of the term at
    ``position`` comes with that term, its term → definition card with the term
    ``SPREAD`` places later, its definition → term card ``2 × SPREAD`` later. With
    siblings buried, a day's new cards are then mostly first cards of new terms, with
    the next directions of terms met a day or two before.
    """
    index = INTRODUCTION.index(direction)
    return (position + index * SPREAD) * _RANK_STRIDE + index


def add_cards(connection: Connection, deck_id: int, after_position: int) -> None:
    """Make the cards of the deck's terms placed after ``after_position`` (new terms).

    One ``INSERT … SELECT`` per direction, so the database makes the rows itself: an
    import of 10,000 terms makes 30,000 cards without building them in Python.
    """
    for direction in DIRECTIONS:
        index = INTRODUCTION.index(direction)
        chosen = select(
            terms.c.deck_id,
            terms.c.id,
            literal(direction, String(24)),
            (terms.c.position + index * SPREAD) * _RANK_STRIDE + index,
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


_SETTINGS = select(study_settings.c.settings).where(
    study_settings.c.deck_id == bindparam("deck_id")
)


def settings(connection: Connection, deck_id: int) -> dict[str, Any] | None:
    """A deck's stored study settings, or None for the defaults."""
    found = connection.execute(_SETTINGS, {"deck_id": deck_id}).scalar_one_or_none()
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


_CARDS_WITH_TERM = select(*_CARD_COLUMNS, terms.c.name.label("term")).join(
    terms, terms.c.id == cards.c.term_id
)
_CARD = _CARDS_WITH_TERM.where(cards.c.id == bindparam("card_id"))


def card(connection: Connection, card_id: int) -> Any:
    """One card's row (with its term's name), or None."""
    return connection.execute(_CARD, {"card_id": card_id}).first()


_CHOSEN_ORIGIN = (
    select(mimages.c.origin)
    .where(
        mimages.c.term_id == cards.c.term_id,
        mimages.c.chosen.is_(True),
        mimages.c.complete.is_(True),
    )
    .scalar_subquery()
)
_CARD_IN_DECK = (
    _CARDS_WITH_TERM.add_columns(
        decks.c.name.label("deck"),
        decks.c.name_key.label("deck_key"),
        _CHOSEN_ORIGIN.label("mimage_origin"),
    )
    .join(decks, decks.c.id == cards.c.deck_id)
    .where(cards.c.id == bindparam("card_id"))
)


_CARD_IN_DECK_LOCKED = _CARD_IN_DECK.with_for_update(of=cards)


def card_in_deck(connection: Connection, card_id: int, *, lock: bool = False) -> Any:
    """One card's row with its term's name, its deck's (``deck``, ``deck_key``) and the
    origin of its term's chosen complete mimage (``mimage_origin``), or None.

    ``lock`` locks the card's row until the transaction ends (``FOR UPDATE`` on
    PostgreSQL; SQLite's write transaction already holds the whole database).
    """
    statement = _CARD_IN_DECK_LOCKED if lock else _CARD_IN_DECK
    return connection.execute(statement, {"card_id": card_id}).first()


_DECK_BY_KEY = select(decks.c.id, decks.c.name).where(decks.c.name_key == bindparam("name_key"))


def deck_by_name(connection: Connection, name: str) -> tuple[int, str] | None:
    """The id and stored name of the deck called ``name`` (any case), or None."""
    found = connection.execute(_DECK_BY_KEY, {"name_key": key(name)}).first()
    return (int(found.id), str(found.name)) if found is not None else None


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


_sibling = cards.alias("sibling")


def _not_buried() -> Any:
    # A card is buried when another card of its term (a sibling) was answered since the
    # study day began and it was not: the first direction answered keeps the term for
    # the day. A card's last review is the latest (reviews are in time order, and an undo
    # puts the one before back), so "answered today" is ``last_review >= since``: a
    # check per candidate card through the (term, direction) index, however many
    # reviews the day has had.
    since: Any = bindparam("since")
    answered_sibling = exists().where(
        _sibling.c.term_id == cards.c.term_id,
        _sibling.c.id != cards.c.id,
        _sibling.c.last_review >= since,
    )
    return or_(cards.c.last_review >= since, ~answered_sibling)


@functools.cache
def _due_statement(directions: tuple[str, ...], bury: bool) -> Select[Any]:
    wanted = [
        cards.c.deck_id == bindparam("deck_id"),
        cards.c.due <= bindparam("now"),
        _direction_filter(directions),
    ]
    if bury:
        wanted.append(_not_buried())
    return (
        _CARDS_WITH_TERM.where(*wanted)
        .order_by(cards.c.due, cards.c.id)
        .limit(bindparam("limit", type_=Integer))
    )


@functools.cache
def _new_statement(directions: tuple[str, ...], shuffled: bool, bury: bool) -> Select[Any]:
    # A fixed, portable shuffle of the terms (the same on every run, on SQLite and
    # PostgreSQL alike); a term's own cards keep their introduction order.
    order = (
        [(cards.c.term_id * 7919) % 10007, cards.c.term_id, cards.c.new_rank]
        if shuffled
        else [cards.c.new_rank]
    )
    wanted = [
        cards.c.deck_id == bindparam("deck_id"),
        cards.c.state == NEW,
        _direction_filter(directions),
    ]
    if bury:
        wanted.append(_not_buried())
    return _CARDS_WITH_TERM.where(*wanted).order_by(*order).limit(bindparam("limit", type_=Integer))


def due_rows(
    connection: Connection,
    deck_id: int,
    now: datetime,
    directions: Sequence[str],
    limit: int,
    *,
    bury_since: datetime | None = None,
) -> list[Any]:
    """Cards being learnt or reviewed that are due at ``now``, most overdue first.

    With ``bury_since``, cards whose sibling (another card of the term) was answered
    since then, while they were not, are left out.
    """
    if limit <= 0:
        return []
    statement = _due_statement(tuple(directions), bury_since is not None)
    values = {"deck_id": deck_id, "now": now, "limit": limit, "since": bury_since}
    return list(connection.execute(statement, values).all())


def new_rows(
    connection: Connection,
    deck_id: int,
    directions: Sequence[str],
    limit: int,
    shuffled: bool,
    *,
    bury_since: datetime | None = None,
) -> list[Any]:
    """New cards in the order they are introduced (glossary order, or a fixed shuffle of
    the terms); ``bury_since`` leaves out buried ones, as in :func:`due_rows`."""
    if limit <= 0:
        return []
    statement = _new_statement(tuple(directions), shuffled, bury_since is not None)
    values = {"deck_id": deck_id, "limit": limit, "since": bury_since}
    return list(connection.execute(statement, values).all())


# Every study page counts the day's reviews, reading each of them in the index: COUNT
# with FILTER reads an index entry in about half the time SUM(CASE …) took.
_COUNTS = select(func.count(), func.count().filter(reviews.c.state_before == NEW)).where(
    reviews.c.deck_id == bindparam("deck_id"), reviews.c.reviewed >= bindparam("since")
)


def counts_since(connection: Connection, deck_id: int, since: datetime) -> tuple[int, int]:
    """(new cards introduced, other reviews) in the deck since ``since``."""
    total, new = connection.execute(_COUNTS, {"deck_id": deck_id, "since": since}).one()
    return int(new), int(total) - int(new)


_TOTALS = select(
    func.count(),
    func.count().filter(reviews.c.rating != 1),
    func.coalesce(func.sum(reviews.c.duration_ms), 0),
).where(reviews.c.deck_id == bindparam("deck_id"), reviews.c.reviewed >= bindparam("since"))


def totals_since(connection: Connection, deck_id: int, since: datetime) -> tuple[int, int, int]:
    """(reviews, those not graded Again, milliseconds spent on them) since ``since``."""
    found = connection.execute(_TOTALS, {"deck_id": deck_id, "since": since}).one()
    return int(found[0]), int(found[1]), int(found[2])


_REVIEW_BY_KEY = select(reviews).where(reviews.c.review_key == bindparam("review_key"))


def review_by_key(connection: Connection, review_key: str) -> Any:
    """The logged review with this key, or None."""
    return connection.execute(_REVIEW_BY_KEY, {"review_key": review_key}).first()


# No SET clause: it is made from the parameters given (the card's new state).
_UPDATE_CARD = update(cards).where(cards.c.id == bindparam("card_to_update"))
_INSERT_REVIEW = insert(reviews)


def save_review(
    connection: Connection, card_id: int, after: dict[str, Any], log: dict[str, Any]
) -> int:
    """Write a card's new state and append its review to the log; returns the review id."""
    connection.execute(_UPDATE_CARD, {"card_to_update": card_id, **after})
    inserted = connection.execute(_INSERT_REVIEW, log).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def last_review(connection: Connection, deck_id: int) -> Any:
    """The deck's review recorded last, or None."""
    return connection.execute(
        select(reviews).where(reviews.c.deck_id == deck_id).order_by(reviews.c.id.desc()).limit(1)
    ).first()


def latest_review_of_card(connection: Connection, card_id: int) -> Any:
    """The card's review recorded last (each review's state before is the one the
    review recorded before it left), or None."""
    return connection.execute(
        select(reviews.c.id)
        .where(reviews.c.card_id == card_id)
        .order_by(reviews.c.id.desc())
        .limit(1)
    ).first()


def undo_review(
    connection: Connection, review_id: int, card_id: int, before: dict[str, Any]
) -> None:
    """Put a card back as it was before a review and remove that review from the log."""
    connection.execute(update(cards).where(cards.c.id == card_id).values(**before))
    connection.execute(delete(reviews).where(reviews.c.id == review_id))


_DECK_NAME = select(decks.c.name).where(decks.c.id == bindparam("deck_id"))


def deck_name(connection: Connection, deck_id: int) -> str:
    """A deck's display name."""
    return str(connection.execute(_DECK_NAME, {"deck_id": deck_id}).scalar_one())
