"""The store on PostgreSQL: the same commands as on SQLite, against a real server.

The throwaway server and a database per test come from the ``server`` and ``url``
fixtures in ``conftest``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from conftest import FIXTURES, Result
from mimagery import formats, study
from mimagery.store import Store
from mimagery.web import create_app

Run = Callable[..., Result]
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
GLOSSARY = FIXTURES / "botany_pasted.txt"
DECK = "Plant Science Glossary"
TERMS = 7


def _rows(url: str) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every row of every table of ours, to compare before and after."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            ).scalars()
            rows = []
            for table in list(tables):
                found = connection.execute(text(f'SELECT * FROM "{table}"'))
                rows.append((table, sorted(map(tuple, found), key=repr)))
            return rows
    finally:
        engine.dispose()


def test_import_generate_study_export_on_postgres(run: Run, url: str, tmp_path: Path) -> None:
    assert run("--db", url, "demo").code == 0
    imported = run("--db", url, "import", str(GLOSSARY))
    assert imported.code == 0, imported.err
    assert f"{TERMS} added" in " ".join(imported.out.split())
    again = run("--db", url, "import", str(GLOSSARY))
    assert f"{TERMS} unchanged" in " ".join(again.out.split())
    generated = run("--db", url, "generate", "--deck", DECK, "--all")
    assert generated.code == 0, generated.err

    due = run("--db", url, "due", "--deck", DECK, "--json")
    assert due.code == 0, due.err
    card_id = json.loads(due.out)["cards"][0]["card"]
    reviewed = run("--db", url, "review", str(card_id), "good")
    assert reviewed.code == 0, reviewed.err
    stats = run("--db", url, "stats", "--deck", DECK)
    assert stats.code == 0, stats.err
    assert "No reviews yet" not in stats.out
    assert run("--db", url, "undo", "--deck", DECK).code == 0

    out = tmp_path / "deck.json"
    exported = run("--db", url, "export", "--deck", DECK, "--format", "json", "-o", str(out))
    assert exported.code == 0, exported.err
    deck = json.loads(out.read_text())
    assert len(deck["terms"]) == TERMS
    assert all(any(m.get("picture") for m in t["mimages"]) for t in deck["terms"])
    assert run("--db", url, "delete-deck", DECK, "--yes").code == 0
    assert DECK not in run("--db", url, "decks").out


def test_bad_input_leaves_postgres_unchanged(run: Run, url: str, tmp_path: Path) -> None:
    assert run("--db", url, "import", str(GLOSSARY)).code == 0
    before = _rows(url)
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "Plant Science Glossary", "terms": [{"name": 5}]}')
    result = run("--db", url, "import", str(bad))
    assert result.code == 2 and result.err.startswith("error: ")
    assert _rows(url) == before


def test_study_core_and_web_api_on_postgres(url: str, home: Path) -> None:
    store = Store.open(url, data_dir=home)
    try:
        store.import_deck(formats.read(GLOSSARY.read_text(encoding="utf-8")), now=NOW)
        due = study.due(store, DECK, NOW)
        assert due.cards
        study.review(store, due.cards[0].card_id, "good", NOW)
        assert study.undo(store, DECK).card_id == due.cards[0].card_id
    finally:
        store.close()
    with TestClient(create_app(url, data_dir=home), follow_redirects=False) as client:
        assert DECK in client.get("/api/decks").text
        page = client.get(f"/decks/{DECK}/study")
        assert page.status_code == 200
        form = dict(re.findall(r'name="(card|review_key|csrf|shown)" value="([^"]*)"', page.text))
        graded = client.post(f"/decks/{DECK}/study", data={**form, "grade": "good"})
        assert graded.status_code == 303, graded.text[:300]
        card = client.get(f"/api/decks/{DECK}/due?limit=1").json()["cards"][0]["card"]
        body = {"card": card, "grade": "easy", "review_key": "pg-once"}
        first, again = (client.post("/api/reviews", json=body) for _ in range(2))
        assert first.status_code == again.status_code == 200
        assert again.json()["repeated"] is True
        stats = client.get(f"/api/decks/{DECK}/stats").json()
        assert stats["cards"]["total"] == 3 * TERMS  # three directions a term


def test_deck_languages_on_postgres(run: Run, url: str) -> None:
    words = FIXTURES / "words"
    imported = run("--db", url, "import", str(words / "german.csv"), "--lang", "de", "--deck", "W")
    assert imported.code == 0, imported.err
    assert "German (de)" in " ".join(run("--db", url, "decks").out.split())
    before = _rows(url)
    refused = run("--db", url, "import", str(words / "russian_space.txt"), "--deck", "W")
    assert refused.code == 2 and "is in German (de)" in refused.err
    assert _rows(url) == before
    assert run("--db", url, "import", str(words / "russian_mixed.txt"), "--deck", "R").code == 0
    refused = run("--db", url, "settings", "--deck", "W", "--lang", "nl")  # "ä" is not Dutch
    assert refused.code == 2 and "'das Mädchen': a letter Dutch does not use ('ä')" in refused.err
    changed = run("--db", url, "settings", "--deck", "W", "--lang", "en")
    assert changed.code == 0, changed.err
    exported = run("--db", url, "export", "--deck", "W", "--format", "json", "-o", "-")
    assert json.loads(exported.out)["language"] == "en"


def test_the_language_migration_on_postgres(url: str, home: Path) -> None:
    from alembic import command
    from alembic.config import Config

    store = Store.open(url, data_dir=home)
    try:
        deck = formats.read("gato – cat\nperro – dog\n", "pasted")
        deck.language = "es"
        store.import_deck(deck, name="Palabras", now=NOW)
        config = Config()
        config.set_main_option("script_location", "mimagery.store:migrations")
        with store.writing() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
    finally:
        store.close()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            columns = connection.execute(
                text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'decks'"
                )
            ).scalars()
            assert "language" not in set(columns)
    finally:
        engine.dispose()
    reopened = Store.open(url, data_dir=home)  # migrates to the head again
    try:
        assert reopened.load_deck("Palabras").language == "en"  # stored before languages
        assert [t.name for t in reopened.load_deck("Palabras").terms] == ["gato", "perro"]
    finally:
        reopened.close()
