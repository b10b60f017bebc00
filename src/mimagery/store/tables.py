"""The database tables. Alembic migrations in ``migrations/`` create them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

decks = Table(
    "decks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(400), nullable=False),
    # Case-folded name: decks are looked up case-insensitively without SQL lower().
    Column("name_key", String(400), nullable=False, unique=True),
    Column("created", DateTime(timezone=True), nullable=False),
    # ISO 639-1 code of the terms' language (``mimagery.languages``).
    Column("language", String(16), nullable=False, server_default="en"),
)

terms = Table(
    "terms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("deck_id", ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("definition", Text, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    UniqueConstraint("deck_id", "name_key", name="uq_terms_deck_name"),
)

mimages = Table(
    "mimages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("term_id", ForeignKey("terms.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("keyword", Text, nullable=False),
    Column("keyword_key", Text, nullable=False),
    Column("scene", Text, nullable=False),
    Column("origin", String(16), nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("picture", Text, nullable=True),
    Column("chosen", Boolean, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    UniqueConstraint("term_id", "keyword_key", name="uq_mimages_term_keyword"),
)

# Study ----------------------------------------------------------------------------

study_settings = Table(
    "study_settings",
    metadata,
    Column("deck_id", ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True),
    Column("settings", JSON, nullable=False),  # study.StudySettings.to_dict()
)

# One card per term and direction; made with the term. state 0 is "new" (FSRS has no
# such state: a new card is ours to track), then FSRS's Learning/Review/Relearning.
cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("deck_id", ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
    Column("term_id", ForeignKey("terms.id", ondelete="CASCADE"), nullable=False),
    Column("direction", String(24), nullable=False),
    Column("new_rank", Integer, nullable=False),  # the order new cards are introduced in
    Column("state", Integer, nullable=False),
    Column("step", Integer, nullable=True),
    Column("stability", Float, nullable=True),
    Column("difficulty", Float, nullable=True),
    Column("due", DateTime(timezone=True), nullable=True),  # None while new
    Column("last_review", DateTime(timezone=True), nullable=True),
    Column("reps", Integer, nullable=False),
    Column("lapses", Integer, nullable=False),
    UniqueConstraint("term_id", "direction", name="uq_cards_term_direction"),
    # Only cards with a due time (not new ones): an import adds thousands of new cards.
    Index(
        "ix_cards_deck_due",
        "deck_id",
        "due",
        sqlite_where=text("due IS NOT NULL"),
        postgresql_where=text("due IS NOT NULL"),
    ),
    Index("ix_cards_deck_state_rank", "deck_id", "state", "new_rank"),
)

# Every review, appended in the same transaction as the card's new state. ``before`` and
# ``after`` hold the card's whole state, so an undo restores it exactly.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_key", String(64), nullable=False, unique=True),
    Column("card_id", ForeignKey("cards.id", ondelete="CASCADE"), nullable=False),
    Column("deck_id", ForeignKey("decks.id", ondelete="CASCADE"), nullable=False),
    Column("reviewed", DateTime(timezone=True), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("state_before", Integer, nullable=False),
    Column("state_after", Integer, nullable=False),
    Column("elapsed_days", Float, nullable=True),  # since the card's last review
    Column("duration_ms", Integer, nullable=True),
    Column("mimage_origin", String(16), nullable=True),  # the chosen mimage's, if any
    Column("before", JSON, nullable=False),
    Column("after", JSON, nullable=False),
    # Covers the daily-limit counts (new cards introduced, reviews) without table reads.
    Index("ix_reviews_deck_reviewed", "deck_id", "reviewed", "state_before"),
    Index("ix_reviews_card_reviewed", "card_id", "reviewed"),
)
