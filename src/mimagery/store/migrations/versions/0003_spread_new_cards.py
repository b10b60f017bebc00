"""New cards: a term's mimage → term card first, its directions spread over days.

Cards were introduced in glossary order with a term's three directions side by side
(term → definition, definition → term, mimage → term). Now the mimage → term card
comes first and each next direction ``SPREAD`` terms later (``store.study.new_rank``);
this rewrites the order of the cards already stored. Nothing else changes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration stays as it was when later code changes.
SPREAD = 10
OLD = {"term-definition": 0, "definition-term": 1, "mimage-term": 2}
NEW = {"mimage-term": 0, "term-definition": 1, "definition-term": 2}


def upgrade() -> None:
    """new_rank = (position + index × SPREAD) × 4 + index, index in the new order."""
    for direction, index in NEW.items():
        op.execute(
            sa.text(
                "UPDATE cards SET new_rank = (new_rank / 4 + :shift) * 4 + :index "
                "WHERE direction = :direction"
            ).bindparams(shift=index * SPREAD, index=index, direction=direction)
        )


def downgrade() -> None:
    """Back to the three directions side by side, in the old order."""
    for direction, index in NEW.items():
        op.execute(
            sa.text(
                "UPDATE cards SET new_rank = (new_rank / 4 - :shift) * 4 + :old "
                "WHERE direction = :direction"
            ).bindparams(shift=index * SPREAD, old=OLD[direction], direction=direction)
        )
