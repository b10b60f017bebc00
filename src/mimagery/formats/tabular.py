"""CSV and TSV glossaries: one row per mimage (or per term), usually with a header.

Reading
    The first non-blank row is a header when one of its cells is a known column
    name (compared case-insensitively; ``_`` and ``-`` count as spaces, a plural
    ``s`` is ignored). Known columns and their synonyms are in ``SYNONYMS``;
    unknown columns (tags, notes, …) are ignored. A file without a header is
    refused unless the caller says so (``header=False``, the CLI's
    ``--no-header``): then every row is data, in the columns term, definition,
    keyword, scene.

    Rows with the same term (case-insensitive) make one term; each row with a
    keyword or a scene adds a mimage. A row with a scene but no keyword takes
    the first quoted phrase of the scene ("…" or “…”) as its keyword. Aliases
    are separated by ``;``. ``complete`` and ``chosen`` take true/false, yes/no
    or 1/0; blank means the default (complete, not chosen).

    ``tsv`` is tab-separated; for ``csv`` the delimiter is guessed among ``,``
    ``;`` (Excel in many locales) and tab. Excel's ``sep=;`` first line, when
    present, names the delimiter instead.

    A header that names a term column twice, has no term column, or has a
    term column and unknown ones but no definition, keyword or scene column
    is an error: more likely a data row or a header in words we do not know
    than something to guess about.

Writing
    ``term,aliases,definition,keyword,scene,origin,complete,chosen,picture``:
    one row per mimage, a term without mimages gets one row with the mimage
    cells empty. Aliases are joined by ``"; "``. Lines end in ``\\r\\n`` and
    fields holding the delimiter, quotes or newlines are quoted, which Excel,
    LibreOffice and this reader all understand.

    Written files read back to the same deck, except that a mimage with
    neither keyword nor scene is dropped, and a blank keyword is refilled from
    a quoted phrase in its scene.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from mimagery import languages
from mimagery.errors import MimageryError
from mimagery.formats.report import Line
from mimagery.model import ORIGINS, Deck, Mimage, Origin, Term, clean, key, merge_terms
from mimagery.text import shorten

COLUMNS = (
    "term",
    "aliases",
    "definition",
    "keyword",
    "scene",
    "origin",
    "complete",
    "chosen",
    "picture",
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "term": (
        "term",
        "word",
        "name",
        "headword",
        "front",
        "concept",
        "expression",
        "vocabulary",
        "vocab",
        # A word list's columns named by their languages: the foreign word is the term,
        # its English meaning the definition ("Spanish,English" or "English,Russian").
        *(lang.name.casefold() for lang in languages.SUPPORTED.values() if lang.code != "en"),
    ),
    "definition": (
        "definition",
        "meaning",
        "description",
        "back",
        "explanation",
        "gloss",
        "translation",
        "answer",
        "english",
    ),
    "keyword": ("keyword", "mnemonic keyword", "sound-alike", "soundalike", "key word"),
    "scene": ("scene", "mimage", "mnemonic", "image", "story", "association"),
    "aliases": ("aliases", "alias", "synonyms", "abbreviation", "also known as"),
    "origin": ("origin",),
    "complete": ("complete",),
    "chosen": ("chosen",),
    "picture": ("picture",),
}

# Without a header, columns are taken in this order.
HEADERLESS = ("term", "definition", "keyword", "scene")

DELIMITERS = {"csv": ",", "tsv": "\t"}
_CANDIDATES = (",", ";", "\t")

MAX_FIELD = 1024 * 1024
_GUESS_CHARS = 64 * 1024

# Excel's hint line naming the delimiter, written by some exports.
_EXCEL_SEP = re.compile(r"sep=([,;\t|])[ \t]*(\r\n|\r|\n|$)", re.IGNORECASE)

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})

# The first quoted phrase of a scene, in straight or curly double quotes.
_QUOTED = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')


def _header_form(cell: str) -> str:
    return " ".join(cell.replace("_", " ").replace("-", " ").split()).casefold()


_HEADER_NAMES = {_header_form(name): column for column, names in SYNONYMS.items() for name in names}
_LANGUAGE_NAMES = frozenset(lang.name.casefold() for lang in languages.SUPPORTED.values())


def _column_of(cell: str) -> str | None:
    """The column a header cell names, or None when it names none we know."""
    name = _header_form(clean(cell))
    found = _HEADER_NAMES.get(name)
    if found is None and name.endswith("s"):
        found = _HEADER_NAMES.get(name[:-1])
    return found


def _unquoted_split(line: str, delimiter: str) -> list[str]:
    """One line split on ``delimiter``, forgiving broken quotes (for guessing only)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _head(text: str) -> list[str]:
    """The first lines of a text, for guessing: no need to split a 50 MB file."""
    return text[:_GUESS_CHARS].lstrip("\ufeff").splitlines()


def _first_line(text: str) -> str:
    for line in _head(text):
        if line.strip():
            return line
    return ""


def _sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV file, guessed from its first lines.

    A header decides it: the candidate that splits the first line into the
    most known column names wins. Otherwise the candidate that splits the most
    of the first lines into the same number (two or more) of cells wins; on a
    tie, the one less often followed by a space, since ``,`` and ``;`` in prose
    are followed by one and delimiters usually are not.
    """
    first = _first_line(text)
    named = {
        d: sum(_column_of(c) is not None for c in _unquoted_split(first, d)) for d in _CANDIDATES
    }
    best = max(_CANDIDATES, key=lambda d: named[d])
    if named[best]:
        return best
    sample = [line for line in _head(text)[:50] if line.strip()][:20]

    def score(delimiter: str) -> tuple[int, int]:
        widths = [len(_unquoted_split(line, delimiter)) for line in sample]
        agreeing = max((widths.count(w) for w in set(widths) if w >= 2), default=0)
        spaced = sum(line.count(delimiter + " ") for line in sample)
        return agreeing, -spaced

    return max(_CANDIDATES, key=score)


def looks_tabular(text: str) -> bool:
    """True when the first line is a CSV/TSV header naming a term and a definition column."""
    first = _first_line(text)
    for delimiter in _CANDIDATES:
        if delimiter not in first:
            continue
        columns = {_column_of(cell) for cell in _unquoted_split(first, delimiter)}
        if "term" in columns and "definition" in columns:
            return True
    return False


# csv.field_size_limit is process-wide; the lock keeps two readers in
# different threads from restoring each other's limit mid-read.
_LIMIT_LOCK = threading.Lock()


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    with _LIMIT_LOCK:
        old = csv.field_size_limit(limit)
        try:
            yield
        finally:
            csv.field_size_limit(old)


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Every non-blank row with the line it starts on, cells cleaned."""
    rows: list[tuple[int, list[str]]] = []
    with _field_limit(MAX_FIELD):
        # newline="" so that only \r and \n end lines, as csv expects;
        # str.splitlines would also break at U+2028 and friends.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field limit" in str(exc):
                    raise MimageryError(
                        f"line {start}: a field is larger than {MAX_FIELD // (1024 * 1024)} MB"
                    ) from exc
                if "end of data" in str(exc):
                    raise MimageryError(
                        f"line {start}: unterminated quote (a quoted field runs to the end)"
                    ) from exc
                raise MimageryError(f"line {start}: broken quoting: {exc}") from exc
            cells = [clean(cell) for cell in row]
            if any(cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    return rows


def _trimmed_width(cells: list[str]) -> int:
    """Number of cells once trailing blank ones (a trailing delimiter) are ignored."""
    width = len(cells)
    while width and not cells[width - 1]:
        width -= 1
    return width


def _unquoted_line(cells: list[str]) -> str:
    return ",".join(cell for cell in cells)


def _header(line: int, cells: list[str]) -> list[str | None] | None:
    """The columns a header row names, or None when the row is data."""
    columns = [_column_of(cell) for cell in cells]
    if not any(columns):
        return None
    # A column named after a language gives way to one named plainly: in "Word,Meaning,
    # English" the English column is a note, not a second definition.
    plain = {
        c
        for cell, c in zip(cells, columns, strict=True)
        if _header_form(cell) not in _LANGUAGE_NAMES
    }
    columns = [
        None if c in plain and _header_form(cell) in _LANGUAGE_NAMES else c
        for cell, c in zip(cells, columns, strict=True)
    ]
    seen: dict[str, str] = {}
    for cell, column in zip(cells, columns, strict=True):
        if column is None:
            continue
        if column in seen:
            raise MimageryError(
                f"line {line}: the header names the {column} column twice "
                f"({seen[column]!r} and {cell!r})"
            )
        seen[column] = cell
    if "term" not in seen:
        raise MimageryError(
            f"line {line}: the header has no term column (recognised: {', '.join(seen)}); "
            f"if line {line} is data, add a header line such as 'term,definition'"
        )
    unknown = [cell for cell, column in zip(cells, columns, strict=True) if column is None and cell]
    if unknown and not {"definition", "keyword", "scene"} & seen.keys():
        # Probably a data row whose term happens to be a column name, or a
        # header in words we do not know: say so rather than drop a column.
        raise MimageryError(
            f"line {line}: the header has a term column but no definition column "
            f"(unknown: {', '.join(unknown)}); "
            f"if line {line} is data, add a header line such as 'term,definition'"
        )
    return columns


def _flag(line: int, column: str, value: str, default: bool) -> bool:
    if not value:
        return default
    lowered = value.casefold()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise MimageryError(f"line {line}: {column} must be true or false, not {value!r}")


def _origin(line: int, value: str) -> Origin:
    if not value:
        return "imported"
    for origin in ORIGINS:
        if value.casefold() == origin:
            return origin
    raise MimageryError(f"line {line}: origin must be one of {', '.join(ORIGINS)}, not {value!r}")


def _keyword_from(scene: str) -> str:
    """The first quoted phrase of a scene, which is usually its keyword."""
    match = _QUOTED.search(scene)
    if match is None:
        return ""
    return clean(match.group(1) or match.group(2))


def _term(line: int, values: dict[str, str]) -> Term:
    name = values.get("term", "")
    if not name:
        raise MimageryError(f"line {line}: the term is blank but the row has other content")
    aliases = [alias for alias in (clean(a) for a in values.get("aliases", "").split(";")) if alias]
    complete = _flag(line, "complete", values.get("complete", ""), True)
    chosen = _flag(line, "chosen", values.get("chosen", ""), False)
    origin = _origin(line, values.get("origin", ""))
    keyword = values.get("keyword", "")
    scene = values.get("scene", "")
    mimages: list[Mimage] = []
    if keyword or scene:
        mimages.append(
            Mimage(
                keyword=keyword or _keyword_from(scene),
                scene=scene,
                origin=origin,
                complete=complete,
                picture=values.get("picture") or None,
                chosen=chosen,
            )
        )
    return Term(name, values.get("definition", ""), aliases, mimages)


def read(
    text: str, fmt: str = "csv", *, header: bool = True, sources: dict[str, Line] | None = None
) -> Deck:
    """Parse CSV or TSV text into a deck (unnamed: a CSV file names no deck).

    With ``header`` (the default) the first row must name the columns; without
    it every row is data. ``sources``, when given, takes each term's first row (by
    ``model.key`` of its name), for messages about the term later. Raises
    MimageryError naming the line for a missing header, broken quoting, rows with
    too many cells, blank terms beside other content and invalid values.
    """
    if fmt not in DELIMITERS:
        raise MimageryError(f"unknown tabular format {fmt!r}; choose csv or tsv")
    text = text.lstrip("\ufeff")
    hint = _EXCEL_SEP.match(text)
    if hint is not None:
        delimiter = hint.group(1)
        # Blank the hint line rather than cut it, so line numbers stay true.
        text = "\n" + text[hint.end() :]
    else:
        delimiter = DELIMITERS[fmt] if fmt == "tsv" else _sniff_delimiter(text)
    rows = _rows(text, delimiter)
    if not rows:
        return Deck("")
    first_line, first_cells = rows[0]
    named = _header(first_line, first_cells) if header else None
    columns: list[str | None]
    if header and named is None:
        raise MimageryError(
            f"line {first_line}: no header: {shorten(_unquoted_line(first_cells), 60)!r} names "
            "no column; add a header line such as 'term,definition' at the top, or read every "
            "row as data (import --no-header)"
        )
    if named is not None:
        columns = named
        rows = rows[1:]
        too_many = f"but the header on line {first_line} has {len(columns)} columns"
    else:
        if _trimmed_width(first_cells) < 2:
            shown = "tab" if delimiter == "\t" else repr(delimiter)
            raise MimageryError(
                f"line {first_line}: expected a term and a definition separated by {shown}"
            )
        columns = list(HEADERLESS)
        too_many = "but a file without a header has at most 4 (term, definition, keyword, scene)"
    terms: dict[str, list[Term]] = {}
    for line, cells in rows:
        width = _trimmed_width(cells)
        if width > len(columns):
            raise MimageryError(f"line {line}: {width} cells {too_many}")
        values = {
            column: cell for column, cell in zip(columns, cells, strict=False) if column is not None
        }
        term = _term(line, values)
        name_key = key(term.name)
        terms.setdefault(name_key, []).append(term)
        if sources is not None and name_key not in sources:
            sources[name_key] = Line(line, _unquoted_line(cells).rstrip(","))
    for first, *repeats in terms.values():
        merge_terms(first, repeats)  # once per term: linear in its rows
    return Deck("", [first for first, *_ in terms.values()])


def _cell(flag: bool) -> str:
    return "true" if flag else "false"


def write(deck: Deck, fmt: str = "csv") -> str:
    """Serialise a deck as CSV or TSV with a header, one row per mimage."""
    if fmt not in DELIMITERS:
        raise MimageryError(f"unknown tabular format {fmt!r}; choose csv or tsv")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITERS[fmt], lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for term in deck.terms:
        common = [term.name, "; ".join(term.aliases), term.definition]
        if not term.mimages:
            writer.writerow([*common, "", "", "", "", "", ""])
        chosen = term.chosen
        for mimage in term.mimages:
            writer.writerow(
                [
                    *common,
                    mimage.keyword,
                    mimage.scene,
                    mimage.origin,
                    _cell(mimage.complete),
                    _cell(mimage is chosen),
                    mimage.picture or "",
                ]
            )
    return out.getvalue()
