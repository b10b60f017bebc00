"""Engines, transactions and migrations.

SQLite gets WAL mode, a busy timeout and foreign keys on every connection.
Python's sqlite3 module begins transactions lazily and as DEFERRED; a
read-then-write transaction in that mode fails at once with "database is
locked" when another process writes. So the driver is put in autocommit mode
and we emit ``BEGIN`` ourselves: ``BEGIN IMMEDIATE`` for a write transaction,
which waits for the write lock instead: as long as it takes (up to ``LOCK_WAIT_LIMIT``),
telling the user once after ``NOTICE_AFTER_MS`` (``set_wait_notice``).

PostgreSQL has no database-wide write lock. A write transaction there takes one
transaction-level advisory lock (``pg_advisory_xact_lock``), so imports, deletions and
other structural writes follow each other as on SQLite; a review instead locks only its
card's row (``SELECT … FOR UPDATE``, ``transaction(serialize=False)``), so reviews of
different cards do not wait for each other or for an import.
"""

from __future__ import annotations

import errno
import operator
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

from sqlalchemy import (
    JSON,
    Connection,
    DateTime,
    Engine,
    Table,
    create_engine,
    event,
    exc,
    insert,
    text,
)
from sqlalchemy.engine import make_url

from mimagery.errors import MimageryError

#: The newest migration; the store skips Alembic entirely when the database is at it.
HEAD = "0004"
#: Every migration this version knows, oldest first.
REVISIONS = ("0001", "0002", "0003", "0004")

BUSY_TIMEOUT_MS = 15_000
#: How long a write waits for SQLite's lock before the user is told it is waiting.
NOTICE_AFTER_MS = 3_000
#: How long a write waits for the lock in all before giving up (one-line error).
LOCK_WAIT_LIMIT_S = 600.0
#: The advisory lock every serialised PostgreSQL write transaction holds ("mimg").
PG_WRITE_LOCK = 0x6D696D67

_wait_notice: Callable[[], None] | None = None


def set_wait_notice(notice: Callable[[], None] | None) -> None:
    """Call ``notice`` (once per transaction) when a write has waited for the lock for
    ``NOTICE_AFTER_MS``; the command line prints a line, the web app sets nothing."""
    global _wait_notice
    _wait_notice = notice


class LockTimeout(MimageryError):
    """The database stayed locked by another process for ``LOCK_WAIT_LIMIT_S``."""


_DAMAGED_HINT = (
    "run `mimagery check` for details, then `mimagery restore BACKUP` "
    "(automatic backups are in backups/ in the data directory)"
)


def _disk_full(where: Path | None) -> bool:
    if where is None:
        return False
    try:
        folder = where if where.is_dir() else where.parent
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def describe_failure(error: BaseException, database: Path | None = None) -> str | None:
    """A one-line message for an OS or database error a user can cause (a full disk, a
    read-only file, a damaged database, a locked one, a server that went away), or None
    for anything else (a bug, to be shown as such). ``database`` is the SQLite file."""
    if isinstance(error, OSError):
        return _describe_os_error(error)
    if not isinstance(error, exc.DBAPIError):
        return None
    orig = error.orig
    reason = str(orig).splitlines()[0] if orig is not None else str(error)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        primary = int(code) & 0xFF
        name = str(database) if database is not None else "the database"
        if primary == sqlite3.SQLITE_FULL or (
            primary == sqlite3.SQLITE_IOERR and _disk_full(database)
        ):
            return (
                f"the disk holding {name} is full: nothing was changed; "
                "free some space and try again"
            )
        if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
            return f"{name} cannot be written ({reason}): check its and its folder's permissions"
        if primary == sqlite3.SQLITE_NOTADB:
            return f"cannot open database {name}: it is damaged or not a database ({reason})"
        if primary == sqlite3.SQLITE_CORRUPT:
            return f"{name} is damaged ({reason}); nothing was changed: {_DAMAGED_HINT}"
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return f"{name} is locked by another process ({reason}); nothing was changed"
        if primary == sqlite3.SQLITE_CANTOPEN:
            return f"cannot open {name} ({reason})"
        if primary == sqlite3.SQLITE_IOERR:
            return f"a disk error on {name} ({reason}); nothing was changed"
        return None
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate == "53100":
        return "the database server's disk is full: nothing was changed"
    if sqlstate in ("25006", "42501"):
        return f"the database refused the write ({reason})"
    if sqlstate is not None and sqlstate[:2] in ("08", "57", "53"):
        return f"the database server failed ({reason}); nothing was changed"
    # psycopg's connection failures carry no SQLSTATE.
    if (
        isinstance(error, exc.OperationalError)
        and sqlstate is None
        and type(orig).__module__.startswith("psycopg")
    ):
        return f"cannot reach the database server ({reason})"
    return None


def _describe_os_error(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{where}the disk is full: nothing was changed; free some space and try again"
    if error.errno == errno.EROFS:
        return f"{where}the file system is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{where}permission denied"
    return f"{where}{error.strerror or error}"


def _is_busy(error: exc.DBAPIError) -> bool:
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _begin_immediate_waiting(connection: Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock as long as it takes (up to
    ``LOCK_WAIT_LIMIT_S``): first ``NOTICE_AFTER_MS``, then the notice, then on."""
    deadline = time.monotonic() + LOCK_WAIT_LIMIT_S
    timeout_ms = min(NOTICE_AFTER_MS, BUSY_TIMEOUT_MS)
    noticed = False
    while True:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={timeout_ms}")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            break
        except exc.OperationalError as error:
            if not _is_busy(error):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                minutes = LOCK_WAIT_LIMIT_S / 60
                raise LockTimeout(
                    f"the database stayed locked by another process for {minutes:g} minutes; "
                    "nothing was changed: try again when it has finished"
                ) from error
            if not noticed and _wait_notice is not None:
                _wait_notice()
            noticed = True
            timeout_ms = max(1, min(BUSY_TIMEOUT_MS, int(left * 1000)))
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None (another database, or in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str) -> Engine:
    """An engine for ``url``, with mimagery's SQLite settings where it applies."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise MimageryError(f"not a database URL: {url!r}") from error
    is_sqlite = parsed.get_backend_name() == "sqlite"
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise MimageryError(f"cannot create {path.parent}: {error.strerror}") from error
    kwargs: dict[str, Any] = {}
    if is_sqlite:
        # Files: the default pool keeps a connection open between transactions. Closing
        # the last connection to a WAL database checkpoints it, which cost more than a
        # whole review; ``Store.close`` releases the pooled connection.
        kwargs["poolclass"] = None
        if path is not None:
            # A fixed set of connections, no overflow: an overflow connection is opened
            # and closed per checkout, and opening costs more than a query. A thread
            # waits for a free connection instead (SQLite serialises writers anyway).
            kwargs["pool_size"] = 8
            kwargs["max_overflow"] = 0
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
    try:
        engine = create_engine(url, **kwargs)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        raise MimageryError(f"cannot use database {url!r}: {error}") from error
    if is_sqlite:
        _configure_sqlite(engine, in_memory=path is None)
    return engine


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        if not options.get("mimagery_write", False):
            connection.exec_driver_sql("BEGIN")
        elif options.get("mimagery_wait", True):
            _begin_immediate_waiting(connection)
        else:
            connection.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


_PG_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


class Busy(Exception):
    """Another connection holds the write lock (from ``transaction(wait=False)``)."""


@contextmanager
def transaction(
    engine: Engine, *, write: bool, wait: bool = True, serialize: bool = True
) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back if it raises.

    A write transaction waits for the write lock (see ``_begin_immediate_waiting``);
    with ``wait=False`` it raises ``Busy`` at once instead (SQLite), for a caller that
    must not block, such as the web app's event loop: SQLite's own wait sleeps 1, 2,
    5 ms… On PostgreSQL a write transaction takes the advisory write lock first, unless
    ``serialize=False``: then the caller locks the rows it reads to write (a review).
    """
    with engine.connect() as connection:
        if write:
            connection = connection.execution_options(mimagery_write=True, mimagery_wait=wait)
        try:
            begun = connection.begin()
        except exc.OperationalError as error:
            code = getattr(error.orig, "sqlite_errorcode", None)
            if not wait and code == sqlite3.SQLITE_BUSY:
                raise Busy(str(error.orig)) from error
            raise
        with begun:
            if write and serialize and connection.dialect.name == "postgresql":
                connection.execute(_PG_LOCK, {"key": PG_WRITE_LOCK})
            yield connection


def _current_revision(connection: Connection) -> str | None:
    try:
        with connection.begin_nested():
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except exc.DatabaseError:
        return None


def _refuse_unknown_schema(connection: Connection, revision: str | None) -> None:
    """Refuse a database this version cannot migrate: one from a newer mimagery, or one
    with mimagery's tables but no record of their schema."""
    if revision is not None and revision not in REVISIONS:
        raise MimageryError(
            f"the database was made by a newer mimagery (schema {revision}; this one knows "
            f"up to {HEAD}): upgrade mimagery to use it"
        )
    if revision is None:
        from sqlalchemy import inspect

        if inspect(connection).has_table("decks"):
            raise MimageryError(
                "the database has mimagery's tables but no schema version (its alembic_version "
                "table is missing): it is damaged or not mimagery's; restore a backup "
                "(`mimagery restore BACKUP`)"
            )


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema, under the write lock.

    Alembic is imported only when there is something to do, which keeps
    start-up quick for every command after the first.
    """
    with transaction(engine, write=False) as connection:
        if _current_revision(connection) == HEAD:
            return
    with transaction(engine, write=True) as connection:
        # Another process may have migrated while we waited for the lock.
        revision = _current_revision(connection)
        if revision == HEAD:
            return
        _refuse_unknown_schema(connection, revision)
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "mimagery.store:migrations")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def bulk_insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with one ``executemany``, skipping per-row statement overhead.

    SQLAlchemy builds a parameter dictionary per row through its compiler,
    which cost more than SQLite's own work for a 10,000-term import. Here the
    statement is compiled once for the connection's dialect, and each column's
    bind processor (the dialect's own conversion, so PostgreSQL gets what its
    driver expects) is applied directly; timestamps, mostly one value per
    import, are converted once.
    """
    if not rows:
        return
    dialect = connection.dialect
    columns = list(rows[0])
    compiled = insert(table).inline().compile(dialect=dialect, column_keys=columns)
    converters: dict[str, Any] = {}
    for column in columns:
        sql_type = table.c[column].type
        processor = sql_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None and isinstance(sql_type, DateTime):
            memo: dict[Any, Any] = {}

            def once(value: Any, processor: Any = processor, memo: dict[Any, Any] = memo) -> Any:
                if value not in memo:
                    memo[value] = processor(value)
                return memo[value]

            converters[column] = once
        elif processor is not None and isinstance(sql_type, JSON):
            # Mostly empty alias lists: serialise each distinct list of strings once.
            seen: dict[tuple[str, ...], Any] = {}

            def json_once(
                value: Any, processor: Any = processor, seen: dict[Any, Any] = seen
            ) -> Any:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    return processor(value)
                frozen = tuple(value)
                if frozen not in seen:
                    seen[frozen] = processor(value)
                return seen[frozen]

            converters[column] = json_once
        elif processor is not None:
            converters[column] = processor
    if compiled.positional:
        order = list(compiled.positiontup or [])
        pick = operator.itemgetter(*order) if len(order) > 1 else (lambda r: (r[order[0]],))
        convert = [(i, converters[name]) for i, name in enumerate(order) if name in converters]
        positional: list[Any] = [pick(row) for row in rows]
        if convert:
            for number, values in enumerate(positional):
                values = list(values)
                for i, function in convert:
                    values[i] = function(values[i])
                positional[number] = tuple(values)
        connection.exec_driver_sql(compiled.string, positional)
    else:
        named = [
            {
                name: converters[name](value) if name in converters else value
                for name, value in row.items()
            }
            for row in rows
        ]
        connection.exec_driver_sql(compiled.string, named)


@overload
def stored_utc(moment: datetime) -> datetime: ...
@overload
def stored_utc(moment: None) -> None: ...
def stored_utc(moment: datetime | None) -> datetime | None:
    """A time read from the database as aware UTC (None stays None).

    Everything is stored in UTC; SQLite hands times back without a zone, PostgreSQL
    may hand them back in the session's zone, and FSRS wants UTC itself.
    """
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
