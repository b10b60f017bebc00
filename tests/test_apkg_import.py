"""Anki package import: round trips through our export, plain Anki decks, hostile packages."""

from __future__ import annotations

import io
import sqlite3
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki  # type: ignore[import-untyped]
import pytest

from conftest import Result, dump
from mimagery import formats
from mimagery.errors import MimageryError
from mimagery.formats import apkg, apkg_read
from mimagery.model import Deck, Mimage, Term, normalise

Run = Callable[..., Result]

DECK = Deck(
    "Plant <Science> & Co",
    [
        Term(
            "Auxin",
            "A plant hormone that makes shoots grow towards light.\nSecond line: a < b & c.",
            ["IAA", "indole-3-acetic acid"],
            [
                Mimage("Ox in", "An ox walks into a greenhouse.", chosen=False),
                Mimage("Awks Inn", "An awkward inn leans toward the sun.", chosen=True),
            ],
        ),
        Term("Xylem", "Tissue that carries water up from the roots.", [], []),
        Term("Phloem", "", ["bast"], [Mimage("Flow 'em", 'Sugar "flows" downhill.')]),
    ],
)


def _expected(deck: Deck) -> Deck:
    """What an export carries: names, definitions, aliases and the chosen mimage's text."""
    terms = []
    for term in normalise(deck).terms:
        chosen = term.chosen
        mimages = [Mimage(chosen.keyword, chosen.scene, chosen=True)] if chosen else []
        terms.append(Term(term.name, term.definition, list(term.aliases), mimages))
    return Deck(deck.name, terms)


def _export(deck: Deck, folder: Path) -> bytes:
    path = folder / "export.apkg"
    apkg.write(deck, folder, path, timestamp=1_700_000_000)
    return path.read_bytes()


def test_round_trip_through_our_export(tmp_path: Path) -> None:
    data = _export(DECK, tmp_path)
    deck = formats.read(data, filename="export.apkg")
    assert deck == _expected(DECK)
    # Detected from the content as well as from the name.
    assert formats.read(data) == deck
    assert formats.read(data, "apkg", "whatever.bin") == deck


def _basic_package(tmp_path: Path) -> bytes:
    anki_deck = genanki.Deck(2_059_400_110, "Spanish::Greetings")
    for front, back in [
        ("<b>hola</b>", "hello<br>hi &amp; welcome"),
        ("adi&oacute;s", "<div>goodbye</div><div>bye</div><script>alert(1)</script>"),
        ("  ", "a note without a front is skipped"),
    ]:
        anki_deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=[front, back]))
    path = tmp_path / "spanish.apkg"
    genanki.Package(anki_deck).write_to_file(str(path))
    return path.read_bytes()


def test_plain_basic_deck_from_genanki(tmp_path: Path) -> None:
    deck = formats.read(_basic_package(tmp_path), filename="spanish.apkg")
    assert deck == Deck(
        "Spanish::Greetings",
        [Term("hola", "hello\nhi & welcome"), Term("adiós", "goodbye\nbye")],
    )


def test_html_to_text() -> None:
    text = apkg_read.html_to_text(
        "<style>p{}</style><p>one&nbsp;two</p><ul><li>three</li></ul>"
        "[sound:x.mp3]{{c1::four::hint}}<img src=x onerror=alert(1)>"
    )
    assert text == "one two\nthree\nfour"


def test_unnamed_fields_map_by_position() -> None:
    roles = apkg_read._roles(["Foo", "Bar", "Baz"])
    assert (roles["term"], roles["definition"]) == (0, 1)
    roles = apkg_read._roles(["Extra", "Back", "Word"])
    assert (roles["term"], roles["definition"]) == (2, 1)


def test_cli_imports_a_package(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "spanish.apkg"
    path.write_bytes(_basic_package(tmp_path))
    result = run("import", str(path))
    assert result.code == 0, result.err
    report = " ".join((result.out + result.err).split())
    assert "Spanish::Greetings: 2 added" in report and "2 terms read" in report
    shown = run("terms", "--deck", "Spanish::Greetings")
    assert shown.code == 0, shown.err
    assert "hola" in shown.out and "adiós" in shown.out


# Hostile packages ---------------------------------------------------------------------------


def _zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def _collection(tmp_path: Path) -> bytes:
    """A genuine collection file, taken from a genanki package."""
    with zipfile.ZipFile(io.BytesIO(_basic_package(tmp_path))) as archive:
        return archive.read("collection.anki2")


def _symlink() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("link")
    info.external_attr = (0o120777 << 16) & 0xFFFF0000
    return info


def _bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(apkg_read, "RATIO_FLOOR", 64 * 1024)
    return _zip([("collection.anki2", b"\x00" * (4 * 1024 * 1024))])


def _too_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(apkg_read, "MAX_ENTRIES", 5)
    files = [(str(number), b"x") for number in range(6)]
    return _zip([("collection.anki2", _collection(tmp_path)), *files])


def _too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(apkg_read, "MAX_COLLECTION", 4096)
    return _zip([("collection.anki2", _collection(tmp_path))])


def _anki21b(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setitem(sys.modules, "zstandard", None)
    return _zip([("collection.anki2", _collection(tmp_path)), ("collection.anki21b", b"\x28")])


def _corrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    damaged = bytearray(_collection(tmp_path))
    damaged[100:4000] = b"\xff" * 3900
    return _zip([("collection.anki2", bytes(damaged))])


def _garbage_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    return _zip([("collection.anki2", b"SQLite format 3\x00" + b"\x07" * 5000)])


def _no_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    path = tmp_path / "empty.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE col (id INTEGER)")
    db.commit()
    db.close()
    return _zip([("collection.anki2", path.read_bytes())])


def _entries(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> Callable[..., bytes]:
    def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
        return _zip([("collection.anki2", _collection(tmp_path)), *entries])

    return build


HOSTILE: dict[str, tuple[Callable[..., bytes], str]] = {
    "climbing": (_entries(("../../evil.txt", b"x")), "leaves the package"),
    "absolute": (_entries(("/etc/evil", b"x")), "absolute path"),
    "backslash": (_entries(("media\\evil", b"x")), "backslashes"),
    "symlink": (_entries((_symlink(), b"/etc/passwd")), "symbolic link"),
    "too-many": (_too_many, "more than 5 entries"),
    "bomb": (_bomb, "ZIP bomb"),
    "too-big": (_too_big, "too large"),
    "not-a-zip": (lambda tmp_path, monkeypatch: b"Term: definition\n" * 10, "not a ZIP"),
    "truncated-zip": (lambda tmp_path, monkeypatch: b"PK\x03\x04" + b"\x00" * 60, "ZIP"),
    "no-collection": (lambda tmp_path, monkeypatch: _zip([("media", b"{}")]), "no Anki"),
    "corrupt-sqlite": (_corrupt, "collection"),
    "garbage-sqlite": (_garbage_db, "collection"),
    "no-notes-table": (_no_notes, "no notes"),
    "anki21b": (_anki21b, "anki21b"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_package_is_refused_and_store_unchanged(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    good = tmp_path / "good.apkg"
    good.write_bytes(_basic_package(tmp_path))
    assert run("import", str(good)).code == 0
    before = dump(home / "mimagery.sqlite3")
    build, message = HOSTILE[case]
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(build(tmp_path, monkeypatch))
    result = run("import", str(bad), "--deck", "Spanish::Greetings")
    assert result.code == 2, result
    assert result.err.startswith("error: ") and result.err.count("\n") == 1
    assert message in result.err
    assert dump(home / "mimagery.sqlite3") == before
    # Nothing but the scratch folder's own removal touched the disk around us.
    assert not (tmp_path / "evil.txt").exists()


def test_reader_raises_mimagery_error_directly() -> None:
    with pytest.raises(MimageryError, match="not a ZIP"):
        apkg_read.read(b"plain text", "x.apkg")
    with pytest.raises(MimageryError, match="text, not an Anki package"):
        formats.read("some text", "apkg", "x.apkg")
