"""Backups and integrity checks.

Backups use SQLite's online backup API, which copies a consistent snapshot
even while other processes write; copying the file of a live WAL database
could miss committed pages still in the ``-wal`` file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, exc, func, select, text

from mimagery.errors import MimageryError
from mimagery.model import ORIGINS
from mimagery.store.engine import HEAD, REVISIONS
from mimagery.store.tables import mimages


class Store(Protocol):
    """What backups and checks need of a store (``mimagery.store.Store`` has it)."""

    engine: Engine
    data_dir: Path

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file, or None for another database."""

    def reading(self) -> AbstractContextManager[Connection]:
        """A read-only transaction."""


#: How many automatic backups are kept; older ones are removed.
KEEP_AUTOMATIC = 10
AUTO_PREFIX = "auto-"


def backups_dir(store: Store) -> Path:
    """Where backups go: ``backups/`` in the data directory."""
    return store.data_dir / "backups"


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def backup(store: Store, dest: Path) -> Path:
    """Write a consistent copy of the SQLite database to ``dest``."""
    if store.sqlite_file is None:
        raise MimageryError(
            f"backup works on SQLite database files; for {store.engine.url.get_backend_name()} "
            "use its own tools (pg_dump for PostgreSQL)"
        )
    dest = dest.expanduser()
    if dest.exists():
        raise MimageryError(f"{dest} already exists; choose another file")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MimageryError(f"cannot create {dest.parent}: {error.strerror}") from error
    partial = dest.with_name(dest.name + ".partial")
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
        os.replace(partial, dest)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise MimageryError(f"backup to {dest} failed: {error}") from error
    finally:
        raw.close()
    return dest


def auto_backup(store: Store, reason: str, now: datetime) -> Path | None:
    """Back up before a destructive action and keep only the newest few.

    Returns None where there is nothing to back up this way (not an SQLite file).
    """
    if store.sqlite_file is None:
        return None
    # A damaged database is not written to: the action would go on from damaged pages,
    # and the backup would be no better than the file.
    with store.reading() as connection:
        try:
            verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
        except exc.DatabaseError as error:
            verdict = [str(error.orig)]
    if verdict != ["ok"]:
        raise MimageryError(
            f"{store.sqlite_file} is damaged ({verdict[0]}); nothing was changed: run "
            "`mimagery check`, then `mimagery restore BACKUP`"
        )
    folder = backups_dir(store)
    stem = f"{AUTO_PREFIX}{_stamp(now)}-{reason}"
    dest = folder / f"{stem}.sqlite3"
    serial = 1
    while dest.exists():  # two actions within the same microsecond of the given clock
        serial += 1
        dest = folder / f"{stem}-{serial}.sqlite3"
    dest = backup(store, dest)
    automatic = sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite3"))
    for old in automatic[:-KEEP_AUTOMATIC]:
        old.unlink(missing_ok=True)
    return dest


def manual_backup_path(store: Store, now: datetime) -> Path:
    """The default file for ``mimagery backup``."""
    return backups_dir(store) / f"manual-{_stamp(now)}.sqlite3"


def check_file(path: Path) -> list[str]:
    """SQLite's own integrity check of a database file, read-only and without opening it
    as a store (no migration): what is wrong, in plain words; empty when it is sound."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            lines = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [f"{path} is damaged or not a database ({error})"]
    return [f"integrity: {line}" for line in lines if line != "ok"]


def check(store: Store) -> list[str]:
    """Everything wrong with the database, in plain words; empty when all is well."""
    problems: list[str] = []
    with store.reading() as connection:
        if connection.dialect.name == "sqlite":
            for (line,) in connection.exec_driver_sql("PRAGMA integrity_check"):
                if line != "ok":
                    problems.append(f"integrity: {line}")
            for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points to a missing row in {parent}")
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision != HEAD:
            problems.append(f"schema is at revision {revision}, expected {HEAD}")
        several = connection.execute(
            select(mimages.c.term_id)
            .where(mimages.c.chosen.is_(True))
            .group_by(mimages.c.term_id)
            .having(func.count() > 1)
        ).scalars()
        problems.extend(f"term {term_id} has more than one chosen mimage" for term_id in several)
        odd = connection.execute(
            select(mimages.c.id, mimages.c.origin).where(mimages.c.origin.not_in(ORIGINS))
        )
        problems.extend(f"mimage {mid} has an unknown origin {origin!r}" for mid, origin in odd)
    return problems


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _revision(path: Path) -> str | None:
    connection = _read_only(path)
    try:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        connection.close()
    return str(found[0]) if found else None


def restore(database: Path, backup_file: Path, now: datetime) -> Path | None:
    """Put a backup in place of the SQLite database ``database``; returns where the
    database it replaced is kept (under ``backups/`` beside it), or None if there was none.

    The backup must pass SQLite's integrity check and be a mimagery database this version
    can open. The database must not be open in another process (switching it out of WAL
    mode, which needs it alone, tells). Its ``-wal`` and ``-shm`` files go with it: a
    stale ``-wal`` beside a restored file would otherwise be replayed into it.
    """
    backup_file = backup_file.expanduser()
    if not backup_file.is_file():
        raise MimageryError(f"{backup_file}: no such file")
    if database.exists() and backup_file.resolve() == database.resolve():
        raise MimageryError(f"{backup_file} is the database itself; choose a backup")
    problems = check_file(backup_file)
    if problems:
        raise MimageryError(f"{backup_file} is not a sound database ({problems[0]}); nothing done")
    revision = _revision(backup_file)
    if revision is None:
        raise MimageryError(f"{backup_file} is not a mimagery database; nothing done")
    if revision not in REVISIONS:
        raise MimageryError(
            f"{backup_file} was made by a newer mimagery (schema {revision}): upgrade mimagery "
            "to restore it; nothing done"
        )
    folder = database.parent / "backups"
    kept: Path | None = None
    current: sqlite3.Connection | None = None
    partial = database.with_name(database.name + ".restoring")
    try:
        if database.exists():
            current = sqlite3.connect(database, timeout=0, isolation_level=None)
            try:
                current.execute("PRAGMA journal_mode=DELETE").fetchone()
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    raise MimageryError(
                        f"another process has {database} open (the web app, a study session?): "
                        "stop it and try again; nothing done"
                    ) from error
            except sqlite3.DatabaseError:
                pass  # damaged past reading: kept and replaced as it is
            folder.mkdir(parents=True, exist_ok=True)
            kept = folder / f"pre-restore-{_stamp(now)}.sqlite3"
            shutil.copy2(database, kept)
            for suffix in ("-wal",):
                side = database.with_name(database.name + suffix)
                if side.exists():
                    shutil.copy2(side, kept.with_name(kept.name + suffix))
        source = _read_only(backup_file)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        os.replace(partial, database)
        for suffix in ("-wal", "-shm", "-journal"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise MimageryError(f"restoring {database} from {backup_file} failed: {error}") from error
    finally:
        if current is not None:
            current.close()
    return kept


#: A picture file younger than this is never called an orphan: a ``generate`` running
#: now writes its cards before it stores their mimages.
ORPHAN_AGE = timedelta(hours=1)


def orphan_pictures(store: Store, now: datetime) -> list[Path]:
    """Files under ``pictures/`` in the data directory that no mimage of this database
    refers to (a card, the PNG beside it, a temporary file), older than ``ORPHAN_AGE``:
    what an interrupted ``generate`` left behind."""
    folder = store.data_dir / "pictures"
    if not folder.is_dir():
        return []
    with store.reading() as connection:
        used = {
            str(picture)
            for picture in connection.execute(
                select(mimages.c.picture).where(mimages.c.picture.is_not(None))
            ).scalars()
        }
    kept = used | {str(Path(picture).with_suffix(".png")) for picture in used}
    cutoff = (now - ORPHAN_AGE).timestamp()
    found = []
    for path in sorted(folder.rglob("*")):
        try:
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
        except OSError:
            continue
        relative = path.relative_to(store.data_dir).as_posix()
        if relative not in kept and str(path) not in kept:
            found.append(path)
    return found
