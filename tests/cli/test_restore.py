"""``mimagery restore BACKUP``: checked first, refused while the database is open
elsewhere, a stale ``-wal`` never replayed into the restored file, and what it replaced
kept."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, Result, dump

Run = Callable[..., Result]
GLOSSARY = FIXTURES / "botany_pasted.txt"
DECK = "Plant Science Glossary"


def _backed_up(run: Run, tmp_path: Path) -> Path:
    assert run("import", str(GLOSSARY)).code == 0
    backup = tmp_path / "copy.sqlite3"
    assert run("backup", "-o", str(backup)).code == 0
    return backup


def test_restore_brings_a_deleted_deck_back_and_keeps_what_it_replaced(
    run: Run, home: Path, tmp_path: Path
) -> None:
    backup = _backed_up(run, tmp_path)
    assert run("delete-deck", DECK, "--yes").code == 0
    restored = run("restore", str(backup))
    assert restored.code == 0, restored.err
    assert DECK in run("decks").out
    kept = sorted((home / "backups").glob("pre-restore-*.sqlite3"))
    assert len(kept) == 1
    assert "decks" in " ".join(dump(kept[0])) and DECK not in " ".join(dump(kept[0]))
    assert run("check").code == 0


def test_a_stale_wal_beside_the_database_is_not_replayed(
    run: Run, home: Path, tmp_path: Path
) -> None:
    backup = _backed_up(run, tmp_path)
    database = home / "mimagery.sqlite3"
    # A -wal file holding the deletion, left beside the database (a crash, or a copy).
    writer = sqlite3.connect(database)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("DELETE FROM decks")
    writer.commit()
    stale = tmp_path / "stale-wal"
    shutil.copy(database.with_name(database.name + "-wal"), stale)
    writer.close()
    shutil.copy(stale, database.with_name(database.name + "-wal"))
    assert run("restore", str(backup)).code == 0
    assert not database.with_name(database.name + "-wal").exists()
    assert DECK in run("decks").out


def test_restore_refuses_while_another_process_has_the_database_open(
    run: Run, home: Path, tmp_path: Path
) -> None:
    backup = _backed_up(run, tmp_path)
    database = home / "mimagery.sqlite3"
    before = dump(database)
    other = sqlite3.connect(database)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("SELECT count(*) FROM decks").fetchone()
    try:
        result = run("restore", str(backup))
    finally:
        other.close()
    assert result.code == 2 and result.err.startswith("error: another process")
    assert dump(database) == before


def test_a_damaged_or_foreign_backup_is_refused(run: Run, home: Path, tmp_path: Path) -> None:
    backup = _backed_up(run, tmp_path)
    database = home / "mimagery.sqlite3"
    before = dump(database)
    damaged = bytearray(backup.read_bytes())
    damaged[4096 * 3 : 4096 * 4] = b"\xff" * 4096
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(damaged))
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.close()
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(backup, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    for bad, says in [
        (broken, "not a sound database"),
        (foreign, "not a mimagery database"),
        (newer, "newer mimagery"),
        (tmp_path / "missing.sqlite3", "no such file"),
    ]:
        result = run("restore", str(bad))
        assert result.code == 2 and says in result.err, result.err
        assert len(result.err.splitlines()) == 1
    assert dump(database) == before
