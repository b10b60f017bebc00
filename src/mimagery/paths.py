"""Where mimagery keeps its data."""

from __future__ import annotations

import os
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
