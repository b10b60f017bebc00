"""A deck's language read on its own, as the study and term pages need it for sound."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mimagery.errors import NotFound
from mimagery.model import Deck, Term
from mimagery.store import Store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_a_decks_language_is_read_without_its_terms(home: Path) -> None:
    store = Store.open()
    try:
        store.import_deck(Deck("Botany", [Term("Xylem", "Tissue.")]), now=NOW)
        assert store.deck_language("botany") == Deck("Botany").language == "en"
        with pytest.raises(NotFound, match="no deck called 'Botny'"):
            store.deck_language("Botny")
    finally:
        store.close()
