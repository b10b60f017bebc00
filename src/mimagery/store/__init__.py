"""The store: the one place with SQL.

``Store`` is a thin façade over the modules beside it: ``decks`` (terms and mimages
as rows), ``merge`` (an import merged into a deck), ``study`` and ``stats`` (the
study queries), ``engine`` (connections, migrations, locks), ``tables`` (the schema)
and ``safety`` (backups and checks). Every user action is one transaction: an import
writes all of its terms or none of them. Writes take the write lock first (``BEGIN
IMMEDIATE`` on SQLite).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    exc,
    func,
    insert,
    select,
    update,
)

from mimagery import languages, paths
from mimagery.errors import MimageryError, NotFound
from mimagery.model import Deck, Mimage, Term, key, no_gc
from mimagery.store import safety
from mimagery.store import study as study_sql
from mimagery.store.decks import add_mimage, choose, find_term_id, load_term, load_terms
from mimagery.store.engine import (
    describe_failure,
    make_engine,
    migrate,
    sqlite_path,
    stored_utc,
    transaction,
)
from mimagery.store.merge import merge_deck
from mimagery.store.tables import decks, mimages, terms
from mimagery.text import did_you_mean

__all__ = ["DeckSummary", "ImportReport", "Store", "load_term", "stored_utc"]


@dataclass(frozen=True)
class ImportReport:
    """What an import did to a deck."""

    deck: str
    added: int
    updated: int
    unchanged: int
    created_deck: bool
    backup: Path | None = None


@dataclass(frozen=True)
class DeckSummary:
    """A deck with its counts, for listings."""

    name: str
    terms: int
    mimages: int
    incomplete: int
    created: datetime
    language: str = "en"


_ENGINES: dict[str, Engine] = {}


class Store:
    """A mimagery database: decks, terms and mimages."""

    def __init__(self, engine: Engine, data_dir: Path) -> None:
        """Wrap an engine whose database is already migrated; use ``Store.open``."""
        self.engine = engine
        self.data_dir = data_dir
        #: SQLite (a file or memory in this process) rather than a database server.
        self.embedded = engine.dialect.name == "sqlite"
        self._checked = not self.embedded

    @classmethod
    def open(cls, url: str | None = None, data_dir: Path | None = None) -> Store:
        """Open (and create or migrate) the database at ``url``, default the data dir's."""
        data_dir = data_dir or paths.home()
        url = url or paths.default_url(data_dir)
        # One engine per database in a process: SQLAlchemy caches compiled statements per
        # engine, and compiling them again costs more than a review itself. ``close``
        # releases the connections; the engine stays usable.
        engine = _ENGINES.get(url)
        if engine is None:
            engine = make_engine(url)
        try:
            migrate(engine)
        except (exc.DBAPIError, MimageryError) as error:
            engine.dispose()
            _ENGINES.pop(url, None)
            if isinstance(error, MimageryError):
                raise
            described = describe_failure(error, sqlite_path(url))
            reason = str(error.orig).splitlines()[0] if error.orig else str(error)
            raise MimageryError(described or f"cannot open database {url}: {reason}") from error
        if sqlite_path(url) is not None:
            _ENGINES[url] = engine
        return cls(engine, data_dir)

    def close(self) -> None:
        """Release the database connections (the engine, and its compiled statements,
        stay for the next ``Store.open`` of the same database in this process)."""
        self.engine.dispose()

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file, or None for another database or one in memory."""
        return sqlite_path(str(self.engine.url))

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction."""
        with transaction(self.engine, write=False) as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction, holding the write lock from its first statement."""
        with transaction(self.engine, write=True) as connection:
            self.refuse_if_damaged(connection)
            yield connection

    def refuse_if_damaged(self, connection: Connection) -> None:
        """Before this store's first write, SQLite's quick check of the whole file; a
        damaged database is not written to (MimageryError, nothing changed): a write
        would go on from damaged pages. Once per ``Store``: a few milliseconds for a
        deck of thousands of cards."""
        if self._checked:
            return
        try:
            verdict = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
        except exc.DatabaseError as error:
            verdict = [str(error.orig)]
        if verdict != ["ok"]:
            where = self.sqlite_file or "the database"
            raise MimageryError(
                f"{where} is damaged ({verdict[0]}); nothing was changed: run "
                "`mimagery check`, then `mimagery restore BACKUP`"
            )
        self._checked = True

    # Decks -----------------------------------------------------------------

    def _deck_id(self, connection: Connection, name: str) -> int | None:
        found = study_sql.deck_by_name(connection, name)
        return found[0] if found is not None else None

    def _require_deck(self, connection: Connection, name: str) -> int:
        deck_id = self._deck_id(connection, name)
        if deck_id is None:
            known = connection.execute(select(decks.c.name).order_by(decks.c.name)).scalars()
            hint = ", ".join(known) or "none yet; import a glossary first"
            raise NotFound(f"no deck called {name!r} (decks: {hint})")
        return deck_id

    def deck_id(self, connection: Connection, name: str) -> int:
        """A deck's id inside a transaction; a clean error when there is no such deck."""
        return self._require_deck(connection, name)

    def deck_language(self, name: str) -> str:
        """The language a deck's terms are in (a ``mimagery.languages`` code), read on
        its own, without the deck's terms. NotFound when there is no such deck."""
        with self.reading() as connection:
            deck_id = self._require_deck(connection, name)
            stored = connection.execute(
                select(decks.c.language).where(decks.c.id == deck_id)
            ).scalar()
        return str(stored) if stored else Deck(name).language

    def deck_names(self) -> list[str]:
        """Every deck's name, alphabetically."""
        with self.reading() as connection:
            return list(
                connection.execute(select(decks.c.name).order_by(decks.c.name_key)).scalars()
            )

    def resolve_deck(self, name: str | None) -> str:
        """The deck a command means: the one named, or the only one there is."""
        names = self.deck_names()
        if name is not None:
            for known in names:
                if key(known) == key(name):
                    return known
            hint = ", ".join(names) or "none yet; import a glossary first"
            raise NotFound(f"no deck called {name!r} (decks: {hint}){did_you_mean(name, names)}")
        if len(names) == 1:
            return names[0]
        if not names:
            raise MimageryError("there are no decks yet; import a glossary first")
        raise MimageryError(f"say which deck with --deck ({', '.join(names)})")

    def decks(self) -> list[DeckSummary]:
        """All decks with their term and mimage counts."""
        term_count = (
            select(terms.c.deck_id, func.count().label("n")).group_by(terms.c.deck_id).subquery()
        )
        mimage_count = (
            select(
                terms.c.deck_id,
                func.count(mimages.c.id).label("n"),
                func.count(mimages.c.id).filter(mimages.c.complete.is_(False)).label("cut"),
            )
            .join(mimages, mimages.c.term_id == terms.c.id)
            .group_by(terms.c.deck_id)
            .subquery()
        )
        query = (
            select(
                decks.c.name,
                func.coalesce(term_count.c.n, 0),
                func.coalesce(mimage_count.c.n, 0),
                func.coalesce(mimage_count.c.cut, 0),
                decks.c.created,
                decks.c.language,
            )
            .outerjoin(term_count, term_count.c.deck_id == decks.c.id)
            .outerjoin(mimage_count, mimage_count.c.deck_id == decks.c.id)
            .order_by(decks.c.name_key)
        )
        with self.reading() as connection:
            return [
                DeckSummary(name, n_terms, n_mimages, cut, stored_utc(created), language)
                for name, n_terms, n_mimages, cut, created, language in connection.execute(query)
            ]

    def load_deck(self, name: str) -> Deck:
        """A whole deck, terms in glossary order, mimages in the order they were added."""
        with self.reading() as connection:
            deck_id = self._require_deck(connection, name)
            deck_name, language = connection.execute(
                select(decks.c.name, decks.c.language).where(decks.c.id == deck_id)
            ).one()
            return Deck(deck_name, load_terms(connection, deck_id), language=language)

    def stored_language(self, name: str) -> str | None:
        """The language code of the deck called ``name``, or None when there is none."""
        with self.reading() as connection:
            return connection.execute(
                select(decks.c.language).where(decks.c.name_key == key(name))
            ).scalar_one_or_none()

    def set_language(self, name: str, code: str) -> None:
        """Change a deck's language (``code`` checked by the caller, ``languages.get``)."""
        with self.writing() as connection:
            deck_id = self._require_deck(connection, name)
            connection.execute(update(decks).where(decks.c.id == deck_id).values(language=code))

    def find_term(self, deck: str, name: str) -> Term:
        """One term of a deck, by name or alias (case-insensitive), read on its own."""
        with self.reading() as connection:
            deck_id = self._require_deck(connection, deck)
            try:
                term_id = find_term_id(connection, deck_id, name)
            except MimageryError:
                deck_name = connection.execute(
                    select(decks.c.name).where(decks.c.id == deck_id)
                ).scalar_one()
                known = [known for _, known in self._term_names(connection, deck_id)]
                hint = did_you_mean(name, known)
                raise NotFound(f"deck {deck_name!r} has no term {name!r}{hint}") from None
            return load_term(connection, term_id)

    def term_names(self, deck: str | None = None) -> list[tuple[str, str]]:
        """Every term's name and each of its aliases, as (deck, name) pairs: of one deck,
        or of all decks."""
        with self.reading() as connection:
            deck_id = None if deck is None else self._require_deck(connection, deck)
            return self._term_names(connection, deck_id)

    def decks_with_term(self, name: str) -> list[str]:
        """The decks (alphabetically) that have a term called ``name`` or with that alias."""
        wanted = key(name)
        return sorted({deck for deck, known in self.term_names() if key(known) == wanted})

    @staticmethod
    def _term_names(connection: Connection, deck_id: int | None) -> list[tuple[str, str]]:
        query = select(decks.c.name, terms.c.name, terms.c.aliases).join(
            decks, decks.c.id == terms.c.deck_id
        )
        if deck_id is not None:
            query = query.where(terms.c.deck_id == deck_id)
        found: list[tuple[str, str]] = []
        for deck, name, aliases in connection.execute(query):
            found += [(deck, name), *((deck, alias) for alias in aliases or [])]
        return found

    def delete_deck(self, name: str, *, now: datetime) -> Path | None:
        """Delete a deck and everything in it, after an automatic backup.

        Returns the backup's path (None where the database is not an SQLite file).
        """
        with self.reading() as connection:
            self._require_deck(connection, name)
        backup = safety.auto_backup(self, "delete-deck", now)
        with self.writing() as connection:
            deck_id = self._require_deck(connection, name)
            term_ids = select(terms.c.id).where(terms.c.deck_id == deck_id)
            connection.execute(delete(mimages).where(mimages.c.term_id.in_(term_ids)))
            connection.execute(delete(terms).where(terms.c.deck_id == deck_id))
            connection.execute(delete(decks).where(decks.c.id == deck_id))
        return backup

    # Mimages ---------------------------------------------------------------

    def add_mimages(
        self, deck: str, additions: list[tuple[str, Mimage]], *, now: datetime
    ) -> list[bool]:
        """Add mimages to terms of a deck in one transaction; returns, per addition,
        whether it was stored.

        A mimage with ``chosen`` set becomes the term's chosen one. A keyword the
        term already has replaces that mimage only when both are generated:
        imported and the user's own mimages are never overwritten.
        """
        stored: list[bool] = []
        with self.writing() as connection:
            deck_id = self._require_deck(connection, deck)
            ids = {
                name_key: term_id
                for term_id, name_key in connection.execute(
                    select(terms.c.id, terms.c.name_key).where(terms.c.deck_id == deck_id)
                )
            }
            for name, mimage in additions:
                term_id = ids.get(key(name))
                if term_id is None:
                    raise MimageryError(f"deck {deck!r} has no term {name!r}")
                stored.append(add_mimage(connection, term_id, mimage, now))
        return stored

    def choose_mimage(self, deck: str, term: str, keyword: str) -> None:
        """Make the term's mimage with this keyword the chosen one."""
        with self.writing() as connection:
            deck_id = self._require_deck(connection, deck)
            term_id = find_term_id(connection, deck_id, term)
            found = connection.execute(
                select(mimages.c.id).where(
                    mimages.c.term_id == term_id, mimages.c.keyword_key == key(keyword)
                )
            ).scalar_one_or_none()
            if found is None:
                raise MimageryError(f"{term!r} has no mimage with the keyword {keyword!r}")
            choose(connection, term_id, found)

    # Import ----------------------------------------------------------------

    def import_deck(self, deck: Deck, *, name: str | None = None, now: datetime) -> ImportReport:
        """Merge a parsed deck into the store in one transaction.

        Terms merge by name (case-insensitive): a new one is added; a known one
        takes a changed non-empty definition, new aliases and new mimages, and
        a mimage with a known keyword takes the new scene. A deck that already
        has terms is backed up first. Pictures the import brought (``Mimage.artwork``)
        are written under ``pictures/imported/`` first and removed again if the
        transaction fails.
        """
        target = name or deck.name or "Imported"
        if len(target) > 400:
            raise MimageryError("deck names are limited to 400 characters")
        with self.reading() as connection:
            deck_id = self._deck_id(connection, target)
            has_terms = (
                deck_id is not None
                and connection.execute(
                    select(func.count()).select_from(terms).where(terms.c.deck_id == deck_id)
                ).scalar_one()
            )
        backup = safety.auto_backup(self, "merge-import", now) if has_terms else None
        written: list[Path] = []
        try:
            self._write_artwork(deck, written)
            with self.writing() as connection:
                deck_id = self._deck_id(connection, target)
                created_deck = deck_id is None
                if deck_id is None:
                    inserted = connection.execute(
                        insert(decks).values(
                            name=target, name_key=key(target), created=now, language=deck.language
                        )
                    ).inserted_primary_key
                    assert inserted is not None
                    deck_id = int(inserted[0])
                else:
                    _same_language(connection, deck_id, deck.language)
                with no_gc():  # many small rows: collection passes would walk the deck again
                    counts = merge_deck(connection, deck_id, deck, now)
                display = connection.execute(
                    select(decks.c.name).where(decks.c.id == deck_id)
                ).scalar_one()
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return ImportReport(display, *counts, created_deck=created_deck, backup=backup)

    def _write_artwork(self, deck: Deck, written: list[Path]) -> None:
        """Write each picture an import brought as a file named after its content and
        point its mimage there; the files that are new go into ``written``."""
        for term in deck.terms:
            for mimage in term.mimages:
                if mimage.artwork is None:
                    continue
                data = mimage.artwork.encode("utf-8")
                relative = f"pictures/imported/{hashlib.sha256(data).hexdigest()[:32]}.svg"
                path = self.data_dir / relative
                if not path.is_file():
                    try:
                        paths.write_atomically(path, data)
                    except OSError as error:
                        raise MimageryError(f"cannot write picture {path}: {error}") from error
                    written.append(path)
                mimage.picture = relative


def _same_language(connection: Connection, deck_id: int, language: str) -> None:
    """Refuse an import into a deck whose language is not the glossary's."""
    name, stored = connection.execute(
        select(decks.c.name, decks.c.language).where(decks.c.id == deck_id)
    ).one()
    if stored != language:
        theirs, ours = languages.get(stored), languages.get(language)
        raise MimageryError(
            f"deck {name!r} is in {theirs.name} ({theirs.code}), not {ours.name} ({ours.code}): "
            "import into another deck, or first change the deck's language "
            f"(mimagery settings --deck {name!r} --lang {ours.code})"
        )
