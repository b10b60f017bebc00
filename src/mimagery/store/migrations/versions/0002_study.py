"""Study: settings per deck, cards (one per term and direction) and the review log.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The directions every existing term gets a card for, in introduction order.
DIRECTIONS = ("term-definition", "definition-term", "mimage-term")


def upgrade() -> None:
    """Create the study tables and the cards of the terms already stored."""
    op.create_table(
        "study_settings",
        sa.Column("deck_id", sa.Integer, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("deck_id", name="pk_study_settings"),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["decks.id"], name="fk_study_settings_deck_id_decks", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("deck_id", sa.Integer, nullable=False),
        sa.Column("term_id", sa.Integer, nullable=False),
        sa.Column("direction", sa.String(24), nullable=False),
        sa.Column("new_rank", sa.Integer, nullable=False),
        sa.Column("state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cards"),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["decks.id"], name="fk_cards_deck_id_decks", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["terms.id"], name="fk_cards_term_id_terms", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("term_id", "direction", name="uq_cards_term_direction"),
    )
    # Only cards with a due time: new cards (most of an import) stay out of it.
    op.create_index(
        "ix_cards_deck_due",
        "cards",
        ["deck_id", "due"],
        sqlite_where=sa.text("due IS NOT NULL"),
        postgresql_where=sa.text("due IS NOT NULL"),
    )
    op.create_index("ix_cards_deck_state_rank", "cards", ["deck_id", "state", "new_rank"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("review_key", sa.String(64), nullable=False),
        sa.Column("card_id", sa.Integer, nullable=False),
        sa.Column("deck_id", sa.Integer, nullable=False),
        sa.Column("reviewed", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("state_before", sa.Integer, nullable=False),
        sa.Column("state_after", sa.Integer, nullable=False),
        sa.Column("elapsed_days", sa.Float, nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column("mimage_origin", sa.String(16), nullable=True),
        sa.Column("before", sa.JSON, nullable=False),
        sa.Column("after", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.UniqueConstraint("review_key", name="uq_reviews_review_key"),
        sa.ForeignKeyConstraint(
            ["card_id"], ["cards.id"], name="fk_reviews_card_id_cards", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["decks.id"], name="fk_reviews_deck_id_decks", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_reviews_deck_reviewed", "reviews", ["deck_id", "reviewed", "state_before"])
    op.create_index("ix_reviews_card_reviewed", "reviews", ["card_id", "reviewed"])
    # Cards for the terms stored before study existed: glossary order, directions in turn.
    for offset, direction in enumerate(DIRECTIONS):
        op.execute(
            sa.text(
                "INSERT INTO cards (deck_id, term_id, direction, new_rank, state, reps, lapses) "
                "SELECT deck_id, id, :direction, position * 4 + :offset, 0, 0, 0 FROM terms"
            ).bindparams(direction=direction, offset=offset)
        )


def downgrade() -> None:
    """Drop the study tables."""
    op.drop_table("reviews")
    op.drop_table("cards")
    op.drop_table("study_settings")
