"""Plain data for decks, terms and mimages. No I/O here.

A *deck* is a glossary: an ordered list of *terms*. Each term has a
definition, optional aliases (an abbreviation or its expansion) and any number
of *mimages*: a sound-alike keyword phrase plus a scene that ties it to the
meaning. One mimage per term is the chosen one, shown when studying.
"""

from __future__ import annotations

import contextlib
import gc
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from mimagery.errors import MimageryError

Origin = Literal["imported", "generated", "user"]
ORIGINS: tuple[Origin, ...] = ("imported", "generated", "user")


def key(text: str) -> str:
    """The form two names are compared by: case-folded, spaces collapsed."""
    return " ".join(text.split()).casefold()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Text as stored: NFC, no control or bidi-override characters, trimmed.

    Newlines and tabs stay; everything that could move a terminal's cursor or
    reorder displayed text goes.
    """
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Mimage:
    """A mnemonic image: the keyword phrase and the scene that uses it.

    ``complete`` is false for a mimage whose text was cut off (the last entry
    of a pasted glossary, say). ``picture`` is a path relative to the data
    directory, or absolute, or None. ``artwork`` is a picture an import brought
    (an SVG card, see ``pictures.imported_card``) that the store has yet to write
    to the data directory; it is not part of a mimage's identity.
    """

    keyword: str
    scene: str = ""
    origin: Origin = "imported"
    complete: bool = True
    picture: str | None = None
    chosen: bool = False
    created: datetime | None = None
    artwork: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Term:
    """One glossary entry."""

    name: str
    definition: str = ""
    aliases: list[str] = field(default_factory=list)
    mimages: list[Mimage] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        """The name as a glossary shows it: ``LSTM (Long Short-Term Memory)``."""
        if not self.aliases:
            return self.name
        return f"{self.name} ({'; '.join(self.aliases)})"

    @property
    def chosen(self) -> Mimage | None:
        """The mimage shown when studying: the chosen one, else the first."""
        for mimage in self.mimages:
            if mimage.chosen:
                return mimage
        return self.mimages[0] if self.mimages else None


@dataclass
class Deck:
    """A named glossary, terms in glossary order."""

    name: str
    terms: list[Term] = field(default_factory=list)
    #: What the reader had to leave out (an Anki package's pictures), a line each to
    #: tell the user; not part of the deck's identity.
    left_out: list[str] = field(default_factory=list, compare=False)
    #: The terms' language (``mimagery.languages``; ISO 639-1, English by default).
    language: str = "en"

    def find(self, name: str) -> Term | None:
        """The term called ``name`` or with that alias, compared case-insensitively."""
        wanted = key(name)
        for term in self.terms:
            if key(term.name) == wanted:
                return term
        for term in self.terms:
            if wanted in (key(alias) for alias in term.aliases):
                return term
        return None


def mimage_index(mimages: list[Mimage]) -> dict[str, int]:
    """Where each keyword (``key``) is in a term's mimages, for ``merge_mimage``."""
    index: dict[str, int] = {}
    for position, mimage in enumerate(mimages):
        index.setdefault(key(mimage.keyword), position)
    return index


def merge_mimage(into: list[Mimage], new: Mimage, index: dict[str, int] | None = None) -> None:
    """Add ``new`` to a term's mimages, merging with one of the same keyword.

    Two mimages with the same keyword (case-insensitive) are one mimage: the
    complete text wins over a cut-off one, then the longer scene. ``index``
    (``mimage_index(into)``, kept up to date here) makes a run of merges linear.
    """
    wanted = key(new.keyword)
    if index is None:
        found = next((i for i, old in enumerate(into) if key(old.keyword) == wanted), None)
    else:
        found = index.get(wanted)
    if found is None:
        if index is not None:
            index[wanted] = len(into)
        into.append(new)
        return
    old = into[found]
    if (new.complete, len(new.scene)) > (old.complete, len(old.scene)):
        new.chosen = new.chosen or old.chosen
        new.artwork = new.artwork or old.artwork
        into[found] = new
    elif old.artwork is None:
        old.artwork = new.artwork


def merge_term(into: Term, new: Term) -> None:
    """Fold a repeated entry for the same term into the first one.

    The longer definition wins (a repeat is often the fuller copy), aliases
    are united in order, and mimages merge by keyword.
    """
    merge_terms(into, [new])


def merge_terms(into: Term, news: Iterable[Term]) -> None:
    """``merge_term`` for many entries at once, in time linear in their aliases and
    mimages (the indexes of what ``into`` has are built once)."""
    alias_keys = {key(alias) for alias in into.aliases}
    alias_keys.add(key(into.name))
    index = mimage_index(into.mimages)
    for new in news:
        if len(new.definition) > len(into.definition):
            into.definition = new.definition
        for alias in new.aliases:
            folded = key(alias)
            if folded not in alias_keys:
                alias_keys.add(folded)
                into.aliases.append(alias)
        for mimage in new.mimages:
            merge_mimage(into.mimages, mimage, index)


#: Limits on what one term may hold; an import over them is refused, saying which.
MAX_NAME_CHARS = 200
MAX_ALIASES = 100
MAX_MIMAGES = 500
_IN_NAMES = re.compile(
    r"[\t\n\r\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _shown(name: str) -> str:
    return repr(name if len(name) <= 60 else name[:57] + "...")


def check_term(term: Term) -> None:
    """Refuse a term over the limits or with control characters (a tab, a line break…)
    in its name, aliases or keywords: ``MimageryError`` saying which and why."""
    for what, name in [("term", term.name), *(("alias", alias) for alias in term.aliases)]:
        if len(name) > MAX_NAME_CHARS:
            raise MimageryError(
                f"{what} {_shown(name)} is {len(name):,} characters long; "
                f"a name is at most {MAX_NAME_CHARS}"
            )
        if _IN_NAMES.search(name):
            raise MimageryError(
                f"{what} {_shown(name)} holds a tab, a line break or another control character"
            )
    if len(term.aliases) > MAX_ALIASES:
        raise MimageryError(
            f"term {_shown(term.name)} has {len(term.aliases):,} aliases; at most {MAX_ALIASES}"
        )
    if len(term.mimages) > MAX_MIMAGES:
        raise MimageryError(
            f"term {_shown(term.name)} has {len(term.mimages):,} mimages; at most {MAX_MIMAGES}"
        )
    for mimage in term.mimages:
        if len(mimage.keyword) > MAX_NAME_CHARS or _IN_NAMES.search(mimage.keyword):
            raise MimageryError(
                f"term {_shown(term.name)}: the keyword {_shown(mimage.keyword)} is over "
                f"{MAX_NAME_CHARS} characters or holds a control character"
            )


def normalise(deck: Deck) -> Deck:
    """Merge repeated terms, drop mimages without a keyword, give every term with
    mimages one chosen mimage, and check each term (``check_term``)."""
    entries: dict[str, list[Term]] = {}
    for term in deck.terms:
        entries.setdefault(key(term.name), []).append(term)
    merged: dict[str, Term] = {}
    for name_key, same in entries.items():
        fresh = Term(same[0].name, same[0].definition, [], [])
        merge_terms(fresh, same)
        fresh.mimages = [m for m in fresh.mimages if key(m.keyword)]
        check_term(fresh)
        merged[name_key] = fresh
    for term in merged.values():
        chosen = [m for m in term.mimages if m.chosen]
        for extra in chosen[1:]:
            extra.chosen = False
        if term.mimages and not chosen:
            best = next((m for m in term.mimages if m.complete), term.mimages[0])
            best.chosen = True
    return Deck(deck.name, list(merged.values()), deck.left_out, deck.language)


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a deck's many small objects are made.

    They hold no cycles, and each collection pass walks all of them again: on a
    10,000-term glossary the passes cost as much as the parse.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
