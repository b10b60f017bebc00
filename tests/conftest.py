"""Shared fixtures: a private data directory and an in-process CLI runner."""

from __future__ import annotations

import base64
import io
import socket
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from mimagery.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_197aaf5b61859450.txt"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ``$MIMAGERY_HOME``."""
    data = tmp_path / "home"
    monkeypatch.setenv("MIMAGERY_HOME", str(data))
    return data


@dataclass
class Result:
    """What one CLI call did."""

    code: int
    out: str
    err: str


@pytest.fixture
def run(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Result]:
    """Call ``mimagery ARGS…`` in this process; ``stdin`` feeds standard input."""

    def call(*args: str, stdin: bytes = b"") -> Result:
        capsys.readouterr()
        fake = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", fake)
        code = 0
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


def dump(database: Path) -> list[str]:
    """Every row of an SQLite database as SQL text, to compare before and after."""
    if not database.exists():
        return []
    connection = sqlite3.connect(database)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def free_port() -> int:
    """A loopback TCP port nothing listens on (at the moment of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def imported_picture(path: Path) -> tuple[Image.Image, bytes]:
    """The PNG inside an imported picture card (an SVG holding one ``data:`` image and
    nothing else, which is checked): decoded as RGB, and its bytes."""
    svg = path.read_text(encoding="utf-8")
    assert svg.count("<image") == 1 and "<script" not in svg and "onload" not in svg
    encoded = svg.split('href="data:image/png;base64,', 1)[1].split('"', 1)[0]
    raw = base64.b64decode(encoded)
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image.convert("RGB"), raw
