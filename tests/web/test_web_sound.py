"""Sound in the web app (in process): play buttons for the term and keyword on the term
and study pages, served from the audio cache only, as ``audio/wav`` under a CSP that runs
nothing; on a card that asks for the term, no term sound before the answer; a missing
engine is a line on the page, never an error."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, quote_plus

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
AUDIO = re.compile(r'<audio class="sound" id="([a-z-]+)"[^>]* src="([^"]+)"')


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
    players = {
        k: html.unescape(v) for k, v in _players(client.get(term_url(DECK, "Trie")).text).items()
    }
    url = term_url(DECK, "Trie", "/sound.wav")
    assert players == {"term-sound": url, "keyword-sound": f"{url}?keyword={quote_plus(keyword)}"}
    assert document["sounds"] == {
        "term": {"url": players["term-sound"], "problem": None},
        "keyword": {"url": players["keyword-sound"], "problem": None},
    }
    folder = home / "cache" / "audio"
    assert not folder.exists()  # made when first asked for, not with the page
    for which, text in (("term-sound", "Trie"), ("keyword-sound", keyword)):
        response = client.get(players[which])
        assert response.status_code == 200
        assert response.headers["content-type"] == "audio/wav"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == "default-src 'none'"
        assert response.content == (folder / cache.file_name(text, "en")).read_bytes()
        assert response.content.startswith(b"RIFF") and b"WAVE" in response.content[:12]


def test_pages_allow_sound_from_this_server_only(client: TestClient) -> None:
    csp = client.get(term_url(DECK, "Trie")).headers["content-security-policy"]
    assert "media-src 'self'" in csp


def test_the_sound_route_says_a_terms_own_words_from_the_cache_only(
    client: TestClient, home: Path
) -> None:
    url = term_url(DECK, "Trie", "/sound.wav")
    for bad in [
        url + "?keyword=" + quote_plus("Anything I like"),  # not a keyword of the term
        term_url(DECK, "No Such Term", "/sound.wav"),
        term_url("No Such Deck", "Trie", "/sound.wav"),
        term_url(DECK, "Trie", "/sound.mp3"),
    ]:
        refused = client.get(bad)
        assert refused.status_code == 404, bad
    assert not list((home / "cache" / "audio").glob("*.wav"))  # nothing was said
    # A link planted in the cache, where the term's file would be, is not followed out.
    (home / "secret.wav").write_bytes(b"RIFF secret")
    folder = home / "cache" / "audio"
    folder.mkdir(parents=True)
    (folder / cache.file_name("Trie", "en")).symlink_to(home / "secret.wav")
    refused = client.get(url)
    assert refused.status_code == 404 and "secret" not in refused.text


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
    term_sound = term_url(DECK, term.group(1).split(" (")[0], "/sound.wav")
    # The front: the term's sound only when the term is what the front shows.
    assert (term_sound in front) is term_on_front
    assert ("front-term-sound" in _players(front)) is term_on_front
    # The answer, behind the reveal: the term's sound and the keyword's, each once.
    players = _players(answer)
    assert players["answer-term-sound"] == term_sound
    assert "answer-keyword-sound" in players
    assert page.count(f'src="{term_sound}"') == 1 + term_on_front
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
    direct = client.get(term_url(DECK, "Trie", "/sound.wav"))
    assert direct.status_code == 400 and "eSpeak NG" in direct.text
    study.change_settings(app.state.web.store, DECK, directions=["term-definition"])
    studied = client.get(f"{DECK_URL}/study?reveal=1")
    assert studied.status_code == 200 and "<audio" not in studied.text
    assert 'id="answer-term-sound-missing"' in studied.text
