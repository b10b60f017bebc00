"""Playing a sound file in the terminal front end with whatever audio player is installed.

Python has no portable way to play sound, so the first player on ``PATH`` does it: the
sound servers' own clients first (PipeWire's ``pw-play``, PulseAudio's ``paplay``: they
mix with other sound), then ALSA's ``aplay``, macOS's ``afplay``, and the general
players ``ffplay`` and ``mpv``. A sound plays in the background, so the session goes on
while the word is said; a new sound stops the one still playing.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mimagery.errors import MimageryError

__all__ = ["PLAYERS", "Player", "find_player"]

#: Players in the order they are looked for, each with the options that make it play a
#: file once, without a window or output.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
    ("ffplay", ("-nodisp", "-autoexit", "-loglevel", "quiet")),
    ("mpv", ("--no-video", "--really-quiet")),
)
#: How long ``close`` lets a sound still playing finish (a word lasts a second or so).
FINISH_SECONDS = 3.0


@dataclass
class Player:
    """One installed audio player and the sound it is playing."""

    name: str
    command: list[str]
    _playing: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def play(self, path: Path) -> None:
        """Start playing ``path`` and return at once (a sound still playing is stopped).

        Raises:
            MimageryError: when the player cannot be started.
        """
        self.stop()
        try:
            self._playing = subprocess.Popen(
                [*self.command, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C in the session does not reach it
            )
        except OSError as error:
            raise MimageryError(
                f"the audio player {self.name} did not start: {error.strerror or error}"
            ) from error

    def stop(self) -> None:
        """Stop the sound playing now, if any."""
        playing, self._playing = self._playing, None
        if playing is not None and playing.poll() is None:
            playing.terminate()
            try:
                playing.wait(1)
            except subprocess.TimeoutExpired:
                playing.kill()
                playing.wait()

    def close(self, timeout: float = FINISH_SECONDS) -> None:
        """Let the last sound finish (up to ``timeout`` seconds), then stop it."""
        if self._playing is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._playing.wait(timeout)
        self.stop()


def find_player() -> Player | None:
    """The first audio player installed (on ``PATH``), or None when there is none."""
    for name, options in PLAYERS:
        found = shutil.which(name)
        if found is not None:
            return Player(name, [found, *options])
    return None
