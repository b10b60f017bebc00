"""What a keyword word may be: the rules the search applies to words and phrases.

A keyword is not the term again (its words, their forms, words starting with the same
five letters, what follows a combining form), holds no abstract noun, keeps a term word
only when it is concrete and common and never most of the term, and reads as one
picture by its shape (adjective + noun, noun + noun, noun + verb-ing).

For a word of another language the keyword is not its meaning either (``meaning_words``),
and a word spelled like the term (``cognate``) is kept only in a true sound-alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from mimagery.keywords import lexicon


def pos_classes(word: lexicon.Word | None, last: bool) -> set[str]:
    if word is None:
        return {"N"}  # a kept term word reads as part of a name
    classes = set()
    if word.pos & lexicon.NOUN or (word.pos & lexicon.PLURAL and last):
        classes.add("N")  # a plural reads as a noun only at the end: "Ant Eggs", not "Eggs Eyes"
    if word.pos & lexicon.ADJ:
        classes.add("A")
    if word.pos & lexicon.ING:
        classes.add("G")
    if word.pos & lexicon.VERB and not word.pos & lexicon.ING:
        classes.add("V")
    return classes or {"X"}


_GOOD_SHAPES = {"N", "AN", "NN", "ANG", "NG", "ANN", "AAN", "GN", "NNG"}


_FAIR_SHAPES = {"NNN", "AG", "G", "A", "NGN", "ANNN", "AANN", "NNNN", "ANNG", "GNN"}


def shape(classes: list[set[str]]) -> str:
    shapes = {""}
    for options in classes:
        shapes = {shape + option for shape in shapes for option in options}
    if shapes & _GOOD_SHAPES:
        return "good"
    if shapes & _FAIR_SHAPES:
        return "fair"
    return "poor"


# Endings of abstract nouns: a keyword word ending so, and not concrete, gives the
# learner nothing to see ("Initiative Ocean", "Provocation").
_ABSTRACT_ENDINGS = (
    "tion", "sion", "ity", "ness", "ment", "ism", "ance", "ence", "ship", "hood", "ology",
    "ative", "itive",
)  # fmt: skip


COMBINING_FORMS = tuple(
    """photo thermo bio geo micro macro hydro electro tele auto anti poly mono neuro psycho
    astro hyper hypo inter trans super multi semi proto pseudo chromo cyto endo exo""".split()
)


ABSTRACT_BELOW = 3.5  # ... below this concreteness


KEEP_CONCRETE = 3.2  # a term word stays in a keyword only if this concrete


KEEP_ZIPF = 3.5  # ... and this common (Network, Notebook, Layer; not Gradient, Periodic)


PART_LETTERS = 5  # a word of this many letters that the term's spelling starts with


def abstract(entry: lexicon.Word) -> bool:
    """An abstract noun that no picture shows ("Initiative", "Alert" is not: it is short)."""
    return entry.concreteness < ABSTRACT_BELOW and entry.text.endswith(_ABSTRACT_ENDINGS)


def part_of_term(text: str, term_spelling: str) -> bool:
    """A word that is the start of the term's spelling, or the term the start of it
    ("Thermodynamic" for "Thermodynamics"): the term again, not a keyword."""
    letters = lexicon.letters(text)
    if len(letters) < PART_LETTERS or len(term_spelling) < PART_LETTERS:
        return False
    return term_spelling.startswith(letters) or letters.startswith(term_spelling)


def keeps_well(entries: list[lexicon.Word | None], kept: list[bool], term_words: int) -> bool:
    """Term words kept as they are must be concrete, everyday words, and never most of
    the term ("Network" may stay in "Neural Network"; "Periodic" may not)."""
    count = sum(kept)
    if count == 0:
        return True
    if count > max(1, term_words // 2):
        return False
    return all(keepable(e) for e, k in zip(entries, kept, strict=True) if k)


def keepable(entry: lexicon.Word | None) -> bool:
    """A term word concrete and common enough to stay in a keyword as it is."""
    return entry is not None and entry.concreteness >= KEEP_CONCRETE and entry.zipf >= KEEP_ZIPF


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance between two spellings (or any two sequences of symbols:
    phones)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row = row, [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
    return row[-1]


def spelling_similarity(term: str, keyword: str) -> float:
    """1 - the edit distance of the two spellings' letters (accents and case dropped,
    spaces ignored) / the longer; 0 when either has none."""
    a, b = _letters(term), _letters(keyword)
    if not a or not b:
        return 0.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))


def _letters(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in folded if c.isalpha() and not unicodedata.combining(c))


def splits_a_term_word(texts: list[str], term_words: list[str]) -> bool:
    """Whether two or more consecutive keyword words only spell one of the term's words
    again ("Feed Forward" for "Feedforward")."""
    spelled = [lexicon.letters(text) for text in texts]
    whole = {word for word in term_words if len(word) >= PART_LETTERS}
    for start in range(len(spelled)):
        for end in range(start + 2, len(spelled) + 1):
            if "".join(spelled[start:end]) in whole:
                return True
    return False


def fold(text: str) -> str:
    """``text`` without accents ("teléfono" → "telefono"), to compare spellings."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


MEANING_PART_LETTERS = 4  # a meaning word's part, or a word ending with a meaning word, this
# long gives the meaning away ("phone" in "telephone", "telephone" for "phone")


def meaning_words(definition: str) -> list[str]:
    """The content words of a definition ("a duck (bird)" → duck, bird): what a keyword
    for a word of another language must not say, in any form."""
    found: list[str] = []
    for word in re.findall(r"[a-z]+", fold(definition).casefold()):
        if len(word) >= 2 and word not in lexicon._CLOSED and word not in found:
            found.append(word)
    return found


COGNATE_PREFIX = 4  # letters two cognates start with alike (after ``_spelling``)
COGNATE_DISTANCE = 0.3  # ... and at most this share of letters differing


_SPELLING = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("ph", "f"), ("th", "t"), ("ck|qu|c", "k"), ("y", "i"), ("z", "s"), (r"(.)\1", r"\1"),
    )
)  # fmt: skip


def _spelling(word: str) -> str:
    """A word's letters with the spellings English and its neighbours differ by made
    alike ("telephone" → "telefone", "cazzo" → "kaso")."""
    text = lexicon.letters(fold(word))
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    return text


def cognate(word: str, term: str) -> bool:
    """Whether an English ``word`` is spelled like a foreign ``term``: the same first four
    letters (or the whole of the shorter one) and at most 30 % of letters differing
    ("Telephone" for "teléfono", "Cart" for "carta"; not "Potter" for "pato"). Each word
    of a two-word expression counts ("Telephone Pole")."""
    if " " in word.strip():
        return any(cognate(part, term) for part in word.split())
    a, b = _spelling(word), _spelling(term)
    if min(len(a), len(b)) < 3:
        return False
    prefix = min(COGNATE_PREFIX, len(a), len(b))
    if a[:prefix] != b[:prefix]:
        return False
    return edit_distance(a, b) <= COGNATE_DISTANCE * max(len(a), len(b))
