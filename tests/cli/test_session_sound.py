"""Sound in the terminal: ``p`` in a study session says the term through the audio player
found on ``PATH`` (a fake one here, which logs what it was asked to play), never before
the answer on a card that asks for the term; no player or no engine is one line in the
session; ``check --repair`` leaves the audio cache alone."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from conftest import Result
from mimagery import formats, study
from mimagery.cli.player import Player, find_player
from mimagery.cli.session import Session
from mimagery.model import Deck
from mimagery.speech import cache
from mimagery.store import Store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DECK = {
    "deck": "Botany",
    "terms": [
        {
            "term": "Xylem",
            "definition": "Tissue that carries water up a plant.",
            "mimages": [{"keyword": "Sigh Lamb", "scene": "A lamb sighs up the xylem pipe."}],
        }
    ],
}


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store.open()
    opened.import_deck(formats.read(json.dumps(DECK), "json"), now=NOW)
    yield opened
    opened.close()


@pytest.fixture
def played(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``aplay`` alone on ``PATH``; the file it writes its arguments to."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "played.txt"
    fake = folder / "aplay"
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{log}'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return log


class Keys:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def read_key(self) -> str | None:
        return self.keys.pop(0) if self.keys else None


def _session(store: Store, keys: list[str], player: Player | None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None, highlight=False)
    Session(store, "Botany", Keys(keys), console, lambda: NOW, player=player).run()
    return buffer.getvalue()


def _said(log: Path) -> list[Path]:
    """The files the fake player was asked to play."""
    if not log.exists():
        return []
    return [Path(line) for line in log.read_text().splitlines() if line.endswith(".wav")]


def test_the_player_is_found_on_path(played: Path) -> None:
    player = find_player()
    assert player is not None and player.name == "aplay"


def test_no_player_on_path_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_player() is None


def test_p_says_the_term_once_the_answer_shows(
    run: Callable[..., Result], home: Path, tmp_path: Path, played: Path
) -> None:
    glossary = tmp_path / "botany.json"
    glossary.write_text(json.dumps(DECK), encoding="utf-8")
    assert run("import", str(glossary)).code == 0
    # The first card is the mimage → term card: it asks for the term.
    result = run("study", stdin=b"p\n\np\n3\nq\n")
    assert result.code == 0, result.err
    assert "p says the term once the answer shows." in result.out
    assert "Saying Xylem (aplay)." in result.out
    said = _said(played)
    assert len(said) == 1  # the p on the front played nothing
    assert said[0] == home / "cache" / "audio" / cache.file_name("Xylem", "en")
    assert said[0].read_bytes().startswith(b"RIFF")
    assert "-q" in played.read_text().splitlines()


@pytest.mark.parametrize(
    ("direction", "on_front"),
    [("term-definition", True), ("definition-term", False), ("mimage-term", False)],
)
def test_only_a_card_showing_the_term_says_it_on_its_front(
    store: Store, played: Path, direction: str, on_front: bool
) -> None:
    study.change_settings(store, "Botany", directions=[direction])
    player = find_player()
    out = _session(store, ["p", "q"], player)
    assert bool(_said(played)) is on_front
    assert ("Saying Xylem" in out) is on_front
    if on_front:
        assert "p hear" in out


def test_the_term_is_said_in_the_decks_language(
    store: Store, played: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.load_deck

    def in_spanish(name: str) -> Deck:
        deck = loaded(name)
        deck.language = "es"
        return deck

    monkeypatch.setattr(store, "load_deck", in_spanish)
    _session(store, [" ", "p", "q"], find_player())
    assert [path.name for path in _said(played)] == [cache.file_name("Xylem", "es")]


def test_no_player_is_one_line_in_the_session(store: Store) -> None:
    out = _session(store, [" ", "p", "3", "q"], None)
    assert "No sound: no audio player is installed (one of pw-play, paplay, aplay" in out
    assert "Reviewed" in out  # the session went on and summed up


def test_no_engine_is_one_line_in_the_session(
    store: Store, played: Path, no_speech_engine: str
) -> None:
    out = _session(store, [" ", "p", "3", "q"], find_player())
    line = next(line for line in out.splitlines() if "No sound:" in line)
    assert "eSpeak NG" in line
    assert not _said(played)
    assert "Reviewed" in out


def test_a_player_that_will_not_start_is_one_line(store: Store, tmp_path: Path) -> None:
    gone = Player("gone", [str(tmp_path / "no-such-player")])
    out = _session(store, [" ", "p", "q"], gone)
    assert "No sound: the audio player gone did not start" in out


def test_a_long_sound_does_not_hold_the_session(store: Store, tmp_path: Path) -> None:
    slow = tmp_path / "slow-player"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    player = Player("slow", [str(slow)])
    started = time.monotonic()
    _session(store, [" ", "p", "p", "q"], player)
    # Not a timing assertion on speed: the 30 s sound was stopped, not waited for.
    assert time.monotonic() - started < 25
    assert player._playing is None


def test_check_neither_reports_nor_removes_the_audio_cache(
    run: Callable[..., Result], home: Path, store: Store
) -> None:
    said = cache.audio_file(home, "Xylem", "en")
    stale = cache.audio_file(home, "A deleted term", "en")
    hours_ago = time.time() - 7200
    for path in (said, stale):
        os.utime(path, (hours_ago, hours_ago))
    checked = run("check")
    assert checked.code == 0 and "ok" in checked.out, checked.out
    assert run("check", "--repair").code == 0
    assert said.is_file() and stale.is_file()
