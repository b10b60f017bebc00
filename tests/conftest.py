"""Shared fixtures: a private data directory, an in-process CLI runner and a throwaway
PostgreSQL server.

The server is a cluster made with the machine's ``initdb`` and ``pg_ctl`` (as the
``postgres`` user when the tests run as root), listening on a Unix socket only; each
test gets a database of its own. Without PostgreSQL's programs the tests are skipped,
unless ``MIMAGERY_POSTGRES_TESTS=1`` (as CI sets) turns the skip into a failure.
``MIMAGERY_TEST_POSTGRES`` may name a server instead (``postgresql+psycopg://user@host``).
"""

from __future__ import annotations

import base64
import contextlib
import glob
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from PIL import Image
from sqlalchemy import create_engine, text

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


@pytest.fixture(params=["absent", "broken"])
def no_speech_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """eSpeak NG gone for one test: its package not installed (``absent``), or installed
    with a library that does not load (``broken``). The engine this process loaded
    stays untouched and is back after the test."""
    import functools

    from mimagery.speech import cache, espeak

    if request.param == "absent":
        monkeypatch.setitem(sys.modules, "espeakng_loader", None)
    else:
        import espeakng_loader  # type: ignore[import-untyped]

        monkeypatch.setattr(
            espeakng_loader, "get_library_path", lambda: "/nonexistent/libespeak-ng.so.1"
        )
    monkeypatch.setattr(espeak, "_engine", functools.cache(espeak._Engine))
    monkeypatch.setattr(cache, "engine_version", functools.cache(cache.engine_version.__wrapped__))
    return str(request.param)


def free_port() -> int:
    """A loopback TCP port nothing listens on (at the moment of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(home: Path, *options: str, ready: str = "/", wait: float = 60) -> Iterator[int]:
    """``mimagery serve [options]`` over the data directory ``home`` on a free loopback
    port, once ``ready`` answers (``wait`` seconds at most: start-up, not a timing
    assertion); yields the port and stops the server afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mimagery", "serve", "--port", str(port), *options],
        env=dict(os.environ, MIMAGERY_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}{ready}", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(
                        f"the server did not start: {process.stderr.read()!r}"
                    ) from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(20)


CHROMIUM = Path("/usr/bin/chromium")
# Chromium as root in a container, with no background traffic (the network is closed).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium launched by Playwright (the test is skipped without Playwright)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


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


def _program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return versions[-1] if versions else None


def _unavailable(reason: str) -> None:
    if os.environ.get("MIMAGERY_POSTGRES_TESTS"):
        pytest.fail(f"MIMAGERY_POSTGRES_TESTS is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The URL of a PostgreSQL server (no database part)."""
    given = os.environ.get("MIMAGERY_TEST_POSTGRES")
    if given:
        yield given.rstrip("/")
        return
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    if initdb is None or pg_ctl is None:
        _unavailable("PostgreSQL's initdb and pg_ctl are not installed")
    assert initdb is not None and pg_ctl is not None
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="mimagery-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            shutil.chown(folder, "postgres")
        except LookupError:
            _unavailable("running as root and there is no postgres user to start PostgreSQL")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    initialise = [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
    subprocess.run([*as_user, *initialise, "--no-sync"], check=True, capture_output=True)
    options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
    start = [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    subprocess.run([*as_user, *start], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/?host={folder}&port={port}"
    finally:
        stop = [pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run([*as_user, *stop], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _with_database(server: str, name: str) -> str:
    base, _, query = server.partition("?")
    return f"{base.rstrip('/')}/{name}" + (f"?{query}" if query else "")


@pytest.fixture
def url(server: str) -> Iterator[str]:
    """A fresh, empty database on the server."""
    name = f"mimagery_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_with_database(server, "postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield _with_database(server, name)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
