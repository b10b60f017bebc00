"""Where mimagery keeps its data."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import platformdirs

DB_FILE = "mimagery.sqlite3"


def home() -> Path:
    """The data directory: ``$MIMAGERY_HOME`` when set, else the platform's user data dir."""
    env = os.environ.get("MIMAGERY_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("mimagery", appauthor=False))


def default_url(data_dir: Path | None = None) -> str:
    """The SQLite URL of the default database inside the data directory."""
    return f"sqlite:///{(data_dir or home()) / DB_FILE}"


def cache_dir() -> Path:
    """Where caches built from installed packages live (safe to delete)."""
    return home() / "cache"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, creating folders.

    Readers see the old file or the new one, never half of one; the temporary file
    is removed when writing fails.

    Raises:
        OSError: when the folder or the file cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_cache(path: Path, data: bytes) -> None:
    """``write_atomically``, best effort: a cache that cannot be written (a read-only
    data dir) only costs speed, never correctness."""
    with contextlib.suppress(OSError):
        write_atomically(path, data)
