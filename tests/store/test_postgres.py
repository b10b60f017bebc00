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
