"""The web app and other languages: the import form's language, the preview's report of
words that are not of it, the deck's language on its page and in the API, and
romanisation beside Russian words on the term and study pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from conftest import FIXTURES, dump
from mimagery.web import create_app

WORDS = FIXTURES / "words"
START = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def app(home: Path) -> FastAPI:
    return create_app(clock=lambda: START)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _token(client: TestClient, url: str = "/import") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(url).text)
    assert found
    return found.group(1)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name}"
    return html.unescape(found.group(1))


def _preview(client: TestClient, text: str, **fields: str) -> str:
    form = {"csrf": _token(client), "text": text, "format": "", **fields}
    preview = client.post("/import/preview", data=form, files={"file": ("", b"")})
    assert preview.status_code in (200, 400), preview.text
    return preview.text


def _save(client: TestClient, page: str) -> str:
    names = ("csrf", "upload", "format", "filename", "language")
    fields = {name: _hidden(page, name) for name in names}
    deck = re.search(r'<input id="save-deck"[^>]* value="([^"]*)"', page)
    assert deck
    saved = client.post("/import/save", data={**fields, "deck": html.unescape(deck.group(1))})
    assert saved.status_code == 303, saved.text
    return str(saved.headers["location"])


def test_the_import_form_offers_the_languages(client: TestClient) -> None:
    page = client.get("/import").text
    assert 'id="import-language" name="language"' in page
    assert '<option value="ru">Russian (ru)</option>' in page
    assert '<option value="">The deck’s' in page


def test_a_word_list_imported_in_spanish_reports_its_bad_lines(client: TestClient) -> None:
    text = (WORDS / "spanish_kitchen.txt").read_text(encoding="utf-8")
    text += "собака – <b>dog</b>\n"
    page = _preview(client, text, language="es", deck="Cocina")
    assert 'id="preview-language">Spanish (es)<' in page
    assert 'line 12: <q>la nevera –</q> <span class="muted">(a word without its meaning)' in page
    assert "line 14: <q>собака – &lt;b&gt;dog&lt;/b&gt;</q>" in page  # escaped
    assert "<b>dog</b>" not in page
    assert 'id="preview-count">8<' in page
    location = _save(client, page)
    assert location.startswith("/decks/Cocina?added=8")
    deck = client.get(location).text
    assert 'id="deck-language">Spanish (es)<' in deck
    assert client.get("/api/decks/Cocina").json()["language"] == "es"
    listed = {d["name"]: d["language"] for d in client.get("/api/decks").json()["decks"]}
    assert listed == {"Cocina": "es"}


def test_an_english_deck_page_shows_no_language(client: TestClient) -> None:
    page = _preview(client, "Mitosis: a cell divides into two.\n", deck="Biology")
    _save(client, page)
    assert 'id="deck-language"' not in client.get("/decks/Biology").text


def test_a_deck_of_another_language_refuses_the_import_and_keeps_the_form(
    client: TestClient, home: Path
) -> None:
    _save(client, _preview(client, "gato – cat\nperro – dog\n", language="es", deck="Words"))
    before = dump(home / "mimagery.sqlite3")
    page = _preview(client, "собака dog\nкошка cat\n", deck="Words")
    assert 'id="import-error"' in page
    assert "the glossary is in Russian (ru) but deck &#39;Words&#39; is in Spanish (es)" in page
    assert 'id="import-language"' in page  # the import form again, with its choices
    assert dump(home / "mimagery.sqlite3") == before


def test_russian_words_are_romanised_on_the_term_and_study_pages(client: TestClient) -> None:
    text = (WORDS / "russian_space.txt").read_text(encoding="utf-8")
    location = _save(client, _preview(client, text, language="ru"))
    deck_url = location.split("?")[0]
    term = client.get(f"{deck_url}/terms/{quote('щука')}").text
    assert re.search(
        r'id="term-name">щука <span class="romanised" id="romanised"[^>]*>shchuka<', term
    )
    study = client.get(f"{deck_url}/study").text
    card = re.search(r'data-card="(\d+)"', study)
    assert card
    answer = client.get(f"{deck_url}/study?card={card.group(1)}&reveal=1").text
    found = re.search(r'id="answer-term">([^<]+) <span class="romanised"[^>]*>([^<]+)<', answer)
    assert found, answer[:2000]
    word, romanised = found.groups()
    assert romanised == {"собака": "sobaka", "кошка": "koshka"}.get(word, romanised)
    assert romanised.isascii() and romanised


def test_the_api_imports_in_a_language_and_reports_each_bad_word(client: TestClient) -> None:
    text = (WORDS / "russian_mixed.txt").read_text(encoding="utf-8")
    preview = client.post("/api/import", json={"text": text, "preview": True})
    body = preview.json()
    assert preview.status_code == 200, body
    assert body["language"] == "ru" and body["terms_read"] == 4
    assert [(s["line"], s["note"]) for s in body["skipped"]][:2] == [
        (5, "a Latin word in a Russian deck"),
        (6, "a Latin word in a Russian deck"),
    ]
    bad = client.post("/api/import", json={"text": "gato – cat", "language": "xx"})
    assert bad.status_code == 400 and "unknown language 'xx'" in bad.json()["error"]
    saved = client.post("/api/import", json={"text": "gato – cat\n", "language": "es", "deck": "W"})
    assert saved.status_code == 200 and saved.json()["language"] == "es"
    places = client.post(
        "/api/import",
        json={"text": '{"gato": "cat", "собака": "dog"}', "deck": "W", "preview": True},
    )
    assert places.json()["skipped"] == [
        {
            "line": 0,
            "text": "собака",
            "note": "a Cyrillic word in a Spanish deck",
            "place": "the word 'собака'",
        }
    ]
