"""Decks have a language: ``decks.language``, an ISO 639-1 code (``mimagery.languages``).

Every deck stored so far was read as English, and stays English.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column, English for the decks there are."""
    op.add_column(
        "decks", sa.Column("language", sa.String(16), nullable=False, server_default="en")
    )


def downgrade() -> None:
    """Drop the column (the decks' languages are lost). Not in batch mode: on SQLite that
    would copy the decks table, and dropping the old copy would delete every deck's terms
    through their foreign keys; SQLite drops a column in place since 3.35."""
    op.drop_column("decks", "language")
