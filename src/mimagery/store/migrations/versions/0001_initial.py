"""Decks, terms and mimages.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("name_key", sa.String(400), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decks"),
        sa.UniqueConstraint("name_key", name="uq_decks_name_key"),
    )
    op.create_table(
        "terms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("deck_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_terms"),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["decks.id"], name="fk_terms_deck_id_decks", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("deck_id", "name_key", name="uq_terms_deck_name"),
    )
    op.create_table(
        "mimages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("term_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("keyword", sa.Text, nullable=False),
        sa.Column("keyword_key", sa.Text, nullable=False),
        sa.Column("scene", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("picture", sa.Text, nullable=True),
        sa.Column("chosen", sa.Boolean, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mimages"),
        sa.ForeignKeyConstraint(
            ["term_id"], ["terms.id"], name="fk_mimages_term_id_terms", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("term_id", "keyword_key", name="uq_mimages_term_keyword"),
    )
    op.create_index("ix_mimages_term_id", "mimages", ["term_id"])


def downgrade() -> None:
    """Drop everything."""
    op.drop_table("mimages")
    op.drop_table("terms")
    op.drop_table("decks")
