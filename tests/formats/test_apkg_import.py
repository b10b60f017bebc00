"""Anki package import: round trips through our export, plain Anki decks, hostile packages."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
import pytest
import zstandard
from PIL import Image

from conftest import Result, dump, imported_picture
from mimagery import formats
from mimagery import store as store_module
from mimagery.errors import MimageryError
from mimagery.formats import apkg, apkg_read
from mimagery.model import Deck, Mimage, Term, normalise
from mimagery.store import Store

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


def _bad_zstd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    entries = [("collection.anki2", _collection(tmp_path))]
    return _zip([*entries, ("collection.anki21b", apkg_read.ZSTD_MAGIC + b"\xff" * 64)])


def _zstd_zeros(size: int) -> bytes:
    compressor = zstandard.ZstdCompressor().compressobj()
    chunk = b"\x00" * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + compressor.flush()


def _zstd_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A zstd collection that expands past the cap (zstd is not checked by the ZIP ratio)."""
    monkeypatch.setattr(apkg_read, "MAX_COLLECTION", 2 * 1024 * 1024)
    return _zip([("collection.anki21b", _zstd_zeros(8 * 1024 * 1024))])


def _zstd_media_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """An anki21b-style media file that expands past the per-file cap."""
    monkeypatch.setattr(apkg_read, "MAX_MEDIA", 1024 * 1024)
    note = ("Term", "Key word", '<img src="pic.png">')
    package = _picture_package(tmp_path, {"pic.png": b"placeholder"}, [note])
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        collection = archive.read("collection.anki2")
    media = zstandard.ZstdCompressor().compress(_media_entries(["pic.png"]))
    return _zip(
        [("collection.anki2", collection), ("media", media), ("0", _zstd_zeros(4 * 1024 * 1024))]
    )


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
    "bad-zstd": (_bad_zstd, "not valid zstd"),
    "zstd-bomb": (_zstd_bomb, "larger than 2 MB"),
    "zstd-media-bomb": (_zstd_media_bomb, "larger than 1 MB"),
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


# Pictures from the package's media ----------------------------------------------------------

PICTURE_MODEL = genanki.Model(
    1_607_392_319,
    "Mnemonic pictures",
    fields=[{"name": n} for n in ("Term", "Definition", "Keyword", "Scene", "Picture")],
    templates=[{"name": "Card 1", "qfmt": "{{Term}}", "afmt": "{{Definition}} {{Picture}}"}],
)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _media_entries(names: list[str]) -> bytes:
    """Anki's protobuf ``MediaEntries`` listing ``names`` (entry i is archive file "i")."""
    message = b""
    for name in names:
        encoded = name.encode()
        entry = b"\x0a" + _varint(len(encoded)) + encoded + b"\x10" + _varint(1)
        message += b"\x0a" + _varint(len(entry)) + entry
    return message


def _picture_package(
    tmp_path: Path, media: dict[str, bytes], notes: list[tuple[str, str, str]] | None = None
) -> bytes:
    """A package of (term, keyword, picture field) notes with ``media`` as its files."""
    folder = tmp_path / "media"
    folder.mkdir(exist_ok=True)
    files = []
    for name, content in media.items():
        (folder / name).write_bytes(content)
        files.append(str(folder / name))
    anki_deck = genanki.Deck(1_300_200_100, "Pictures")
    for term, keyword, picture in notes or [("Term", "Key word", "")]:
        fields = [term, f"{term} defined.", keyword, f"A scene with {keyword}.", picture]
        anki_deck.add_note(genanki.Note(model=PICTURE_MODEL, fields=fields))
    path = tmp_path / "pictures.apkg"
    genanki.Package(anki_deck, media_files=files).write_to_file(str(path))
    return path.read_bytes()


def _image(kind: str, size: tuple[int, int], colour: tuple[int, int, int], **save: Any) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind, **save)
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
    return b"\x89PNG\r\n\x1a\n" + data + chunk(b"IEND", b"")


def _pictures_by_term(home: Path, deck: str) -> dict[str, str | None]:
    store = Store.open(data_dir=home)
    try:
        loaded = store.load_deck(deck)
    finally:
        store.close()
    return {t.name: (t.chosen.picture if t.chosen else "no mimage") for t in loaded.terms}


def test_pictures_come_with_their_notes_cleaned_or_not_at_all(
    run: Run, home: Path, tmp_path: Path
) -> None:
    red = tmp_path / "red.png"
    red.write_bytes(_image("PNG", (20, 20), (255, 0, 0)))
    hostile_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="100" onload="alert(1)"><script>alert(2)</script>'
        '<rect width="100" height="100" fill="#0000ff"/>'
        f'<image href="{red}" width="100" height="100"/>'
        f'<image xlink:href="file://{red}" width="100" height="100"/></svg>'
    ).encode()
    media = {
        "photo.jpg": _image("JPEG", (1600, 1200), (0, 160, 0), comment=b"<script>x</script>"),
        "drawing.svg": hostile_svg,
        "bomb.png": _png_claiming(100_000, 100_000),
        "junk.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "note.txt": b"just some text",
    }
    notes = [
        ("Photo", "Foe toe", '<div><img src="photo.jpg"></div>'),
        ("Again", "A gain", "<img src='photo.jpg'>"),  # the same picture: one file
        ("Drawing", "Draw wing", '<img src="drawing.svg" onerror="alert(3)">'),
        ("Bomb", "Balm", '<img src="bomb.png">'),
        ("Junk", "Chunk", '<img src="junk.png">'),
        ("Text", "Next", '<img src="note.txt">'),
        ("Missing", "Miss sing", '<img src="not-in-the-package.png">'),
        ("Climbing", "Climb king", '<img src="../../collection.anki2">'),
        ("Plain", "", '<img src="photo.jpg">'),  # no keyword, so no mimage to hold it
    ]
    path = tmp_path / "pictures.apkg"
    path.write_bytes(_picture_package(tmp_path, media, notes))
    result = run("import", str(path))
    assert result.code == 0, result.err

    pictures = _pictures_by_term(home, "Pictures")
    assert pictures["Plain"] == "no mimage"
    for term in ("Bomb", "Junk", "Text", "Missing", "Climbing"):
        assert pictures[term] is None, term
    photo, drawing = pictures["Photo"], pictures["Drawing"]
    assert photo is not None and drawing is not None
    assert pictures["Again"] == photo
    assert len(list((home / "pictures" / "imported").iterdir())) == 2

    image, raw = imported_picture(home / photo)
    assert image.size == (640, 480)  # scaled down, proportions kept
    assert image.getpixel((320, 240))[1] > 120  # green
    assert b"<script" not in raw  # re-encoded: the JPEG's comment is gone

    image, raw = imported_picture(home / drawing)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 16) or []}
    assert any(b > 200 and r < 60 for r, _, b in colours)  # the blue square is drawn
    assert not any(r > 200 and g < 60 and b < 60 for r, g, b in colours)  # no file was read


def test_media_list_cannot_hand_out_the_collection(run: Run, home: Path, tmp_path: Path) -> None:
    package = _picture_package(tmp_path, {}, [("Sneaky", "Sneak key", '<img src="x.png">')])
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        collection = archive.read("collection.anki2")
    media = json.dumps({"collection.anki2": "x.png", "media": "y.png"}).encode()
    path = tmp_path / "sneaky.apkg"
    path.write_bytes(_zip([("collection.anki2", collection), ("media", media)]))
    result = run("import", str(path))
    assert result.code == 0, result.err
    assert _pictures_by_term(home, "Pictures") == {"Sneaky": None}


def test_reimport_keeps_one_file_and_a_failed_import_leaves_none(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = {"a.png": _image("PNG", (50, 40), (10, 20, 30))}
    path = tmp_path / "pictures.apkg"
    path.write_bytes(_picture_package(tmp_path, media, [("A", "Hay", '<img src="a.png">')]))
    assert run("import", str(path)).code == 0
    assert run("import", str(path)).code == 0
    folder = home / "pictures" / "imported"
    assert len(list(folder.iterdir())) == 1

    other = tmp_path / "other"
    other.mkdir()
    media = {"b.png": _image("PNG", (50, 40), (200, 20, 30))}
    second = other / "second.apkg"
    second.write_bytes(_picture_package(other, media, [("B", "Bee", '<img src="b.png">')]))
    before = dump(home / "mimagery.sqlite3")

    def broken(*args: object, **kwargs: object) -> None:
        raise MimageryError("the database went away")

    monkeypatch.setattr(store_module, "merge_deck", broken)
    result = run("import", str(second))
    assert result.code == 2 and "went away" in result.err
    assert dump(home / "mimagery.sqlite3") == before
    assert len(list(folder.iterdir())) == 1  # the new picture was removed again


def test_media_list_formats() -> None:
    assert apkg_read._media_list(b'{"0": "a.png", "1": "b c.jpg"}') == {
        "a.png": "0",
        "b c.jpg": "1",
    }
    listed = _media_entries(["a.png", "ü.svg"])
    assert apkg_read._media_list(listed) == {"a.png": "0", "ü.svg": "1"}
    with pytest.raises(apkg_read._Bad, match="damaged"):
        apkg_read._media_list(b"\x0a\x7f\x0a")


# Large hostile packages, in a process of their own: time and memory -------------------------


#: Runs mimagery and writes its own peak memory (see the script).
PEAK = Path(__file__).resolve().parents[2] / "bench" / "peak_memory.py"


def _zeros_entry(tmp_path: Path) -> Path:
    path = tmp_path / "zeros.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", _collection(tmp_path))
        with archive.open("0", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(400):
                entry.write(chunk)
    return path


def _many_entries(tmp_path: Path) -> Path:
    path = tmp_path / "many.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("collection.anki2", _collection(tmp_path))
        for number in range(10_000):
            archive.writestr(str(number), b"x")
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("build", "message"),
    [(_zeros_entry, "too large"), (_many_entries, "more than 10000 entries")],
    ids=["400MB-zeros", "10000-entries"],
)
def test_large_hostile_packages_are_refused_in_little_memory(
    home: Path, tmp_path: Path, build: Callable[[Path], Path], message: str
) -> None:
    """Refused with a one-line error under 200 MB of memory; ``bench/hostile_apkg.py``
    gives the times (the goal is 10 s; tests hold no timing assertions)."""
    package = build(tmp_path)
    peak = tmp_path / "peak.txt"
    env = {**os.environ, "MIMAGERY_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, str(PEAK), str(peak), "import", str(package)],
        capture_output=True,
        env=env,
        timeout=120,  # a hang guard, not a speed check
        check=False,
    )
    assert result.returncode == 2
    text = result.stderr.decode()
    assert text.startswith("error: ") and text.count("\n") == 1 and message in text
    assert 10_000 < int(peak.read_text()) < 200 * 1024  # kB
    assert not (home / "mimagery.sqlite3").exists() or dump(home / "mimagery.sqlite3") == []


def test_damaged_packages_only_ever_give_a_clean_error(tmp_path: Path) -> None:
    """Random damage to every part of a package with pictures (the archive, the
    collection, the media list, the pictures): read or refused, never another error."""
    media = {"a.png": _image("PNG", (40, 30), (1, 2, 3)), "b.svg": b'<svg width="9"/>'}
    notes = [("A", "Hay", '<img src="a.png">'), ("B", "Bee", '<img src="b.svg">')]
    good = _picture_package(tmp_path, media, notes)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    rng = random.Random(7)

    def damaged(data: bytes) -> bytes:
        mutable = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            if mutable:
                mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        return bytes(mutable)

    outcomes = {"read": 0, "refused": 0}
    for _ in range(150):
        if rng.random() < 0.15:
            package = damaged(good)
        else:
            changed = dict(parts)
            victim = rng.choice(sorted(changed))
            changed[victim] = damaged(changed[victim])
            package = _zip(list(changed.items()))
        try:
            formats.read(package, "apkg", "damaged.apkg")
            outcomes["read"] += 1
        except MimageryError as error:
            assert "\n" not in str(error)
            outcomes["refused"] += 1
    assert outcomes["read"] > 0 and outcomes["refused"] > 0


# --- packages that would cost minutes or gigabytes ------------------------------------


def test_a_package_with_too_many_notes_is_refused_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apkg_read, "MAX_NOTES", 2)
    with pytest.raises(MimageryError, match=r"it has 3 notes; at most 2 are imported"):
        formats.read(_basic_package(tmp_path), filename="spanish.apkg")


_BLURRED = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000">'
    b'<filter id="f"><feGaussianBlur stdDeviation="{radius}"/></filter>'
    b'<rect width="4000" height="4000" fill="green" filter="url(#f)"/></svg>'
)


def test_an_svg_too_costly_to_draw_is_left_out() -> None:
    from mimagery.pictures import imported

    heavy = _BLURRED.replace(b"{radius}", b"400")
    assert imported.svg_too_costly(heavy) is not None
    assert imported.imported_card(heavy, "blur.svg") is None
    many = b"<svg>" + b"<feFlood/>" * 40 + b"</svg>"
    assert imported.svg_too_costly(many) is not None
    light = _BLURRED.replace(b"{radius}", b"2").replace(b"4000", b"40")
    assert imported.svg_too_costly(light) is None
    assert imported.imported_card(light, "light.svg") is not None


def test_pictures_left_out_are_named_by_the_import(run: Run, home: Path, tmp_path: Path) -> None:
    heavy = _BLURRED.replace(b"{radius}", b"400")
    light = _BLURRED.replace(b"{radius}", b"2").replace(b"4000", b"40")
    notes = [
        ("Fog", "Frog", '<img src="fog.svg">'),
        ("Lake", "Lace", '<img src="lake.svg">'),
        ("Gone", "Gown", '<img src="nowhere.png">'),
    ]
    path = tmp_path / "fog.apkg"
    path.write_bytes(_picture_package(tmp_path, {"fog.svg": heavy, "lake.svg": light}, notes))
    result = run("import", str(path))
    assert result.code == 0, result.err
    assert "2 pictures left out:" in result.out
    assert "the picture of 'Fog' ('fog.svg') was left out: too costly to draw" in result.out
    assert "'Gone' ('nowhere.png') was left out: missing from the package" in result.out
    assert "Lake" not in result.out


def test_pictures_after_the_drawing_budget_is_spent_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apkg_read, "MAX_DRAWING_S", 0.0)
    light = _BLURRED.replace(b"{radius}", b"2").replace(b"4000", b"40")
    notes = [(f"Word{i}", f"Key {i}", f'<img src="p{i}.svg">') for i in range(3)]
    media = {f"p{i}.svg": light for i in range(3)}
    deck = formats.read(_picture_package(tmp_path, media, notes), "apkg", "p.apkg")
    drawn = [term.name for term in deck.terms if term.mimages[0].artwork is not None]
    assert drawn == ["Word0"]
    assert len(deck.left_out) == 2
    assert all("0 s for drawing were spent" in line for line in deck.left_out)
