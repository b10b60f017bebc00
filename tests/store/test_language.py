"""A deck's language in the store: the column the migration adds, kept by imports,
refused when an import brings another language, changed on request."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import dump
from mimagery.errors import MimageryError
from mimagery.model import Deck, Term, normalise
from mimagery.store import Store
from mimagery.store.tables import decks, terms

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store.open()
    yield opened
    opened.close()


def _words(language: str, *pairs: tuple[str, str], name: str = "Words") -> Deck:
    return normalise(Deck(name, [Term(w, m) for w, m in pairs], language=language))


def test_a_new_deck_keeps_its_language(store: Store) -> None:
    store.import_deck(_words("es", ("gato", "cat"), ("perro", "dog")), now=NOW)
    assert store.load_deck("Words").language == "es"
    assert store.deck_language("words") == "es"
    assert [(s.name, s.language) for s in store.decks()] == [("Words", "es")]
    assert store.stored_language("No such deck") is None


def test_decks_made_without_a_language_are_english(store: Store) -> None:
    store.import_deck(Deck("Botany", [Term("Xylem", "Carries water.")]), now=NOW)
    assert store.load_deck("Botany").language == "en"


def test_normalising_keeps_the_language() -> None:
    assert normalise(Deck("d", [Term("gato", "cat")], language="es")).language == "es"


def test_an_import_in_another_language_is_refused_and_changes_nothing(store: Store) -> None:
    store.import_deck(_words("es", ("gato", "cat")), now=NOW)
    database = store.sqlite_file
    assert database is not None
    before = dump(database)
    with pytest.raises(MimageryError) as refused:
        store.import_deck(_words("ru", ("собака", "dog")), now=NOW)
    message = str(refused.value)
    assert "\n" not in message
    assert "deck 'Words' is in Spanish (es), not Russian (ru)" in message
    assert "--lang ru" in message
    assert dump(database) == before


def test_the_same_language_merges(store: Store) -> None:
    store.import_deck(_words("es", ("gato", "cat")), now=NOW)
    report = store.import_deck(_words("es", ("perro", "dog")), now=NOW)
    assert (report.added, report.created_deck) == (1, False)


def test_the_language_can_be_changed(store: Store) -> None:
    store.import_deck(_words("es", ("gato", "cat")), now=NOW)
    store.set_language("words", "pt")
    assert store.deck_language("Words") == "pt"


def test_the_migration_makes_stored_decks_english_and_goes_back(store: Store) -> None:
    from alembic import command
    from alembic.config import Config

    store.import_deck(_words("es", ("gato", "cat")), now=NOW)
    config = Config()
    config.set_main_option("script_location", "mimagery.store:migrations")
    with store.writing() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    with store.reading() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(decks)")]
        assert "language" not in columns
        # Dropping the column in place kept the deck's terms (no copy of the table).
        assert connection.execute(select(terms.c.name)).scalars().all() == ["gato"]
    store.close()
    reopened = Store.open()  # migrates to the head again
    try:
        with reopened.reading() as connection:
            assert connection.execute(select(decks.c.language)).scalars().all() == ["en"]
        assert reopened.load_deck("Words").terms[0].name == "gato"
    finally:
        reopened.close()


def test_every_migration_is_known_to_restore() -> None:
    from mimagery.store.engine import HEAD, REVISIONS

    assert REVISIONS[-1] == HEAD == "0004"
