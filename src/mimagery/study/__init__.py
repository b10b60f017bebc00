"""Study: cards in three directions, scheduled with FSRS, every review logged.

Each term has a card per direction (term → definition, definition → term, mimage →
term), made with the term. A card starts *new* (FSRS has no such state, so new cards
are ours to track and to introduce, ``new_per_day`` at most, in glossary or shuffled
order); its first review hands it to ``fsrs.Scheduler``. A review reads the card,
schedules it, writes its new state and appends the log row in one write transaction
(``BEGIN IMMEDIATE`` on SQLite), so two processes never lose or double a review; a
review carries a key, and a retried key is answered from the log, not stored twice.

Every function that depends on the time takes it as ``now`` (timezone-aware; days
start at ``day_starts_hour`` in ``now``'s own timezone). Data in, data out: the
terminal and the web app draw the results themselves.

- ``cards``: directions, states, grades, a due card, hiding the term on a card's front;
- ``settings``: a deck's study settings and its FSRS scheduler;
- ``queue``: the cards due now (siblings buried for the day), the next one with the
  interval each grade would give it, what the study day came to, when the deck is next
  due;
- ``grading``: grading a card and taking a grade back;
- ``stats``: a deck's statistics; ``optimizer``: personal FSRS parameters (optional
  PyTorch), loaded only when used.
"""

from __future__ import annotations

from mimagery.study.cards import (
    DIRECTION_LABELS,
    MASK,
    RATINGS,
    STATE_NAMES,
    DueCard,
    ReviewResult,
    day_start,
    hide_term,
    to_utc,
)
from mimagery.study.grading import preview, review, undo
from mimagery.study.queue import (
    LEARN_AHEAD,
    DueList,
    NextCard,
    Today,
    describe_duration,
    describe_interval,
    describe_time,
    due,
    next_card,
    next_due,
)
from mimagery.study.settings import StudySettings, change_settings, settings

__all__ = [
    "DIRECTION_LABELS",
    "LEARN_AHEAD",
    "MASK",
    "RATINGS",
    "STATE_NAMES",
    "DueCard",
    "DueList",
    "NextCard",
    "ReviewResult",
    "StudySettings",
    "Today",
    "change_settings",
    "day_start",
    "describe_duration",
    "describe_interval",
    "describe_time",
    "due",
    "hide_term",
    "next_card",
    "next_due",
    "preview",
    "review",
    "settings",
    "to_utc",
    "undo",
]
