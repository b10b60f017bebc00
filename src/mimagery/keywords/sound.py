"""How alike a keyword sounds to its term, as a listener hears it: ``similarity``.

A weighted alignment of the two phone sequences (Needleman-Wunsch), checked against
listening panels (``bench/sound_panel.py``):

- *Substitutions* are graded by how a listener confuses phones: two vowels by their
  height, backness, rounding, off-glide and r-colour; two consonants by voicing,
  place and manner; a semivowel for its own vowel (j/i, w/u, ɹ/ɚ) half; a vowel for a
  consonant costs a whole phone. Two unstressed vowels barely count: both are schwa to
  the ear.
- *Position.* The term's primary-stressed vowel counts almost twice: it is what the ear
  keeps (weighting its whole syllable, or the first syllable, did not help listeners).
- *Gaps.* A term phone the keyword lacks costs its weight (an unstressed vowel, or h,
  less); a keyword phone the term lacks costs about half, and past the term's end less
  again ("Hiker Perimeter" may run on).
- *Length.* Each syllable the keyword has beyond the term's takes ``extra_syllable``
  (0.04) off the measure: on all seven English keyword panels listeners heard a
  longer keyword as less alike than the alignment said ("Marine Spoon" for Monsoon).
  Chosen on the tuning panels (Spearman 0.546 → 0.576, 0.559 → 0.593, 0.769 → 0.807);
  the held-out ones, never used to choose it, rose too (0.648 → 0.682, 0.501 → 0.553,
  0.495 → 0.559), the shared panel fell by 0.006 (``bench/panels/keywords-tuning5``).
- *R-colour and shortness.* Two unstressed vowels of which one is r-coloured ("Answer"
  for "Acid", "Married Ear" for "Melody") differ more (``r_colour_pair``), and each
  syllable the keyword has fewer than the term takes ``missing_syllable`` (0.02) off.
  Chosen on the eight tuning panels (mean Spearman 0.659 → 0.674) and checked on the six
  held-out ones (0.643 → 0.657): ``bench/sound_pooled.py``.
- The cost is divided by the cost of a keyword with nothing in common (the larger of
  deleting the whole term and inserting the whole keyword), so 1 is the same sound and
  0 nothing alike.

The weights are few and were fitted on the shared 256-pair panel; our own 180-pair
panel, never used to fit, checks them. ``Costs`` holds them; the search
(``keywords.search``) uses the same substitution matrix, weights and gap costs for its
dynamic programme and ranks its finished keywords with ``similarity``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from mimagery.keywords.phonetics import INVENTORY, VOWELS, Phone

# Vowels: height (0 low .. 3 high), backness (0 front .. 2 back), rounded, off-glide
# ("i" rising to the front, "u" to the back), r-coloured.
_VOWELS: dict[str, tuple[float, float, int, str, int]] = {
    "ɑ": (0.0, 2.0, 0, "", 0),
    "æ": (0.7, 0.0, 0, "", 0),
    "ʌ": (1.2, 1.5, 0, "", 0),
    "ə": (1.5, 1.0, 0, "", 0),
    "ɔ": (1.0, 2.0, 1, "", 0),
    "aʊ": (0.0, 1.0, 0, "u", 0),
    "aɪ": (0.0, 1.0, 0, "i", 0),
    "ɛ": (1.5, 0.0, 0, "", 0),
    "ɜ˞": (1.5, 1.0, 0, "", 1),
    "ə˞": (1.5, 1.0, 0, "", 1),
    "eɪ": (2.0, 0.0, 0, "i", 0),
    "ɪ": (2.5, 0.3, 0, "", 0),
    "i": (3.0, 0.0, 0, "", 0),
    "oʊ": (2.0, 2.0, 1, "u", 0),
    "ɔɪ": (1.0, 2.0, 1, "i", 0),
    "ʊ": (2.5, 1.7, 1, "", 0),
    "u": (3.0, 2.0, 1, "", 0),
}
# Consonants: place (front to back), manner, voiced.
_PLACES = {"lips": 0, "teeth-lip": 1, "teeth": 2, "ridge": 3, "behind-ridge": 4,
           "palate": 5, "velum": 6, "glottis": 8}  # fmt: skip
_CONSONANTS: dict[str, tuple[str, str, int]] = {
    "p": ("lips", "stop", 0), "b": ("lips", "stop", 1), "m": ("lips", "nasal", 1),
    "w": ("lips", "glide", 1), "f": ("teeth-lip", "fricative", 0),
    "v": ("teeth-lip", "fricative", 1), "θ": ("teeth", "fricative", 0),
    "ð": ("teeth", "fricative", 1), "t": ("ridge", "stop", 0), "d": ("ridge", "stop", 1),
    "s": ("ridge", "fricative", 0), "z": ("ridge", "fricative", 1),
    "n": ("ridge", "nasal", 1), "l": ("ridge", "lateral", 1), "ɹ": ("ridge", "rhotic", 1),
    "ʃ": ("behind-ridge", "fricative", 0), "ʒ": ("behind-ridge", "fricative", 1),
    "t͡ʃ": ("behind-ridge", "affricate", 0), "d͡ʒ": ("behind-ridge", "affricate", 1),
    "j": ("palate", "glide", 1), "k": ("velum", "stop", 0), "ɡ": ("velum", "stop", 1),
    "ŋ": ("velum", "nasal", 1), "h": ("glottis", "fricative", 0),
}  # fmt: skip
# Manners a listener confuses more easily than others (1 otherwise).
_MANNER_DISTANCE = {
    frozenset({"stop", "affricate"}): 0.5,
    frozenset({"affricate", "fricative"}): 0.5,
    frozenset({"lateral", "rhotic"}): 0.5,
    frozenset({"rhotic", "glide"}): 0.5,
    frozenset({"lateral", "glide"}): 0.75,
    frozenset({"nasal", "stop"}): 0.75,
}
# How an English ear hears the sounds of other languages (``phonetics.FOREIGN``): each
# English near-twin and what hearing it costs. A foreign sound against an English one
# costs the cheapest way round: a hearing plus that hearing's own distance.
HEARINGS: dict[str, dict[str, float]] = {
    "a": {"ɑ": 0.0, "æ": 0.15, "ʌ": 0.25, "ə": 0.2, "ə˞": 0.3},
    "e": {"eɪ": 0.0, "ɛ": 0.1, "ə": 0.3},
    "o": {"oʊ": 0.0, "ɔ": 0.1, "ə": 0.3, "ə˞": 0.35},
    "ɒ": {"ɑ": 0.05, "ɔ": 0.05, "ʌ": 0.3, "oʊ": 0.3},
    "ø": {"ɜ˞": 0.15, "ʌ": 0.15, "ʊ": 0.25, "ə˞": 0.2, "oʊ": 0.35},
    "y": {"u": 0.1, "i": 0.3, "ʊ": 0.3},
    "ɨ": {"ɪ": 0.1, "i": 0.25},
    "x": {"k": 0.2, "h": 0.2},
    "ʁ": {"ɹ": 0.0},
}
_SEMIVOWELS = {("j", "i"), ("j", "ɪ"), ("w", "u"), ("w", "ʊ"), ("ɹ", "ə˞"), ("ɹ", "ɜ˞")}
_FAINT = frozenset({"h"})  # a consonant the ear easily misses
_R_COLOURED = frozenset({"ə˞", "ɜ˞"})


@dataclass(frozen=True)
class Costs:
    """The measure's weights (fitted on the shared panel; see the module's text)."""

    vowel: float = 0.26  # any vowel for another
    vowel_distance: float = 0.30  # ... plus this per unit of vowel distance
    voicing: float = 0.5  # two consonants differing in voicing
    place: float = 0.75  # ... per unit of place distance (neighbouring places: 0.5)
    manner: float = 1.0  # ... per unit of manner distance
    semivowel: float = 0.5  # j for i, w for u, ɹ for ɚ
    stressed_syllable: float = 1.0  # weight of the term's primary-stressed syllable
    stressed_vowel: float = 1.9  # ... and of its vowel, on top
    unstressed_pair: float = 0.06  # factor on two unstressed vowels told apart
    r_colour_pair: float = 0.6  # ... when one of them is r-coloured ("Answer" for "Acid")
    unstressed_gap: float = 0.55  # a term's (or keyword's) unstressed vowel left out
    faint_gap: float = 0.5  # an h left out
    insertion: float = 0.45  # factor on a keyword phone the term lacks
    tail: float = 0.6  # ... further factor once past the term's last phone
    coda_r_gap: float = 0.4  # a foreign word's r at a syllable's end (ʁ) left out
    extra_syllable: float = 0.04  # off the measure per syllable the keyword has beyond the term's
    missing_syllable: float = 0.02  # ... and per syllable it has fewer than the term


COSTS = Costs()
#: The measure for a word of another language, fitted on the foreign panels' ratings
#: (``bench/foreign_sound.py``): those listeners heard a keyword's extra sounds more,
#: above all past the word's end, and leaned less on the stressed vowel.
FOREIGN_COSTS = Costs(
    insertion=0.6, tail=1.4, stressed_vowel=1.3, r_colour_pair=0.06, missing_syllable=0.0
)
#: ... and heard the written word too (they see it, as a learner does): this share of a
#: foreign word's measure is how alike the two are in letters (``rules.spelling_similarity``).
SPELLING_SHARE = 0.2


def _vowel_distance(a: str, b: str) -> float:
    ha, ba, ra, ga, rha = _VOWELS[a]
    hb, bb, rb, gb, rhb = _VOWELS[b]
    nucleus = math.hypot((ha - hb) / 3.0, (ba - bb) / 2.0)
    return nucleus + 0.25 * abs(ra - rb) + 0.3 * (ga != gb) + 0.4 * (rha != rhb)


def substitution_cost(a: str, b: str, costs: Costs = COSTS) -> float:
    """The cost (0-1) of hearing phone ``b`` where ``a`` is said; symmetric."""
    if a == b:
        return 0.0
    for own, other in ((a, b), (b, a)):
        if own in HEARINGS:
            ways = (
                cost + substitution_cost(heard, other, costs)
                for heard, cost in HEARINGS[own].items()
            )
            return min(1.0, *ways)
    if a in VOWELS and b in VOWELS:
        return min(1.0, costs.vowel + costs.vowel_distance * _vowel_distance(a, b))
    if a in _CONSONANTS and b in _CONSONANTS:
        (pa, ma, va), (pb, mb, vb) = _CONSONANTS[a], _CONSONANTS[b]
        place = min(1.0, abs(_PLACES[pa] - _PLACES[pb]) / 2.0)
        manner = 0.0 if ma == mb else _MANNER_DISTANCE.get(frozenset({ma, mb}), 1.0)
        return min(1.0, costs.voicing * (va != vb) + costs.place * place + costs.manner * manner)
    if (a, b) in _SEMIVOWELS or (b, a) in _SEMIVOWELS:
        return costs.semivowel
    return 1.0


@functools.cache
def substitution_matrix(costs: Costs = COSTS) -> tuple[tuple[float, ...], ...]:
    """``matrix[i][j]``: :func:`substitution_cost` of ``INVENTORY[i]`` and ``INVENTORY[j]``."""
    return tuple(tuple(substitution_cost(a, b, costs) for b in INVENTORY) for a in INVENTORY)


def gap_cost(phone: Phone, costs: Costs = COSTS) -> float:
    """What leaving ``phone`` out costs before any weight: 1, less for an unstressed vowel
    or an h."""
    if phone.symbol in _FAINT:
        return costs.faint_gap
    if phone.symbol == "ʁ":
        return costs.coda_r_gap
    if phone.symbol in VOWELS and phone.stress == 0:
        return costs.unstressed_gap
    return 1.0


# Consonant pairs that may start a syllable: "pl" in "ap|ple"? No: maximal onsets.
_ONSETS = frozenset(
    tuple(pair)
    for pair in (
        "pl", "pɹ", "pj", "bl", "bɹ", "bj", "tɹ", "tw", "dɹ", "dw", "kl", "kɹ", "kw", "kj",
        "ɡl", "ɡɹ", "ɡw", "fl", "fɹ", "fj", "θɹ", "ʃɹ", "vj", "mj", "hj", "sl", "sw", "sp",
        "st", "sk", "sm", "sn", "spl", "spɹ", "stɹ", "skɹ", "skw", "nj", "lj",
    )
)  # fmt: skip


def _legal_onset(cluster: tuple[str, ...]) -> bool:
    return (len(cluster) <= 1 and cluster != ("ŋ",)) or cluster in _ONSETS


def syllables(phones: Sequence[Phone]) -> list[tuple[int, int]]:
    """``(start, end)`` spans of syllables, one per vowel, consonants split by maximal onset.

    Consonants before the first vowel and after the last join those syllables; a vowelless
    sequence is one span and an empty one has none.
    """
    nuclei = [i for i, p in enumerate(phones) if p.symbol in VOWELS]
    if not nuclei:
        return [(0, len(phones))] if phones else []
    starts = [0]
    for left, right in itertools.pairwise(nuclei):
        cluster = tuple(p.symbol for p in phones[left + 1 : right])
        onset = next((n for n in range(len(cluster), 0, -1) if _legal_onset(cluster[-n:])), 0)
        starts.append(right - onset)
    return list(zip(starts, [*starts[1:], len(phones)], strict=True))


def phone_weights(phones: Sequence[Phone], costs: Costs = COSTS) -> list[float]:
    """How much each of a term's phones counts: more in its primary-stressed syllable, and
    more again for that syllable's vowel."""
    weights = [1.0] * len(phones)
    for start, end in syllables(phones):
        if any(p.stress == 1 and p.symbol in VOWELS for p in phones[start:end]):
            for i in range(start, end):
                weights[i] = costs.stressed_syllable
                if phones[i].symbol in VOWELS and phones[i].stress == 1:
                    weights[i] *= costs.stressed_vowel
    return weights


def _unstressed_vowel(phone: Phone) -> bool:
    return phone.symbol in VOWELS and phone.stress == 0


def similarity(term: Sequence[Phone], keyword: Sequence[Phone], costs: Costs = COSTS) -> float:
    """How alike ``keyword`` sounds to ``term``: 1 the same, 0 nothing alike.

    Args:
        term: the term's phones, with CMUdict's stress (1 primary, 2 secondary, 0 none).
        keyword: the keyword's phones, its words joined.
        costs: the measure's weights.
    """
    if not term and not keyword:
        return 1.0
    matrix = substitution_matrix(costs)
    codes = {symbol: index for index, symbol in enumerate(INVENTORY)}
    weights = phone_weights(term, costs)
    deletion = [gap_cost(p, costs) * w for p, w in zip(term, weights, strict=True)]
    insertion = [gap_cost(p, costs) * costs.insertion for p in keyword]
    scale = max(sum(deletion), sum(insertion))
    if scale <= 0:
        return 1.0
    term_codes = [codes[p.symbol] for p in term]
    keyword_codes = [codes[p.symbol] for p in keyword]
    term_weak = [_unstressed_vowel(p) for p in term]
    keyword_weak = [_unstressed_vowel(p) for p in keyword]
    term_r = [p.symbol in _R_COLOURED for p in term]
    keyword_r = [p.symbol in _R_COLOURED for p in keyword]
    # Row by row over the term; the last row's insertions are past the term's end.
    previous = [0.0]
    for j in range(len(keyword)):
        previous.append(previous[-1] + insertion[j])
    for i, code in enumerate(term_codes):
        row = matrix[code]
        last = i == len(term) - 1
        current = [previous[0] + deletion[i]]
        for j, other in enumerate(keyword_codes):
            change = row[other]
            if term_weak[i] and keyword_weak[j]:
                same = term_r[i] == keyword_r[j]
                change *= costs.unstressed_pair if same else costs.r_colour_pair
            gap = insertion[j] * (costs.tail if last else 1.0)
            current.append(
                min(
                    previous[j] + change * weights[i],
                    previous[j + 1] + deletion[i],
                    current[j] + gap,
                )
            )
        previous = current
    extra = sum(p.symbol in VOWELS for p in keyword) - sum(p.symbol in VOWELS for p in term)
    length = costs.extra_syllable * max(0, extra) + costs.missing_syllable * max(0, -extra)
    return max(0.0, 1.0 - previous[-1] / scale - length)
