"""The study page (in process, a clock the test sets): the answer with the term once and
the picture without it, the grade bar with each grade's interval, siblings buried, the
day's summary, the mimage front giving nothing away, and the deck's bury setting."""

from __future__ import annotations

import base64
import html
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mimagery import study
from mimagery.actions import load_demo
from mimagery.study import MASK
from mimagery.web import create_app

DECK = "Data Structures Glossary"
DECK_URL = "/decks/" + quote(DECK)
API = f"/api/decks/{quote(DECK)}"
START = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(home: Path, clock: Clock) -> FastAPI:
    made = create_app(clock=clock)
    load_demo(made.state.web.store, clock())
    return made


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def hidden(page: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name}"
    return html.unescape(found.group(1))


def _card(page: str) -> str:
    found = re.search(r'data-card="(\d+)"', page)
    assert found, "no card on the page"
    return found.group(1)


def _grade(client: TestClient, page: str, grade: str) -> None:
    fields = {n: hidden(page, n) for n in ("csrf", "card", "review_key", "shown")}
    assert client.post(f"{DECK_URL}/study", data={**fields, "grade": grade}).status_code == 303


def _svg_texts(data_uri: str) -> str:
    svg = base64.b64decode(data_uri.split(",", 1)[1]).decode("utf-8")
    return " ".join(re.findall(r"<(?:text|title|desc)[^>]*>([^<]*)<", svg))


def test_the_answer_shows_the_term_once_and_the_bar_each_grades_interval(
    client: TestClient,
) -> None:
    card = _card(client.get(f"{DECK_URL}/study").text)
    page = client.get(f"{DECK_URL}/study?card={card}&reveal=1").text
    answer = page.split('<details id="answer"', 1)[1]
    # The term once (its heading), the definition once, no front left beside them.
    assert 'id="front"' not in page
    assert page.count(">Array<") == 1 and 'id="answer-term">Array<' in page
    assert answer.count("side by side in memory") == 1
    # The picture drawn without the term or a caption (the page writes those).
    picture = re.search(r'id="answer-picture" src="([^"]+)"', page)
    assert picture and picture.group(1).startswith("data:image/svg+xml;base64,")
    texts = _svg_texts(picture.group(1))
    assert "A Ray" in texts and "Array" not in texts
    # The grade bar: the four grades, each with the interval FSRS would give.
    assert 'class="grade-bar"' in page
    found = study.next_card(client.app.state.web.store, DECK, START, 10, card_id=int(card))
    for grade in ("again", "hard", "good", "easy"):
        shown = re.search(rf'id="interval-{grade}">(.*?)</span>\s*</button>', page, re.S)
        assert shown, grade
        label = re.sub(r"<[^>]+>.*?</span>", "", shown.group(1))
        assert label == study.describe_interval(found.intervals[grade])
    assert re.search(r'id="interval-again">.*?1m', page, re.S)
    assert re.search(r'id="interval-good">.*?10m', page, re.S)


def test_a_days_study_shows_each_term_in_one_direction_then_sums_up(
    client: TestClient, clock: Clock
) -> None:
    directions: dict[str, set[str]] = defaultdict(set)
    graded = 0
    for _ in range(100):
        page = client.get(f"{DECK_URL}/study").text
        if 'id="card"' not in page:
            break
        card = _card(page)
        revealed = client.get(f"{DECK_URL}/study?card={card}&reveal=1").text
        term = html.unescape(re.search(r'id="answer-term">([^<]+)<', revealed).group(1))  # type: ignore[union-attr]
        direction = re.search(r'data-direction="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        directions[term].add(direction)
        clock.now += timedelta(seconds=5)
        _grade(client, revealed, "again" if graded % 4 == 0 else "good")
        graded += 1
        clock.now += timedelta(minutes=1)
    assert len(directions) == 12
    assert all(len(found) == 1 for found in directions.values()), directions
    # Day one is the mimage's: every term with a complete mimage came as mimage → term.
    assert sum(found == {"mimage-term"} for found in directions.values()) >= 11
    done = client.get(f"{DECK_URL}/study").text
    assert 'id="done"' in done and "Finished for now" in done
    reviews = int(re.search(r'id="summary-reviewed">(\d+)<', done).group(1))  # type: ignore[union-attr]
    assert reviews == graded
    correct = re.search(r'id="summary-correct">(\d+)% \((\d+) of (\d+)\)<', done)
    assert correct and int(correct.group(3)) == graded
    assert re.search(r'id="summary-time">\d+ min \d+ s<', done)  # 5 s a card
    assert 'id="next-due"' in done


def test_the_mimage_front_of_binary_search_tree_gives_nothing_away(
    client: TestClient, clock: Clock
) -> None:
    for _ in range(12):
        page = client.get(f"{DECK_URL}/study").text
        card = _card(page)
        revealed = client.get(f"{DECK_URL}/study?card={card}&reveal=1").text
        if 'id="answer-term">Binary Search Tree' in revealed:
            break
        _grade(client, revealed, "easy")
    else:
        raise AssertionError("Binary Search Tree's card never came")
    front = page.split('id="front"', 1)[1].split('<details id="answer"', 1)[0]
    assert 'data-direction="mimage-term"' in page
    scene = re.search(r'<p class="scene">([^<]*)<', front).group(1)  # type: ignore[union-attr]
    assert f"Buy Nearly {MASK} {MASK}" in html.unescape(scene)
    picture = re.search(r'id="front-picture" src="([^"]+)"', front).group(1)  # type: ignore[union-attr]
    texts = _svg_texts(picture).casefold()
    assert "buy nearly" in texts
    words = html.unescape(front.replace(picture, "")).casefold()
    for word in ("binary", "search", "tree", "bst"):
        assert word not in texts and word not in words, word


def test_the_deck_page_turns_burying_off_and_on(client: TestClient) -> None:
    page = client.get(DECK_URL).text
    assert 'id="bury-siblings" checked' in page
    csrf = hidden(page, "csrf")
    off = client.post(f"{DECK_URL}/settings", data={"csrf": csrf})
    assert off.status_code == 303 and "saved=1" in off.headers["location"]
    after = client.get(off.headers["location"]).text
    assert 'id="bury-siblings"' in after and 'id="bury-siblings" checked' not in after
    assert 'id="settings-saved"' in after
    assert client.get(f"{API}/settings").json()["bury_siblings"] is False
    on = client.post(f"{DECK_URL}/settings", data={"csrf": csrf, "bury_siblings": "1"})
    assert on.status_code == 303
    assert client.get(f"{API}/settings").json()["bury_siblings"] is True
    forged = client.post(f"{DECK_URL}/settings", data={"bury_siblings": "1"})
    assert forged.status_code == 403


def test_the_settings_api(client: TestClient) -> None:
    changed = client.post(f"{API}/settings", json={"bury_siblings": False, "new_per_day": 5})
    assert changed.status_code == 200
    assert changed.json()["bury_siblings"] is False and changed.json()["new_per_day"] == 5
    bad = client.post(f"{API}/settings", json={"colour": "blue"})
    assert bad.status_code == 400 and "unknown study setting" in bad.json()["error"]
    wrong = client.post(f"{API}/settings", json={"bury_siblings": "yes"})
    assert wrong.status_code == 400
    assert client.get(f"{API}/settings").json()["new_per_day"] == 5
    assert client.get("/api/decks/Nope/settings").status_code == 404


def test_a_deck_without_reviews_has_sentences_not_empty_charts(client: TestClient) -> None:
    page = client.get(f"{DECK_URL}/stats").text
    for ident in ("no-retention", "no-forecast", "no-reviews", "no-heatmap", "no-hardest"):
        assert f'id="{ident}"' in page, ident
    assert "<svg" in page  # the cards by state: the deck has cards
    assert "<th></th>" not in page and "<th> </th>" not in page


def test_every_table_header_and_scroll_region_is_labelled(client: TestClient) -> None:
    first = client.get(f"{DECK_URL}/study").text
    _grade(client, client.get(f"{DECK_URL}/study?card={_card(first)}&reveal=1").text, "again")
    pages = [f"{DECK_URL}/stats", f"{DECK_URL}/terms/Array", f"{DECK_URL}/terms/Graph"]
    for url in pages:
        page = client.get(url).text
        assert not re.search(r"<th[^>]*>\s*</th>", page), url
        for region in re.findall(r'<(?:div|figure)[^>]*tabindex="0"[^>]*>', page):
            assert 'role="region"' in region and 'aria-label="' in region, (url, region)
