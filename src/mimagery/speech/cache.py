"""Spoken words kept as WAV files in the data directory, made once and reused.

``audio_file(data_dir, text, language)`` is the file of ``text`` said in ``language``:
``cache/audio/<hash>.wav``, the hash taken over the engine's version, the voice and the
text, so a new eSpeak NG (or another voice) makes new files instead of reusing stale
ones. The folder is a cache like the rest of ``cache/``: it may be deleted at any time,
and ``mimagery check`` neither reports nor removes it.

A word takes about a millisecond to say once the engine is loaded (``bench/speech.py``),
so files are made when first asked for: by the web app's sound route, the terminal's
``p``, an export.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from pathlib import Path

from mimagery import languages, paths
from mimagery.errors import MimageryError
from mimagery.speech import espeak

#: Where the files go, under the data directory.
FOLDER = Path("cache") / "audio"
#: Changes whenever the way audio is made here changes (the WAV format, options).
FORMAT = 1
_NAME_CHARS = 32  # hex digits of the hash in a file's name


@functools.cache
def engine_version() -> str:
    """The installed engine's name and version, part of every file's hash.

    Read from the package's metadata, so that a cached file is found without loading
    the engine.

    Raises:
        MimageryError: when the engine's package is not installed.
    """
    try:
        import espeakng_loader  # type: ignore[import-untyped]  # noqa: F401

        version = importlib.metadata.version("espeakng-loader")
    except (ImportError, importlib.metadata.PackageNotFoundError):
        raise MimageryError(espeak.MISSING) from None
    return f"espeakng-loader {version} wav{FORMAT}"


def file_name(text: str, language: str) -> str:
    """The cached file's name for ``text`` said in ``language`` (``<hash>.wav``).

    Raises:
        MimageryError: for an unknown language or when the engine is not installed.
    """
    voice = languages.get(language).voice
    said = " ".join(text.split())
    digest = hashlib.sha256(f"{engine_version()}\0{voice}\0{said}".encode()).hexdigest()
    return f"{digest[:_NAME_CHARS]}.wav"


def folder(data_dir: Path) -> Path:
    """The audio cache folder of a data directory."""
    return data_dir / FOLDER


def audio_file(data_dir: Path, text: str, language: str) -> Path:
    """The WAV file of ``text`` said in ``language``: the cached one, else made now.

    Args:
        data_dir: the data directory (the store's ``data_dir``).
        text: a term or keyword.
        language: a supported language code (``mimagery.languages``).

    Raises:
        MimageryError: for an unknown language, empty or over-long text, no engine, or a
            data directory the file cannot be written to.
    """
    path = folder(data_dir) / file_name(text, language)
    if path.is_file():
        return path
    audio = espeak.wav(text, language)
    try:
        paths.write_atomically(path, audio)
    except OSError as error:
        raise MimageryError(
            f"cannot keep the sound in {path.parent}: {error.strerror or error}"
        ) from error
    return path
