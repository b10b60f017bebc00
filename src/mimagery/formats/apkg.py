"""Anki packages (``.apkg``): a deck as Anki notes, one per term, with its picture card.

Every term becomes one note of the *mimagery* note type, whose fields are

- ``Term``, ``Definition``, ``Keyword``, ``Scene``, ``Picture`` (an ``<img>`` of the chosen
  mimage's card) and ``Aliases``, all HTML-escaped since Anki fields are HTML; a word in
  another script has its romanisation beside it in the ``Term`` field (``term_field``);
- ``DefinitionCue``, ``SceneCue`` and ``PictureCue``: the definition, the scene and a card
  drawn without the term, with the term and its aliases masked, for the fronts that must
  not give the answer away;
- ``TermSound`` and ``KeywordSound``: ``[sound:…]`` tags of the term said in the deck's
  language and the keyword said in English (``mimagery.speech``; empty without the
  engine). The term is heard on the front only where the front is the term; elsewhere
  both are heard with the answer.

The note type has one card template per study direction (``study.DIRECTIONS``): term →
definition, definition → term and mimage → term. The answer side always shows the mimage.
Anki makes no card whose front would be empty, so a term without a mimage gets no
mimage → term card, and one without a definition no definition → term card.

Ids are stable: the note type's id comes from a constant, the Anki deck's from the deck's
name and each note's guid from the deck's and the term's names (compared the way mimagery
compares names, see ``model.key``). Importing a newer export of the same deck into Anki
therefore updates the notes, keeping their review history, instead of adding copies.

Pictures are PNGs rendered from the stored SVG cards (``pictures.to_png``), or with
``svg`` the SVG cards themselves; a mimage without a stored card gets one drawn now, as
the web app does. The sounds are WAV files from the data directory's audio cache. Each
media file is named after a hash of its content, so an unchanged picture or sound keeps
its name across exports and a changed one never collides with the old one in Anki's
media folder.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from mimagery import languages, mimages, pictures, scripts, speech
from mimagery.errors import MimageryError
from mimagery.model import Deck, Mimage, Term, key
from mimagery.study import DIRECTION_LABELS
from mimagery.study.cards import hide_term

#: The fields of the note type, in order. Changing them needs a new ``MODEL_VERSION``.
FIELDS = (
    "Term",
    "Definition",
    "Keyword",
    "Scene",
    "Picture",
    "Aliases",
    "DefinitionCue",
    "SceneCue",
    "PictureCue",
    "TermSound",
    "KeywordSound",
)
MODEL_NAME = "mimagery"
MODEL_VERSION = 2

_MIMAGE = """
<div class="mimage">
  {{#Keyword}}<div class="keyword">{{Keyword}} {{KeywordSound}}</div>{{/Keyword}}
  {{#Picture}}<div class="picture">{{Picture}}</div>{{/Picture}}
  {{#Scene}}<div class="scene">{{Scene}}</div>{{/Scene}}
</div>
"""

_TERM = """
<div class="term">{{Term}} {{TermSound}}</div>
{{#Aliases}}<div class="aliases">{{Aliases}}</div>{{/Aliases}}
"""

_ANSWER_LINE = '<hr id="answer">'

TEMPLATES = (
    {
        "name": DIRECTION_LABELS["term-definition"],
        "qfmt": _TERM,
        "afmt": "{{FrontSide}}"
        + _ANSWER_LINE
        + '<div class="definition">{{Definition}}</div>'
        + _MIMAGE,
    },
    {
        "name": DIRECTION_LABELS["definition-term"],
        "qfmt": '{{#DefinitionCue}}<div class="definition">{{DefinitionCue}}</div>'
        "{{/DefinitionCue}}",
        "afmt": '<div class="definition">{{Definition}}</div>' + _ANSWER_LINE + _TERM + _MIMAGE,
    },
    {
        "name": DIRECTION_LABELS["mimage-term"],
        "qfmt": '{{#PictureCue}}<div class="picture">{{PictureCue}}</div>{{/PictureCue}}'
        '{{#SceneCue}}<div class="scene">{{SceneCue}}</div>{{/SceneCue}}',
        "afmt": _TERM + '<div class="definition">{{Definition}}</div>' + _ANSWER_LINE + _MIMAGE,
    },
)

CSS = """
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: center;
  color: #1f2328;
  background: #fbfaf7;
  max-width: 40em;
  margin: 0 auto;
  padding: 1em;
}
.nightMode .card, .night_mode .card { color: #e6e6e6; background: #1e1f22; }
.term { font-size: 1.6em; font-weight: 600; }
.romanised { color: #6a737d; font-size: 0.6em; font-weight: normal; font-style: italic; }
.aliases { color: #6a737d; font-size: 0.9em; }
.definition { margin: 0.6em 0; }
.mimage { margin-top: 0.8em; }
.keyword { font-weight: 600; color: #8250df; }
.scene { font-style: italic; margin-top: 0.4em; }
.picture img { max-width: 100%; height: auto; border-radius: 8px; }
hr#answer { border: none; border-top: 1px solid #d0d7de; margin: 1em 0; }
"""


def _stable_id(text: str) -> int:
    """A positive id from a text, stable across runs, in the range Anki's ids use."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


MODEL_ID = _stable_id(f"mimagery note type v{MODEL_VERSION}")


def model() -> genanki.Model:
    """The mimagery note type: the fields, the three card templates and the style."""
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=list(TEMPLATES),
        css=CSS,
        sort_field_index=0,
    )


def deck_id(name: str) -> int:
    """The Anki deck id for a mimagery deck name (case and spacing ignored)."""
    return _stable_id("mimagery deck " + key(name))


def note_guid(deck_name: str, term_name: str) -> str:
    """The guid of a term's note: the same for the same deck and term names."""
    return str(genanki.guid_for(key(deck_name), key(term_name)))


def field_html(text: str) -> str:
    """Plain text as an Anki field: HTML-escaped, line breaks kept as ``<br>``."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def term_field(term: Term) -> str:
    """The ``Term`` field: the name, and beside a word in another script its romanisation
    in a ``romanised`` span (``собака <span class="romanised">sobaka</span>``), which
    mimagery's reader leaves out of the term."""
    romanised = scripts.romanise(term.name)
    if not romanised:
        return field_html(term.name)
    return f'{field_html(term.name)} <span class="romanised">{field_html(romanised)}</span>'


def _stored_picture(data_dir: Path, mimage: Mimage) -> Path | None:
    """The mimage's stored card file, if it names one that exists."""
    if not mimage.picture:
        return None
    path = Path(mimage.picture)
    if not path.is_absolute():
        path = data_dir / path
    return path if path.is_file() else None


class _Media:
    """Picture files collected in a temporary folder, named after their content: PNGs
    rendered from the SVG cards, or (``svg``) the SVG cards themselves, which is many
    times quicker to write; Anki shows both."""

    def __init__(self, folder: Path, svg: bool = False) -> None:
        self.folder = folder
        self.svg = svg
        self.files: dict[str, Path] = {}

    def add_svg(self, svg: str) -> str:
        """Add an SVG card (rendered to PNG unless ``svg``); the media file's name."""
        if self.svg:
            scratch = self.folder / "card.svg"
            scratch.write_text(svg, encoding="utf-8")
        else:
            scratch = self.folder / "render.png"
            pictures.to_png(svg, scratch)
        return self._keep(scratch)

    def add_file(self, path: Path) -> str:
        """A stored card (an SVG as ``add_svg`` takes it; a PNG or other image copied)."""
        if path.suffix.lower() == ".svg":
            try:
                svg = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise MimageryError(f"cannot read picture {path}: {error}") from error
            return self.add_svg(svg)
        scratch = self.folder / ("copy" + path.suffix.lower())
        try:
            shutil.copyfile(path, scratch)
        except OSError as error:
            raise MimageryError(f"cannot read picture {path}: {error.strerror}") from error
        return self._keep(scratch)

    def _keep(self, scratch: Path) -> str:
        digest = hashlib.sha256(scratch.read_bytes()).hexdigest()[:24]
        name = f"mimagery-{digest}{scratch.suffix}"
        target = self.folder / name
        os.replace(scratch, target)
        self.files[name] = target
        return name


def _img(name: str) -> str:
    return f'<img src="{html.escape(name, quote=True)}">'


class _Sounds:
    """The ``[sound:…]`` tags of spoken words, their files added to the media. Without
    the engine the package has no sound, said once through ``warn``; a word the engine
    cannot say is left silent and counted."""

    def __init__(self, data_dir: Path, media: _Media, warn: Callable[[str], None] | None):
        self.data_dir = data_dir
        self.media = media
        self.warn = warn
        self.off = False
        self.silent: list[str] = []

    def tag(self, text: str, language: str) -> str:
        if self.off or not text.strip():
            return ""
        try:
            path = speech.audio_file(self.data_dir, text, language)
        except MimageryError as error:
            if speech.available():
                self.silent.append(text)
            else:
                self.off = True
                if self.warn is not None:
                    self.warn(f"the package has no sound: {error}")
            return ""
        return f"[sound:{self.media.add_file(path)}]"

    def finish(self) -> None:
        if self.silent and self.warn is not None:
            shown = ", ".join(repr(text) for text in self.silent[:3])
            more = "…" if len(self.silent) > 3 else ""
            self.warn(f"{len(self.silent)} words could not be said: {shown}{more}")


def _note(
    note_type: genanki.Model,
    deck: Deck,
    term: Term,
    data_dir: Path,
    media: _Media,
    sounds: _Sounds,
) -> genanki.Note:
    """A term's note: its fields, escaped, its pictures and sounds added to ``media``."""
    names = [term.name, *term.aliases]
    mimage = term.chosen
    keyword = scene = picture = scene_cue = picture_cue = keyword_sound = ""
    term_sound = sounds.tag(term.name, deck.language)
    lang = deck.language
    if mimage is not None:
        keyword_sound = sounds.tag(mimage.keyword, languages.DEFAULT)
        keyword = field_html(mimage.keyword)
        scene = field_html(mimage.scene)
        scene_cue = field_html(hide_term(mimage.scene or mimage.keyword, names, words=True))
        stored = _stored_picture(data_dir, mimage)
        if stored is not None:
            picture = _img(media.add_file(stored))
        else:
            picture = _img(
                media.add_svg(mimages.draw_card(term, mimage, hide=False, language=lang))
            )
        picture_cue = _img(media.add_svg(mimages.draw_card(term, mimage, hide=True, language=lang)))
    fields = [
        term_field(term),
        field_html(term.definition),
        keyword,
        scene,
        picture,
        field_html("; ".join(term.aliases)),
        field_html(hide_term(term.definition, names)),
        scene_cue,
        picture_cue,
        term_sound,
        keyword_sound,
    ]
    return genanki.Note(model=note_type, fields=fields, guid=note_guid(deck.name, term.name))


def write(
    deck: Deck,
    data_dir: Path,
    path: Path,
    *,
    timestamp: float | None = None,
    svg: bool = False,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> int:
    """Write a deck as an Anki package, atomically; the number of notes written.

    Args:
        deck: the deck; its name becomes the Anki deck's name.
        data_dir: the store's data directory, which relative picture paths start from.
        path: the ``.apkg`` file to write (replaced if it exists).
        timestamp: the notes' modification time (seconds since the epoch), default now.
            Anki's importer updates a note only from a package with a newer time.
        svg: put the SVG cards in the package as they are instead of rendering PNGs
            (about 40 ms a term saved; text is then drawn with the viewer's fonts).
        progress: called with (terms done, terms in all) as the notes are made.
        warn: called with a message when the package goes without sound (no speech
            engine) or some words could not be said.

    Raises:
        MimageryError: when a picture cannot be read or the file cannot be written.
    """
    anki_deck = genanki.Deck(deck_id(deck.name), deck.name or "mimagery")
    with tempfile.TemporaryDirectory(prefix="mimagery-apkg-") as scratch:
        media = _Media(Path(scratch), svg)
        sounds = _Sounds(data_dir, media, warn)
        note_type = model()
        for number, term in enumerate(deck.terms):
            if progress is not None:
                progress(number, len(deck.terms))
            anki_deck.add_note(_note(note_type, deck, term, data_dir, media, sounds))
        sounds.finish()
        package = genanki.Package(anki_deck, media_files=[str(p) for p in media.files.values()])
        partial = path.with_name(path.name + ".partial")
        try:
            package.write_to_file(str(partial), timestamp=timestamp)
            os.replace(partial, path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise MimageryError(f"cannot write {path}: {error.strerror}") from error
    return len(deck.terms)
