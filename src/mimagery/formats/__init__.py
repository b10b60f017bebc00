"""Glossary file formats: decode bytes, detect the format, read and write decks.

Each format lives in its own module with ``read(text) -> Deck`` and
``write(deck) -> str``:

- ``pasted``: text pasted from a forum or a document, terms run into their
  definitions, mimages run together on one line (the seed's style);
- ``md``: Markdown with bold or heading terms and a mimage section;
- ``csv`` / ``tsv``: one row per mimage (or per term), with a header;
- ``json``: mimagery's own schema (see ``jsonfmt``).

Readers return a deck whose name may be empty when the file names none.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import PurePath
from types import ModuleType

from mimagery.errors import MimageryError
from mimagery.formats import entries
from mimagery.formats.report import Line, ReadReport
from mimagery.model import Deck, key, no_gc, normalise

__all__ = [
    "BINARY",
    "FORMATS",
    "MAX_BYTES",
    "WRITABLE",
    "Line",
    "ReadReport",
    "decode",
    "detect",
    "is_anki_package",
    "name_from_file",
    "read",
    "read_report",
    "sniff",
    "write",
]

FORMATS = ("pasted", "md", "csv", "tsv", "json")
WRITABLE = ("json", "md", "csv", "tsv")
#: Formats written as a binary file with the deck's pictures, by their own module
#: (``apkg.write(deck, data_dir, path)``), never to standard output.
BINARY = ("apkg",)

MAX_BYTES = 50 * 1024 * 1024
#: Terms one import may bring: its transaction then holds the write lock for about a
#: second and a half, so a review made meanwhile waits no longer (bench/import_starve.py).
MAX_TERMS = 100_000

_MODULES = {
    "pasted": "mimagery.formats.pasted",
    "md": "mimagery.formats.markdown",
    "csv": "mimagery.formats.tabular",
    "tsv": "mimagery.formats.tabular",
    "json": "mimagery.formats.jsonfmt",
}

_EXTENSIONS = {
    ".txt": None,  # pasted or Markdown: decided by the content
    ".text": None,
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
}

_LATER = {".colpkg": "Anki collection packages (.colpkg)"}

# Magic numbers of files people may point us at by mistake.
_BINARY_MAGIC = {
    b"PK\x03\x04": "a ZIP archive",
    b"%PDF": "a PDF document",
    b"SQLite format 3\x00": "an SQLite database",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "a program",
}


def _module(fmt: str) -> ModuleType:
    return importlib.import_module(_MODULES[fmt])


def decode(data: bytes, source: str = "input") -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252.

    Raises MimageryError for empty, binary or undecodable input.
    """
    if len(data) > MAX_BYTES:
        raise MimageryError(f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise MimageryError(f"{source} is empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            if magic == b"PK\x03\x04" and b"collection.anki2" in data[:4096]:
                raise MimageryError(
                    f"{source} is an Anki package: import it with `mimagery import FILE.apkg`"
                )
            raise MimageryError(f"{source} is {what}, not a glossary")
    if b"\x00" in data[:65536]:
        raise MimageryError(f"{source} is a binary file, not a glossary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MimageryError(f"{source} is neither UTF-8 nor Windows-1252 text")


_CSV_HEADER = re.compile(r"^\ufeff?[\"']?\s*[A-Za-z][\w \-]*[\"']?\s*([,;\t])")


_MD_HEADING = re.compile(r"\n###? \S")
_MD_BULLET = re.compile(r"\n[ \t]*[-*] \*\*[^*\n]+\*\*")


def sniff(text: str) -> str:
    """Guess the format of decoded text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return "json"
    first = stripped.split("\n", 1)[0]
    if "\t" in first and first.count("\t") >= 1 and len(first) < 500:
        return "tsv"
    if _CSV_HEADER.match(first) and len(first) < 500:
        from mimagery.formats import tabular

        if tabular.looks_tabular(stripped):
            return "csv"
    # Patterns that start with a literal newline scan megabytes in milliseconds.
    lines = "\n" + stripped
    if _MD_HEADING.search(lines) or _MD_BULLET.search(lines):
        return "md"
    return "pasted"


def detect(data: bytes | str, filename: str | None = None) -> str:
    """The format of a file, from its name and then its content."""
    if filename and filename != "-":
        suffix = PurePath(filename).suffix.lower()
        if suffix in _LATER:
            raise MimageryError(f"{_LATER[suffix]} are not supported yet")
        if suffix == ".apkg":
            return "apkg"
        fmt = _EXTENSIONS.get(suffix)
        if fmt:
            return fmt
    text = data if isinstance(data, str) else decode(data, filename or "input")
    return sniff(text)


def is_anki_package(data: bytes | str, filename: str | None = None) -> bool:
    """Whether the input is an Anki package: by its name, else a ZIP naming a collection."""
    if filename and PurePath(filename).suffix.lower() == ".apkg":
        return True
    if not isinstance(data, bytes) or not data.startswith(b"PK\x03\x04"):
        return False
    return b"collection.anki2" in data[:4096] or b"collection.anki2" in data[-65536:]


def _read_apkg(data: bytes | str, source: str) -> tuple[Deck, ReadReport]:
    from mimagery.formats import apkg_read

    if not isinstance(data, bytes):
        raise MimageryError(f"{source} is text, not an Anki package")
    if len(data) > MAX_BYTES:
        raise MimageryError(f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    report = ReadReport()
    with no_gc():
        read = apkg_read.read(data, source)
        for number, term in enumerate(read.terms, 1):
            report.sources.setdefault(key(term.name), Line(0, term.name, place=f"note {number}"))
        deck = normalise(read)
    if not deck.terms:
        raise MimageryError(f"{source}: no notes with a term found")
    return deck, report


def read(
    data: bytes | str,
    fmt: str | None = None,
    filename: str | None = None,
    *,
    header: bool = True,
    language: str | None = None,
) -> Deck:
    """Parse a glossary into a normalised deck (duplicates merged, one chosen mimage).

    ``header=False`` reads a CSV/TSV file's first row as data (see ``tabular.read``);
    ``language`` as ``read_report`` takes it.

    Anki packages (``fmt="apkg"``, a ``.apkg`` name or a ZIP holding a collection) are
    read from bytes by ``apkg_read``. A deck whose file names none is named after the
    file. Raises MimageryError for anything that is not a readable glossary.
    """
    return read_report(data, fmt, filename, header=header, language=language)[0]


def name_from_file(filename: str | None) -> str:
    """A deck name made from a file's name: ``botany_words.txt`` → ``botany words``."""
    if not filename or filename == "-":
        return ""
    return " ".join(PurePath(filename).stem.replace("_", " ").split())


def read_report(
    data: bytes | str,
    fmt: str | None = None,
    filename: str | None = None,
    *,
    header: bool = True,
    language: str | None = None,
) -> tuple[Deck, ReadReport]:
    """``read``, with the report of the lines of a pasted or Markdown glossary that did
    not plainly become terms: lines skipped, headings, and readings that were guesses,
    and where each term was read (``ReadReport.sources``).

    ``language`` (an ISO code, English by default) is the words' language as far as
    reading pasted text needs it (``entries.reading``); the deck's ``language`` is what
    the file states."""
    source = filename if filename and filename != "-" else "input"
    if fmt == "apkg" or (fmt is None and is_anki_package(data, filename)):
        return _read_apkg(data, source)
    if fmt is not None and fmt not in FORMATS:
        raise MimageryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt is None and filename and PurePath(filename).suffix.lower() in _LATER:
        detect(b"", filename)
    text = data if isinstance(data, str) else decode(data, source)
    if len(text) > MAX_BYTES:
        raise MimageryError(f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    fmt = fmt or detect(text, filename)
    module = _module(fmt)
    report = ReadReport()
    with no_gc(), entries.reading(language):
        try:
            if fmt in ("csv", "tsv"):
                deck = module.read(text, fmt, header=header, sources=report.sources)
            elif fmt in ("pasted", "md"):
                deck, report = module.read_report(text)
            else:
                deck = module.read(text, sources=report.sources)
        except RecursionError as exc:
            raise MimageryError(f"{source} is nested too deeply") from exc
        except json.JSONDecodeError as exc:  # pragma: no cover - jsonfmt wraps these
            raise MimageryError(f"{source}: invalid JSON: {exc}") from exc
        deck = normalise(deck)
    if not deck.terms:
        raise MimageryError(f"{source}: no glossary entries found")
    if len(deck.terms) > MAX_TERMS:
        raise MimageryError(
            f"{source} has {len(deck.terms):,} terms; at most {MAX_TERMS:,} are imported at "
            "once: split it into several files"
        )
    if not deck.name.strip():
        deck.name = name_from_file(filename)
    return deck, report


def write(deck: Deck, fmt: str) -> str:
    """Serialise a deck in one of the writable text formats (see ``BINARY`` for the others)."""
    if fmt in BINARY:
        raise MimageryError(f"{fmt} is a binary format: write it with formats.{fmt}.write")
    if fmt not in WRITABLE:
        raise MimageryError(
            f"cannot export as {fmt!r}; choose one of {', '.join(WRITABLE + BINARY)}"
        )
    module = _module(fmt)
    return str(module.write(deck, fmt) if fmt in ("csv", "tsv") else module.write(deck))
