"""The sound-alike keyword search behind ``mimagery.keywords.suggest``.

The term is read as one stream of phonemes (``phonetics.pronounce``) and
covered, left to right, by one to four lexicon words whose pronunciations are
close to consecutive spans of it, in the manner of TransPhoner (Savva et al.,
CHI 2014). A keyword's word boundaries need not match the term's
("Backpropagation" → "Backpack Propagating"), and a term word may stay when
another is replaced ("Neural Network" → "New Royal Network").

1. *Spans.* For each start position, every candidate word is aligned against
   every span starting there with an edit distance whose costs are the sound
   measure's (``sound.substitution_matrix``, its gap costs), weighted up on the
   stressed syllable. The dynamic programme runs for all
   candidate words at once with NumPy: one column per term phoneme, the
   insertion chain along the word solved with a running minimum.
2. *Phrases.* A beam search joins spans into phrases. Each word adds its
   sound cost, a per-word penalty (so "Epic Hawk" beats four one-syllable
   words), a frequency cost (a learner must know the word) and a concreteness
   cost (a keyword must be drawable); a finished phrase adds the cost of its
   least picturable head and of its shape (adjective + noun, noun + verb-ing
   read as pictures; three bare nouns read as word salad). A keyword has about
   one word per two syllables of the term (two at least, one per term word).
3. *Ranking by ear.* The best phrases of the dynamic programme are measured
   with ``sound.similarity`` itself, the listener-calibrated measure, and ranked
   by it and by their other costs; the term's first reading (as people say it)
   comes first, an expansion or second reading costs more.
4. *Rules.* A keyword is made of real words and is not the term again: for a
   one-word term it does not contain the word; its letters joined do not spell
   the term; no word is the term's own (its words, their forms, words that start
   with the same five letters); no abstract noun; a term word kept only when
   concrete and common, and never most of the term; at least one word is new and
   picturable (concreteness ≥ 4.0).
5. *Choice.* The best phrases are returned, no two sharing a new word.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from mimagery import languages, scripts
from mimagery.keywords import foreign, icons, lexicon, naturalness, phonetics, rules, sound
from mimagery.keywords import index as index_
from mimagery.keywords.phonetics import INVENTORY, Phone, SpokenWord

#: A keyword needs one new word at least this concrete (Brysbaert scale, 1-5).
PICTURABLE = 4.0
#: ... or this concrete for a word of another language: its scene puts the keyword beside
#: the meaning's own thing, and the words people choose are often a little less concrete
#: ("mess" 3.9 for Dutch mes, "hunt" for Hund, "melt" for melk). On the 23 foreign tuning
#: words it changed, raters' sound 2.90 -> 3.96 and overall 2.77 -> 3.32, 15 of 23 won
#: (bench/panels/foreign-tuning-picturable).
FOREIGN_PICTURABLE = 3.5
MAX_WORDS = 4

KEEP_PENALTY = 0.35  # per term word kept as it is
KEEP_PER_PHONE = 0.25  # ... and per phone of it, unless it is picturable already
RESPLIT_DISTANCE = 2  # a multi-word keyword this close in letters to the term re-splits it
HEAD_COST = 0.9  # per concreteness unit below 5, for the phrase's most concrete new word
NO_ICON_COST = 0.5  # a phrase none of whose new words has an OpenMoji icon
# ... and per picturable new word without one (the card would draw it as a text badge)
LACKING_ICON_COST = 1.0
ICON_PICTURABLE = 3.5  # the concreteness from which a word is expected to have an icon
SOUND_WEIGHT = 3.0  # on 1 - sound.similarity, against the other costs per unit of term
NATURAL_WEIGHT = 0.2  # per point of estimated naturalness below 5 (naturalness.score_of)
FOREIGN_NATURAL_WEIGHT = 0.2  # the same for a word of another language (0.5 tried, no gain)
# For a one-word English term (not an acronym), every keyword costs this much more
# than one whole word that sounds at least ONE_WORD_MIN_SOUND alike: on the tuning
# panels one word was accepted (sound, picture and natural all >= 3) about three times
# as often as two words of the same sound, which raters mostly call word salad ("Diner
# Steel" for Dynasty; "Dinosaur" is one picture). Chosen on
# bench/panels/keywords-tuning3 (accepted 19% -> 48% of the keywords it changed, their
# sound 3.81 -> 2.54); held-out: bench/panels/keywords-heldout3.
ONE_WORD_CREDIT = 1.0
ONE_WORD_MIN_SOUND = 0.72
# Listeners hear a keyword below this sound measure as unlike the term (panel sound
# under 3 for most): each unit below it costs this much more.
SOUND_FLOOR = 0.8
SOUND_FLOOR_COST = 6.0
RERANKED = 32  # candidates per reading measured with sound.similarity
KEPT_SHARE_COST = 0.1  # per kept term word beyond the first, as a share of the term's words
OTHER_READING_COST = 0.15  # per unit of term, for a reading after the first
SHAPE_COST = {"good": 0.0, "fair": 0.5, "poor": 1.2}
#: Small words that join two keyword things into one scene a person would say ("Bird on a
#: Roof" for Burden of Proof, "Bay's Tea Room" for Bayes' Theorem): each stands for a weak
#: stretch of the term between the two things' spans, as the term's own "of" or an
#: unstressed syllable does. Only between two new, drawable nouns (a possessive after a
#: person: ``_joins``), one a keyword, never first or last. ``GLUE_COST`` is what a
#: joining word costs before its sound (a thing's word costs ``index.WORD_PENALTY`` and
#: more).
GLUE: tuple[tuple[str, tuple[Phone, ...]], ...] = tuple(
    (text, tuple(Phone(symbol.strip("ˌ"), 2 if "ˌ" in symbol else 0) for symbol in symbols.split()))
    for text, symbols in (
        ("of", "ə v"),
        ("of a", "ə v ə"),
        ("on a", "ˌɑ n ə"),
        ("on an", "ˌɑ n ə n"),
        ("in a", "ˌɪ n ə"),
        ("in an", "ˌɪ n ə n"),
        ("'s", "z"),
        ("'s", "s"),
    )
)
_GLUE_PHONES = dict(GLUE)  # ("'s" is said by the word before it: ``_possessive``)
GLUE_COST = 0.3
GLUE_PER_START = 6  # joining-word spans kept per start of the term
#: "X of Y" reads as one thing only when X holds, gathers or is a piece of Y ("a Herd of
#: Canes", "a Slice of Cake"), not for any two nouns ("an Ant of Bottle").
OF_HEADS = frozenset(
    """bag ball bar barrel basket bed bottle bowl box bucket bunch can carton cloud crate
    cup field flock forest glass handful heap herd jar jug loaf mountain mug nest pack
    packet pail pile plate pod pot pouch pride roll sack school sea sheet slice stack
    string swarm tin tower tray tub tube wall""".split()
)
#: "in a" and "on a" read as one scene only before a thing one can be in or on ("a Boy in
#: a Sea", "an Ant in a Bottle"; raters called "a Carp in a Dachshund" word salad).
IN_NOUNS = frozenset(
    """bag barn barrel basket bath bathtub boat boot bottle bowl box bucket bus cage can
    canoe car cart castle cave closet cup drawer field forest garden glass hat hive house
    hut igloo jar jug kettle lake nest oven pan pipe pit pocket pond pool pot pouch river
    sack sea shell shoe sink sock stable tank teapot tent tower train tree truck tub tube
    tunnel van vase wagon well""".split()
)
ON_NOUNS = frozenset(
    """bed bench bicycle bike boat branch bridge bus camel car chair cliff cloud couch
    desk donkey elephant fence hill horse island ladder lawn leaf log moon mountain pillow
    plate raft rock roof saddle shelf ship sled sofa stage step stool swing table tower
    tractor train tray tree truck wall wave""".split()
)
#: A possessive is someone's thing ("a Nanny's Deck"), not a body part or another being.
_NOT_OWNED = frozenset({"body", "person", "face", ""})
GLUE_PICTURABLE = 3.5  # both things a joining word joins are at least this concrete
_GLUE_WORD = -(10**6)  # a piece's ``word`` when it is a joining word
#: A keyword word spelled like a foreign term (a cognate) stays only when the keyword
#: sounds this much like the term: a true sound-alike, not a give-away by spelling.
COGNATE_SOUND = 0.85

BEAM = 24  # partial phrases kept per term position
PER_SPAN = 8  # candidate words kept per (start, end) span
PER_START = 32  # ... and per start, the best by cost per unit of term covered

_Array = index_.Array
_Rows = index_.Rows


@dataclass(frozen=True)
class Keyword:
    """One suggested keyword with its scores and alignment.

    ``sound`` is ``sound.similarity`` of the term's and the keyword's phones (1: the
    same sound; it agrees with listening panels); ``picture`` is the highest
    concreteness (1-5) among the keyword's new words; ``score`` (0-1) ranks
    suggestions. ``alignment`` pairs each keyword word with the part of the
    term it covers.
    """

    keyword: str
    score: float
    sound: float
    picture: float
    alignment: list[tuple[str, str]]
    words: list[str] = field(default_factory=list)
    concreteness: list[float] = field(default_factory=list)
    kept: list[bool] = field(default_factory=list)
    term_ipa: str = ""
    keyword_ipa: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSON form used by ``mimagery keywords --json``."""
        return {
            "keyword": self.keyword,
            "score": round(self.score, 4),
            "sound": round(self.sound, 4),
            "picture": round(self.picture, 2),
            "alignment": [[part, word] for part, word in self.alignment],
        }


# The search index ---------------------------------------------------------------


# Term readings ------------------------------------------------------------------


@dataclass
class _Reading:
    """One pronunciation of the term, flattened, with what each phone belongs to."""

    words: list[SpokenWord]
    phones: list[Phone]
    codes: list[int]
    weights: list[float]
    deletion: list[float]  # a term phone the keyword lacks, weighted
    weak: list[bool]  # an unstressed vowel
    word_of: list[int]  # term word index of each phone
    spelling: list[tuple[int, int]]  # per phone boundary: (term word, letter offset)
    foreign: bool = False  # a word of another language: its words are never kept
    costs: sound.Costs = sound.COSTS  # the sound measure's weights for this term


def _reading(words: list[SpokenWord], foreign: bool = False) -> _Reading | None:
    phones = [p for w in words for p in w.phones]
    if not phones or any(p.symbol not in _CODE for p in phones):
        return None
    word_of = [index for index, w in enumerate(words) for _ in w.phones]
    boundaries: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        for offset in _letter_boundaries(word.text, len(word.phones))[:-1]:
            boundaries.append((index, offset))
    boundaries.append((len(words) - 1, len(words[-1].text)))
    costs = _costs(foreign)
    weights = sound.phone_weights(phones, costs)
    return _Reading(
        words,
        phones,
        [_CODE[p.symbol] for p in phones],
        weights,
        [sound.gap_cost(p, costs) * w for p, w in zip(phones, weights, strict=True)],
        [p.symbol in phonetics.VOWELS and p.stress == 0 for p in phones],
        word_of,
        boundaries,
        foreign,
        costs,
    )


_CODE = {symbol: index for index, symbol in enumerate(INVENTORY)}


def _letter_boundaries(text: str, count: int) -> list[int]:
    """Where each phone's letters start in ``text`` (plus the end), spread evenly.

    A rough grapheme alignment: good enough to show which part of the term a
    keyword word covers.
    """
    if count <= 0:
        return [len(text)]
    return [round(i * len(text) / count) for i in range(count)] + [len(text)]


# Span costs ---------------------------------------------------------------------


def _span_costs(
    index: index_.Index, reading: _Reading, start: int
) -> tuple[npt.NDArray[np.int64], list[_Array]]:
    """Alignment costs of candidate words against spans ``reading[start:end]``.

    Returns the candidate word indices and, for each span length 1..S, their
    costs. Arrays are laid out word-position-major, (L, C), so that every
    NumPy step runs over all candidates contiguously.
    """
    codes = reading.codes
    candidates = np.concatenate([index.by_first[k] for k in index.compatible[codes[start]]])
    remaining = len(codes) - start
    candidates = candidates[index.lengths[candidates] <= remaining + 2]
    if candidates.size == 0:
        return candidates, []
    lengths = index.lengths[candidates].astype(np.int64)
    longest = int(lengths.max())
    words = np.ascontiguousarray(index.phones[candidates, :longest].T).astype(np.int64)
    insert = np.ascontiguousarray(index.insertion[candidates, :longest].T)  # (L, C)
    if reading.costs.insertion != sound.COSTS.insertion:
        insert *= np.float32(reading.costs.insertion / sound.COSTS.insertion)
    weak = np.ascontiguousarray(index.weak[candidates, :longest].T)
    cumulative = np.zeros((longest + 1, candidates.size), dtype=np.float32)
    np.cumsum(insert, axis=0, out=cumulative[1:])
    # Before the first term phone the word's phones can only be inserted; the
    # term's first phone may not be skipped (a keyword starts where its span does).
    column = cumulative.copy()
    columns = np.arange(candidates.size)
    costs: list[_Array] = []
    blocked = np.float32(1e4)
    for step in range(min(remaining, longest + 2)):
        phone = codes[start + step]
        weight = np.float32(reading.weights[start + step])
        best = column + np.float32(reading.deletion[start + step])
        if step == 0:
            best[0] = blocked
        change = index.substitution[words, phone]
        if reading.weak[start + step]:
            change = np.where(weak, change * np.float32(sound.COSTS.unstressed_pair), change)
        np.minimum(best[1:], column[:-1] + change * weight, out=best[1:])
        # Insertion chain along the word: D[r] = min over k <= r of best[k] + ins(k+1..r).
        best -= cumulative
        for row in range(1, longest + 1):
            np.minimum(best[row], best[row - 1], out=best[row])
        best += cumulative
        column = best
        costs.append(column[lengths, columns])
    return candidates, costs


@dataclass(frozen=True, order=True)
class _Piece:
    cost: float  # sound cost of the span plus prior
    word: int  # index into the search index, or -1 - term word index for a kept term word
    end: int
    prior: float = 0.0  # the part of ``cost`` that is not sound (word penalty, rarity…)
    size: int = 1  # words it shows: 2 for a two-word expression
    glue: str = ""  # a joining word ("of", "on a", "'s"): ``word`` is then _GLUE_WORD


def _pieces(index: index_.Index, reading: _Reading, banned: _Rows) -> list[list[_Piece]]:
    """For each start, the best words for each span starting there (never the ``banned``
    rows, which are the term itself)."""
    starts: list[list[_Piece]] = []
    for start in range(len(reading.codes)):
        candidates, costs = _span_costs(index, reading, start)
        found: list[_Piece] = []
        is_term = np.isin(candidates, banned) if banned.size else None
        for step, span_cost in enumerate(costs):
            total = span_cost + index.prior[candidates]
            if is_term is not None:
                total[is_term] = np.inf
            keep = min(PER_SPAN, total.size)
            if keep == 0:
                continue
            best = np.argpartition(total, keep - 1)[:keep]
            for position in best:
                if not np.isfinite(total[position]):
                    continue
                word = int(candidates[position])
                size = index.words[word].text.count(" ") + 1
                found.append(
                    _Piece(
                        float(total[position]),
                        word,
                        start + step + 1,
                        float(index.prior[word]),
                        size,
                    )
                )
        if len(found) > PER_START:
            covered = np.cumsum([0.0, *reading.weights])
            found = heapq.nsmallest(
                PER_START,
                found,
                key=lambda piece: piece.cost / (covered[piece.end] - covered[start]),
            )
        starts.append(found)
    # A term word may stay as it is, covering exactly its own phones (not a foreign one:
    # the keyword is English).
    begin = 0
    for number, spoken in enumerate([] if reading.foreign else reading.words):
        end = begin + len(spoken.phones)
        entry = index.source.get(lexicon.letters(spoken.text))
        if len(reading.words) > 1 and rules.keepable(entry):
            cost = index_.WORD_PENALTY + KEEP_PENALTY
            if entry is None or entry.concreteness < PICTURABLE:
                cost += KEEP_PER_PHONE * len(spoken.phones)
            starts[begin].append(_Piece(cost, -1 - number, end, cost))
        begin = end
    if not reading.foreign:
        _add_glue(reading, starts)
    return starts


def _add_glue(reading: _Reading, starts: list[list[_Piece]]) -> None:
    """Joining words (``GLUE``) for the inner spans of the term they sound like, the
    ``GLUE_PER_START`` best at each start: never at its first phone nor reaching its
    last, and never on its stressed syllable (that is for a thing, not for "of")."""
    size = len(reading.codes)
    for start in range(1, size - 1):
        found: list[_Piece] = []
        for text, phones in GLUE:
            last = start
            while last < min(size - 1, start + len(phones) + 1) and reading.weights[last] <= 1.0:
                last += 1
            for end, cost in enumerate(_glue_costs(reading, start, last, phones), start + 1):
                if cost < len(phones):
                    found.append(_Piece(cost + GLUE_COST, _GLUE_WORD, end, GLUE_COST, 0, text))
        starts[start].extend(heapq.nsmallest(GLUE_PER_START, found))


def _glue_costs(reading: _Reading, start: int, last: int, phones: tuple[Phone, ...]) -> list[float]:
    """The sound cost of ``phones`` said for the term's phones ``start:end``, for each
    ``end`` up to ``last`` (the same alignment as a word's)."""
    costs = reading.costs
    matrix = sound.substitution_matrix(costs)
    insertion = [sound.gap_cost(p, costs) * costs.insertion for p in phones]
    codes = [_CODE[p.symbol] for p in phones]
    weak = [p.stress == 0 and p.symbol in phonetics.VOWELS for p in phones]
    previous = [0.0]
    for gap in insertion:
        previous.append(previous[-1] + gap)
    found: list[float] = []
    for i in range(start, last):
        row, weight, deletion = matrix[reading.codes[i]], reading.weights[i], reading.deletion[i]
        current = [previous[0] + deletion]
        for j, code in enumerate(codes):
            change = row[code] * (costs.unstressed_pair if reading.weak[i] and weak[j] else 1.0)
            kept = previous[j] + change * weight
            current.append(min(kept, previous[j + 1] + deletion, current[j] + insertion[j]))
        previous = current
        found.append(previous[-1])
    return found


# Phrases ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    cost: float
    pieces: tuple[_Piece, ...]
    starts: tuple[int, ...]
    size: int = 0  # words shown

    @property
    def joined(self) -> bool:
        """Two things joined by a joining word (``GLUE``)."""
        return any(piece.glue for piece in self.pieces)


def suggest(
    term: str,
    limit: int = 5,
    aliases: Sequence[str] = (),
    words: lexicon.Lexicon | None = None,
    *,
    language: str = languages.DEFAULT,
    meaning: str = "",
) -> list[Keyword]:
    """Keyword phrases that sound like ``term`` and are easy to picture, best first.

    Args:
        term: the term as written ("Stochastic Gradient Descent (SGD)", "pato").
        limit: how many keywords at most.
        aliases: other names of the term (an expansion of an acronym).
        words: the candidate words; the built lexicon by default.
        language: the term's language (``mimagery.languages``); a term of another
            language than English is read by eSpeak NG in it (``foreign.pronounce``)
            and matched against English words all the same.
        meaning: the term's definition; for a term of another language no keyword word
            is one of its words (or a form of one), and a word spelled like the term (a
            cognate) stays only in a true sound-alike (``COGNATE_SOUND``).

    Returns:
        Up to ``limit`` keywords, no two sharing a new word; an
        empty list when the term has nothing to pronounce or no valid keyword.

    Raises:
        MimageryError: for an unsupported language, or one without eSpeak NG.
    """
    found: list[_Candidate] = []
    index = index_.build(words if words is not None else lexicon.load())
    other = _foreign(language)
    meaning_rows = _meaning_rows(index, meaning) if other else _NO_ROWS
    for number, spoken in enumerate(_readings(term, aliases, language)):
        reading = _reading(spoken, foreign=other)
        if reading is not None:
            # The term as people say it first; its other readings (an expansion, the
            # letters of an acronym said as a word) are more choices, not the default.
            extra = OTHER_READING_COST if number else 0.0
            found.extend(
                replace(c, cost=c.cost + extra) for c in _search(index, reading, meaning_rows)
            )
    found.sort(key=lambda candidate: candidate.cost)
    chosen: list[Keyword] = []
    used: set[str] = set()
    for candidate in found:
        if candidate.cognate and candidate.sound < COGNATE_SOUND:
            continue  # "Telephone" for "teléfono" only gives the meaning away by its look
        # The choice is between pictures: no two keywords share a new word ("Prone Ear",
        # "Prone Egg", "Prone Owl" are one choice, not three).
        new = {t.lower() for t, k in zip(candidate.texts, candidate.kept, strict=True) if not k}
        if new & used:
            continue
        used |= new
        chosen.append(_keyword(candidate, index))
        if len(chosen) >= limit:
            break
    return chosen


def _readings(term: str, aliases: Sequence[str], language: str) -> list[list[SpokenWord]]:
    """The term's readings: as an English term, or as eSpeak NG says it in its language."""
    if not _foreign(language):
        return phonetics.pronounce(term, aliases)
    return foreign.pronounce(term, language, aliases)


def _foreign(language: str) -> bool:
    """Whether terms of ``language`` are of another language than English.

    Raises:
        MimageryError: for an unsupported language.
    """
    return languages.get(language).code != languages.DEFAULT


def _costs(foreign: bool) -> sound.Costs:
    """The sound measure's weights for an English term or a foreign word."""
    return sound.FOREIGN_COSTS if foreign else sound.COSTS


_NO_ROWS: _Rows = np.zeros(0, dtype=np.int64)


def _meaning_rows(index: index_.Index, meaning: str) -> _Rows:
    """The index rows that are the meaning again: its words, their forms, words starting
    with the same five letters, the words a meaning word starts or ends with ("phone"
    and "phoning" for "telephone"), and words that end with any of these ("Telephone"
    for "phone", "Earphones" for "telephone")."""
    words = rules.meaning_words(meaning)
    if not words:
        return _NO_ROWS
    shortest = rules.MEANING_PART_LETTERS
    parts = {
        word[start:end]
        for word in words
        for start in range(len(word))
        for end in range(start + shortest, len(word) + 1)
        if (start == 0 or end == len(word)) and index.source.get(word[start:end]) is not None
    }
    lemmas = {*words, *parts}
    for word in list(lemmas):
        entry = index.source.get(word)
        if entry is not None:
            lemmas.add(entry.lemma)
    rows = set(index_.term_word_rows(index, words, lemmas).tolist())
    for word in {*words, *parts}:
        if len(word) >= shortest:
            for ending in (word, word + "s", word + "es"):
                rows.update(index_.rows_ending_with(index, ending))
    return np.array(sorted(rows), dtype=np.int64)


def measure(
    term: str,
    keyword: str,
    aliases: Sequence[str] = (),
    *,
    language: str = languages.DEFAULT,
) -> tuple[float, float]:
    """The (sound, picture) measures of any keyword for a term, as for suggestions.

    ``sound`` is the best over the term's readings (in its ``language``, as for
    ``suggest``); ``picture`` the highest concreteness among the keyword's words that
    are not words of the term (0 when none is rated). Used to judge keywords written by
    hand.
    """
    spoken = phonetics.pronounce(keyword)
    readings = _readings(term, aliases, language)
    if not spoken or not readings:
        return 0.0, 0.0
    keyword_phones = [p for word in spoken[0] for p in word.phones]
    other = _foreign(language)
    costs = _costs(other)
    heard = max(
        sound.similarity([p for w in r for p in w.phones], keyword_phones, costs) for r in readings
    )
    if other:
        heard = _with_spelling(heard, term, [keyword])
    term_words = {lexicon.letters(w) for w in re.split(r"[\s/()-]+", term.casefold())}
    ratings = [
        lexicon.concreteness(word) or 0.0
        for word in re.findall(r"[A-Za-z']+", keyword)
        if lexicon.letters(word) not in term_words
    ]
    return heard, max(ratings, default=0.0)


def _with_spelling(heard: float, term: str, keyword: Sequence[str]) -> float:
    """A foreign word's sound measure: mostly heard, partly read (``sound.SPELLING_SHARE``
    of it is how alike the spellings are, the term's in Latin letters)."""
    written = scripts.romanise(term) or term
    share = sound.SPELLING_SHARE
    return (1.0 - share) * heard + share * rules.spelling_similarity(written, " ".join(keyword))


@dataclass(frozen=True)
class _Candidate:
    """A finished phrase that passed the rules, before its measures are taken."""

    cost: float
    reading: _Reading
    phrase: _Phrase
    texts: list[str]
    entries: list[lexicon.Word | None]
    kept: list[bool]
    other: float = 0.0  # the costs that are not sound, per unit of term
    sound: float = 0.0  # ``sound.similarity``, once measured
    cognate: bool = False  # a new word spelled like a foreign term
    glue: str = ""  # the joining word between its two things ("on a"), if any


def _term_sets(reading: _Reading, lex: lexicon.Lexicon) -> tuple[list[str], set[str], set[str]]:
    term_words = [lexicon.letters(rules.fold(w.text)) for w in reading.words]
    term_keys = {w for w in term_words if w}
    term_lemmas = set(term_keys)
    for key in term_keys:
        entry = lex.get(key)
        if entry is not None:
            term_lemmas.add(entry.lemma)
    return term_words, term_keys, term_lemmas


def _word_limit(reading: _Reading) -> int:
    """How many words a keyword for this reading may have: two, or about one per two
    syllables, or one per term word, whichever is most, and at most ``MAX_WORDS``. Short
    words strung together to match every sound read as word salad ("Torn Aide Oak" for
    Tornado)."""
    syllable_count = sum(p.symbol in phonetics.VOWELS for p in reading.phones)
    # A spelled acronym's letters are one term word to the ear: "Bee Elm Eye" for BMI is
    # one word a letter, and raters call it salad.
    words = 1 if _spelled(reading) else len(reading.words)
    return min(MAX_WORDS, max(2, words, math.ceil(syllable_count / 2)))


def _spelled(reading: _Reading) -> bool:
    """Whether the reading is an acronym said letter by letter ("ess jee dee")."""
    return len(reading.words) > 1 and all(len(w.text) == 1 for w in reading.words)


def _beam(pieces: list[list[_Piece]], size: int, most: int) -> list[_Phrase]:
    beams: list[list[_Phrase]] = [[] for _ in range(size + 1)]
    beams[0] = [_Phrase(0.0, (), ())]
    for position in range(size):
        if not beams[position]:
            continue
        for phrase in _best(beams[position], BEAM):
            after_glue = bool(phrase.pieces) and phrase.pieces[-1].glue
            for piece in pieces[position]:
                if phrase.size + piece.size > most:
                    continue
                if piece.glue and (len(phrase.pieces) != 1 or phrase.pieces[0].word < 0):
                    continue  # a joining word comes after one new thing
                if after_glue and (piece.glue or piece.end != size):
                    continue  # ... and before the last
                beams[piece.end].append(
                    _Phrase(
                        phrase.cost + piece.cost,
                        (*phrase.pieces, piece),
                        (*phrase.starts, position),
                        phrase.size + piece.size,
                    )
                )
    return _best(beams[size], BEAM * 4)


def _best(phrases: list[_Phrase], count: int) -> list[_Phrase]:
    """The ``count`` cheapest phrases, and a third as many again of those with a joining
    word, which are not let crowd the others out."""
    cost = operator.attrgetter("cost")
    return heapq.nsmallest(count, (p for p in phrases if not p.joined), key=cost) + (
        heapq.nsmallest(count // 3, (p for p in phrases if p.joined), key=cost)
    )


def _search(
    index: index_.Index, reading: _Reading, meaning_rows: _Rows = _NO_ROWS
) -> list[_Candidate]:
    lex = index.source
    term_words, term_keys, term_lemmas = _term_sets(reading, lex)
    one_word_term = len(term_keys) == 1
    term_spelling = "".join(term_words)
    weight_total = sum(reading.weights)
    found: list[_Candidate] = []
    banned = index_.term_word_rows(index, term_words, term_lemmas)
    if meaning_rows.size:
        banned = np.union1d(banned, meaning_rows)
    pieces = _pieces(index, reading, banned)
    for phrase in _beam(pieces, len(reading.codes), _word_limit(reading)):
        texts: list[str] = []
        entries: list[lexicon.Word | None] = []
        kept: list[bool] = []
        glue = ""
        for piece in phrase.pieces:
            if piece.glue:
                glue = piece.glue
                continue
            if piece.word < 0:
                text = reading.words[-1 - piece.word].text
                texts.append(text)
                entries.append(lex.get(lexicon.letters(text)))
                kept.append(True)
                continue
            entry = index.words[piece.word]
            lemma_kept = (
                entry.text in term_keys
                or entry.lemma in term_lemmas
                or rules.part_of_term(entry.text, term_spelling)
            )
            if one_word_term and lemma_kept:
                break  # "Egg Glacier" is not a keyword for "Glacier"
            texts.append(entry.text)
            entries.append(entry)
            kept.append(lemma_kept)
        else:
            if glue and not _joins(glue, entries, kept):
                continue  # "a Carp in a Dachshund"
            if len({t.lower() for t in texts}) < len(texts):
                continue  # "Egg Egg"
            if not rules.keeps_well(entries, kept, len(term_keys)):
                continue  # "Periodic Tie Ball": most of the term, or an abstract word of it
            joined = "".join(lexicon.letters(t) for t in texts)
            if joined == term_spelling or (
                len(texts) > 1
                and abs(len(joined) - len(term_spelling)) <= RESPLIT_DISTANCE
                and rules.edit_distance(joined, term_spelling) <= RESPLIT_DISTANCE
            ):
                continue  # "Band Width" or "Photo Synthetic" only re-split the term
            if rules.splits_a_term_word(texts, term_words):
                continue  # "Feed Forward Noodle Network" for "Feedforward Neural Network"
            new = [
                (e.concreteness, e.text) for e, k in zip(entries, kept, strict=True) if e and not k
            ]
            if not new or max(new)[0] < (FOREIGN_PICTURABLE if reading.foreign else PICTURABLE):
                continue
            picture = max(new)[0]
            shape = (
                "good"
                if glue
                else rules.shape(
                    [rules.pos_classes(e, i == len(entries) - 1) for i, e in enumerate(entries)]
                )
            )
            extra = HEAD_COST * (5.0 - picture) + SHAPE_COST[shape]
            lacking = sum(
                1 for rating, text in new if rating >= ICON_PICTURABLE and not icons.has_icon(text)
            )
            if not any(icons.has_icon(text) for _, text in new):
                extra += NO_ICON_COST  # the card would show badges only, no icon
            extra += LACKING_ICON_COST * lacking
            # Keeping most of the term leaves one small new picture among abstract words.
            extra += KEPT_SHARE_COST * weight_total * max(0, sum(kept) - 1) / len(reading.words)
            cognate = reading.foreign and any(
                rules.cognate(text, term_spelling)
                for text, own in zip(texts, kept, strict=True)
                if not own
            )
            found.append(
                _Candidate(
                    (phrase.cost + extra) / weight_total, reading, phrase, texts, entries, kept,
                    (sum(piece.prior for piece in phrase.pieces) + extra) / weight_total,
                    cognate=cognate,
                    glue=glue,
                )
            )  # fmt: skip
    # The dynamic programme's sound cost is close to the measure, not the same: the best
    # by it are ranked again with the measure itself.
    found.sort(key=lambda candidate: candidate.cost)
    # Cognates are measured apart, so that a crowd of them ("Telephone Pole", "Telephone
    # Wire") leaves room for the keywords that may stand; so are two things joined by a
    # small word ("Bird on a Roof"), a few of them.
    found = _apart(found, (lambda c: c.cognate) if reading.foreign else (lambda c: bool(c.glue)))
    return [_heard(candidate, index) for candidate in found]


def _apart(found: list[_Candidate], aside: Callable[[_Candidate], bool]) -> list[_Candidate]:
    """The ``RERANKED`` best candidates that are not ``aside``, then a quarter as many of
    those that are (``found`` is sorted by cost)."""
    plain = [c for c in found if not aside(c)][:RERANKED]
    return plain + [c for c in found if aside(c)][: RERANKED // 4]


def _keyword_phones(candidate: _Candidate, index: index_.Index) -> list[tuple[Phone, ...]]:
    """The sound of each keyword word (a kept term word as the term says it)."""
    reading = candidate.reading
    phones: list[tuple[Phone, ...]] = []
    for piece in candidate.phrase.pieces:
        if piece.glue:
            phones.append(_possessive(phones) if piece.glue == "'s" else _GLUE_PHONES[piece.glue])
        elif piece.word < 0:
            phones.append(reading.words[-1 - piece.word].phones)
        else:
            word = index.words[piece.word]
            phones.append(
                tuple(
                    Phone(INVENTORY[c], s) for c, s in zip(word.phones, word.stresses, strict=True)
                )
            )
    return phones


def _heard(candidate: _Candidate, index: index_.Index) -> _Candidate:
    """The candidate ranked by how it sounds (``sound.similarity``) and by its other costs."""
    reading = candidate.reading
    phones = [p for word in _keyword_phones(candidate, index) for p in word]
    heard = sound.similarity(reading.phones, phones, reading.costs)
    if reading.foreign:
        heard = _with_spelling(heard, " ".join(w.text for w in reading.words), candidate.texts)
    if candidate.glue:
        natural = naturalness.joined(candidate.glue)
    else:
        natural = naturalness.score_of(candidate.entries)
    weight = FOREIGN_NATURAL_WEIGHT if candidate.reading.foreign else NATURAL_WEIGHT
    cost = (
        SOUND_WEIGHT * (1.0 - heard)
        + SOUND_FLOOR_COST * max(0.0, SOUND_FLOOR - heard)
        + candidate.other
        + weight * (5.0 - natural)
    )
    if _one_word_term(reading) and not (len(candidate.texts) == 1 and heard >= ONE_WORD_MIN_SOUND):
        cost += ONE_WORD_CREDIT  # (a credit to the others: costs stay positive)
    return replace(candidate, cost=cost, sound=heard)


def _joins(glue: str, entries: list[lexicon.Word | None], kept: list[bool]) -> bool:
    """Whether ``glue`` may join the keyword's two things into one scene: both new
    drawable nouns; "of" after a word that holds or gathers, "in a" and "on a" before a
    thing one can be in or on, with the article the next word's first sound asks; a
    possessive after a person, of a thing that is theirs ("a Nanny's Deck"; after an
    animal raters read it as salad: "a Quail's Arm")."""
    if len(entries) != 2 or any(kept):
        return False
    first, second = entries
    if first is None or second is None or not (first.is_noun and second.is_noun):
        return False
    if min(first.concreteness, second.concreteness) < GLUE_PICTURABLE:
        return False
    if glue == "'s":
        persons = lexicon.persons()
        owned = icons.kind(second.text) not in _NOT_OWNED and second.lemma not in persons
        return first.text == first.lemma and first.lemma in persons and owned
    if " " in first.text or " " in second.text:
        return False  # "a Bird on a Roof" at most: four words
    plural = second.text != second.lemma
    if glue == "of":
        return first.lemma in OF_HEADS and plural  # "a Herd of Canes"
    vowel = INVENTORY[second.phones[0]] in phonetics.VOWELS
    if plural or vowel != glue.endswith(" an"):
        return False  # "on a Roof", "on an Egg", never "on a Roofs"
    if glue == "of a":
        return first.lemma in OF_HEADS
    return second.lemma in (IN_NOUNS if glue.startswith("in") else ON_NOUNS)


def _possessive(before: list[tuple[Phone, ...]]) -> tuple[Phone, ...]:
    """The sound of "'s" after the previous word: s after a voiceless sound, else z."""
    last = before[-1][-1].symbol if before and before[-1] else ""
    return (Phone("s"),) if last in {"p", "t", "k", "f", "θ"} else (Phone("z"),)


def _one_word_term(reading: _Reading) -> bool:
    """An English term of one word, not an acronym (said as its letters)."""
    return not reading.foreign and len(reading.words) == 1 and not reading.words[0].text.isupper()


def _display(texts: list[str], from_term: list[bool]) -> list[str]:
    """Each keyword word as shown: a term word as the term writes it, a new one (or a
    two-word expression, "Fire Truck") capitalised."""
    return [
        t if own else " ".join(part.capitalize() for part in t.split())
        for t, own in zip(texts, from_term, strict=True)
    ]


def _keyword(candidate: _Candidate, index: index_.Index) -> Keyword:
    reading, phrase = candidate.reading, candidate.phrase
    texts, entries, kept = candidate.texts, candidate.entries, candidate.kept
    term_ipa = phonetics.ipa(reading.words)
    keyword_ipa = phonetics.ipa(_keyword_phones(candidate, index))
    ratings = [e.concreteness if e else 0.0 for e in entries]
    picture = max((r for r, k in zip(ratings, kept, strict=True) if not k), default=0.0)
    things = [piece for piece in phrase.pieces if not piece.glue]
    shown = iter(_display(texts, [piece.word < 0 for piece in things]))
    alignment = [
        (_term_part(reading, start, piece.end), piece.glue or next(shown))
        for start, piece in zip(phrase.starts, phrase.pieces, strict=True)
    ]
    said = [text for _, text in alignment]
    if "'s" in said:
        at = said.index("'s")
        said[at - 1 : at + 1] = [said[at - 1] + "'s"]
    return Keyword(
        " ".join(said),
        1.0 / (1.0 + candidate.cost),
        candidate.sound,
        picture,
        alignment,
        list(texts),
        ratings,
        list(kept),
        term_ipa,
        keyword_ipa,
    )


def _term_part(reading: _Reading, start: int, end: int) -> str:
    """The letters of the term that phones ``start:end`` stand for."""
    first_word, first_offset = reading.spelling[start]
    if end >= len(reading.codes):
        last_word, last_offset = len(reading.words) - 1, len(reading.words[-1].text)
    else:
        last_word, last_offset = reading.spelling[end]
    if first_word == last_word:
        text = reading.words[first_word].text
        # A letter said with several phones ("N" is ɛn) still shows for each part of it.
        return text[first_offset:last_offset] or text[first_offset : first_offset + 1] or text
    parts = [reading.words[first_word].text[first_offset:]]
    parts += [w.text for w in reading.words[first_word + 1 : last_word]]
    if last_offset:
        parts.append(reading.words[last_word].text[:last_offset])
    return " ".join(part for part in parts if part)
