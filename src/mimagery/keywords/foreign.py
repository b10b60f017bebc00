"""How a word of another language sounds to an English ear: ``pronounce(term, language)``.

eSpeak NG (``mimagery.speech``) says the word in its own language, in IPA with stress
marks ("pato" → ``pˈato``); this module maps each of its sounds to the English inventory
the keyword search works on (``phonetics.INVENTORY``), by a hand-written table of what an
English listener hears:

- *Vowels.* The pure vowels become the nearest General American ones, not what English
  spelling would make of the letter: ``a`` is the vowel of "father" (pato → "pot", not
  "pat"), ``o`` that of "go", ``e`` that of "day" in an open syllable and of "bed" in a
  closed one or before r, ``i`` and ``u`` those of "see" and "too". Front rounded vowels
  have no English twin: ``y`` is heard as "oo" (lune → "loon"), ``ø`` as the vowel of
  "fur" in German and Dutch and of "fun" in French (feu → "fuh"), ``œ`` as that of
  "fun", ``ʏ`` as that of "foot". Russian ``ы`` (``ɨ``, which eSpeak writes ``y``) is the
  vowel of "bit". Reduced vowels (German ``-er``, Portuguese final ``a``) become schwa,
  German's r-coloured one.
- *Nasal vowels* (French, Portuguese) are the vowel and an n, as English speakers say
  them ("vin" → "van", "pão" → "pown").
- *Consonants.* A trilled r (Spanish "perro", Italian, Russian) and the uvular r
  (French, German) are the English r, and so is the Spanish, Portuguese and Italian tap
  between vowels: it sounds like the flap of "ladder", but the listeners of the foreign
  panels heard "veranda" in "verano" and not "Bed Honor" (they see an r, as a learner
  does; ``bench/foreign_sound.py``). A French r after a consonant at a word's end is the
  r-coloured schwa of "lever" (livre → "leever"). The velar fricative ``x`` is h in
  Spanish and Portuguese ("jugar" → "hoogar") and k elsewhere ("Bach"); German ``ç`` is
  "sh" ("ich" → "ish"); Spanish and Dutch ``ɣ`` is g, Spanish ``β`` b; ``ʎ`` is "y" in
  Spanish and "ly" elsewhere, ``ɲ`` is "ny". A Russian palatalised consonant is the
  plain one, with a "y" glide before a back vowel ("люди" → "lyoo-dee"). Geminates
  (Italian "gatto") and length marks on consonants are single sounds.
- *Stress* is kept: eSpeak's ``ˈ`` and ``ˌ`` fall on the next vowel; a one-syllable word
  without a mark is stressed.

Spanish is read first as most of its speakers say it, with "s" for eSpeak's Castilian
``θ`` (seseo, the Americas and the Canaries), then with ``θ`` as Spain says it. A word
eSpeak takes for an English one (French "dos" as "DOS", marked ``(en)…(fr)``) is read as
it said it, without the marks. Each reading is a
list of :class:`~mimagery.keywords.phonetics.SpokenWord`, one per written word when
eSpeak's words line up with the term's, else one for the whole term.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from mimagery import languages, speech
from mimagery.keywords.phonetics import VOWELS, Phone, SpokenWord, _phone

# Source symbols (eSpeak's IPA) that are vowels.
_SOURCE_VOWELS = frozenset("aeiouyæøœɐɑɒɔəɛɜɞɘɨɪɵɤʉʊʌʏ")
_NASAL = "\u0303"  # combining tilde
_STRESS = {"ˈ": 1, "ˌ": 2}
_LONG = "ːˑ"
_PALATAL = "ʲ"
_BACK = frozenset("aɑɒoɔuʊʌɐ")
_R = frozenset("rɾʁ")
_NASAL_CONSONANTS = frozenset("mnŋɲ")


@dataclass(frozen=True, slots=True)
class _Sound:
    """One sound of eSpeak's IPA: its symbol and what marks it carries."""

    symbol: str
    stress: int = 0
    long: bool = False
    nasal: bool = False
    palatal: bool = False

    @property
    def vowel(self) -> bool:
        return self.symbol in _SOURCE_VOWELS


def _decomposed(word: str) -> str:
    """``word`` with the nasal tilde split off its vowel ("ã" is "a" and a tilde) but
    other letters whole ("ç" stays one letter)."""
    out = []
    for char in unicodedata.normalize("NFC", word):
        parts = unicodedata.normalize("NFD", char)
        out.append(parts if parts.endswith(_NASAL) else char)
    return "".join(out)


def _sounds(word: str) -> list[_Sound]:
    """Split one word of eSpeak's IPA into sounds with their marks; other marks (tie bars,
    eSpeak's own ``^`` and ``"``) are dropped."""
    found: list[_Sound] = []
    pending = 0
    for char in _decomposed(word):
        if char in _STRESS:
            pending = _STRESS[char]
        elif char in _LONG and found:
            found[-1] = replace(found[-1], long=True)
        elif char == _PALATAL and found:
            found[-1] = replace(found[-1], palatal=True)
        elif char == _NASAL and found:
            found[-1] = replace(found[-1], nasal=True)
        elif unicodedata.combining(char) or not char.isalpha():
            continue
        else:
            sound = _Sound(char)
            if sound.vowel:
                sound, pending = replace(sound, stress=pending), 0
            found.append(sound)
    vowels = [i for i, s in enumerate(found) if s.vowel]
    if len(vowels) == 1 and not found[vowels[0]].stress:
        found[vowels[0]] = replace(found[vowels[0]], stress=1)  # "ich" said alone is stressed
    return found


# Two vowels heard as one English diphthong (nasal or not).
_DIPHTHONGS: dict[tuple[str, str], str] = {
    ("a", "ɪ"): "aɪ", ("a", "i"): "aɪ", ("a", "ʊ"): "aʊ", ("a", "u"): "aʊ",
    ("e", "ɪ"): "eɪ", ("e", "i"): "eɪ", ("ɛ", "ɪ"): "aɪ", ("ɛ", "i"): "aɪ",
    ("o", "ɪ"): "ɔɪ", ("o", "i"): "ɔɪ", ("ɔ", "ɪ"): "ɔɪ", ("ɔ", "ø"): "ɔɪ", ("ɔ", "ʏ"): "ɔɪ",
    ("œ", "y"): "aʊ", ("ɐ", "ʊ"): "aʊ", ("ɐ", "y"): "aɪ", ("ɐ", "ɪ"): "aɪ", ("ɐ", "i"): "aɪ",
    ("o", "ʊ"): "oʊ",
}  # fmt: skip

# Vowels with one hearing in every language (the rest are in ``_vowel``). The pure
# vowels a, e, o, the open o, the front rounded vowels and Russian ы are sounds of their
# own (``phonetics.FOREIGN``) that the sound measure hears as their English near-twins.
_PLAIN_VOWELS: dict[str, str] = {
    "a": "a", "ɑ": "a", "ɒ": "ɒ", "i": "i", "ɪ": "ɪ", "u": "u", "ʊ": "ʊ", "ɔ": "ɒ",
    "ɛ": "ɛ", "ə": "ə", "ʌ": "ʌ", "œ": "ø", "ʏ": "ʊ", "ɨ": "ɨ", "ɘ": "ə", "ɵ": "oʊ",
    "ɤ": "ʊ", "ʉ": "u", "ɞ": "ʌ", "e": "e", "o": "o",
}  # fmt: skip
# ... and what differs by language.
_LANGUAGE_VOWELS: dict[str, dict[str, str]] = {
    "de": {"y": "y", "ø": "ø", "ɐ": "ə˞", "ɜ": "ə˞", "æ": "ɛ"},
    "nl": {"y": "y", "ø": "ø", "ɐ": "ə", "ɜ": "ə˞", "æ": "ɛ"},
    "fr": {"y": "y", "ø": "ø", "ɐ": "ə", "ɜ": "ʌ", "æ": "ɛ"},
    "pt": {"y": "i", "ø": "ø", "ɐ": "ə", "ɜ": "ʌ", "æ": "ə"},
    "ru": {"y": "ɨ", "ø": "ø", "ɐ": "ə", "ɜ": "ʌ", "æ": "ɛ"},
}
_DEFAULT_VOWELS = {"y": "y", "ø": "ø", "ɐ": "ə", "ɜ": "ʌ", "æ": "æ"}

# Consonants with one English hearing in every language (the rest are in ``_consonant``).
_PLAIN_CONSONANTS: dict[str, tuple[str, ...]] = {
    **{c: (c,) for c in "bdfhjklmnpstvwzŋθðʃʒ"},
    "g": ("ɡ",), "ɡ": ("ɡ",), "r": ("ɹ",), "ʁ": ("ɹ",), "ʀ": ("ɹ",), "ɹ": ("ɹ",),
    "ɣ": ("ɡ",), "β": ("b",), "ɲ": ("n", "j"), "ɭ": ("l",), "ɫ": ("l",), "ʋ": ("v",),
    "ɥ": ("w",), "ɕ": ("ʃ",), "ʑ": ("ʒ",), "ʂ": ("ʃ",), "ʐ": ("ʒ",), "ʝ": ("j",),
    "c": ("k",), "ɟ": ("ɡ",), "q": ("k",), "χ": ("x",), "ħ": ("h",), "ɦ": ("h",),
    "ɱ": ("m",), "ɰ": ("w",), "ç": ("ʃ",), "ʎ": ("l", "j"), "x": ("x",), "ʔ": (),
}  # fmt: skip
_LANGUAGE_CONSONANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {"x": ("h",), "ʎ": ("j",), "ð": ("d",)},
    "pt": {"x": ("h",)},
}
_AFFRICATES = {("t", "ʃ"): "t͡ʃ", ("d", "ʒ"): "d͡ʒ", ("t", "ɕ"): "t͡ʃ", ("d", "ʑ"): "d͡ʒ"}


@dataclass(frozen=True, slots=True)
class _Choices:
    """How one reading hears the sounds that have two English hearings."""

    seseo: bool = False  # Spanish θ as s


def _vowel(sounds: Sequence[_Sound], at: int, language: str) -> str:
    sound = sounds[at]
    symbol = sound.symbol
    if symbol == "ɛ" and sound.long:
        return "eɪ"  # German "Käse", "Mädchen"
    table = _LANGUAGE_VOWELS.get(language, _DEFAULT_VOWELS)
    return table.get(symbol) or _PLAIN_VOWELS.get(symbol, "ə")


def _consonant(
    sounds: Sequence[_Sound], at: int, language: str, choices: _Choices, last: bool
) -> tuple[str, ...]:
    sound = sounds[at]
    symbol = sound.symbol
    before = sounds[at - 1] if at else None
    after = sounds[at + 1] if at + 1 < len(sounds) else None
    if symbol == "θ" and choices.seseo:
        return ("s",)
    if symbol == "ʁ" and language == "fr" and last and before is not None and not before.vowel:
        return ("ə˞",)  # "livre", "arbre": a weak final syllable
    if symbol in _R and (after is None or not after.vowel):
        return ("ʁ",)  # "sœur", "Tür", "comer": an r many English speakers do not sound
    if symbol == "ɾ":
        return ("ɹ",)
    own = _LANGUAGE_CONSONANTS.get(language, {})
    mapped = own.get(symbol) or _PLAIN_CONSONANTS.get(symbol, ())
    palatal = sound.palatal and mapped and mapped[-1] != "j"
    if palatal and after is not None and after.vowel and after.symbol in _BACK:
        mapped = (*mapped, "j")  # "люди": a "y" glide before a back vowel
    return mapped


def _english(sounds: Sequence[_Sound], language: str, choices: _Choices) -> tuple[Phone, ...]:
    """One word's sounds as English phones."""
    phones: list[Phone] = []
    i = 0
    while i < len(sounds):
        sound = sounds[i]
        after = sounds[i + 1] if i + 1 < len(sounds) else None
        if sound.vowel:
            pair = (sound.symbol, after.symbol) if after is not None and after.vowel else None
            glide = _DIPHTHONGS.get(pair) if pair and not after.stress else None  # type: ignore[union-attr]
            if glide is not None and after is not None:
                symbols: tuple[str, ...] = (glide,)
                nasal, i = sound.nasal or after.nasal, i + 2
            else:
                symbols = (_vowel(sounds, i, language),)
                nasal, i = sound.nasal, i + 1
            if sound.symbol == "ɛ" and sound.nasal and glide is None:
                symbols = ("æ",)  # French "vin", "pain": "van", "pan"
            following = sounds[i] if i < len(sounds) else None
            # An unstressed vowel is unstressed even when full (the "o" of "pato"): the
            # listeners of the foreign panels heard "manor" in "mano" and "folder" in "falda".
            phones.extend(_phone(s, sound.stress) for s in symbols)
            if nasal and not (
                following is not None and (following.nasal or following.symbol in _NASAL_CONSONANTS)
            ):
                phones.append(Phone("n"))
            continue
        if after is not None and (sound.symbol, after.symbol) in _AFFRICATES:
            phones.append(Phone(_AFFRICATES[(sound.symbol, after.symbol)]))
            i += 2
            continue
        for symbol in _consonant(sounds, i, language, choices, last=i == len(sounds) - 1):
            if symbol in VOWELS:
                phones.append(_phone(symbol, 0))
            elif not (phones and phones[-1].symbol == symbol):  # "ll", "tt": one sound
                phones.append(Phone(symbol))
        i += 1
    return tuple(phones)


def _readings_for(language: str) -> tuple[_Choices, ...]:
    """The readings of a language, as eSpeak says it first."""
    if language == "es":
        return (_Choices(seseo=True), _Choices())
    return (_Choices(),)


@functools.lru_cache(maxsize=4096)
def _ipa(text: str, language: str) -> str:
    return speech.ipa(text, language)


_SPACES = re.compile(r"[\s\-‐–—/]+")
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _spoken(text: str, language: str, choices: _Choices) -> list[SpokenWord]:
    said = _ipa(text, language).split()
    written = [w for w in _SPACES.split(text) if any(c.isalpha() for c in w)]
    heard = [_english(_sounds(word), language, choices) for word in said]
    if len(written) == len(heard):
        return [SpokenWord(w, p) for w, p in zip(written, heard, strict=True) if p]
    joined = tuple(p for phones in heard for p in phones)
    return [SpokenWord(" ".join(written) or text, joined)] if joined else []


def pronounce(term: str, language: str, aliases: Sequence[str] = ()) -> list[list[SpokenWord]]:
    """Readings of a term of ``language`` as English phones, best first, none repeated.

    The term as eSpeak NG says it (parenthesised parts left out), in each of the
    language's readings (Spanish: with seseo, then with Spain's θ), then each alias the
    same way.

    Raises:
        MimageryError: for an unsupported language, or when eSpeak NG cannot be loaded.
    """
    code = languages.get(language).code
    texts = [" ".join(_PARENTHESES.sub(" ", term).split()), *(" ".join(a.split()) for a in aliases)]
    found: list[list[SpokenWord]] = []
    seen: set[tuple[Phone, ...]] = set()
    for text in texts:
        if not any(c.isalpha() for c in text):
            continue
        for choices in _readings_for(code):
            words = _spoken(text, code, choices)
            sound = tuple(p for word in words for p in word.phones)
            if sound and sound not in seen:
                seen.add(sound)
                found.append(words)
    return found
