"""The database tables. Alembic migrations in ``migrations/`` create them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
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
