"""The search index: the lexicon as NumPy arrays, with each word's cost that does not
depend on the term (its prior), the sound measure's phone costs, and which words are the
term again."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from mimagery.keywords import lexicon, phonetics, rules, sound
from mimagery.keywords.phonetics import INVENTORY, Phone

MAX_PHONES = 14  # a longer lexicon entry (word or two-word expression) is left out
# Costs are in "phoneme units": one fully wrong phoneme costs about 1.
WORD_PENALTY = 0.55  # per keyword word: fewer, longer words read as one picture
RARE_ZIPF = 3.6  # below this frequency a word starts to cost
RARE_COST = 0.45  # per Zipf unit below RARE_ZIPF
ABSTRACT_COST = 0.25  # per concreteness unit below 5, for every new word
MODIFIER_COST = 0.3  # the most an adjective or -ing form pays for being abstract
FIRST_PHONES = 5  # a word may start with one of the 5 phonemes nearest the span's first
FIRST_PHONE_SLACK = 0.42  # ... and only if that near (a voicing pair, p/b, is 0.41)
VOWEL_SLACK = 0.45  # a vowel may start where any vowel this near stands

Array = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]


@dataclass
class Index:
    """The lexicon as arrays, grouped by first phoneme."""

    source: lexicon.Lexicon
    words: list[lexicon.Word]
    phones: npt.NDArray[np.int16]  # (W, L) padded with the pad index
    lengths: npt.NDArray[np.int16]
    prior: Array  # per-word cost that does not depend on the term
    by_first: list[npt.NDArray[np.int64]]  # word indices whose first phone is INVENTORY[k]
    substitution: Array  # (P+1, P+1): the pad row/column is prohibitive
    insertion: Array  # (W, L): a keyword phone the term lacks; prohibitive past the word
    weak: npt.NDArray[np.bool_]  # (W, L): an unstressed vowel
    compatible: list[list[int]]  # per phone, first phones close enough to start a word
    by_text: dict[str, list[int]]  # word indices by spelling and by lemma
    texts: list[str]  # the keys of ``by_text``, sorted
    # Each word's letters reversed, sorted, with its row: words by their ending, made on
    # first use (``rows_ending_with``).
    endings: tuple[list[str], list[int]] | None = field(default=None, repr=False)


def word_prior(word: lexicon.Word) -> float:
    if " " in word.text:
        # A concrete two-word expression ("Fire Truck") is one natural picture: it costs
        # one word, and its rarity is that of its rarer word, not of the expression.
        return WORD_PENALTY
    rare = max(0.0, RARE_ZIPF - word.zipf) * RARE_COST
    if word.pos & (lexicon.ADJ | lexicon.ING):
        # A modifier need not be drawable itself: "Epic" in "Epic Hawk".
        abstract = min(MODIFIER_COST, (5.0 - word.concreteness) * ABSTRACT_COST)
    else:
        abstract = (5.0 - word.concreteness) * ABSTRACT_COST
    return WORD_PENALTY + rare + abstract


@functools.lru_cache(maxsize=4)
def build(lex: lexicon.Lexicon) -> Index:
    # Abstract nouns ("Initiative", "Provocation") give a learner nothing to picture.
    words = [w for w in lex.words if 1 <= len(w.phones) <= MAX_PHONES and not rules.abstract(w)]
    pad = len(INVENTORY)
    longest = max(len(w.phones) for w in words)
    phones = np.full((len(words), longest), pad, dtype=np.int16)
    for row, word in enumerate(words):
        phones[row, : len(word.phones)] = word.phones
    lengths = np.array([len(w.phones) for w in words], dtype=np.int16)
    prior = np.array([word_prior(w) for w in words], dtype=np.float32)
    firsts = phones[:, 0]
    by_first = [np.flatnonzero(firsts == k) for k in range(pad)]
    substitution = np.full((pad + 1, pad + 1), 9.0, dtype=np.float32)
    substitution[:pad, :pad] = np.array(sound.substitution_matrix(), dtype=np.float32)
    # A keyword phone the term lacks, as ``sound.similarity`` charges it; and which
    # phones are unstressed vowels (two of those barely differ to the ear).
    insertion = np.full((len(words), longest), 9.0, dtype=np.float32)
    weak = np.zeros((len(words), longest), dtype=bool)
    for row, word in enumerate(words):
        for column, (code, stress) in enumerate(zip(word.phones, word.stresses, strict=True)):
            phone = Phone(INVENTORY[code], stress)
            insertion[row, column] = sound.gap_cost(phone) * sound.COSTS.insertion
            weak[row, column] = phone.symbol in phonetics.VOWELS and stress == 0
    vowels = [INVENTORY[k] in phonetics.VOWELS for k in range(pad)]
    compatible: list[list[int]] = []
    english = len(phonetics.ENGLISH)  # words are English: none starts with a foreign sound
    for t in range(pad):
        nearest = np.argsort(substitution[t, :english], kind="stable")
        if vowels[t]:
            # Vowels blur into each other in a keyword; any close vowel may start a word.
            chosen = [int(k) for k in nearest if vowels[k] and substitution[t, k] <= VOWEL_SLACK]
        else:
            chosen = [
                int(k) for k in nearest[:FIRST_PHONES] if substitution[t, k] <= FIRST_PHONE_SLACK
            ]
        compatible.append(chosen)
    by_text: dict[str, list[int]] = {}
    for row, word in enumerate(words):
        by_text.setdefault(word.text, []).append(row)
        if word.lemma != word.text:
            by_text.setdefault(word.lemma, []).append(row)
        if " " in word.text:  # a two-word expression is found by each of its words too
            for part in word.text.split():
                by_text.setdefault(part, []).append(row)
    return Index(
        lex, words, phones, lengths, prior, by_first, substitution, insertion, weak, compatible,
        by_text, sorted(by_text),
    )  # fmt: skip


def term_word_rows(index: Index, term_words: list[str], term_lemmas: set[str]) -> Rows:
    """The index rows that are the term again: its words, their lemmas and forms, words
    that start with the same five letters as one of them, words its spelling starts with
    ("Photo", "Period" in "Periodic"), and what follows a combining form ("Synthesis" in
    "Photosynthesis").
    Kept term words come in as term pieces instead (see ``_pieces``)."""
    rows: set[int] = set()
    for text in term_lemmas:
        rows.update(index.by_text.get(text, ()))
    for spelling in {"".join(term_words), *term_words}:
        if len(spelling) >= rules.PART_LETTERS:
            # Words that start as it does: "Periodical" for "Periodic", "Nuclear" for
            # "Nucleus", "Resisting" for "Resistor".
            start = spelling[: rules.PART_LETTERS]
            first = bisect.bisect_left(index.texts, start)
            last = bisect.bisect_left(index.texts, start + "\uffff")
            for text in index.texts[first:last]:
                rows.update(r for r in index.by_text[text] if index.words[r].text == text)
        parts = [spelling[:size] for size in range(rules.PART_LETTERS, len(spelling) + 1)]
        # After a combining form the rest is a word of the term ("Photo|synthesis"); after
        # an ordinary word it may be a fine keyword word ("Cater|pillar": "Kitty Pillar").
        parts += [spelling[len(f) :] for f in rules.COMBINING_FORMS if spelling.startswith(f)]
        for part in parts:
            rows.update(r for r in index.by_text.get(part, ()) if index.words[r].text == part)
    return np.array(sorted(rows), dtype=np.int64)


def rows_ending_with(index: Index, ending: str) -> list[int]:
    """The rows of the words whose letters end with ``ending`` ("telephone" for "phone"),
    or with a word of theirs that does ("telephone pole")."""
    if index.endings is None:
        pairs = sorted(
            (lexicon.letters(part)[::-1], row)
            for row, word in enumerate(index.words)
            for part in word.text.split()  # each word of a two-word expression
        )
        index.endings = ([text for text, _ in pairs], [row for _, row in pairs])
    texts, rows = index.endings
    key = ending[::-1]
    first = bisect.bisect_left(texts, key)
    last = bisect.bisect_left(texts, key + "\uffff")
    return rows[first:last]
