"""The steps a user takes, for both front ends: the command line and the web app (its
pages and its JSON API) call these, so the two never differ. Each is a short sequence of
core calls (``Store``, ``formats``, ``mimages``, ``study``): finding a deck or term,
importing a glossary, making, regenerating and choosing mimages.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import resources
from pathlib import Path, PurePath

from mimagery import formats, keywords, languages, mimages, paths, pictures, scripts, study
from mimagery.errors import MimageryError, NotFound
from mimagery.formats import ReadReport, checks
from mimagery.keywords import Keyword
from mimagery.languages import Language
from mimagery.mimages import Made, Warn
from mimagery.model import Deck, Mimage, Term, clean, key
from mimagery.scenes.llm import Backend
from mimagery.store import ImportReport, Store
from mimagery.text import did_you_mean

#: A scene the user writes may be this long.
MAX_SCENE_CHARS = 2000
#: Cards asked of ``study.due`` for a study page (today's limits keep it far smaller).
QUEUE_LIMIT = 500
#: Suggested keywords shown on a term's page.
SUGGESTIONS = 6


# Finding things ---------------------------------------------------------------------


def resolve_deck(store: Store, name: str) -> str:
    """The stored name of the deck called ``name`` (any case); NotFound when there is none."""
    return store.resolve_deck(name)


def find_term(store: Store, deck: str, name: str) -> tuple[str, Term]:
    """The deck's stored name and its term called ``name`` (or with that alias); NotFound
    when either is missing."""
    resolved = store.resolve_deck(deck)
    return resolved, store.find_term(resolved, name)


def locate_term(store: Store, deck: str | None, name: str) -> tuple[str, Term]:
    """The deck and term a command means when the deck may be left out: the deck named,
    else the only deck, else the one deck that has a term called ``name`` (or with that
    alias). MimageryError when the term is in several decks; NotFound, with the closest
    names, when no deck has it."""
    if deck is not None or len(names := store.deck_names()) <= 1:
        return find_term(store, deck if deck is not None else store.resolve_deck(None), name)
    holders = store.decks_with_term(name)
    if len(holders) == 1:
        return holders[0], store.find_term(holders[0], name)
    if holders:
        raise MimageryError(
            f"{name!r} is in {len(holders)} decks ({', '.join(holders)}); say which with --deck"
        )
    known = [term for _, term in store.term_names()]
    raise NotFound(
        f"no deck has a term {name!r} (decks: {', '.join(names)}){did_you_mean(name, known)}"
    )


def llm_backend() -> Backend | None:
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


def load_demo(store: Store, now: datetime) -> tuple[ImportReport, Deck, GenerateReport]:
    """Import the built-in example deck and make mimages where it has none (``mimagery
    demo``, ``mimagery serve --demo``): the import's report, the deck as read, and what
    ``generate`` made."""
    data = resources.files("mimagery.data").joinpath("example.txt").read_bytes()
    read = formats.read(data, "pasted")
    report = store.import_deck(read, now=now)
    return report, read, generate(store, report.deck, now=now)


# Importing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """A glossary read from an upload or pasted text, before it is saved, with the
    report of its lines that did not plainly become terms."""

    deck: Deck
    text: str  # the decoded text, to save later exactly as previewed
    fmt: str
    filename: str | None
    report: ReadReport = field(default_factory=ReadReport)
    header: bool = True  # a CSV/TSV file's first row names the columns
    read_in: str | None = None  # the language its lines were read in (None: English)

    def target(self, override: str | None) -> str:
        """The deck the import goes into: the one asked for, else the glossary's own name,
        else the file's (``deck_name_for``)."""
        return override or deck_name_for(self.deck, self.filename)


#: The deck a glossary goes into when neither it nor its file gives a name.
DEFAULT_DECK = "Imported"


def deck_name_for(deck: Deck, filename: str | None) -> str:
    """The deck an import goes into when none is asked for: the name the glossary gives
    itself, else its file's name ("cell_biology.csv" → "cell biology"), else "Imported"
    (text pasted or piped in without a name)."""
    if deck.name.strip():
        return deck.name
    stem = PurePath(filename).stem if filename and filename != "-" else ""
    return " ".join(clean(stem.replace("_", " ")).split())[:400] or DEFAULT_DECK


def parse_glossary(
    data: bytes,
    fmt: str | None,
    filename: str | None,
    *,
    max_bytes: int = formats.MAX_BYTES,
    header: bool = True,
    language: str | None = None,
) -> Parsed:
    """Read a file or pasted text (as bytes) into a deck; MimageryError when it is not a
    glossary mimagery can read or is larger than ``max_bytes``. An Anki package is read as
    such (its ``text`` is empty). ``header`` and ``language`` as ``formats.read_report``
    takes them."""
    if len(data) > max_bytes:
        raise MimageryError(f"the file is larger than {max_bytes // (1024 * 1024)} MB")
    source = "input" if filename == "-" else (filename or "the text")
    fmt = fmt or None
    if fmt == "apkg" or (fmt is None and formats.is_anki_package(data, filename)):
        deck, report = formats.read_report(data, "apkg", source)
        return Parsed(deck, "", "apkg", filename, report)
    if fmt is not None and fmt not in formats.FORMATS:
        raise MimageryError(f"unknown format {fmt!r}; choose one of {', '.join(formats.FORMATS)}")
    text = formats.decode(data, source)
    resolved = fmt or formats.detect(text, filename)
    deck, report = formats.read_report(text, resolved, filename, header=header, language=language)
    return Parsed(deck, text, resolved, filename, report, header, language)


def import_language(store: Store, deck: Deck, target: str, asked: str | None) -> Language:
    """The language of an import into the deck called ``target``: the one ``asked`` (the
    ``--lang`` option, the web form's choice), else the deck's, else the one the glossary
    states (JSON's ``"language"``) or its script tells (Cyrillic: Russian), else English.

    Raises:
        MimageryError: (one line) for an unknown code, or when the deck exists in another
            language than the one asked or stated.
    """
    chosen = languages.get(asked) if asked else None
    stated = deck.language if deck.language != languages.DEFAULT else None
    told = stated or scripts.guess(term.name for term in deck.terms)
    stored = store.stored_language(target)
    if stored is None:
        return chosen or languages.get(told)
    have = languages.get(stored)
    other = chosen or (languages.get(told) if told else None)
    if other is None or other.code == have.code:
        return have
    target = next((name for name in store.deck_names() if key(name) == key(target)), target)
    change = (
        "import into another deck, or first change the deck's language "
        f"(mimagery settings --deck {target!r} --lang {other.code})"
    )
    if chosen is not None:
        raise MimageryError(
            f"deck {target!r} is in {have.name} ({have.code}), not {other.name} "
            f"({other.code}): {change}"
        )
    raise MimageryError(
        f"the glossary is in {other.name} ({other.code}) but deck {target!r} is in "
        f"{have.name} ({have.code}): {change}"
    )


def change_language(store: Store, deck: str, code: str) -> Language:
    """Set the language of ``deck``; MimageryError (one line, nothing changed) for an
    unknown code, or when some of the deck's terms are not written as that language is
    (a Russian deck's Cyrillic words cannot become Spanish)."""
    language = languages.get(code)
    loaded = store.load_deck(store.resolve_deck(deck))
    wrong = [
        (term.name, why) for term in loaded.terms if (why := scripts.foreign(term.name, language))
    ]
    if wrong:
        named = "; ".join(f"{name!r}: {why}" for name, why in wrong[:3])
        more = f"; and {len(wrong) - 3} more" if len(wrong) > 3 else ""
        raise MimageryError(
            f"deck {loaded.name!r} stays {languages.get(loaded.language).name}: "
            f"{len(wrong)} of its terms are not {language.name} ({named}{more})"
        )
    store.set_language(loaded.name, language.code)
    return language


def _english(code: str | None) -> bool:
    return code in (None, languages.DEFAULT)


def prepare_import(
    store: Store, parsed: Parsed, deck: str | None, asked: str | None
) -> tuple[Parsed, str]:
    """A glossary read and ready to import, and the deck it goes into (``deck``, else the
    one it names): in its language (``import_language``), read again in that language
    when its lines were read as another's (``formats.read_report``), without the terms
    that are no words of it, each reported in the report's ``skipped`` lines
    (``formats.checks``). MimageryError (one line) as ``import_language`` and
    ``checks.check`` raise it."""
    target = parsed.target(deck)
    language = import_language(store, parsed.deck, target, asked)
    if parsed.fmt in ("pasted", "md") and _english(parsed.read_in) != _english(language.code):
        parsed = parse_glossary(
            parsed.text.encode("utf-8"), parsed.fmt, parsed.filename, language=language.code
        )
        target = parsed.target(deck)
    checked = checks.check(parsed.deck, parsed.report, language)
    return replace(parsed, deck=checked), target


def import_glossary(
    store: Store, deck: Deck, name: str | None, *, generate_mimages: bool = False, now: datetime
) -> tuple[ImportReport, GenerateReport | None]:
    """Save a glossary read from a file (merging into a deck of the same name, or into
    the deck called ``name``), and make mimages for its terms without one when
    ``generate_mimages`` is set."""
    name = " ".join(clean(name or "").split()) or None
    report = store.import_deck(deck, name=name, now=now)
    made = None
    if generate_mimages:
        made = generate(store, report.deck, now=now, backend=llm_backend())
    return report, made


# Mimages ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a mimage action did, to tell the user."""

    keyword: str
    made: bool  # a new mimage was stored (else an existing one was chosen or changed)
    warnings: list[str] = field(default_factory=list)
    alternatives: list[Keyword] = field(default_factory=list)  # other keywords on offer


def deck_language(store: Store, deck: str) -> str:
    """The language of a deck's terms (``Deck.language``: "en", "es", …), one row read."""
    return store.deck_language(deck)


def suggestions(
    term: Term, limit: int = SUGGESTIONS, language: str = languages.DEFAULT
) -> list[Keyword]:
    """Keywords the engine offers for a term of ``language`` (its deck's), best first;
    for another language than English none repeats the definition, its translation."""
    meaning = term.definition if languages.get(language).code != languages.DEFAULT else ""
    return keywords.suggest(
        term.name, limit=limit, aliases=term.aliases, language=language, meaning=meaning
    )


def alternatives(
    term: Term, limit: int = SUGGESTIONS - 1, language: str = languages.DEFAULT
) -> list[Keyword]:
    """Keywords the engine offers for a term that none of its mimages has yet."""
    have = {key(m.keyword) for m in term.mimages}
    offered = suggestions(term, limit + 1, language)
    return [k for k in offered if key(k.keyword) not in have][:limit]


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


def regenerate(
    store: Store,
    deck: str,
    term: Term,
    now: datetime,
    seed: int | None = None,
    *,
    png: bool = False,
    warn: Warn | None = None,
) -> Outcome:
    """A new generated mimage for the term, chosen (``mimagery mimage --regenerate``): the
    engine's best keyword the term has no mimage with yet, so each call gives the next
    one. A new seed each time unless one is given, so the scene's wording changes too.
    Warnings (an LLM that failed) are passed to ``warn`` as they come, and kept in the
    outcome. The term is heard in its deck's language."""
    warnings: list[str] = []
    made = mimages.make(
        term,
        avoid=[m.keyword for m in term.mimages],
        seed=secrets.randbelow(1_000_000) if seed is None else seed,
        backend=llm_backend(),
        warn=_collecting(warnings, warn),
        language=deck_language(store, deck),
    )
    if made is None:
        raise MimageryError(f"no keyword found for {term.name!r}")
    store_made(store, deck, term.name, made, now=now, png=png)
    return Outcome(made.mimage.keyword, True, warnings, made.alternatives)


def _collecting(warnings: list[str], warn: Warn | None) -> Warn:
    """A warning callback that keeps each message and passes it on to ``warn``."""

    def collect(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    return collect


def own_mimage(
    store: Store,
    deck: str,
    term: Term,
    keyword: str | None,
    scene: str | None,
    now: datetime,
    *,
    png: bool = False,
    warn: Warn | None = None,
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
        made = mimages.make(
            term,
            keyword=phrase,
            backend=llm_backend(),
            warn=_collecting(warnings, warn),
            language=deck_language(store, deck),
        )
        if made is None:  # pragma: no cover - make always succeeds with a keyword
            raise MimageryError(f"cannot make a mimage for {phrase!r}")
        if text:
            made.mimage.scene = text
        store_made(store, deck, term.name, made, now=now, png=png)
        return Outcome(made.mimage.keyword, True, warnings, made.alternatives)
    if text and text != target.scene:
        change = Mimage(target.keyword, text, target.origin, complete=True)
        store.import_deck(Deck(deck, [Term(term.name, "", [], [change])]), name=deck, now=now)
    store.choose_mimage(deck, term.name, target.keyword)
    return Outcome(target.keyword, False)


def picture_file(
    data_dir: Path, deck: str, term: Term, language: str = languages.DEFAULT
) -> Path | None:
    """The chosen mimage's picture as a file to open or show the path of: its stored card,
    else one drawn now (an imported mimage has none stored) and kept under the data
    directory's ``cache/cards/``. None when the term has no mimage, or when the drawn card
    cannot be written (a read-only data directory)."""
    mimage = term.chosen
    if mimage is None:
        return None
    stored = mimages.stored_card(data_dir, mimage)
    if stored is not None:
        return stored
    path = data_dir / mimages.drawn_path(deck, term.name, mimage.keyword)
    paths.write_cache(path, mimages.draw_card(term, mimage, language=language).encode("utf-8"))
    return path if path.is_file() else None


def choose(store: Store, deck: str, term: Term, keyword: str) -> Outcome:
    """Choose one of the term's mimages by keyword."""
    store.choose_mimage(deck, term.name, keyword)
    return Outcome(keyword, False)


# Studying -----------------------------------------------------------------------------


# Generating -----------------------------------------------------------------------------


def save_picture(
    store: Store, relative: str, svg: str, png: bool = False, created: list[Path] | None = None
) -> Path:
    """Write a card under the store's data directory (and a PNG beside it if asked);
    the files that were not there before are added to ``created``."""
    path = store.data_dir / relative
    if created is not None:
        targets = (path, path.with_suffix(".png")) if png else (path,)
        created += [target for target in targets if not target.exists()]
    pictures.write_card(svg, path)
    if png:
        pictures.to_png(svg, path.with_suffix(".png"))
    return path


@contextlib.contextmanager
def _removed_on_failure() -> Iterator[list[Path]]:
    """A list for the card files a block writes; they are removed again if it fails (an
    error, a failed transaction or Ctrl-C), so no card is left without its mimage."""
    created: list[Path] = []
    try:
        yield created
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise


def store_made(
    store: Store, deck: str, term: str, made: Made, *, now: datetime, png: bool = False
) -> None:
    """Save one made mimage, chosen: its card (and a PNG when ``png``), then the mimage
    (an existing one with the same keyword is chosen instead). Card files made here are
    removed again if the mimage is not stored."""
    relative = mimages.picture_path(deck, term, made.mimage.keyword)
    with _removed_on_failure() as created:
        save_picture(store, relative, made.svg, png, created)
        made.mimage.picture = relative
        made.mimage.chosen = True
        if not store.add_mimages(deck, [(term, made.mimage)], now=now)[0]:
            store.choose_mimage(deck, term, made.mimage.keyword)


@dataclass(frozen=True)
class Generated:
    """One mimage ``generate`` made: for which term, with what keyword and scene, and
    whether it became the term's chosen one."""

    term: str
    keyword: str
    scene: str
    chosen: bool


@dataclass
class GenerateReport:
    """What ``generate`` did to a deck."""

    deck: str
    added: int = 0
    chosen: int = 0
    without_keyword: list[str] = field(default_factory=list)
    made: list[Generated] = field(default_factory=list)  # the mimages added, in deck order


def generate(
    store: Store,
    deck: str,
    *,
    all_terms: bool = False,
    now: datetime,
    seed: int = 0,
    backend: Backend | None = None,
    warn: Warn | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    png: bool = False,
) -> GenerateReport:
    """Give every term without a complete mimage a generated one, chosen.

    With ``all_terms``, every term gets a generated alternative; it is chosen
    only where the term had no complete mimage. Imported mimages are never
    overwritten; a cut-off one is kept. Terms are heard in the deck's language
    (``Deck.language``). The cards are written first (with a PNG
    beside each when ``png``), then all mimages in one transaction; if that fails, or
    the run is stopped, the card files it made are removed again.
    """
    loaded = store.load_deck(deck)
    report = GenerateReport(loaded.name)
    todo = [t for t in loaded.terms if all_terms or not any(m.complete for m in t.mimages)]
    additions: list[tuple[str, Mimage]] = []
    with _removed_on_failure() as created:
        for number, term in enumerate(todo, start=1):
            if progress is not None:
                progress(number, len(todo), term.name)
            made = mimages.make(
                term,
                avoid=[m.keyword for m in term.mimages],
                seed=seed,
                backend=backend,
                warn=warn,
                limit=0,
                language=loaded.language,
            )
            if made is None:
                report.without_keyword.append(term.name)
                continue
            relative = mimages.picture_path(loaded.name, term.name, made.mimage.keyword)
            save_picture(store, relative, made.svg, png, created)
            made.mimage.picture = relative
            made.mimage.chosen = not any(m.complete and m.chosen for m in term.mimages)
            report.chosen += made.mimage.chosen
            additions.append((term.name, made.mimage))
        if additions:
            stored = store.add_mimages(loaded.name, additions, now=now)
            report.added = sum(stored)
            report.made = [
                Generated(term, mimage.keyword, mimage.scene, mimage.chosen)
                for (term, mimage), new in zip(additions, stored, strict=True)
                if new
            ]
    return report
