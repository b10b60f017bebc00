"""Anki package export, checked by importing it into a fresh collection with Anki's own code."""

from __future__ import annotations

import html
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from anki.collection import (  # type: ignore[import-untyped]
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from conftest import FIXTURES, Result, imported_picture
from mimagery import formats
from mimagery.errors import MimageryError
from mimagery.formats import apkg
from mimagery.model import Deck, Mimage, Term
from mimagery.speech import cache
from mimagery.store import Store
from mimagery.study import DIRECTION_LABELS

DECK = "Plant Science Glossary"


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


@pytest.fixture
def botany(run: Callable[..., Result]) -> Callable[..., Result]:
    """A stored deck with a generated mimage and picture card for every term."""
    assert run("import", str(FIXTURES / "botany_pasted.txt")).code == 0
    result = run("generate", "--deck", DECK, "--all")
    assert result.code == 0, result.err
    return run


def _load(home: Path, deck: str = DECK) -> Deck:
    store = Store.open(data_dir=home)
    try:
        return store.load_deck(deck)
    finally:
        store.close()


def _import(col: Collection, package: Path) -> None:
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    col.import_anki_package(request)


def _notes(col: Collection) -> dict[str, dict[str, str]]:
    """Every note's fields by field name, keyed by the (unescaped) Term field."""
    notes = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        fields = dict(note.items())
        notes[html.unescape(fields["Term"])] = fields
    return notes


def _picture_names(field: str) -> list[str]:
    return [part.split('"', 1)[0] for part in field.split('<img src="')[1:]]


def test_export_imports_into_anki_with_fields_and_pictures(
    botany: Callable[..., Result], home: Path, tmp_path: Path, collection: Collection
) -> None:
    package = tmp_path / "botany.apkg"
    result = botany("export", "--deck", DECK, "--format", "apkg", "-o", str(package))
    assert result.code == 0, result.err
    assert "(apkg)" in result.err
    deck = _load(home)
    _import(collection, package)

    notes = _notes(collection)
    assert set(notes) == {term.name for term in deck.terms}
    media = Path(collection.media.dir())
    for term in deck.terms:
        fields = notes[term.name]
        chosen = term.chosen
        assert chosen is not None
        assert fields["Definition"] == html.escape(term.definition).replace("\n", "<br>")
        assert fields["Keyword"] == html.escape(chosen.keyword)
        assert fields["Scene"] == html.escape(chosen.scene).replace("\n", "<br>")
        assert fields["Aliases"] == html.escape("; ".join(term.aliases))
        assert term.name.casefold() not in html.unescape(fields["SceneCue"]).casefold()
        pictures = _picture_names(fields["Picture"]) + _picture_names(fields["PictureCue"])
        assert len(pictures) == 2
        for name in pictures:
            assert name.endswith(".png")
            assert (media / name).read_bytes().startswith(b"\x89PNG")
    # Imported mimages have no stored card (one is drawn); generated ones do.
    assert any(term.chosen and term.chosen.picture for term in deck.terms)
    assert any(term.chosen and not term.chosen.picture for term in deck.terms)
    # Three directions, one card each; a term without a definition has no definition card.
    with_definition = sum(1 for term in deck.terms if term.definition)
    assert collection.card_count() == 2 * len(deck.terms) + with_definition
    assert collection.decks.by_name(DECK) is not None


def test_reimporting_an_updated_export_updates_the_notes(
    botany: Callable[..., Result], home: Path, tmp_path: Path, collection: Collection
) -> None:
    deck = _load(home)
    first = tmp_path / "first.apkg"
    apkg.write(deck, home, first, timestamp=1_700_000_000)
    _import(collection, first)
    count = collection.note_count()
    assert count == len(deck.terms)

    changed = deck.terms[0]
    changed.definition = "A brand new definition & more."
    second = tmp_path / "second.apkg"
    apkg.write(deck, home, second, timestamp=1_700_000_600)
    _import(collection, second)

    assert collection.note_count() == count
    notes = _notes(collection)
    assert notes[changed.name]["Definition"] == "A brand new definition &amp; more."
    assert [n.name for n in collection.models.all_names_and_ids()].count(apkg.MODEL_NAME) == 1


def test_hostile_text_is_escaped(tmp_path: Path, collection: Collection) -> None:
    name = "<script>alert('x')</script> & \"Q\""
    deck = Deck(
        "Hostile <b>deck</b>",
        [
            Term(
                name,
                'Runs <img src=x onerror="boom"> & more',
                ["a<b"],
                [Mimage("Scary & <i>Keyword</i>", "A scene with <script> & 'quotes'", chosen=True)],
            )
        ],
    )
    package = tmp_path / "hostile.apkg"
    assert apkg.write(deck, tmp_path, package) == 1
    _import(collection, package)
    (note_id,) = collection.find_notes("")
    fields = dict(collection.get_note(note_id).items())
    assert fields["Term"] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Q&quot;"
    assert fields["Definition"] == "Runs &lt;img src=x onerror=&quot;boom&quot;&gt; &amp; more"
    assert fields["Aliases"] == "a&lt;b"
    assert fields["Keyword"] == "Scary &amp; &lt;i&gt;Keyword&lt;/i&gt;"
    for value in fields.values():
        assert "<script" not in value and 'onerror="' not in value
    # No stored card: both pictures are drawn now.
    media = Path(collection.media.dir())
    for picture in ("Picture", "PictureCue"):
        (picture_name,) = _picture_names(fields[picture])
        assert (media / picture_name).is_file()


def test_stable_ids() -> None:
    assert apkg.deck_id("Botany") == apkg.deck_id(" botany ")
    assert apkg.deck_id("Botany") != apkg.deck_id("Zoology")
    assert apkg.note_guid("Botany", "Xylem") == apkg.note_guid("BOTANY", "xylem")
    assert apkg.note_guid("Botany", "Xylem") != apkg.note_guid("Botany", "Phloem")
    assert apkg.model().model_id == apkg.MODEL_ID


def test_apkg_to_stdout_is_refused(botany: Callable[..., Result]) -> None:
    result = botany("export", "--deck", DECK, "--format", "apkg", "-o", "-")
    assert result.code != 0
    assert "binary" in result.err


def test_apkg_from_the_extension(botany: Callable[..., Result], tmp_path: Path) -> None:
    package = tmp_path / "out.apkg"
    result = botany("export", "--deck", DECK, "-o", str(package))
    assert result.code == 0, result.err
    assert package.read_bytes().startswith(b"PK\x03\x04")
    assert not package.with_name("out.apkg.partial").exists()


def test_text_write_refuses_binary_formats() -> None:
    with pytest.raises(MimageryError, match="binary"):
        formats.write(Deck("d", [Term("t")]), "apkg")


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "legacy"])
def test_packages_anki_exports_come_back_with_their_pictures(
    botany: Callable[..., Result],
    home: Path,
    tmp_path: Path,
    collection: Collection,
    legacy: bool,
) -> None:
    deck = _load(home)
    ours = tmp_path / "ours.apkg"
    apkg.write(deck, home, ours, timestamp=1_700_000_000)
    _import(collection, ours)
    theirs = tmp_path / "theirs.apkg"
    options = ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
    )
    limit = DeckIdLimit(collection.decks.id_for_name(DECK))
    collection.export_anki_package(out_path=str(theirs), options=options, limit=limit)
    with zipfile.ZipFile(theirs) as archive:
        names = set(archive.namelist())
    assert ("collection.anki21b" in names) is not legacy

    result = botany("import", str(theirs), "--deck", "Back from Anki")
    assert result.code == 0, result.err
    back = _load(home, "Back from Anki")
    assert [t.name for t in back.terms] == [t.name for t in deck.terms]
    for original, term in zip(deck.terms, back.terms, strict=True):
        assert (term.definition, term.aliases) == (original.definition, original.aliases)
        assert original.chosen is not None and term.chosen is not None
        assert (term.chosen.keyword, term.chosen.scene) == (
            original.chosen.keyword,
            original.chosen.scene,
        )
        assert term.chosen.picture is not None
        assert term.chosen.picture.startswith("pictures/imported/")
        picture, _ = imported_picture(home / term.chosen.picture)
        assert max(picture.size) == 640  # the exported 640 x 400 card


def test_svg_pictures_import_into_anki(
    botany: Callable[..., Result], home: Path, tmp_path: Path, collection: Collection
) -> None:
    package = tmp_path / "svg.apkg"
    result = botany("export", "--deck", DECK, "-o", str(package), "--svg")
    assert result.code == 0, result.err
    _import(collection, package)
    media = Path(collection.media.dir())
    notes = _notes(collection)
    assert len(notes) == len(_load(home).terms)
    for fields in notes.values():
        for name in _picture_names(fields["Picture"]) + _picture_names(fields["PictureCue"]):
            assert name.endswith(".svg")
            assert (media / name).read_text(encoding="utf-8").startswith("<svg")
    # And back into mimagery: the SVG media become pictures again.
    back = botany("import", str(package), "--deck", "Back again")
    assert back.code == 0, back.err
    returned = _load(home, "Back again")
    assert all(t.chosen and t.chosen.picture for t in returned.terms)


# Sound --------------------------------------------------------------------------------------


def _sound_names(field: str) -> list[str]:
    return [part.split("]", 1)[0] for part in field.split("[sound:")[1:]]


def _av_files(tags: list[object]) -> list[str]:
    return [str(getattr(tag, "filename", "")) for tag in tags]


def test_the_term_and_keyword_are_heard_in_anki(
    botany: Callable[..., Result], home: Path, tmp_path: Path, collection: Collection
) -> None:
    package = tmp_path / "sound.apkg"
    result = botany("export", "--deck", DECK, "-o", str(package), "--svg")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    _import(collection, package)
    deck = _load(home)
    notes = _notes(collection)
    media = Path(collection.media.dir())
    heard: dict[str, tuple[str, str]] = {}
    for term in deck.terms:
        fields = notes[term.name]
        chosen = term.chosen
        assert chosen is not None
        (term_sound,) = _sound_names(fields["TermSound"])
        (keyword_sound,) = _sound_names(fields["KeywordSound"])
        assert term_sound != keyword_sound
        # The media read back from Anki's own folder are the words, as mimagery says them.
        for name, text in ((term_sound, term.name), (keyword_sound, chosen.keyword)):
            assert name.endswith(".wav")
            said = home / "cache" / "audio" / cache.file_name(text, "en")
            assert (media / name).read_bytes() == said.read_bytes()
            assert (media / name).read_bytes()[:4] == b"RIFF"
        heard[term.name] = (term_sound, keyword_sound)
    # On a card's front the term is heard only where the front is the term itself.
    checked = set()
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        term_sound, keyword_sound = heard[html.unescape(card.note()["Term"])]
        direction = card.template()["name"]
        question = _av_files(card.question_av_tags())
        answer = _av_files(card.answer_av_tags())
        if direction == DIRECTION_LABELS["term-definition"]:
            assert question == [term_sound]
        else:
            assert question == []
            assert term_sound in answer
        assert keyword_sound in answer
        checked.add(direction)
    assert checked == set(DIRECTION_LABELS.values())


def test_the_term_is_said_in_the_decks_language(tmp_path: Path) -> None:
    deck = Deck("Spanish", [Term("pato", "duck", [], [Mimage("Pot", "A duck in a pot.")])])
    deck.language = "es"
    package = tmp_path / "es.apkg"
    apkg.write(deck, tmp_path, package)
    with zipfile.ZipFile(package) as archive:
        media = json.loads(archive.read("media"))
        said = {archive.read(number) for number, name in media.items() if name.endswith(".wav")}
    spanish = tmp_path / "cache" / "audio" / cache.file_name("pato", "es")
    english = tmp_path / "cache" / "audio" / cache.file_name("Pot", "en")
    assert said == {spanish.read_bytes(), english.read_bytes()}


def test_without_the_engine_the_package_has_no_sound_and_says_so(
    botany: Callable[..., Result], tmp_path: Path, collection: Collection, no_speech_engine: str
) -> None:
    package = tmp_path / "silent.apkg"
    result = botany("export", "--deck", DECK, "-o", str(package), "--svg")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "no sound" in line]
    assert len(warnings) == 1 and "eSpeak NG" in warnings[0]
    assert "Traceback" not in result.err
    _import(collection, package)
    for fields in _notes(collection).values():
        assert fields["TermSound"] == fields["KeywordSound"] == ""
    assert not list(Path(collection.media.dir()).glob("*.wav"))


def test_russian_words_carry_their_romanisation_into_anki(
    tmp_path: Path, collection: Collection
) -> None:
    deck = Deck("Русский", [Term("щука", "pike"), Term("dog <b>", "not Russian")], language="ru")
    package = tmp_path / "ru.apkg"
    assert apkg.write(deck, tmp_path, package, svg=True) == 2
    _import(collection, package)
    fields = {html.unescape(f["Term"]).split(" <")[0]: f for f in _notes(collection).values()}
    assert fields["щука"]["Term"] == 'щука <span class="romanised">shchuka</span>'
    assert fields["dog"]["Term"] == "dog &lt;b&gt;"  # Latin: nothing to romanise, escaped
    (note_type,) = [m for m in collection.models.all() if m["name"] == apkg.MODEL_NAME]
    assert ".romanised" in note_type["css"]


def test_a_translation_card_draws_the_meanings_icon(tmp_path: Path) -> None:
    from mimagery.keywords import icons

    deck = Deck("Spanish", [Term("pato", "duck", [], [Mimage("Pot", "A duck in a pot.")])])
    deck.language = "es"
    package = tmp_path / "es.apkg"
    apkg.write(deck, tmp_path, package, svg=True)
    duck = icons.find("duck")
    assert duck is not None
    with zipfile.ZipFile(package) as archive:
        media = json.loads(archive.read("media"))
        svgs = [archive.read(n).decode() for n, name in media.items() if name.endswith(".svg")]
    assert svgs and all(duck.hexcode in svg for svg in svgs)
