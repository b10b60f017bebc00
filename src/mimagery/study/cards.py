"""Cards and their words: directions, states and grades, a card due now, a review's
result, hiding the term on a card's front, and the times study days start."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Rating

from mimagery.errors import MimageryError
from mimagery.store.study import NEW
from mimagery.text import WORD, repeats

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


STATE_NAMES = {NEW: "new", 1: "learning", 2: "review", 3: "relearning"}


DIRECTION_LABELS = {
    "term-definition": "term → definition",
    "definition-term": "definition → term",
    "mimage-term": "mimage → term",
}


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


def to_utc(moment: datetime) -> datetime:
    """A time given by a caller (it must carry a timezone) in UTC."""
    if moment.tzinfo is None:
        raise MimageryError("times must carry a timezone")
    return moment.astimezone(UTC)


def day_start(now: datetime, hour: int) -> datetime:
    """When the study day containing ``now`` began, in ``now``'s timezone."""
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return start - timedelta(days=1) if start > now else start


#: What a hidden term looks like on a card's front.
MASK = "▢▢▢"

# Words of a term's name that give nothing away on their own.
_FUNCTION_WORDS = frozenset("the and for with from into its not per via".split())


def term_words(names: Iterable[str]) -> list[str]:
    """The words of a term's names that a mimage → term card's front must not show: each
    word of three letters or more that is not a function word ("of", "the", …)."""
    return [
        word
        for name in names
        for word in WORD.findall(name)
        if len(word) >= 3 and word.casefold() not in _FUNCTION_WORDS
    ]


def hide_term(text: str, names: Iterable[str], words: bool = False) -> str:
    """``text`` with every occurrence of any of ``names`` replaced by :data:`MASK`.

    Matching ignores case, masks whole words and lets a name run across line breaks. A
    one-word name masks the same word, its simple inflections ("Epochs", "Queued") and,
    when four letters or longer, any word it starts ("Epochal"); a shorter one only
    itself, so an alias like "AI" leaves "said" alone. Nothing inside a word is masked
    ("Reepoch" stays).

    Args:
        text: the text to show (a scene, a definition, a file path).
        names: the term's name and aliases.
        words: also mask each word of them on its own (not "of", "the" and other
            short function words), as the front of a mimage → term card does: a
            keyword that repeats a term word ("Boat Gradient", "Buy Nearly Search
            Tree") must not give it away.

    Returns:
        The text with the names masked.
    """
    given = {n.strip() for n in names if n.strip()}
    single = {n for n in given if WORD.fullmatch(n)}
    if words:
        single |= set(term_words(given))
    patterns = []
    for name in sorted(given - single, key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in name.split())
        end = r"(?!\w)" if len(name) < 4 else r"\w*"
        patterns.append(rf"(?<!\w){body}{end}")
    if patterns:
        text = re.sub("|".join(patterns), MASK, text, flags=re.IGNORECASE)
    if not single:
        return text
    known = tuple(sorted(single))
    return WORD.sub(lambda found: MASK if repeats(found[0], known) else found[0], text)
