"""Make mimages: a keyword, a scene and a picture for a term.

``make`` turns one term into a generated (or the user's own) mimage: the best
keyword from ``keywords.suggest`` (LLM proposals, when a backend is set, are
measured and ranked by the same offline scorer), a scene from ``scenes`` and an
SVG card from ``pictures``. ``generate`` does it for a stored deck and writes
the new mimages in one transaction; imported mimages are never overwritten.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from mimagery import keywords, languages, pictures, scenes
from mimagery.errors import MimageryError
from mimagery.keywords import Keyword
from mimagery.model import Mimage, Origin, Term, key
from mimagery.scenes import translation
from mimagery.scenes.llm import Backend
from mimagery.study.cards import term_words
from mimagery.text import repeats, slug

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


def _llm_candidates(
    term: Term, backend: Backend, warn: Warn | None, language: str = languages.DEFAULT
) -> list[Keyword]:
    """Keyword phrases the backend proposes that pass the offline measures."""
    from mimagery.scenes.llm import LLMError

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
        sound, picture = keywords.measure(term.name, phrase, term.aliases, language=language)
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
    language: str = languages.DEFAULT,
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
        language: the term's language (its deck's): a term of another language than
            English is heard in it, its definition is a translation that no keyword word
            may repeat, and its scene and picture bring the meaning's thing and the
            keyword's together (``scenes.translation``).
    """
    foreign = _foreign(language)
    avoided = {key(k) for k in avoid}
    meaning = term.definition if foreign else ""
    if keyword is not None:
        phrase = " ".join(clean_keyword(keyword).split())
        sound, picture = keywords.measure(term.name, phrase, term.aliases, language=language)
        chosen = Keyword(phrase, 0.0, sound, picture, [(term.name, phrase)], phrase.split())
        alternatives = keywords.suggest(
            term.name, limit=limit, aliases=term.aliases, language=language, meaning=meaning
        )
        origin: Origin = "user"
    else:
        found = keywords.suggest(
            term.name,
            limit=limit + 1 + len(avoided),
            aliases=term.aliases,
            language=language,
            meaning=meaning,
        )
        if backend is not None:
            found = sorted(
                [*_llm_candidates(term, backend, warn, language), *found],
                key=lambda k: -(k.sound + k.picture / 5),
            )
        found = [k for k in found if key(k.keyword) not in avoided]
        if not found:
            return None
        chosen, alternatives = found[0], found[1 : limit + 1]
        origin = "generated"
    words = chosen.words or chosen.keyword.split()
    if foreign:
        scene, source = translation.write(
            term.name, term.definition, chosen.keyword, words, seed, language, backend, warn
        )
    else:
        scene, source = scenes.write_scene(
            term.name, term.definition, chosen.keyword, words, seed=seed, backend=backend, warn=warn
        )
    caption = scenes.caption(term.name, term.definition)
    svg = pictures.render_card(
        term.name,
        chosen.keyword,
        _drawn_words(chosen),
        caption,
        **_staging(term, chosen.keyword, words, language),
    )
    mimage = Mimage(chosen.keyword, scene, origin, complete=True)
    return Made(mimage, svg, words, chosen.sound, chosen.picture, source, alternatives)


def _foreign(language: str) -> bool:
    return languages.get(language).code != languages.DEFAULT


def _staging(term: Term, keyword: str, words: Sequence[str], language: str) -> dict[str, Any]:
    """How a card stages its icons: by the relation the definition names, or for a word
    of another language by what its meaning's thing and the keyword's do together."""
    if _foreign(language):
        composition, meaning = translation.staging(term.name, term.definition, keyword, words)
        return {"composition": composition, "meaning": meaning[0] if meaning else ""}
    composition, props = scenes.staging(term.name, term.definition)
    drawn = (
        scenes.thing(term.name, term.definition) if (composition, props) == ("row", ()) else None
    )
    if drawn is not None:
        # A term that is a concrete thing: the keyword's thing and it, as for a translation.
        composition, meaning = translation.staging(term.name, drawn, keyword, words)
        return {"composition": composition, "meaning": meaning[0] if meaning else ""}
    return {"composition": composition, "props": props}


def draw_card(
    term: Term,
    mimage: Mimage,
    *,
    hide: bool = False,
    bare: bool = False,
    language: str = languages.DEFAULT,
) -> str:
    """A picture card for a stored mimage, drawn now (an imported mimage has none stored);
    with ``hide``, the card for the front of a mimage → term card: no term and no caption,
    and a keyword word that repeats a term word (or an inflection of one) neither drawn
    nor written ("Buy Nearly ▢▢▢ ▢▢▢" for Binary Search Tree); with ``bare``, without the
    term and the caption, for a page that writes them beside it (a study card's answer).

    The picture shows the keyword's words not taken from the term (all if all are),
    staged by the relation the definition names; for a term of another ``language``,
    with the meaning's thing, as ``make`` draws it.
    """
    words = mimage.keyword.split()
    names = (term.name, *term.aliases)
    known = tuple(term_words(names))
    drawn = [word for word in words if not repeats(word, known)] or words
    caption = scenes.caption(term.name, term.definition)
    staged = _staging(term, mimage.keyword, words, language)
    if hide:
        return pictures.render_card("", mimage.keyword, drawn, mask=known, question=True, **staged)
    return pictures.render_card(
        "" if bare else term.name,
        mimage.keyword,
        drawn,
        "" if bare else caption,
        **staged,
    )


def stored_card(data_dir: Path, mimage: Mimage | None) -> Path | None:
    """The mimage's stored card when it is one mimagery shows, else None.

    Only a relative ``.svg`` path under the data directory's ``pictures/`` that is there
    counts: a picture path an imported file set to somewhere else is never read, served or
    opened (a card is drawn instead).
    """
    if mimage is None or not mimage.picture:
        return None
    relative = PurePosixPath(mimage.picture.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != ("pictures",):
        return None
    path = data_dir / relative
    return path if relative.suffix.lower() == ".svg" and path.is_file() else None


def card_svg(data_dir: Path, term: Term, mimage: Mimage, language: str = languages.DEFAULT) -> str:
    """The mimage's picture as SVG text: its stored card, else one drawn now (as for an
    imported mimage, which has none stored)."""
    stored = stored_card(data_dir, mimage)
    if stored is not None:
        try:
            return stored.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass  # unreadable: drawn instead, as if it were not there
    return draw_card(term, mimage, language=language)


def drawn_path(deck: str, term: str, keyword: str) -> str:
    """Where a card drawn on demand is kept to be opened, relative to the data directory
    (outside ``pictures/``: no mimage refers to it, and it may be drawn again any time)."""
    return "cache/cards/" + picture_path(deck, term, keyword).removeprefix("pictures/")


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
    return (slug(text) or "x")[:60] + f"-{zlib.crc32(key(text).encode()) & 0xFFFF:04x}"
