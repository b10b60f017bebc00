"""Studying in the terminal: the session with fed keys and a fake clock, the key readers,
the ``study`` command, and one run in a real terminal (tmux)."""

from __future__ import annotations

import io
import json
import os
import re
import select as os_select
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import func, select

from conftest import Result
from mimagery import formats, study
from mimagery.cli.session import LineKeys, Session, Summary, TerminalKeys
from mimagery.errors import MimageryError
from mimagery.model import Deck, Term, normalise
from mimagery.store import Store
from mimagery.store import study as study_sql
from mimagery.store.study import NEW
from mimagery.store.tables import reviews
from mimagery.study import MASK, next_due

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
THINK = timedelta(seconds=2)  # how long the fake learner takes over each key

PICTURE = "pictures/botany-1a2b/xylem-3c4d-0badcafe.svg"
DECK = {
    "deck": "Botany",
    "terms": [
        {
            "term": "Xylem",
            "aliases": ["XY"],
            "definition": "Tissue that carries water up; xylem cells are dead when working.",
            "mimages": [
                {
                    "keyword": "Sigh Lamb",
                    "scene": "A lamb sighs as it climbs the XYLEM pipe, water splashing.",
                    "picture": PICTURE,
                }
            ],
        },
        {
            "term": "Phloem",
            "definition": "Tissue that carries sugars down.",
            "mimages": [{"keyword": "Flow Em", "scene": "Syrup flows down to them."}],
        },
        {"term": "Stoma", "definition": "A pore in a leaf."},
    ],
}


class Clock:
    """A fake clock: it stands still until a key is read."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class FedKeys:
    """Keys fed from a list; each one takes the learner ``THINK`` on the fake clock."""

    def __init__(self, keys: Sequence[str], clock: Clock) -> None:
        self.keys = list(keys)
        self.clock = clock

    def read_key(self) -> str | None:
        if not self.keys:
            return None
        self.clock.now += THINK
        key = self.keys.pop(0)
        if key == "\x03":  # as TerminalKeys does when the terminal passes Ctrl-C on
            raise KeyboardInterrupt
        return key


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store.open()
    opened.import_deck(formats.read(json.dumps(DECK), "json"), now=NOW)
    yield opened
    opened.close()


def _console() -> tuple[Console, io.StringIO]:
    # No colours and no terminal: the text is exactly what was printed, control codes aside.
    buffer = io.StringIO()
    return Console(file=buffer, width=200, color_system=None, highlight=False), buffer


def _session(
    store: Store, keys: Sequence[str], deck: str = "Botany", **options: Any
) -> tuple[Summary, str]:
    clock = Clock()
    console, buffer = _console()
    summary = Session(store, deck, FedKeys(keys, clock), console, clock, **options).run()
    return summary, buffer.getvalue()


def _logged(store: Store) -> list[Any]:
    with store.reading() as connection:
        return list(connection.execute(select(reviews).order_by(reviews.c.id)))


def _card(store: Store, card_id: int) -> Any:
    with store.reading() as connection:
        return study_sql.card(connection, card_id)


def _first_due(store: Store) -> study.DueCard:
    return study.due(store, "Botany", NOW).cards[0]


# A session ----------------------------------------------------------------------------


def test_reveal_and_grade_record_reviews(store: Store) -> None:
    first, second = study.due(store, "Botany", NOW).cards[:2]
    summary, output = _session(store, [" ", "3", " ", "1", "q"])
    logged = _logged(store)
    assert [(row.card_id, row.rating) for row in logged] == [
        (first.card_id, 3),
        (second.card_id, 1),
    ]
    # From the front being shown to the grade: two keys of the fake learner.
    assert [row.duration_ms for row in logged] == [4000, 4000]
    assert _card(store, first.card_id).state != NEW
    assert first.card_id not in [c.card_id for c in study.due(store, "Botany", NOW).cards]
    assert (summary.reviewed, summary.correct, summary.correct_percent) == (2, 1, 50)
    assert "Session over" in output


def test_quit_prints_the_summary_with_counts(store: Store) -> None:
    summary, output = _session(store, [" ", "3", " ", "1", "q"])
    tail = output.split("Session over", 1)[1]
    assert re.search(r"Reviewed\s+2\b", tail)
    assert re.search(r"Correct\s+50% \(1 of 2\)", tail)
    assert re.search(r"Time\s+10 s", tail)  # five keys of two seconds
    # The third term is still new and allowed today: something is due right away.
    assert summary.next_due == NOW + 5 * THINK
    assert re.search(r"Next due\s+2026-03-02 10:00 \(now\)", tail)


def test_undo_puts_the_card_back_as_it_was(store: Store) -> None:
    first = _first_due(store)
    before = _card(store, first.card_id)
    summary, output = _session(store, [" ", "3", "u", "q"])
    assert _card(store, first.card_id) == before
    assert _logged(store) == []
    assert summary.reviewed == 0
    # The undone card (Xylem's mimage → term, its first) is on screen again, at the front.
    after_undo = output.split("Undone: Xylem (good) is back.", 1)[1]
    assert f"A lamb sighs as it climbs the {MASK} pipe" in after_undo.split("Session over", 1)[0]


def test_undo_twice_takes_back_two_grades_in_order(store: Store) -> None:
    cards = study.due(store, "Botany", NOW).cards[:2]
    rows = [_card(store, card.card_id) for card in cards]
    _session(store, [" ", "3", " ", "4", "u", "u", "q"])
    assert [_card(store, card.card_id) for card in cards] == rows
    assert _logged(store) == []


def test_undo_with_nothing_graded_says_so(store: Store) -> None:
    summary, output = _session(store, ["u", "q"])
    assert "Nothing to undo in this session." in output
    assert summary.reviewed == 0


def test_a_grade_before_the_answer_is_shown_is_not_taken(store: Store) -> None:
    _, output = _session(store, ["3", "q"])
    assert _logged(store) == []
    assert "Space or Enter shows the answer first." in output


def test_the_answer_shows_term_definition_and_mimage(store: Store, home: Path) -> None:
    _, output = _session(store, [" ", "q"])
    answer = output.split("answer", 1)[1]
    assert "Xylem (XY)" in answer
    assert "Tissue that carries water up" in answer
    assert "★ Sigh Lamb" in answer
    assert "A lamb sighs as it climbs the XYLEM pipe" in answer
    assert f"picture: {home / PICTURE}" in answer


def test_a_mimage_front_hides_the_term(store: Store, home: Path) -> None:
    study.change_settings(store, "Botany", directions=["mimage-term"])
    _, output = _session(store, ["q"])
    front = output.split("Session over", 1)[0]
    assert "mimage → term" in front
    assert f"A lamb sighs as it climbs the {MASK} pipe" in front
    # Not a terminal: the picture is a file to open, drawn without the term, and named so
    # that its path gives nothing away either.
    question = home / "cache" / "question.svg"
    assert f"picture: {question}" in front
    assert "xylem" not in question.read_text(encoding="utf-8").casefold()
    assert "xylem" not in front.casefold()
    assert "Sigh Lamb" not in front  # only the scene and the picture: not the answer side


HALF_BLOCK = "▀"


def _drawn(text: str) -> int:
    """How many half-block cells a screen holds: a picture drawn in the terminal."""
    return text.count(HALF_BLOCK)


def _terminal_session(store: Store, keys: Sequence[str]) -> list[str]:
    """A session on a console Rich takes for a terminal, pictures on; its screens."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, height=40, force_terminal=True, color_system=None)
    clock = Clock()
    Session(store, "Botany", FedKeys(keys, clock), console, clock, pictures=True).run()
    return buffer.getvalue().split("\x1b[H")[1:]  # each screen starts with a clear


def test_in_a_terminal_the_cards_pictures_are_drawn(store: Store) -> None:
    study.change_settings(store, "Botany", directions=["mimage-term"])
    front = _terminal_session(store, ["q"])[0]
    assert "mimage → term" in front
    assert _drawn(front) > 500  # a card 64 cells wide and 20 rows high, more or less
    assert "picture:" not in front and "xylem" not in front.casefold()
    # The other cards show the picture with the answer, not before.
    study.change_settings(store, "Botany", directions=["term-definition"])
    asked, answered = _terminal_session(store, [" ", "q"])[:2]
    assert "Xylem" in asked and _drawn(asked) == 0
    assert "★ Sigh Lamb" in answered and _drawn(answered) > 500


def test_without_a_terminal_no_picture_is_drawn(store: Store) -> None:
    _, output = _session(store, [" ", "q"])
    assert _drawn(output) == 0


def test_a_definition_front_hides_the_term(store: Store) -> None:
    study.change_settings(store, "Botany", directions=["definition-term"])
    _, output = _session(store, ["q"])
    front = output.split("Session over", 1)[0]
    assert "definition → term" in front
    assert f"Tissue that carries water up; {MASK} cells" in front
    assert "xylem" not in front.casefold()


def test_user_text_is_shown_literally(home: Path) -> None:
    # Straight into the store, past the importers' cleaning, as a hostile database might hold.
    deck = Deck(
        "[red]Tricky[/red]",
        [Term("[bold]Stoma[/bold]", "A pore \x1b[31min a leaf\x1b]0;title\x07.")],
    )
    opened = Store.open()
    try:
        opened.import_deck(normalise(deck), now=NOW)
        _, output = _session(opened, [" ", "q"], deck="[red]Tricky[/red]")
    finally:
        opened.close()
    assert "[bold]Stoma[/bold]" in output
    assert "[red]Tricky[/red]" in output
    assert "A pore [31min a leaf]0;title." in output
    assert "\x1b" not in output and "\x07" not in output


def test_learning_cards_come_back_in_the_same_session(store: Store) -> None:
    study.change_settings(store, "Botany", directions=["term-definition"])
    card = _first_due(store)
    # Again (due in a minute), then the other two terms, then the first one is back.
    _session(store, [" ", "1", " ", "3", " ", "3", " ", "3", "q"])
    assert [row.card_id for row in _logged(store)].count(card.card_id) == 2


def test_without_learning_ahead_the_session_ends_when_nothing_is_due(store: Store) -> None:
    study.change_settings(store, "Botany", directions=["term-definition"], fuzz=False)
    keys = [" ", "1", " ", "3", " ", "3", "q"]
    summary, output = _session(store, keys, learn_ahead=timedelta(0))
    assert len(_logged(store)) == 3
    assert "Nothing more is due." in output
    # The card graded Again at 10:00:04 is back one minute later (the first learning step).
    assert summary.next_due == NOW + 2 * THINK + timedelta(minutes=1)
    assert "(in 1 min)" in output


def test_the_limit_ends_the_session(store: Store) -> None:
    summary, output = _session(store, [" ", "3", " ", "3"], limit=1)
    assert summary.reviewed == 1 and len(_logged(store)) == 1
    assert "Reached the limit of 1 reviews." in output


def test_the_end_of_the_keys_quits(store: Store) -> None:
    summary, output = _session(store, [" ", "3"])
    assert summary.reviewed == 1
    assert "Session over" in output


def test_ctrl_c_ends_the_session_with_its_summary(store: Store) -> None:
    summary, output = _session(store, [" ", "3", " ", "\x03"])
    assert summary.reviewed == 1 and len(_logged(store)) == 1
    assert "Stopped with Ctrl-C." in output
    assert re.search(r"Reviewed\s+1\b", output)


def test_nothing_due_says_when_the_next_card_is(store: Store) -> None:
    study.change_settings(store, "Botany", new_per_day=1)
    study.review(store, _first_due(store).card_id, "easy", NOW)
    summary, output = _session(store, [" ", "3"])
    # Today's one new card is used up; the next comes when the next study day starts.
    tomorrow = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)
    assert summary.nothing_due and summary.next_due == tomorrow
    assert next_due(store, "Botany", NOW) == tomorrow
    assert "Nothing due in Botany. Next: 2026-03-03 04:00 (in 18 h)." in output
    assert len(_logged(store)) == 1


def test_a_deck_without_cards_to_study_is_an_error(store: Store) -> None:
    # Only mimage cards, and no term of this deck has a mimage.
    store.import_deck(normalise(Deck("Bare", [Term("Pith", "The centre of a stem.")])), now=NOW)
    study.change_settings(store, "Bare", directions=["mimage-term"])
    with pytest.raises(MimageryError, match="has no cards to study"):
        _session(store, ["q"], deck="Bare")


# Key readers --------------------------------------------------------------------------


def test_line_keys_read_one_key_a_line() -> None:
    keys = LineKeys(io.StringIO("\n \n3\n u \nq"))
    assert [keys.read_key() for _ in range(6)] == [" ", " ", "3", "u", "q", None]


def test_terminal_keys_read_single_presses_and_restore_the_terminal() -> None:
    termios = pytest.importorskip("termios")
    main, secondary = os.openpty()
    try:
        saved = termios.tcgetattr(secondary)
        with TerminalKeys(secondary) as keys:
            mode = termios.tcgetattr(secondary)
            assert not mode[3] & (termios.ECHO | termios.ICANON)
            # Everything is written before the first read, so no read waits on the writer.
            # Space, 3, arrow up, Home (its 1 is no grade), é, Alt-x, Enter, q.
            os.write(main, " 3\x1b[A\x1b[1~é\x1bx\rq".encode())
            pressed = []
            for _ in range(8):
                # Never block on a key that is not there: a missing key fails, it does not hang.
                assert os_select.select([secondary], [], [], 20)[0], f"no key after {pressed}"
                pressed.append(keys.read_key())
            # Enter arrives as "\n": cbreak mode keeps the terminal's CR-to-NL translation.
            assert pressed == [" ", "3", "\x1b", "\x1b", "é", "\x1b", "\n", "q"]
        assert termios.tcgetattr(secondary) == saved
        with pytest.raises(KeyboardInterrupt), TerminalKeys(secondary):
            raise KeyboardInterrupt
        assert termios.tcgetattr(secondary) == saved
    finally:
        os.close(main)
        os.close(secondary)


# The command --------------------------------------------------------------------------


def _import(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "botany.json"
    path.write_text(json.dumps(DECK), encoding="utf-8")
    assert run("import", str(path)).code == 0


def test_study_command_reads_keys_from_lines(run: Callable[..., Result], tmp_path: Path) -> None:
    _import(run, tmp_path)
    result = run("study", "--deck", "botany", stdin=b" \n3\n\n4\nq\n")
    assert result.code == 0, result.err
    assert "Session over: Botany" in result.out
    assert re.search(r"Reviewed\s+2\b", result.out)


def test_study_command_errors_are_one_line(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("study", "--deck", "nope")
    assert result.code == 2
    assert result.err.startswith("error: ") and result.err.count("\n") == 1
    _import(run, tmp_path)
    assert run("settings", "--new-per-day", "0").code == 0
    result = run("study")
    assert result.code == 2
    assert result.err == "error: deck 'Botany' has no cards to study\n"


def test_study_command_with_nothing_due_exits_0(run: Callable[..., Result], tmp_path: Path) -> None:
    _import(run, tmp_path)
    assert run("settings", "--new-per-day", "1").code == 0
    assert run("study", stdin=b" \n4\n").code == 0
    result = run("study", stdin=b"")
    assert result.code == 0
    assert result.out.startswith("Nothing due in Botany. Next: ")


# A real terminal ----------------------------------------------------------------------


class Tmux:
    """One tmux server of our own (its own socket), with one session in it."""

    def __init__(self, executable: str) -> None:
        # No user configuration: the test sees tmux's defaults wherever it runs.
        name = f"mimagery-test-{uuid.uuid4().hex[:12]}"
        self.base = [executable, "-L", name, "-f", os.devnull]
        self.env = {**os.environ, "TERM": os.environ.get("TERM") or "xterm-256color"}

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "study")

    def wait_for(self, text: str, deadline: float = 20.0) -> str:
        """Poll the screen until ``text`` is on it; the deadline only keeps a failure short."""
        end = time.monotonic() + deadline
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} did not appear; the screen:\n{screen}")
            time.sleep(0.1)

    def press(self, key: str, then: str) -> str:
        self("send-keys", "-t", "study", key)
        return self.wait_for(then)


@pytest.fixture(scope="module")
def word_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caches a data directory builds on first use (the word lexicon: about 20 s),
    built once here for every terminal test to copy: drawing a card needs them."""
    home = tmp_path_factory.mktemp("warm")
    env = {**os.environ, "MIMAGERY_HOME": str(home)}
    command = [sys.executable, "-m", "mimagery", "keywords", "Xylem"]
    subprocess.run(command, env=env, capture_output=True, check=True)
    return home / "cache"


def _home_with_deck(tmp_path: Path, caches: Path) -> Path:
    """A data directory holding ``DECK`` and the word caches."""
    home = tmp_path / "home"
    shutil.copytree(caches, home / "cache")
    opened = Store.open(data_dir=home)
    try:
        opened.import_deck(formats.read(json.dumps(DECK), "json"), now=datetime.now(UTC))
    finally:
        opened.close()
    return home


@pytest.mark.slow
@pytest.mark.parametrize("quit_key", ["q", "C-c"])
def test_study_in_a_real_terminal(tmp_path: Path, quit_key: str, word_caches: Path) -> None:
    executable = shutil.which("tmux")
    if executable is None:
        pytest.skip("tmux is not installed (apt-get install tmux): no terminal to drive")
    home = _home_with_deck(tmp_path, word_caches)
    opened = Store.open(data_dir=home)
    try:
        first, second = study.due(opened, "Botany", datetime.now(UTC)).cards[:2]
        second_before = _card(opened, second.card_id)
    finally:
        opened.close()
    study_command = " ".join(
        [
            "env -u COLUMNS -u LINES",  # let Rich measure the pane, not an inherited size
            f"MIMAGERY_HOME={shlex.quote(str(home))}",
            shlex.quote(sys.executable),
            "-m mimagery study --deck Botany",
        ]
    )
    # The exit status is printed under the last screen, and the shell stays a while so the
    # pane can still be read (tmux's own "Pane is dead" notice would scroll the screen).
    command = f'{study_command}; echo "exit status $?"; sleep 120'
    tmux = Tmux(executable)
    try:
        tmux("new-session", "-d", "-s", "study", "-x", "120", "-y", "40", command)
        front = tmux.wait_for("Space/Enter show answer")
        assert "mimage → term" in front and "0 reviewed" in front  # a term's first card
        answer = tmux.press("Space", "1 Again · 2 Hard · 3 Good · 4 Easy")
        assert "★ Sigh Lamb" in answer
        tmux.press("3", "1 reviewed")
        tmux.press("Space", "Tissue that carries sugars down.")
        tmux.press("1", "2 reviewed")
        undone = tmux.press("u", "Undone: Phloem (again) is back.")
        assert "1 reviewed" in undone
        summary = tmux.press(quit_key, "exit status")
        assert "Session over: Botany" in summary
        assert ("Stopped with Ctrl-C." in summary) is (quit_key == "C-c")
        assert re.search(r"Reviewed\s+1\b", summary)
        assert re.search(r"Correct\s+100% \(1 of 1\)", summary)
        assert "exit status 0" in summary
    finally:
        subprocess.run([*tmux.base, "kill-server"], env=tmux.env, capture_output=True)
    opened = Store.open(data_dir=home)
    try:
        logged = _logged(opened)
        assert [(row.card_id, row.rating) for row in logged] == [(first.card_id, 3)]
        assert _card(opened, second.card_id) == second_before
        with opened.reading() as connection:
            assert connection.execute(select(func.count()).select_from(reviews)).scalar() == 1
    finally:
        opened.close()


def _in_tmux(home: Path, *args: str, stdin: str = "") -> tuple[Tmux, str]:
    """Start ``mimagery ARGS…`` in a 120 × 40 pane of a tmux server of our own (with
    standard input from the file ``stdin`` instead, when given)."""
    executable = shutil.which("tmux")
    if executable is None:
        pytest.skip("tmux is not installed (apt-get install tmux): no terminal to drive")
    command = " ".join(
        [
            "env -u COLUMNS -u LINES",
            f"MIMAGERY_HOME={shlex.quote(str(home))}",
            shlex.quote(sys.executable),
            "-m mimagery",
            *map(shlex.quote, args),
            f"< {shlex.quote(stdin)}" if stdin else "",
            '; echo "exit status $?"; sleep 120',
        ]
    )
    tmux = Tmux(executable)
    tmux("new-session", "-d", "-s", "study", "-x", "120", "-y", "40", command)
    return tmux, command


@pytest.mark.slow
def test_a_mimage_card_is_drawn_in_a_real_terminal(tmp_path: Path, word_caches: Path) -> None:
    home = _home_with_deck(tmp_path, word_caches)
    opened = Store.open(data_dir=home)
    try:
        study.change_settings(opened, "Botany", directions=["mimage-term"])
    finally:
        opened.close()
    tmux, _ = _in_tmux(home, "study", "--deck", "Botany")
    try:
        front = tmux.wait_for("Space/Enter show answer")
        assert "mimage → term" in front
        # The picture, in half-blocks (tmux shows neither sixel nor kitty graphics): more
        # than 30 cells on each of more than 10 rows.
        rows = [line for line in front.splitlines() if line.count(HALF_BLOCK) > 30]
        assert len(rows) > 10, front
        assert "xylem" not in front.casefold() and "picture:" not in front
        answer = tmux.press("Space", "1 Again · 2 Hard · 3 Good · 4 Easy")
        assert "Xylem (XY)" in answer and "★ Sigh Lamb" in answer
        assert "exit status 0" in tmux.press("q", "exit status")
    finally:
        subprocess.run([*tmux.base, "kill-server"], env=tmux.env, capture_output=True)


@pytest.mark.slow
@pytest.mark.parametrize("stdin", ["", os.devnull])
def test_show_draws_an_imported_mimage_in_a_real_terminal(
    tmp_path: Path, word_caches: Path, stdin: str
) -> None:
    home = _home_with_deck(tmp_path, word_caches)
    tmux, _ = _in_tmux(home, "show", "phloem", stdin=stdin)  # no --deck: the only deck has it
    try:
        screen = tmux.wait_for("exit status")
        assert "exit status 0" in screen and "★ Flow Em" in screen
        assert "Traceback" not in screen
        rows = [line for line in screen.splitlines() if line.count(HALF_BLOCK) > 30]
        # Input that is not the terminal cannot carry its answer about pictures: none.
        assert len(rows) > 10 if not stdin else not rows, screen
        assert "picture: " in screen  # the card drawn for it, kept to open
    finally:
        subprocess.run([*tmux.base, "kill-server"], env=tmux.env, capture_output=True)
