"""Sound in the web app (in process): play buttons for the term and keyword on the term
and study pages, served from the audio cache only, as ``audio/wav`` under a CSP that runs
nothing; on a card that asks for the term, no term sound before the answer; a missing
engine is a line on the page, never an error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mimagery import study
from mimagery.actions import load_demo
from mimagery.speech import cache
from mimagery.web import create_app
from mimagery.web.views import term_url

DECK = "Data Structures Glossary"
DECK_URL = "/decks/" + quote(DECK)
NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
AUDIO = re.compile(r'<audio class="sound" id="([a-z-]+)"[^>]* src="(/audio/[0-9a-f]{32}\.wav)"')


@pytest.fixture
def app(home: Path) -> FastAPI:
    made = create_app(clock=lambda: NOW)
    load_demo(made.state.web.store, NOW)
    return made


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _players(page: str) -> dict[str, str]:
    """The page's audio elements: id → source URL."""
    return dict(AUDIO.findall(page))


def test_the_term_page_plays_the_term_and_the_keyword(client: TestClient, home: Path) -> None:
    document = client.get(f"/api/decks/{quote(DECK)}/terms/Trie").json()
    keyword = next(m for m in document["mimages"] if m["chosen"])["keyword"]
    players = _players(client.get(term_url(DECK, "Trie")).text)
    assert players == {
        "term-sound": "/audio/" + cache.file_name("Trie", "en"),
        "keyword-sound": "/audio/" + cache.file_name(keyword, "en"),
    }
    assert document["sounds"] == {
        "term": {"url": players["term-sound"], "problem": None},
        "keyword": {"url": players["keyword-sound"], "problem": None},
    }
    for url in players.values():
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "audio/wav"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == "default-src 'none'"
        assert response.content.startswith(b"RIFF") and b"WAVE" in response.content[:12]
        assert (home / "cache" / "audio" / url.rsplit("/", 1)[1]).is_file()


def test_pages_allow_sound_from_this_server_only(client: TestClient) -> None:
    csp = client.get(term_url(DECK, "Trie")).headers["content-security-policy"]
    assert "media-src 'self'" in csp


def test_the_sound_route_serves_the_audio_cache_only(client: TestClient, home: Path) -> None:
    url = _players(client.get(term_url(DECK, "Trie")).text)["term-sound"]
    folder = home / "cache" / "audio"
    (home / "secret.wav").write_bytes(b"RIFF secret")
    (folder / ("a" * 32 + ".wav")).symlink_to(home / "secret.wav")
    (home / "cache" / ("b" * 32 + ".wav")).write_bytes(b"RIFF secret")
    name = url.rsplit("/", 1)[1]
    for bad in [
        "/audio/" + "a" * 32 + ".wav",  # a link out of the folder
        "/audio/..%2F" + "b" * 32 + ".wav",
        "/audio/%2e%2e/secret.wav",
        "/audio/../secret.wav",
        "/audio/..%2Fsecret.wav",
        "/audio//etc/passwd",
        "/audio/" + name.upper(),
        "/audio/" + name.replace(".wav", ".txt"),
        "/audio/" + name + "%00",
        "/audio/" + "c" * 32 + ".wav",  # missing
        "/audio/",
    ]:
        refused = client.get(bad)
        assert refused.status_code == 404, bad
        assert "secret" not in refused.text


@pytest.mark.parametrize(
    ("direction", "term_on_front"),
    [("term-definition", True), ("definition-term", False), ("mimage-term", False)],
)
def test_the_term_is_heard_before_the_answer_only_when_the_front_is_the_term(
    app: FastAPI, client: TestClient, direction: str, term_on_front: bool
) -> None:
    study.change_settings(app.state.web.store, DECK, directions=[direction])
    page = client.get(f"{DECK_URL}/study").text
    front, answer = page.split('<details id="answer"', 1)
    term = re.search(r'id="answer-term">([^<]+)<', answer)
    assert term is not None
    term_sound = "/audio/" + cache.file_name(term.group(1).split(" (")[0], "en")
    # The front: the term's sound only when the term is what the front shows.
    assert (term_sound in front) is term_on_front
    assert ("front-term-sound" in _players(front)) is term_on_front
    # The answer, behind the reveal: the term's sound and the keyword's, each once.
    players = _players(answer)
    assert players["answer-term-sound"] == term_sound
    assert "answer-keyword-sound" in players
    assert page.count(term_sound) == 1 + term_on_front
    assert client.get(term_sound).status_code == 200


def test_a_missing_engine_is_a_line_on_the_page(
    app: FastAPI, client: TestClient, no_speech_engine: str
) -> None:
    page = client.get(term_url(DECK, "Trie"))
    assert page.status_code == 200
    assert "<audio" not in page.text
    missing = re.search(r'id="term-sound-missing">([^<]+)<', page.text)
    assert missing is not None and "No sound:" in missing.group(1)
    assert "eSpeak NG" in missing.group(1)
    document = client.get(f"/api/decks/{quote(DECK)}/terms/Trie").json()
    assert document["sounds"]["term"]["url"] is None
    assert "eSpeak NG" in document["sounds"]["term"]["problem"]
    study.change_settings(app.state.web.store, DECK, directions=["term-definition"])
    studied = client.get(f"{DECK_URL}/study?reveal=1")
    assert studied.status_code == 200 and "<audio" not in studied.text
    assert 'id="answer-term-sound-missing"' in studied.text
