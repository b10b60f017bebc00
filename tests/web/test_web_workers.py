"""``mimagery serve --workers N``: the form-token key every worker shares, reviews from
several processes on one database, ``TCP_NODELAY``, and the study page's deck checks."""

from __future__ import annotations

import html
import os
import re
import socket
import sqlite3
import stat
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient

from conftest import served
from mimagery import study
from mimagery.errors import MimageryError
from mimagery.model import Deck, Term
from mimagery.store import Store
from mimagery.store.engine import BUSY_TIMEOUT_MS, Busy
from mimagery.web import create_app, no_delay
from mimagery.web.security import KEY_FILE, Tokens, stored_key

DECK = "Workers Deck"
STUDY = f"/decks/{quote(DECK)}/study"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_FIELD = re.compile(r'<input type="hidden" name="(csrf|card|review_key|shown)" value="([^"]*)"')


def _fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _FIELD.findall(page)}


def _make_deck(data_dir: Path, terms: int = 30) -> Path:
    store = Store.open(data_dir=data_dir)
    made = [Term(f"Term {n:02d}", f"Meaning {n}.") for n in range(terms)]
    store.import_deck(Deck(DECK, made), now=START)
    database = store.sqlite_file
    store.close()
    assert database is not None
    return database


def _logged(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT review_key FROM reviews")]


# The key ------------------------------------------------------------------------------


def test_the_key_is_made_once_for_the_user_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / KEY_FILE
    key = stored_key(path)
    assert len(key) == 32 and path.read_bytes() == key
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stored_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == [KEY_FILE]  # no temporary file left


def test_processes_starting_at_once_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / KEY_FILE
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: stored_key(path), range(32)))
    assert keys == {path.read_bytes()}


@pytest.mark.parametrize("content", [b"", b"short", b"x" * 33])
def test_a_damaged_key_is_a_clean_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / KEY_FILE
    path.write_bytes(content)
    with pytest.raises(MimageryError, match="not a web key"):
        stored_key(path)


# Two apps, one database: what two worker processes see ---------------------------------


def test_workers_accept_each_others_forms_and_store_each_review_once(home: Path) -> None:
    database = _make_deck(home)
    key = stored_key(home / KEY_FILE)
    clock = lambda: START + timedelta(minutes=1)  # noqa: E731
    first = TestClient(create_app(clock=clock, secret=key), follow_redirects=False)
    second = TestClient(create_app(clock=clock, secret=key), follow_redirects=False)
    stranger = TestClient(create_app(clock=clock), follow_redirects=False)  # its own key
    keys = []
    for shown_by, graded_by in [(first, second), (second, first), (first, first)]:
        fields = _fields(shown_by.get(STUDY).text)
        answer = graded_by.post(STUDY, data={**fields, "grade": "good"})
        assert answer.status_code == 303, answer.text
        keys.append(fields["review_key"])
        # The browser sends the form again (a retry after a lost answer): stored once.
        assert second.post(STUDY, data={**fields, "grade": "good"}).status_code == 303
    assert sorted(_logged(database)) == sorted(keys)
    fields = _fields(first.get(STUDY).text)
    assert stranger.post(STUDY, data={**fields, "grade": "good"}).status_code == 403


def test_a_grade_goes_to_the_deck_in_its_address_only(home: Path) -> None:
    database = _make_deck(home)
    client = TestClient(create_app(clock=lambda: START), follow_redirects=False)
    client.post("/api/import", json={"text": "Lone: a term.", "deck": "Other"})
    fields = _fields(client.get(STUDY).text)
    other = client.post("/decks/Other/study", data={**fields, "grade": "good"})
    assert other.status_code == 400 and "is not in deck" in other.text
    missing = client.post("/decks/Nope/study", data={**fields, "grade": "good"})
    assert missing.status_code == 404
    any_case = client.post(STUDY.lower(), data={**fields, "grade": "good"})
    assert any_case.status_code == 303
    assert any_case.headers["location"].startswith(STUDY + "?")  # the deck's own name
    assert _logged(database) == [fields["review_key"]]


def test_next_card_reads_the_page_in_one_go(home: Path) -> None:
    _make_deck(home, terms=3)
    store = Store.open()
    try:
        study.change_settings(store, DECK, new_per_day=3)
        found = study.next_card(store, DECK.upper(), START, 25)
        assert found.deck == DECK and found.card is not None and found.term is not None
        assert found.term.name == found.card.term == "Term 00"
        chosen = found.due.cards[1]
        again = study.next_card(store, DECK, START, 25, card_id=chosen.card_id)
        assert again.card == chosen and again.term is not None
        assert again.term.name == chosen.term
        for card in found.due.cards:
            study.review(store, card.card_id, "good", START)
        # Nothing due now: learning cards due within the look-ahead come forward.
        ahead = study.next_card(store, DECK, START, 25, learn_ahead=timedelta(minutes=20))
        assert ahead.due.ahead and ahead.card is not None
        assert not study.next_card(store, DECK, START, 25).due.cards
        with pytest.raises(MimageryError, match="no deck called"):
            study.next_card(store, "Nope", START, 25)
    finally:
        store.close()


# The write lock held by another process -------------------------------------------------


def test_a_review_that_must_not_wait_says_busy_and_changes_nothing(home: Path) -> None:
    database = _make_deck(home)
    store = Store.open()
    try:
        card = study.due(store, DECK, START, 1).cards[0].card_id
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process writing
        with pytest.raises(Busy):
            study.review(store, card, "good", START, review_key="k1", wait=False)
        other.execute("ROLLBACK")
        other.close()
        assert _logged(database) == []
        # The connection went back to the pool waiting again as usual.
        with store.reading() as connection:
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert timeout == BUSY_TIMEOUT_MS
        study.review(store, card, "good", START, review_key="k1", wait=False)
        assert _logged(database) == ["k1"]
    finally:
        store.close()


def test_a_grade_waits_for_the_lock_without_holding_up_the_page(home: Path) -> None:
    database = _make_deck(home)
    client = TestClient(create_app(clock=lambda: START), follow_redirects=False)
    fields = _fields(client.get(STUDY).text)
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Timer(0.2, lambda: other.execute("COMMIT"))
    released.start()
    try:
        # Tries again until the lock is free (the event loop serves other requests).
        answer = client.post(STUDY, data={**fields, "grade": "good"})
    finally:
        released.join()
        other.close()
    assert answer.status_code == 303
    assert _logged(database) == [fields["review_key"]]


# The real server --------------------------------------------------------------------


def test_no_delay_turns_nagle_off() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        with client, accepted:
            accepted.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)

            class Transport:
                def get_extra_info(self, name: str) -> Any:
                    return accepted if name == "socket" else None

            no_delay(Transport())  # type: ignore[arg-type]
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def _request(sock: socket.socket, method: str, path: str, form: dict[str, str] | None = None,
             origin: str = "") -> tuple[int, str]:  # fmt: skip
    """One HTTP/1.1 request on a kept-alive connection (the answers carry a length)."""
    body = urlencode(form).encode() if form is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{sock.getpeername()[1]}\r\n"
    if form is not None:
        head += f"Origin: {origin}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n"
    sock.sendall(head.encode() + b"\r\n" + body)
    reader = sock.makefile("rb")
    status = int(reader.readline().split()[1])
    length = 0
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, reader.read(length).decode("utf-8")


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    """``mimagery serve --workers 2`` on a free port over a fresh data directory."""
    data = tmp_path / "data"
    database = _make_deck(data)
    with served(data, "--workers", "2") as port:
        yield port, data, database


def test_serve_with_two_workers(two_workers: tuple[int, Path, Path]) -> None:
    port, data, database = two_workers
    origin = f"http://127.0.0.1:{port}"
    # Several connections, likely answered by both workers; each grades with a form
    # another connection was given.
    connections = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(6)]
    try:
        pages = []
        for sock in connections:
            status, page = _request(sock, "GET", STUDY)
            assert status == 200 and 'id="card"' in page
            pages.append(_fields(page))
        keys = []
        for sock, fields in zip(connections, pages[1:] + pages[:1], strict=True):
            fields = {**fields, "review_key": uuid.uuid4().hex, "grade": "good"}
            status, _ = _request(sock, "POST", STUDY, fields, origin)
            assert status == 303
            keys.append(fields["review_key"])
    finally:
        for sock in connections:
            sock.close()
    assert sorted(_logged(database)) == sorted(keys)
    # Whichever worker answered, it signed with the key in the data directory.
    tokens = Tokens(stored_key(data / KEY_FILE))
    assert all(tokens.valid(fields["csrf"]) for fields in pages)


def test_workers_must_be_at_least_one(run: Any) -> None:
    result = run("serve", "--workers", "0")
    assert result.code == 2
