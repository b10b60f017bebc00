"""Studying in the terminal: one card at a time, revealed with a key, graded with a key.

A :class:`Session` takes its keys from a :class:`KeyReader` and its time from a clock
function, and prints through a Rich ``Console``, so it runs the same in a terminal, from a
script and in tests. It only calls the study core (``study.due``, ``study.review``,
``study.undo``): every grade is stored the moment it is given, so quitting or a crash
loses nothing but the card on screen.

Keys: Space or Enter shows the answer; 1-4 grade it (Again, Hard, Good, Easy); ``u``
takes back the last grade and shows that card again; ``p`` says the term (in the deck's
language, through an installed audio player; on a card that asks for the term, only once
the answer shows); ``q`` (or Ctrl-C) quits with a summary.

In a terminal the card's picture is drawn (``render.picture``): on the front of a
mimage → term card, without the term; under the answer of the other cards.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TextIO

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mimagery import languages, mimages, paths, speech, study
from mimagery.cli import render
from mimagery.cli.player import PLAYERS, Player, find_player
from mimagery.cli.terminal import term_title
from mimagery.cli.terminal import user_text as _t
from mimagery.errors import MimageryError
from mimagery.model import Term, clean, key
from mimagery.store import Store
from mimagery.study import (
    DIRECTION_LABELS,
    LEARN_AHEAD,
    DueCard,
    describe_time,
    hide_term,
    next_due,
)

__all__ = [
    "KeyReader",
    "LineKeys",
    "Session",
    "Summary",
    "TerminalKeys",
    "keys_for",
    "study_in_terminal",
]

_GRADES = {"1": "again", "2": "hard", "3": "good", "4": "easy"}
_REVEAL = {" ", "\r", "\n"}
_QUIT = {"q", "Q"}
_UNDO = {"u", "U"}
_PLAY = {"p", "P"}
_BATCH = 100  # cards asked of ``study.due`` at a time


class KeyReader(Protocol):
    """Where a session's keys come from."""

    def read_key(self) -> str | None:
        """The next key pressed: one character (Enter is ``"\\r"`` or ``"\\n"``), or None
        at the end of the input."""
        ...


class LineKeys:
    """Keys from lines of text, one key a line: for scripts and pipes.

    A blank line (or one holding only spaces) is Space, which reveals the answer;
    ``3`` grades Good; ``u`` undoes; ``q`` quits. The end of the input quits too.
    """

    def __init__(self, stream: TextIO) -> None:
        """Read keys from ``stream``."""
        self._stream = stream

    def read_key(self) -> str | None:
        """The next line's key, or None at the end of the input."""
        line = self._stream.readline()
        if not line:
            return None
        return line.strip() or " "


class TerminalKeys:
    """Single key presses from a terminal, read without waiting for Enter or echoing.

    Use it as a context manager: entering switches the terminal to cbreak mode, leaving
    restores the settings it found, whether the session ended, failed or was stopped
    with Ctrl-C. Cbreak rather than full raw mode: it keeps Ctrl-C working as an
    interrupt and keeps the output's newline handling, so Rich's output looks as usual.
    """

    def __init__(self, fd: int) -> None:
        """Read from the terminal open as file descriptor ``fd``."""
        self._fd = fd
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        """Switch the terminal to cbreak mode."""
        import termios

        self._saved = termios.tcgetattr(self._fd)
        mode = termios.tcgetattr(self._fd)
        mode[3] &= ~(termios.ECHO | termios.ICANON)  # lflag: no echo, no line editing
        mode[6][termios.VMIN] = 1  # cc: a read returns as soon as one byte is there
        mode[6][termios.VTIME] = 0
        # TCSANOW, not TCSAFLUSH: keys typed ahead (or sent by a script) are kept.
        termios.tcsetattr(self._fd, termios.TCSANOW, mode)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Put the terminal back as it was."""
        import termios

        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def read_key(self) -> str | None:
        """The next key press; None when the terminal is gone or Ctrl-D is pressed."""
        first = os.read(self._fd, 1)
        if not first or first == b"\x04":
            return None
        if first == b"\x03":  # only reaches us if the terminal does not send SIGINT
            raise KeyboardInterrupt
        if first == b"\x1b":
            self._skip_escape_sequence()
            return "\x1b"
        # A UTF-8 character arrives as up to four bytes; read the whole of it.
        extra = 3 if first[0] >= 0xF0 else 2 if first[0] >= 0xE0 else 1 if first[0] >= 0xC0 else 0
        data = first + (os.read(self._fd, extra) if extra else b"")
        return data.decode("utf-8", "replace")

    def _skip_escape_sequence(self) -> None:
        """Read the rest of an arrow or function key's sequence (Esc [ 1 ~, Esc O P), so
        its digits are not taken for grades, and not a byte more: keys after it stay."""
        if not self._ready():
            return  # Esc on its own
        kind = os.read(self._fd, 1)
        if kind == b"O":  # SS3: one more byte names the key
            if self._ready():
                os.read(self._fd, 1)
        elif kind == b"[":  # CSI: parameter and intermediate bytes, then a final byte
            while self._ready():
                if 0x40 <= os.read(self._fd, 1)[0] <= 0x7E:
                    return
        # Anything else was Alt and a key: that one byte is all of it.

    def _ready(self) -> bool:
        import select

        # A terminal sends a key's whole sequence at once; a short wait tells it from Esc.
        return bool(select.select([self._fd], [], [], 0.05)[0])


@contextmanager
def keys_for(stream: TextIO) -> Iterator[KeyReader]:
    """The key reader for ``stream``: single key presses from a terminal, else lines.

    The terminal's settings are restored when the block ends, however it ends.
    """
    if stream.isatty():
        try:
            import termios  # noqa: F401  (absent on Windows: fall back to lines)
        except ImportError:
            pass
        else:
            with TerminalKeys(stream.fileno()) as keys:
                yield keys
            return
    yield LineKeys(stream)


@dataclass(frozen=True)
class Summary:
    """What a session did."""

    reviewed: int  # grades given and not undone
    correct: int  # of those, the ones other than Again
    elapsed: timedelta
    next_due: datetime | None
    nothing_due: bool = False  # there was nothing to study when the session started

    @property
    def correct_percent(self) -> int | None:
        """The share of correct grades, rounded, or None before any grade."""
        return round(100 * self.correct / self.reviewed) if self.reviewed else None


@dataclass(frozen=True)
class _Graded:
    """A grade given in this session, kept so that ``u`` can take it back."""

    review_key: str
    card: DueCard  # as it was shown: the state an undo returns it to
    rating: str


class Session:
    """An interactive study session over one deck.

    Cards come from ``study.due``; when the queue runs out it asks again, so learning
    cards (steps of 1 and 10 minutes) come back in the same session, and it ends when
    nothing is due, on ``q``, at the end of the keys, or after ``limit`` grades.
    """

    def __init__(
        self,
        store: Store,
        deck: str,
        keys: KeyReader,
        console: Console,
        clock: Callable[[], datetime],
        *,
        limit: int | None = None,
        learn_ahead: timedelta = LEARN_AHEAD,
        pictures: bool | None = None,
        player: Player | None = None,
    ) -> None:
        """Set up a session; nothing is read or shown until :meth:`run`.

        Args:
            store: the open store.
            deck: the deck's exact name (``store.resolve_deck`` gives it).
            keys: where key presses come from.
            console: where the cards are shown.
            clock: the current time, timezone-aware (a fake one in tests).
            limit: stop after this many grades (None: when nothing is due).
            learn_ahead: when nothing is due, learning cards due within this long are
                shown early rather than ending the session.
            pictures: draw the cards' pictures (None: when the console is a terminal
                that can show them, ``render.can_draw_pictures``); without them, the
                path of a picture file is shown instead.
            player: plays the term on ``p`` (``player.find_player()``); None: ``p`` says
                that no audio player is installed.
        """
        self.store = store
        self.deck = deck
        self.keys = keys
        self.console = console
        self.clock = clock
        self.limit = limit
        self.learn_ahead = learn_ahead
        self.pictures = render.can_draw_pictures(console) if pictures is None else pictures
        # The pictures of the card on screen, drawn once for all its screens.
        self._drawn: dict[tuple[int, str], RenderableType | None] = {}
        self.queue: deque[DueCard] = deque()
        self.history: list[_Graded] = []
        self.reviewed = 0
        self.correct = 0
        self._terms: dict[str, Term] = {}
        self._notice: Text | None = None
        self.player = player
        self.language = languages.DEFAULT  # the deck's, read when the session starts

    # Running ------------------------------------------------------------------------

    def run(self) -> Summary:
        """Study until nothing is due or the learner quits; print and return the summary.

        Raises:
            MimageryError: the deck does not exist or has no card that could ever be due.
        """
        started = self.clock()
        loaded = self.store.load_deck(self.deck)
        self._terms = {key(t.name): t for t in loaded.terms}
        self.language = loaded.language
        self.queue.extend(self._fetch())
        if not self.queue:
            now = self.clock()
            when = next_due(self.store, self.deck, now)
            if when is None:
                raise MimageryError(f"deck {self.deck!r} has no cards to study")
            line = Text("Nothing due in ")
            line.append_text(_t(self.deck, "bold"))
            line.append(f". Next: {describe_time(when, now)}.")
            self.console.print(line)
            return Summary(0, 0, now - started, when, nothing_due=True)
        try:
            self._loop()
        except KeyboardInterrupt:  # every grade is saved as it is given: just sum up
            self._notice = Text("Stopped with Ctrl-C.", style="yellow")
        finally:
            if self.player is not None:
                self.player.close()
        now = self.clock()
        summary = Summary(
            self.reviewed,
            self.correct,
            now - started,
            next_due(self.store, self.deck, now),
        )
        self._show_summary(summary, now)
        return summary

    def _loop(self) -> None:
        while True:
            if self.limit is not None and self.reviewed >= self.limit:
                self._notice = Text(f"Reached the limit of {self.limit} reviews.", style="yellow")
                return
            if not self.queue:
                self.queue.extend(self._fetch())
                if not self.queue:
                    self._notice = Text("Nothing more is due.", style="green")
                    return
            if not self._study(self.queue.popleft()):
                return

    def _fetch(self) -> list[DueCard]:
        # When nothing is due, learning cards due soon come early (not review cards: their
        # interval is the schedule itself).
        ahead = self.learn_ahead if self.learn_ahead > timedelta(0) else None
        return study.due(self.store, self.deck, self.clock(), _BATCH, learn_ahead=ahead).cards

    def _study(self, card: DueCard) -> bool:
        """Show one card until it is graded or undone (True) or the learner quits (False)."""
        shown = self.clock()
        revealed = False
        self._render(card, revealed)
        while True:
            pressed = self.keys.read_key()
            if pressed is None or pressed in _QUIT:
                return False
            if pressed in _REVEAL and not revealed:
                revealed = True
                self._render(card, revealed)
            elif pressed in _GRADES:
                if revealed:
                    self._grade(card, _GRADES[pressed], shown)
                    return True
                self._notice = Text("Space or Enter shows the answer first.", style="yellow")
                self._render(card, revealed)
            elif pressed in _UNDO:
                if self._undo(card):
                    return True
                self._render(card, revealed)
            elif pressed in _PLAY:
                self._notice = self._play(card, revealed)
                self._render(card, revealed)

    def _grade(self, card: DueCard, rating: str, shown: datetime) -> None:
        now = self.clock()
        duration = max(0, round((now - shown).total_seconds() * 1000))
        result = study.review(
            self.store,
            card.card_id,
            rating,
            now,
            review_key=uuid.uuid4().hex,
            duration_ms=duration,
        )
        self.history.append(_Graded(result.review_key, card, rating))
        self.reviewed += 1
        self.correct += rating != "again"

    def _undo(self, current: DueCard) -> bool:
        """Take back the last grade; the card it was given to goes back on screen."""
        if not self.history:
            self._notice = Text("Nothing to undo in this session.", style="yellow")
            return False
        last = self.history.pop()
        try:
            study.undo(self.store, self.deck, last.review_key)
        except MimageryError as error:
            # Another process reviewed the card since: that review stands, and so does ours.
            self._notice = _t(f"Cannot undo: {error}", "red")
            return False
        self.reviewed -= 1
        self.correct -= last.rating != "again"
        # The undone card first, then the one that was on screen; no card twice.
        rest = [c for c in self.queue if c.card_id not in (last.card.card_id, current.card_id)]
        ahead = [last.card] if current.card_id == last.card.card_id else [last.card, current]
        self.queue = deque([*ahead, *rest])
        notice = Text("Undone: ")
        notice.append_text(_t(last.card.term, "bold"))
        notice.append(f" ({last.rating}) is back.")
        self._notice = notice
        return True

    def _play(self, card: DueCard, revealed: bool) -> Text:
        """Say the card's term; what happened, as one line for the screen."""
        if not revealed and card.direction != "term-definition":
            return Text("p says the term once the answer shows.", style="yellow")
        if self.player is None:
            names = ", ".join(name for name, _ in PLAYERS)
            return Text(f"No sound: no audio player is installed (one of {names}).", "yellow")
        term = self._term(card)
        try:
            self.player.play(speech.audio_file(self.store.data_dir, term.name, self.language))
        except MimageryError as error:
            return _t(f"No sound: {error}", "yellow")
        said = Text("Saying ")
        said.append_text(_t(term.name, "bold"))
        said.append(f" ({self.player.name}).")
        return said

    # Showing --------------------------------------------------------------------------

    def _term(self, card: DueCard) -> Term:
        found = self._terms.get(key(card.term))
        if found is None:  # renamed or added since the session started
            found = self.store.find_term(self.deck, card.term)
            self._terms[key(found.name)] = found
        return found

    def _picture(self, picture: str) -> Path:
        return self.store.data_dir / picture  # an absolute path stays as it is

    def _front(self, card: DueCard, term: Term) -> RenderableType:
        names = [term.name, *term.aliases]
        if card.direction == "term-definition":
            return term_title(term)
        if card.direction == "definition-term":
            return _t(hide_term(clean(term.definition) or "(no definition)", names))
        mimage = term.chosen
        if mimage is None:  # the store only offers these cards with a mimage; be safe
            return Text("(no mimage)", style="dim")
        return _t(hide_term(clean(mimage.scene or mimage.keyword), names, words=True), "italic")

    def _front_picture(self, card: DueCard, term: Term) -> RenderableType | None:
        """The picture on the front of a mimage → term card: drawn without the term (as
        the web app draws it); where pictures are not drawn, the path of that card."""
        mimage = term.chosen
        if card.direction != "mimage-term" or mimage is None:
            return None
        svg = mimages.draw_card(term, mimage, hide=True, language=self.language)
        if self.pictures:
            return render.picture(svg, self.console)
        # One file for whichever card is on screen: its name says nothing of the term.
        path = self.store.data_dir / "cache" / "question.svg"
        paths.write_cache(path, svg.encode("utf-8"))
        return _t(f"picture: {path}", "dim") if path.is_file() else None

    def _answer_picture(self, card: DueCard, term: Term) -> RenderableType | None:
        """The mimage's picture under the answer, when the front did not show one."""
        mimage = term.chosen
        if not self.pictures or mimage is None or card.direction == "mimage-term":
            return None
        return render.picture(
            mimages.card_svg(self.store.data_dir, term, mimage, self.language), self.console
        )

    def _answer(self, term: Term) -> RenderableType:
        parts: list[RenderableType] = [
            term_title(term),
            _t(term.definition or "(no definition)"),
        ]
        mimage = term.chosen
        if mimage is None:
            parts.append(_t(f"\nNo mimage yet: mimagery mimage {term.name!r}", "dim"))
            return Group(*parts)
        heading = Text("\n★ ", style="yellow")
        heading.append_text(_t(mimage.keyword or "(no keyword)", "bold magenta"))
        parts.append(heading)
        if mimage.scene:
            parts.append(_t(mimage.scene))
        if mimage.picture:
            parts.append(_t(f"picture: {self._picture(mimage.picture)}", "dim"))
        return Group(*parts)

    def _render(self, card: DueCard, revealed: bool) -> None:
        term = self._term(card)
        label = DIRECTION_LABELS.get(card.direction, card.direction)
        self.console.clear()
        header = _t(self.deck, "bold")
        header.append(
            f"  ·  {self.reviewed} reviewed  ·  {len(self.queue)} more queued  ·  {card.state}",
            style="dim",
        )
        self.console.print(header)
        if self._notice is not None:
            self.console.print(self._notice)
            self._notice = None
        self.console.print(Panel(self._front(card, term), title=label, title_align="left"))
        # Pictures go between the panels, not in them: sixel and kitty graphics are drawn
        # where the cursor is, which a panel's borders would move.
        self._print_picture(card, "front", lambda: self._front_picture(card, term))
        if revealed:
            self.console.print(Panel(self._answer(term), title="answer", title_align="left"))
            self._print_picture(card, "answer", lambda: self._answer_picture(card, term))
            hint = "1 Again · 2 Hard · 3 Good · 4 Easy · p hear · u undo · q quit"
        elif card.direction == "term-definition":
            hint = "Space/Enter show answer · p hear · u undo · q quit"
        else:
            hint = "Space/Enter show answer · u undo · q quit"
        self.console.print(Text(hint, style="dim"))

    def _print_picture(
        self, card: DueCard, side: str, draw: Callable[[], RenderableType | None]
    ) -> None:
        """Print a side's picture, drawn the first time the card shows it."""
        if not any(shown == card.card_id for shown, _ in self._drawn):
            self._drawn.clear()  # another card: the last one's pictures go
        if (card.card_id, side) not in self._drawn:
            self._drawn[card.card_id, side] = draw()
        picture = self._drawn[card.card_id, side]
        if picture is not None:
            self.console.print(picture)

    def _show_summary(self, summary: Summary, now: datetime) -> None:
        self.console.clear()
        if self._notice is not None:
            self.console.print(self._notice)
            self._notice = None
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Reviewed", str(summary.reviewed))
        percent = summary.correct_percent
        table.add_row(
            "Correct",
            "-" if percent is None else f"{percent}% ({summary.correct} of {summary.reviewed})",
        )
        table.add_row("Time", study.describe_duration(summary.elapsed))
        table.add_row("Next due", describe_time(summary.next_due, now))
        title = Text("Session over: ")
        title.append_text(_t(self.deck, "bold"))
        self.console.print(Panel(table, title=title, title_align="left", expand=False))


def study_in_terminal(
    store: Store,
    deck: str,
    console: Console,
    clock: Callable[[], datetime],
    *,
    stdin: TextIO,
    limit: int | None = None,
) -> Summary:
    """Run a session with keys from ``stdin``: key presses from a terminal, else lines.

    Args:
        store: the open store.
        deck: the deck's exact name.
        console: where to show the cards.
        clock: the current time, timezone-aware.
        stdin: the input to read keys from.
        limit: stop after this many grades.

    Returns:
        The session's summary (already printed).

    Raises:
        MimageryError: the deck has no cards to study.
    """
    pictures = render.can_draw_pictures(console)
    if pictures:
        render.prepare_pictures()  # the terminal is asked before keys are read
    player = find_player()
    with keys_for(stdin) as keys:
        return Session(
            store, deck, keys, console, clock, limit=limit, pictures=pictures, player=player
        ).run()
