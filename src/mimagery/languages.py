"""The languages a deck's terms may be in, and what each needs.

A deck has one language (``Deck.language``, an ISO 639-1 code, ``en`` by default). The
terms are said in it (``mimagery.speech``) and matched against English keywords; the
keywords, scenes and definitions stay English. Each language names the eSpeak NG voice
that says it and the scripts its words are written in, so that a word in another script
can be told apart from a typing slip.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from mimagery.errors import MimageryError

DEFAULT = "en"


@dataclass(frozen=True, slots=True)
class Language:
    """One supported language: its code, English name, eSpeak NG voice and scripts."""

    code: str
    name: str
    voice: str
    scripts: frozenset[str]
    #: Whether cards show a Latin romanisation beside the term (non-Latin scripts).
    romanised: bool = False


_LATIN = frozenset({"LATIN"})
SUPPORTED: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "en-us", _LATIN),
        Language("es", "Spanish", "es", _LATIN),
        Language("fr", "French", "fr", _LATIN),
        Language("de", "German", "de", _LATIN),
        Language("it", "Italian", "it", _LATIN),
        Language("pt", "Portuguese", "pt-br", _LATIN),
        Language("nl", "Dutch", "nl", _LATIN),
        Language("ru", "Russian", "ru", frozenset({"CYRILLIC"}), romanised=True),
    )
}


def get(code: str | None) -> Language:
    """The language for ``code`` (case and surrounding space ignored; ``None``: English).

    Raises:
        MimageryError: for a code that is not supported, listing the supported ones.
    """
    wanted = (code or DEFAULT).strip().lower()
    found = SUPPORTED.get(wanted)
    if found is None:
        listed = ", ".join(f"{c} ({lang.name})" for c, lang in SUPPORTED.items())
        raise MimageryError(f"unknown language {code!r}: supported are {listed}")
    return found


def scripts_of(text: str) -> set[str]:
    """The scripts of ``text``'s letters ("LATIN", "CYRILLIC", ...), from Unicode names."""
    found: set[str] = set()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            found.add(name.split(" ", 1)[0] if name else "UNKNOWN")
    return found


def foreign_scripts(text: str, language: Language) -> set[str]:
    """The scripts in ``text`` that ``language`` is not written in (empty: all fine)."""
    return scripts_of(text) - language.scripts
