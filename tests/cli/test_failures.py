"""Errors of the machine and of the database file: a full disk, a read-only database, a
damaged one, one from a newer mimagery. Each is one ``error: …`` line with exit status 2
(``check`` reports a damaged database instead), and the store stays as it was."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from conftest import FIXTURES, Result, dump
from mimagery import paths
from mimagery.store import Store

Run = Callable[..., Result]
GLOSSARY = FIXTURES / "botany_pasted.txt"
SPANISH = FIXTURES / "spanish.csv"


def _big_csv(folder: Path) -> Path:
    """A glossary of 3,000 terms: more pages than a nearly full database has room for."""
    path = folder / "big.csv"
    rows = "".join(
        f"term {n},a definition of term number {n} in a few words\n" for n in range(3000)
    )
    path.write_text("term,definition\n" + rows, encoding="utf-8")
    return path


def _one_line(result: Result) -> str:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    return lines[0]


@pytest.fixture
def database(run: Run, home: Path) -> Path:
    assert run("import", str(GLOSSARY)).code == 0
    return home / "mimagery.sqlite3"


@pytest.fixture
def pragma(home: Path) -> Iterator[Callable[[str], None]]:
    """Run a PRAGMA on every new connection of the default database's engine (the one
    the commands share in this process), to make SQLite itself refuse writes."""
    store = Store.open()
    pragmas: list[str] = []

    @event.listens_for(store.engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        for line in pragmas:
            dbapi_connection.execute(line)

    yield lambda line: (pragmas.append(line), store.engine.dispose())
    pragmas.clear()
    store.close()


def test_a_full_database_disk_is_one_line_and_changes_nothing(
    run: Run, database: Path, pragma: Callable[[str], None], tmp_path: Path
) -> None:
    before = dump(database)
    size = sqlite3.connect(database).execute("PRAGMA page_count").fetchone()[0]
    pragma(f"PRAGMA max_page_count={size + 2}")  # no room for more pages: SQLITE_FULL
    line = _one_line(run("import", str(_big_csv(tmp_path)), "--deck", "Big"))
    assert "disk" in line and "is full" in line
    assert dump(database) == before


def test_a_read_only_database_is_one_line(
    run: Run, database: Path, pragma: Callable[[str], None]
) -> None:
    before = dump(database)
    pragma("PRAGMA query_only=ON")
    line = _one_line(run("import", str(SPANISH), "--deck", "Spanish"))
    assert "cannot be written" in line
    assert dump(database) == before


def test_a_full_disk_while_generate_writes_pictures(
    run: Run, database: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(database)
    written: list[Path] = []
    real = paths.write_atomically

    def fill_up(path: Path, data: bytes) -> None:
        if "pictures" not in path.parts:  # the word list's cache
            return real(path, data)
        if written:  # the disk is full after the first card
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)
        written.append(path)

    monkeypatch.setattr(paths, "write_atomically", fill_up)
    line = _one_line(run("generate", "--all"))
    assert "the disk is full" in line
    assert dump(database) == before
    assert not any(path.exists() for path in written), written


def test_pictures_that_cannot_be_written_are_one_line(run: Run, database: Path, home: Path) -> None:
    before = dump(database)
    (home / "pictures").mkdir(exist_ok=True)
    for child in (home / "pictures").iterdir():
        if child.is_dir():
            for file in child.iterdir():
                file.unlink()
            child.rmdir()
    (home / "pictures").rmdir()
    (home / "pictures").write_text("not a folder")
    _one_line(run("generate", "--all"))
    assert dump(database) == before


def _damage(database: Path, table: str = "cards") -> bytes:
    """Overwrite a table's first page with 0xFF; returns the damaged bytes."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(database.read_bytes())
    data[(root[0] - 1) * size : root[0] * size] = b"\xff" * size
    database.write_bytes(bytes(data))
    return bytes(data)


def test_check_reports_a_damaged_database_and_others_refuse_it(run: Run, database: Path) -> None:
    damaged = _damage(database)
    checked = run("check")
    assert checked.code == 1 and "Traceback" not in checked.err
    assert "problem:" in checked.out and "mimagery restore" in checked.out
    line = _one_line(run("due"))
    assert "damaged" in line and "mimagery check" in line
    _one_line(run("review", "1", "good"))
    # An import into the deck backs it up first: refused before anything is written.
    assert "damaged" in _one_line(run("import", str(GLOSSARY)))
    assert database.read_bytes() == damaged


def test_small_writes_are_refused_on_a_damaged_database(run: Run, database: Path) -> None:
    # Damage the review log: an import into a new deck never reads or writes it, so
    # before the up-front check it went ahead on a damaged file.
    assert run("review", "1", "good").code == 0
    damaged = _damage(database, "reviews")
    assert "damaged" in _one_line(run("import", str(GLOSSARY), "--deck", "Brand New"))
    assert "damaged" in _one_line(run("review", "2", "good"))
    assert database.read_bytes() == damaged


def test_a_database_from_a_newer_mimagery_is_refused(run: Run, database: Path) -> None:
    connection = sqlite3.connect(database)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    before = dump(database)
    line = _one_line(run("decks"))
    assert "newer mimagery" in line and "upgrade" in line
    assert dump(database) == before


def test_a_database_without_its_schema_version_is_refused(run: Run, database: Path) -> None:
    connection = sqlite3.connect(database)
    connection.execute("DROP TABLE alembic_version")
    connection.commit()
    connection.close()
    line = _one_line(run("decks"))
    assert "no schema version" in line


def test_check_reports_and_repairs_picture_files_no_mimage_uses(
    run: Run, database: Path, home: Path
) -> None:
    assert run("generate", "--all", "--png").code == 0
    assert run("check").code == 0
    used = sorted((home / "pictures").rglob("*.*"))
    folder = used[0].parent
    # What a generate killed before it stored its mimages leaves behind.
    left = [folder / "killed-1234abcd.svg", folder / ".killed.svg.tmp1234"]
    for path in left:
        path.write_text("<svg/>")
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    running = folder / "being-written-now.svg"  # a generate running now: not an orphan
    running.write_text("<svg/>")
    checked = run("check")
    assert checked.code == 1 and "2 picture files no mimage uses" in checked.out
    repaired = run("check", "--repair")
    assert repaired.code == 0 and "removed 2 picture files" in repaired.out
    assert not any(path.exists() for path in left)
    assert running.exists() and all(path.exists() for path in used)
    assert run("check").code == 0


def test_a_db_url_in_a_missing_folder_is_refused_not_created(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    line = _one_line(run("--db", f"sqlite:///{missing / 'x.sqlite3'}", "decks"))
    assert "no such folder" in line
    assert not missing.parent.exists()
