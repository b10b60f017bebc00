"""Reading Anki packages (``.apkg``): notes become terms, as far as their fields tell.

A package is a ZIP archive holding an SQLite collection and the media files. The archive
comes from anywhere, so it is treated as hostile:

- it is opened from memory; only the collection is written to disk, under a name chosen
  here, in a fresh temporary folder that is removed afterwards;
- an entry whose name climbs out (``..``), is absolute, uses backslashes or a drive, or is
  a symbolic link rejects the whole package, as do too many entries;
- entries are read in chunks and the reading stops as soon as an entry, or all of them
  together, pass a size cap or expand more than ``MAX_RATIO`` times (ZIP bombs); the sizes
  the archive declares are checked too but never trusted;
- the collection is opened read-only with an untrusted schema and must pass SQLite's
  ``quick_check``.

Fields are matched by name: ``Term``/``Front``/``Word``/``Question``/``Expression`` give
the term, ``Definition``/``Back``/``Meaning``/``Answer`` the definition, and the fields
mimagery's own export writes (``Keyword``, ``Scene``, ``Aliases``) the chosen mimage and
the aliases. A note type without such names gives its first field as the term and its
second as the definition. Fields are HTML: they are turned into plain text.

A note that gives a mimage (it has a ``Keyword``) takes the first picture of its
``Picture`` (or ``Image``) field from the package's media: the media list is JSON in older
packages and zstd-compressed protobuf in ``anki21b`` ones, whose files are compressed
too. Each picture is read within the same caps and cleaned by
``pictures.imported_card``; one that is missing or is not a usable picture is left out.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import IO, Any, cast
from urllib.parse import unquote

from mimagery import languages, pictures
from mimagery.errors import MimageryError
from mimagery.model import Deck, Mimage, Term, clean

MAX_ENTRIES = 10_000
#: The most notes one package may bring (a term each); more is refused, saying so.
MAX_NOTES = 100_000
#: Seconds of picture drawing one package may cost; later pictures are left out.
MAX_DRAWING_S = 20.0
MAX_COLLECTION = 200 * 1024 * 1024
MAX_MEDIA = 20 * 1024 * 1024
MAX_TOTAL = 500 * 1024 * 1024
#: Uncompressed bytes per compressed byte above which an entry counts as a ZIP bomb, once
#: it has expanded past ``RATIO_FLOOR`` (small, mostly empty databases compress very well).
MAX_RATIO = 200
RATIO_FLOOR = 8 * 1024 * 1024
CHUNK = 1024 * 1024

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MEDIA_LIST = "media"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

TERM_FIELDS = (
    "term",
    "front",
    "word",
    "question",
    "expression",
    "vocabulary",
    "vocab",
    # Vocabulary decks name the word's field after its language ("Russian", "English").
    *(lang.name.casefold() for lang in languages.SUPPORTED.values() if lang.code != "en"),
)
DEFINITION_FIELDS = ("definition", "back", "meaning", "answer", "translation", "english")
#: The class of the romanisation mimagery's export writes after a term ("собака sobaka"):
#: not part of the term.
ROMANISED = "romanised"
PICTURE_FIELDS = ("picture", "image")


class _Bad(Exception):
    """A reason the package is refused; turned into a MimageryError with its source."""


# The archive ---------------------------------------------------------------------------------


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if not name or "\x00" in name:
        raise _Bad("an entry has no name")
    if "\\" in name:
        raise _Bad(f"entry {name!r} uses backslashes")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _Bad(f"entry {name!r} has an absolute path")
    if ".." in PurePath(name).parts or ".." in name.split("/"):
        raise _Bad(f"entry {name!r} leaves the package")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _Bad(f"entry {name!r} is a symbolic link")
    if info.flag_bits & 0x1:
        raise _Bad(f"entry {name!r} is encrypted")


def _cap(name: str) -> int:
    return MAX_COLLECTION if name in COLLECTIONS else MAX_MEDIA


class _Budget:
    """The bytes read from the archive so far, against ``MAX_TOTAL``."""

    def __init__(self) -> None:
        self.total = 0

    def spend(self, count: int) -> None:
        self.total += count
        if self.total > MAX_TOTAL:
            raise _Bad(f"its contents are larger than {MAX_TOTAL // (1024 * 1024)} MB")


class _CappedEntry(io.RawIOBase):
    """An archive entry read within its caps: size, expansion ratio and the total budget."""

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget):
        super().__init__()
        self._stream: IO[bytes] = archive.open(info)
        self.name = info.filename
        self._cap = _cap(info.filename)
        self._compressed = max(info.compress_size, 1)
        self._budget = budget
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self._stream.read(min(len(view), CHUNK))
        size = len(chunk)
        self.count += size
        self._budget.spend(size)
        if self.count > self._cap:
            raise _Bad(f"entry {self.name!r} is larger than {self._cap // (1024 * 1024)} MB")
        if self.count > RATIO_FLOOR and self.count > MAX_RATIO * self._compressed:
            raise _Bad(f"entry {self.name!r} expands too much (a ZIP bomb?)")
        view[:size] = chunk
        return size

    def close(self) -> None:
        self._stream.close()
        super().close()


def _chunks(stream: IO[bytes] | io.RawIOBase) -> Iterator[bytes]:
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return
        yield chunk


def _open_archive(data: bytes) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    if not data.startswith(b"PK"):
        raise _Bad("it is not a ZIP archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise _Bad(f"it is not a readable ZIP archive ({error})") from error
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _Bad(f"it has more than {MAX_ENTRIES} entries")
    entries: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in infos:
        _check_entry(info)
        if info.filename in entries:
            raise _Bad(f"entry {info.filename!r} appears twice")
        if info.file_size > _cap(info.filename):
            raise _Bad(f"entry {info.filename!r} is too large")
        declared += info.file_size
        entries[info.filename] = info
    if declared > MAX_TOTAL:
        raise _Bad(f"its contents are larger than {MAX_TOTAL // (1024 * 1024)} MB")
    return archive, entries


def _extract_collection(
    archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], target: Path
) -> None:
    """Write the newest collection the package holds to ``target``, within the caps."""
    name = next((name for name in COLLECTIONS if name in entries), None)
    if name is None:
        raise _Bad("it holds no Anki collection")
    budget = _Budget()
    with target.open("wb") as out:
        entry = _CappedEntry(archive, entries[name], budget)
        try:
            if name == "collection.anki21b":
                chunks = _decompressed(entry, name, MAX_COLLECTION, _Budget())
            else:
                chunks = _chunks(entry)
            for chunk in chunks:
                out.write(chunk)
        finally:
            entry.close()


def _decompressed(
    stream: IO[bytes] | io.RawIOBase, name: str, cap: int, budget: _Budget
) -> Iterator[bytes]:
    """The bytes of zstd-compressed ``stream``, stopping once they pass ``cap`` or the
    budget (zstd expands zeros by a factor of thousands)."""
    import zstandard

    reader = zstandard.ZstdDecompressor().stream_reader(cast(IO[bytes], stream))
    written = 0
    try:
        for chunk in _chunks(reader):
            written += len(chunk)
            budget.spend(len(chunk))
            if written > cap:
                raise _Bad(f"entry {name!r} is larger than {cap // (1024 * 1024)} MB")
            yield chunk
    except zstandard.ZstdError as error:
        raise _Bad(f"entry {name!r} is not valid zstd data ({error})") from error


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """A whole (small) entry, within the caps."""
    entry = _CappedEntry(archive, info, budget)
    try:
        return b"".join(_chunks(entry))
    finally:
        entry.close()


def _unzstd(data: bytes, name: str, budget: _Budget) -> bytes:
    return b"".join(_decompressed(io.BytesIO(data), name, MAX_MEDIA, budget))


# The media list ------------------------------------------------------------------------------


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise _Bad("its media list is damaged")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _protobuf_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of a protobuf message: varints as int, lengths as bytes."""
    at = 0
    while at < len(data):
        tag, at = _varint(data, at)
        number, kind = tag >> 3, tag & 7
        if kind == 0:
            value, at = _varint(data, at)
            yield number, value
        elif kind == 2:
            length, at = _varint(data, at)
            if at + length > len(data):
                raise _Bad("its media list is damaged")
            yield number, data[at : at + length]
            at += length
        elif kind in (1, 5):  # fixed 64 and 32 bits: nothing mimagery reads
            at += 8 if kind == 1 else 4
        else:
            raise _Bad("its media list is damaged")


def _media_list(data: bytes) -> dict[str, str]:
    """Media file name → the archive entry holding it.

    Older packages list ``{"0": "name.png", …}`` as JSON; ``anki21b`` ones a protobuf
    ``MediaEntries`` (field 1, repeated: name = 1, size = 2, sha1 = 3, and
    legacy_zip_filename = 255 when the entry is not named after its index).
    """
    if not data.startswith(b"{"):
        found: dict[str, str] = {}
        index = 0
        for number, entry in _protobuf_fields(data):
            if number != 1 or not isinstance(entry, bytes):
                continue
            name, zip_name = "", str(index)
            for field, value in _protobuf_fields(entry):
                if field == 1 and isinstance(value, bytes):
                    name = value.decode("utf-8", "replace")
                elif field == 255 and isinstance(value, int):
                    zip_name = str(value)
            found.setdefault(name, zip_name)
            index += 1
        return found
    listed = _json(data, "media list")
    return {str(name): str(entry) for entry, name in listed.items() if isinstance(name, str)}


class _Media:
    """The package's pictures, read on demand within the caps and cleaned once each."""

    def __init__(self, archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> None:
        self._archive = archive
        self._entries = entries
        self._budget = _Budget()
        self._drawing = 0.0  # seconds spent drawing pictures so far
        self._cards: dict[str, tuple[str | None, str]] = {}
        self._names: dict[str, str] = {}
        self._compressed = False
        if MEDIA_LIST in entries:
            raw = _read_entry(archive, entries[MEDIA_LIST], self._budget)
            self._compressed = raw.startswith(ZSTD_MAGIC)  # anki21b: every file is
            if self._compressed:
                raw = _unzstd(raw, MEDIA_LIST, self._budget)
            self._names = _media_list(raw)

    def card(self, name: str) -> tuple[str | None, str]:
        """The picture called ``name`` as an SVG card and "", or None and why not.

        Each picture's drawing is bounded (``pictures.imported.svg_too_costly``); once
        ``MAX_DRAWING_S`` of drawing is spent, the package's remaining pictures are left
        out, so no package costs minutes however many pictures it holds."""
        if name not in self._cards:
            listed = self._names.get(name) or self._names.get(unquote(name), "")
            entry = self._entries.get(listed)
            found: tuple[str | None, str] = (None, "missing from the package")
            if entry is not None and entry.filename not in (*COLLECTIONS, MEDIA_LIST, "meta"):
                if self._drawing > MAX_DRAWING_S:
                    found = (None, f"the package's {MAX_DRAWING_S:g} s for drawing were spent")
                else:
                    data = _read_entry(self._archive, entry, self._budget)
                    if self._compressed:
                        data = _unzstd(data, entry.filename, self._budget)
                    started = time.perf_counter()
                    found = pictures.picture_card(data, name)
                    self._drawing += time.perf_counter() - started
            self._cards[name] = found
        return self._cards[name]


# The collection ------------------------------------------------------------------------------


def _tables(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


def _json(text: object, what: str) -> dict[str, Any]:
    if not isinstance(text, str | bytes) or not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _Bad(f"its {what} are not valid JSON") from error
    return value if isinstance(value, dict) else {}


def _field_order(field: dict[str, Any]) -> int:
    order = field.get("ord")
    return order if isinstance(order, int) else 0


def _note_types(db: sqlite3.Connection, tables: set[str]) -> dict[int, list[str]]:
    """Each note type's field names in order, by note type id."""
    types: dict[int, list[str]] = {}
    if "fields" in tables:  # schema 15 and later
        rows = db.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord").fetchall()
        for ntid, _, name in rows:
            types.setdefault(int(ntid), []).append(str(name))
        if types:
            return types
    row = db.execute("SELECT models FROM col LIMIT 1").fetchone()
    models = _json(row[0] if row else None, "note types")
    for model_id, model in models.items():
        fields = model.get("flds") if isinstance(model, dict) else None
        if not isinstance(fields, list):
            continue
        ordered = sorted((f for f in fields if isinstance(f, dict)), key=_field_order)
        try:
            types[int(model_id)] = [str(f.get("name", "")) for f in ordered]
        except ValueError:
            continue
    if not types and "notetypes" in tables:
        raise _Bad("its note types are stored in a way mimagery cannot read")
    return types


def _deck_name(db: sqlite3.Connection, tables: set[str]) -> str:
    """The name of the deck most cards are in, or "" (also for Anki's "Default")."""
    if "cards" not in tables:
        return ""
    row = db.execute("SELECT did FROM cards GROUP BY did ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
    if row is None:
        return ""
    did = row[0]
    name: object = None
    if "decks" in tables:  # schema 15 and later: levels separated by \x1f
        found = db.execute("SELECT name FROM decks WHERE id = ?", (did,)).fetchone()
        if found:
            name = str(found[0]).replace("\x1f", "::")
    if name is None:
        col = db.execute("SELECT decks FROM col LIMIT 1").fetchone()
        deck = _json(col[0] if col else None, "decks").get(str(did))
        name = deck.get("name") if isinstance(deck, dict) else None
    text = clean(name) if isinstance(name, str) else ""
    return "" if text == "Default" else text


# Fields --------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """An Anki field's HTML as plain text: line breaks kept, scripts and styles dropped."""

    _BLOCKS = frozenset({"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})
    _HIDDEN = frozenset({"script", "style", "template", "title", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self.hidden = 0
        self.spans = 0  # spans open inside a hidden romanisation

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._image(attrs)
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag == "span" and (self.spans or _romanised(attrs)):
            self.hidden += not self.spans
            self.spans += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._image(attrs)
        elif tag == "br":
            self.parts.append("\n")

    def _image(self, attrs: list[tuple[str, str | None]]) -> None:
        source = dict(attrs).get("src")
        if source and not self.hidden:
            self.images.append(source.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.spans:
            self.spans -= 1
            self.hidden = max(0, self.hidden - (not self.spans))
        elif tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _romanised(attrs: list[tuple[str, str | None]]) -> bool:
    return ROMANISED in (dict(attrs).get("class") or "").split()


_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)


def _parsed(field: str) -> _Text:
    parser = _Text()
    parser.feed(field)
    parser.close()
    return parser


def html_to_text(field: str) -> str:
    """An Anki field as stored text: tags gone, entities decoded, ``<br>`` as a newline."""
    parser = _parsed(field)
    text = "".join(parser.parts).replace("\xa0", " ").replace("\r\n", "\n")
    text = _CLOZE.sub(r"\1", _SOUND.sub("", text))
    return clean("\n".join(line.rstrip() for line in text.split("\n")))


def _roles(names: list[str]) -> dict[str, int]:
    """Which field index holds the term, definition, keyword, scene and aliases."""
    lowered = [name.strip().casefold() for name in names]
    roles: dict[str, int] = {}
    for role, wanted in (
        ("term", TERM_FIELDS),
        ("definition", DEFINITION_FIELDS),
        ("keyword", ("keyword",)),
        ("scene", ("scene",)),
        ("aliases", ("aliases",)),
        ("picture", PICTURE_FIELDS),
    ):
        index = next((lowered.index(w) for w in wanted if w in lowered), None)
        if index is not None:
            roles[role] = index
    taken = set(roles.values())
    for role in ("term", "definition"):
        if role not in roles:
            spare = next((i for i in range(len(names) or 2) if i not in taken), None)
            if spare is not None:
                roles[role] = spare
                taken.add(spare)
    return roles


def _term(
    fields: list[str], roles: dict[str, int], media: _Media, left_out: list[str]
) -> Term | None:
    def raw(role: str) -> str:
        index = roles.get(role)
        return fields[index] if index is not None and index < len(fields) else ""

    def get(role: str) -> str:
        return html_to_text(raw(role))

    name = get("term")
    if not name:
        return None
    aliases = [a for a in (clean(part) for part in get("aliases").split(";")) if a]
    term = Term(name, get("definition"), aliases, [])
    keyword = get("keyword")
    if keyword:
        mimage = Mimage(keyword, get("scene"), chosen=True)
        images = _parsed(raw("picture")).images
        if images:
            mimage.artwork, why = media.card(images[0])
            if mimage.artwork is None:
                left_out.append(f"the picture of {name!r} ({images[0]!r}) was left out: {why}")
        term.mimages.append(mimage)
    return term


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _read_collection(path: Path, media: _Media) -> Deck:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise _Bad(f"its collection cannot be opened ({error})") from error
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        # Newer collections index names with Anki's own case-blind collation.
        db.create_collation("unicase", _unicase)
        check = db.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise _Bad("its collection database is damaged")
        tables = _tables(db)
        if not {"notes", "col"} <= tables:
            raise _Bad("its collection has no notes")
        types = _note_types(db, tables)
        count = int(db.execute("SELECT count(*) FROM notes").fetchone()[0])
        if count > MAX_NOTES:
            raise _Bad(f"it has {count:,} notes; at most {MAX_NOTES:,} are imported at once")
        terms = []
        left_out: list[str] = []
        # Rows are fetched as they are read (the cursor streams), one note at a time.
        for mid, flds in db.execute("SELECT mid, flds FROM notes ORDER BY id"):
            names = types.get(int(mid), [])
            term = _term(str(flds).split("\x1f"), _roles(names), media, left_out)
            if term is not None:
                terms.append(term)
        return Deck(_deck_name(db, tables), terms, left_out)
    except sqlite3.Error as error:
        raise _Bad(f"its collection cannot be read ({error})") from error
    finally:
        db.close()


def read(data: bytes, source: str = "input") -> Deck:
    """Read an Anki package's notes as a deck (not normalised), pictures as ``artwork``.

    The deck is named after the Anki deck most of its cards are in, else after ``source``'s
    file name. Raises MimageryError, with a one-line message, for anything unreadable or
    unsafe.
    """
    try:
        archive, entries = _open_archive(data)
        with archive, tempfile.TemporaryDirectory(prefix="mimagery-apkg-") as scratch:
            collection = Path(scratch) / "import.sqlite3"
            _extract_collection(archive, entries, collection)
            deck = _read_collection(collection, _Media(archive, entries))
    except _Bad as error:
        raise MimageryError(f"{source} is not a usable Anki package: {error}") from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise MimageryError(f"{source} is not a usable Anki package: {reason}") from None
    if not deck.name and source not in ("", "input", "-"):
        deck.name = clean(PurePath(source).stem)
    return deck
