"""The steps a page or an API call takes, as the command line takes them: each is a short
sequence of core calls (``Store``, ``formats``, ``mimages``, ``study``), shared by the
HTML pages and the JSON API so the two never differ.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

from mimagery import formats, keywords, mimages, paths, session, study
from mimagery.errors import MimageryError
from mimagery.keywords import Keyword
from mimagery.llm import Backend
from mimagery.model import Deck, Mimage, Term, clean, key
from mimagery.store import ImportReport, Store
from mimagery.study import DueCard
from mimagery.web.security import MAX_UPLOAD
from mimagery.web.views import NotFound

#: A scene the user writes may be this long.
MAX_SCENE_CHARS = 2000
#: Cards asked of ``study.due`` for a study page (today's limits keep it far smaller).
QUEUE_LIMIT = 500
# The study page shows one card and how many are left: it looks this far ahead, no more
# (each page view fetches the queue; a longer one cost more than the rest of the page).
STUDY_QUEUE = 25
#: Suggested keywords shown on a term's page.
SUGGESTIONS = 6


# Finding things ---------------------------------------------------------------------


def resolve_deck(store: Store, name: str) -> str:
    """The stored name of the deck called ``name`` (any case); NotFound when there is none."""
    try:
        return store.resolve_deck(name)
    except MimageryError as error:
        raise NotFound(str(error)) from error


def find_term(store: Store, deck: str, name: str) -> tuple[str, Term]:
    """The deck's stored name and its term called ``name`` (or with that alias)."""
    resolved = resolve_deck(store, deck)
    try:
        return resolved, store.find_term(resolved, name)
    except MimageryError as error:
        raise NotFound(str(error)) from error


def backend() -> Backend | None:
    """The LLM backend the environment sets (``MIMAGERY_LLM_URL``…), or None."""
    return Backend.from_env(os.environ)


# Decks --------------------------------------------------------------------------------


def create_deck(store: Store, name: str, now: datetime) -> str:
    """Make an empty deck; returns its name. A deck of that name must not exist yet."""
    name = " ".join(clean(name).split())
    if not name:
        raise MimageryError("the deck needs a name")
    if any(key(known) == key(name) for known in store.deck_names()):
        raise MimageryError(f"there is a deck called {name!r} already")
    return store.import_deck(Deck(name), name=name, now=now).deck


def due_count(store: Store, deck: str, now: datetime) -> int:
    """How many cards the deck has to study now (within today's limits)."""
    return len(study.due(store, deck, now, QUEUE_LIMIT).cards)


def load_demo(store: Store, now: datetime) -> str:
    """Import the built-in example deck and make mimages where it has none, as
    ``mimagery demo`` does; returns the deck's name."""
    data = resources.files("mimagery.data").joinpath("example.txt").read_bytes()
    report = store.import_deck(formats.read(data, "pasted"), now=now)
    mimages.generate(store, report.deck, now=now)
    return report.deck


# Importing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """A glossary read from an upload or pasted text, before it is saved."""

    deck: Deck
    text: str  # the decoded text, to save later exactly as previewed
    fmt: str
    filename: str | None

    def target(self, override: str | None) -> str:
        """The deck the import goes into: the one asked for, else the file's own name."""
        return override or self.deck.name or "Imported"


def parse_glossary(data: bytes, fmt: str | None, filename: str | None) -> Parsed:
    """Read an uploaded file or pasted text (as bytes) into a deck; MimageryError when it
    is not a glossary mimagery can read. An Anki package is read as such (its ``text`` is
    empty: see ``keep_upload``)."""
    if len(data) > MAX_UPLOAD:
        raise MimageryError(f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
    source = filename or "the text"
    fmt = fmt or None
    if fmt == "apkg" or (fmt is None and formats.is_anki_package(data, filename)):
        return Parsed(formats.read(data, "apkg", source), "", "apkg", filename)
    if fmt is not None and fmt not in formats.FORMATS:
        raise MimageryError(f"unknown format {fmt!r}; choose one of {', '.join(formats.FORMATS)}")
    text = formats.decode(data, source)
    resolved = fmt or formats.detect(text, filename)
    return Parsed(formats.read(text, resolved, filename), text, resolved, filename)


# An Anki package is binary, so it cannot travel back in the preview's form as text does:
# it waits in the data directory under a random name until it is saved (or an hour).
UPLOADS = "uploads"
UPLOAD_HOURS = 1
_UPLOAD_NAME = re.compile(r"[A-Za-z0-9_-]{32}")


def keep_upload(data_dir: Path, data: bytes, *, now: float | None = None) -> str:
    """Keep an uploaded package for the save step; its name. Older ones are removed."""
    folder = data_dir / UPLOADS
    cutoff = (time.time() if now is None else now) - UPLOAD_HOURS * 3600
    for old in folder.glob("*.apkg") if folder.is_dir() else []:
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
    name = secrets.token_urlsafe(24)
    paths.write_atomically(folder / f"{name}.apkg", data)
    return name


def upload_path(data_dir: Path, name: str) -> Path:
    """The kept package called ``name``; MimageryError when there is none (any more)."""
    path = data_dir / UPLOADS / f"{name}.apkg"
    if not _UPLOAD_NAME.fullmatch(name) or not path.is_file():
        raise MimageryError("the uploaded package is no longer here: choose the file again")
    return path


def import_glossary(
    store: Store, parsed: Parsed, deck: str | None, *, generate: bool, now: datetime
) -> tuple[ImportReport, mimages.GenerateReport | None]:
    """Save a parsed glossary (merging into a deck of the same name), and make mimages for
    its terms without one when ``generate`` is set."""
    deck = " ".join(clean(deck or "").split()) or None
    report = store.import_deck(parsed.deck, name=deck, now=now)
    made = mimages.generate(store, report.deck, now=now, backend=backend()) if generate else None
    return report, made


# Mimages ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a mimage action did, to tell the user."""

    keyword: str
    made: bool  # a new mimage was stored (else an existing one was chosen or changed)
    warnings: list[str] = field(default_factory=list)


def suggestions(term: Term) -> list[Keyword]:
    """Keywords the engine offers for a term, best first."""
    return keywords.suggest(term.name, limit=SUGGESTIONS, aliases=term.aliases)


def alignment_of(keyword: str, found: list[Keyword]) -> list[tuple[str, str]] | None:
    """Which part of the term each word of ``keyword`` covers, when the engine offers it."""
    for suggestion in found:
        if key(suggestion.keyword) == key(keyword):
            return list(suggestion.alignment)
    return None


def _clean_scene(scene: str | None) -> str:
    text = clean(scene or "")
    if len(text) > MAX_SCENE_CHARS:
        raise MimageryError(f"the scene is too long ({len(text)} characters; 2000 at most)")
    return text


def _store_made(store: Store, deck: str, term: Term, made: mimages.Made, now: datetime) -> None:
    """Save a made mimage's card and the mimage, chosen (as ``mimagery mimage`` does)."""
    mimages.store_made(store, deck, term.name, made, now=now)


def regenerate(
    store: Store, deck: str, term: Term, now: datetime, seed: int | None = None
) -> Outcome:
    """A new generated mimage for the term, chosen (``mimagery mimage --regenerate``); a new
    seed each time unless one is given, so the scene's wording changes."""
    warnings: list[str] = []
    made = mimages.make(
        term,
        avoid=[m.keyword for m in term.mimages if m.origin != "generated"],
        seed=secrets.randbelow(1_000_000) if seed is None else seed,
        backend=backend(),
        warn=warnings.append,
    )
    if made is None:
        raise MimageryError(f"no keyword found for {term.name!r}")
    _store_made(store, deck, term, made, now)
    return Outcome(made.mimage.keyword, True, warnings)


def own_mimage(
    store: Store,
    deck: str,
    term: Term,
    keyword: str | None,
    scene: str | None,
    now: datetime,
) -> Outcome:
    """The user's own keyword and/or scene, chosen.

    A new keyword gets a mimage of origin ``user`` with a picture and, unless a scene is
    given, a written scene (``mimagery mimage --keyword``). A keyword the term has already
    is chosen. A scene given alone goes to the chosen mimage; a scene replaces the
    mimage's scene the way an import of it would.
    """
    phrase = mimages.clean_keyword(keyword) if keyword and keyword.strip() else None
    text = _clean_scene(scene)
    if phrase is None and not text:
        raise MimageryError("write a keyword, a scene or both")
    if phrase is None:
        target = term.chosen
        if target is None:
            raise MimageryError("this term has no mimage yet: write a keyword for it")
    else:
        target = next((m for m in term.mimages if key(m.keyword) == key(phrase)), None)
    if target is None:
        assert phrase is not None
        warnings: list[str] = []
        made = mimages.make(term, keyword=phrase, backend=backend(), warn=warnings.append)
        if made is None:  # pragma: no cover - make always succeeds with a keyword
            raise MimageryError(f"cannot make a mimage for {phrase!r}")
        if text:
            made.mimage.scene = text
        _store_made(store, deck, term, made, now)
        return Outcome(made.mimage.keyword, True, warnings)
    if text and text != target.scene:
        change = Mimage(target.keyword, text, target.origin, complete=True)
        store.import_deck(Deck(deck, [Term(term.name, "", [], [change])]), name=deck, now=now)
    store.choose_mimage(deck, term.name, target.keyword)
    return Outcome(target.keyword, False)


def choose(store: Store, deck: str, term: Term, keyword: str) -> Outcome:
    """Choose one of the term's mimages by keyword."""
    store.choose_mimage(deck, term.name, keyword)
    return Outcome(keyword, False)


# Studying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """The cards to study now and the day's progress."""

    cards: list[DueCard]
    reviewed_today: int
    new_left: int
    reviews_left: int
    ahead: bool  # the cards are learning cards brought forward (nothing else is due)

    @property
    def left(self) -> str:
        """Cards left to study now ("25+" past the page's look-ahead)."""
        count = len(self.cards)
        return f"{count}+" if count >= STUDY_QUEUE else str(count)


def next_card(
    store: Store, deck: str, now: datetime, card_id: int | None = None
) -> tuple[study.NextCard, Queue]:
    """The study page's card (``card_id`` while it is due, else the first) and the deck's
    cards to study at ``now``, as the terminal session takes them: due cards first; when
    none are due, learning cards due within ``session.LEARN_AHEAD``. NotFound when there
    is no deck called ``deck``."""
    try:
        found = study.next_card(
            store, deck, now, STUDY_QUEUE, learn_ahead=session.LEARN_AHEAD, card_id=card_id
        )
    except MimageryError as error:
        raise NotFound(str(error)) from error
    due, chosen = found.due, found.due.settings
    # The day's reviews, as the daily limits count them (new cards introduced + others).
    reviewed = max(0, chosen.new_per_day - due.new_left) + max(
        0, chosen.reviews_per_day - due.reviews_left
    )
    return found, Queue(due.cards, reviewed, due.new_left, due.reviews_left, due.ahead)


def duration_ms(shown: str | None, now: datetime) -> int | None:
    """Milliseconds from a card's front being shown (epoch ms from the form) to ``now``."""
    if not shown or not shown.isdigit() or len(shown) > 16:
        return None
    elapsed = round(now.timestamp() * 1000) - int(shown)
    return elapsed if 0 <= elapsed <= 86_400_000 else None
