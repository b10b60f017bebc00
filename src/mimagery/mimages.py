"""Make mimages: a keyword, a scene and a picture for a term.

``make`` turns one term into a generated (or the user's own) mimage: the best
keyword from ``keywords.suggest`` (LLM proposals, when a backend is set, are
measured and ranked by the same offline scorer), a scene from ``scenes`` and an
SVG card from ``pictures``. ``generate`` does it for a stored deck and writes
the new mimages in one transaction; imported mimages are never overwritten.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mimagery import keywords, pictures, scenes
from mimagery.errors import MimageryError
from mimagery.keywords import Keyword
from mimagery.llm import Backend
from mimagery.model import Mimage, Origin, Term, key
from mimagery.store import Store

#: An LLM keyword is kept only when the offline measures find it this good.
LLM_MIN_SOUND = 0.8
LLM_MIN_PICTURE = 4.0
#: A user's keyword must be at most this long.
MAX_KEYWORD_CHARS = 80

Warn = Callable[[str], None]


@dataclass
class Made:
    """One made mimage with what it was made from."""

    mimage: Mimage
    svg: str
    words: list[str]
    sound: float
    picture_score: float
    scene_source: str  # "offline" or "llm"
    alternatives: list[Keyword] = field(default_factory=list)


def _llm_candidates(term: Term, backend: Backend, warn: Warn | None) -> list[Keyword]:
    """Keyword phrases the backend proposes that pass the offline measures."""
    from mimagery.llm import LLMError

    try:
        proposed = backend.keywords(term.name, term.definition, 5)
    except LLMError as error:
        if warn is not None:
            warn(f"the LLM gave no keywords ({error}); using the offline engine")
        return []
    kept: list[Keyword] = []
    term_letters = re.sub(r"[^a-z]", "", term.name.casefold())
    for phrase in proposed:
        phrase = " ".join(phrase.split())[:MAX_KEYWORD_CHARS]
        if not phrase or re.sub(r"[^a-z]", "", phrase.casefold()) == term_letters:
            continue
        sound, picture = keywords.measure(term.name, phrase, term.aliases)
        if sound >= LLM_MIN_SOUND and picture >= LLM_MIN_PICTURE:
            words = phrase.split()
            kept.append(
                Keyword(phrase, sound * picture / 5, sound, picture, [(term.name, phrase)], words)
            )
    return kept


def _drawn_words(keyword: Keyword) -> list[str]:
    """The words the picture shows: the new ones (kept term words only when alone)."""
    if keyword.kept and not all(keyword.kept):
        return [w for w, kept in zip(keyword.words, keyword.kept, strict=True) if not kept]
    return list(keyword.words) or keyword.keyword.split()


def make(
    term: Term,
    *,
    keyword: str | None = None,
    avoid: Sequence[str] = (),
    seed: int = 0,
    backend: Backend | None = None,
    warn: Warn | None = None,
    limit: int = 5,
) -> Made | None:
    """A new mimage for ``term``; None when no keyword can be found.

    Args:
        term: the term, with its definition and aliases.
        keyword: the user's own keyword; else the engine's best one.
        avoid: keywords the term already has (case-insensitive).
        seed: varies the scene's wording, deterministically.
        backend: an LLM backend proposing keywords and writing scenes, or None.
        warn: called with a message when the LLM fails and the offline path is used.
        limit: how many alternatives to return besides the chosen keyword.
    """
    avoided = {key(k) for k in avoid}
    if keyword is not None:
        phrase = " ".join(clean_keyword(keyword).split())
        sound, picture = keywords.measure(term.name, phrase, term.aliases)
        chosen = Keyword(phrase, 0.0, sound, picture, [(term.name, phrase)], phrase.split())
        alternatives = keywords.suggest(term.name, limit=limit, aliases=term.aliases)
        origin: Origin = "user"
    else:
        found = keywords.suggest(term.name, limit=limit + 1 + len(avoided), aliases=term.aliases)
        if backend is not None:
            found = sorted(
                [*_llm_candidates(term, backend, warn), *found],
                key=lambda k: -(k.sound + k.picture / 5),
            )
        found = [k for k in found if key(k.keyword) not in avoided]
        if not found:
            return None
        chosen, alternatives = found[0], found[1 : limit + 1]
        origin = "generated"
    words = chosen.words or chosen.keyword.split()
    scene, source = scenes.write_scene(
        term.name, term.definition, chosen.keyword, words, seed=seed, backend=backend, warn=warn
    )
    caption = scenes.key_idea(term.name, term.definition)
    svg = pictures.render_card(term.name, chosen.keyword, _drawn_words(chosen), caption)
    mimage = Mimage(chosen.keyword, scene, origin, complete=True)
    return Made(mimage, svg, words, chosen.sound, chosen.picture, source, alternatives)


def draw_card(term: Term, mimage: Mimage, *, hide: bool = False) -> str:
    """A picture card for a stored mimage, drawn now (an imported mimage has none stored);
    with ``hide``, without the term anywhere on it, for the front of a mimage → term card.

    The rebus shows the keyword's words not taken from the term (all if all are).
    """
    from mimagery.session import hide_term

    words = mimage.keyword.split()
    term_words = {key(word) for name in (term.name, *term.aliases) for word in name.split()}
    drawn = [word for word in words if key(word) not in term_words] or words
    caption = scenes.key_idea(term.name, term.definition)
    title = term.name
    if hide:
        caption, title = hide_term(caption, [term.name, *term.aliases]), ""
    return pictures.render_card(title, mimage.keyword, drawn, caption)


def clean_keyword(text: str) -> str:
    """A user's keyword, checked: one line of words, not too long."""
    phrase = " ".join(text.split())
    if not phrase:
        raise MimageryError("the keyword is empty")
    if len(phrase) > MAX_KEYWORD_CHARS:
        raise MimageryError(f"the keyword is too long ({len(phrase)} characters; 80 at most)")
    if not re.search(r"[^\W\d_]", phrase):
        raise MimageryError("the keyword has no letters")
    return phrase


def picture_path(deck: str, term: str, keyword: str) -> str:
    """Where a card lives, relative to the data directory: stable for the same names."""
    return f"pictures/{_slug(deck)}/{_slug(term)}-{zlib.crc32(key(keyword).encode()):08x}.svg"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", key(text).encode("ascii", "ignore").decode()).strip("-")
    return (slug or "x")[:60] + f"-{zlib.crc32(key(text).encode()) & 0xFFFF:04x}"


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
    relative = picture_path(deck, term, made.mimage.keyword)
    with _removed_on_failure() as created:
        save_picture(store, relative, made.svg, png, created)
        made.mimage.picture = relative
        made.mimage.chosen = True
        if not store.add_mimages(deck, [(term, made.mimage)], now=now)[0]:
            store.choose_mimage(deck, term, made.mimage.keyword)


@dataclass
class GenerateReport:
    """What ``generate`` did to a deck."""

    deck: str
    added: int = 0
    chosen: int = 0
    without_keyword: list[str] = field(default_factory=list)
    llm_scenes: int = 0


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
    overwritten; a cut-off one is kept. The cards are written first (with a PNG
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
            made = make(
                term,
                avoid=[m.keyword for m in term.mimages],
                seed=seed,
                backend=backend,
                warn=warn,
                limit=0,
            )
            if made is None:
                report.without_keyword.append(term.name)
                continue
            relative = picture_path(loaded.name, term.name, made.mimage.keyword)
            save_picture(store, relative, made.svg, png, created)
            made.mimage.picture = relative
            made.mimage.chosen = not any(m.complete and m.chosen for m in term.mimages)
            report.chosen += made.mimage.chosen
            report.llm_scenes += made.scene_source == "llm"
            additions.append((term.name, made.mimage))
        if additions:
            report.added = sum(store.add_mimages(loaded.name, additions, now=now))
    return report
