"""How the words of a deck's language are written: the letters each supported language
uses, the words of a word list that are not written that way, and the Latin romanisation
shown beside a word in another script.

A word list in one language holds words of one alphabet: a Latin word in a Russian deck,
a Cyrillic one in a Spanish deck, a German "Mädchen" among Spanish words, or a Latin
"c" typed into a Cyrillic word ("coбака") is a slip or a word of another language, and
an import says so line by line (``formats.checks``). English decks are technical
glossaries as often as word lists: Greek letters and accented names are at home there,
so only words in the script of another supported language (Cyrillic) stand out.

Romanisation follows the word's script: Cyrillic is written the way English-language
references write Russian names (iuliia's Wikipedia scheme: "щука" → "shchuka", "ёлка" →
"yolka"), which a learner reads aloud more easily than a scholarly transliteration
("ščuka") or an ASCII one ("shhuka").
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

from mimagery import languages
from mimagery.languages import Language

# The letters each language writes beyond the plain Latin a-z (Russian: its whole
# alphabet), lower case. Loanwords aside, a word with another letter of the same script
# belongs to another language: "ä" in a Spanish list, "і" (Ukrainian) in a Russian one.
_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")
_EXTRA: dict[str, str] = {
    "es": "áéíóúüñ",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "it": "àèéìíîòóù",
    "pt": "áâãàçéêíóôõúü",
    "nl": "áéèëíïóöúüàâêîôûç",
}
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def _alphabet(code: str) -> frozenset[str] | None:
    """The letters of a language (lower case), or None for any letter of its scripts."""
    if code == "ru":
        return _RUSSIAN
    extra = _EXTRA.get(code)
    return None if extra is None else _ASCII | frozenset(extra)


#: Scripts that some supported language is written in: in an English deck only these
#: count as another language's (a Greek "α" in a science glossary is at home).
_WRITTEN = frozenset(script for lang in languages.SUPPORTED.values() for script in lang.scripts)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _script_name(script: str) -> str:
    return script.capitalize()


def foreign(word: str, language: Language) -> str:
    """Why ``word`` cannot be a word of ``language`` ("a Latin word", "Latin letters
    ('c') in a Cyrillic word", "a letter Spanish does not use ('ä')"), or "" when it can."""
    own = language.scripts
    if word.isascii() and "LATIN" in own:
        return ""  # the usual case, without a look at each letter's name
    letters = [char for char in word if char.isalpha()]
    alphabet = _alphabet(language.code)
    if alphabet is not None and alphabet.issuperset(char.lower() for char in letters):
        return ""  # every letter is the language's own
    alien = [char for char in letters if _script(char) not in own]
    if language.code == languages.DEFAULT:
        alien = [char for char in alien if _script(char) in _WRITTEN]
    if alien:
        scripts = sorted({_script(char) for char in alien})
        named = " and ".join(_script_name(s) for s in scripts)
        if len(alien) == len(letters):
            return f"a{'n' if named[:1] in 'AEIOU' else ''} {named} word"
        shown = ", ".join(repr(c) for c in dict.fromkeys(alien))
        written = " and ".join(_script_name(s) for s in sorted(own))
        return f"{named} letters ({shown}) in a {written} word"
    if alphabet is None:
        return ""
    odd = [char for char in dict.fromkeys(c.lower() for c in letters) if char not in alphabet]
    if odd:
        shown = ", ".join(repr(c) for c in odd)
        plural = "letters" if len(odd) > 1 else "a letter"
        return f"{plural} {language.name} does not use ({shown})"
    return ""


def guess(words: Iterable[str]) -> str | None:
    """The language a word list's script tells, when it tells one: "ru" when most of the
    words with letters are Cyrillic; else None (a Latin list could be any of several)."""
    cyrillic = latin = 0
    for word in words:
        for char in word:
            if char.isalpha():
                script = _script(char)
                if script == "CYRILLIC":
                    cyrillic += 1
                elif script == "LATIN":
                    latin += 1
                break
    return "ru" if cyrillic > latin else None


@functools.cache
def _wikipedia() -> Any:
    import iuliia  # type: ignore[import-untyped]

    return iuliia.WIKIPEDIA


def romanise(text: str) -> str:
    """``text`` with its Cyrillic written in Latin letters ("собака" → "sobaka"); "" when
    it has no Cyrillic (nothing to romanise). A word in capitals stays in capitals."""
    if not any("\u0400" <= char <= "\u04ff" for char in text):
        return ""
    scheme = _wikipedia()
    words = []
    for word in text.split(" "):
        if word.isupper() and len(word) > 1:
            words.append(str(scheme.translate(word.lower())).upper())
        else:
            words.append(str(scheme.translate(word)))
    return " ".join(words)
