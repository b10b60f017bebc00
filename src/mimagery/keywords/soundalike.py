"""How alike two pronunciations sound, and which of their parts matter most.

The measure is panphon's Hamming feature edit distance divided by the longer length
(``hamming_feature_edit_distance_div_maxlen``). ``substitution_matrix`` gives the
same per-segment costs for the phone inventory, cached in package data, so the
keyword search can score spans with NumPy and ``phone_sound_similarity`` can
reproduce panphon's number exactly without importing it (which takes about a
second). ``syllables`` and ``phone_weights`` weight the first and the stressed
syllable up.
"""

from __future__ import annotations

import functools
import importlib.metadata
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mimagery import paths
from mimagery.keywords.phonetics import INVENTORY, VOWELS, Phone


@functools.cache
def _distance() -> Any:
    """panphon's Distance (about 1 s to build: it reads its feature tables)."""
    import panphon.distance  # type: ignore[import-untyped]

    return panphon.distance.Distance()


def _segment_vectors(phones: Sequence[Phone]) -> list[tuple[int, ...]]:
    segments = _matrix()[2]
    return [vector for p in phones for vector in segments[_INVENTORY_INDEX[p.symbol]]]


def _hamming(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum(x != y for x, y in zip(a, b, strict=True)) / len(a)


def phone_sound_similarity(term: Sequence[Phone], keyword: Sequence[Phone]) -> float:
    """1 - panphon's feature edit distance of two phone sequences, without loading panphon.

    The same number as panphon's ``hamming_feature_edit_distance_div_maxlen`` on
    their :func:`ipa` strings (tests check it), computed from the feature
    vectors cached with the substitution matrix, because building panphon's
    tables takes over a second at start-up.
    """
    a, b = _segment_vectors(term), _segment_vectors(keyword)
    if not a and not b:
        return 1.0
    row = [float(j) for j in range(len(b) + 1)]
    for i, va in enumerate(a, 1):
        previous, row = row, [float(i)] + [0.0] * len(b)
        for j, vb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, previous[j - 1] + _hamming(va, vb), row[j - 1] + 1)
    return min(1.0, max(0.0, 1.0 - row[-1] / max(len(a), len(b))))


_MATRIX_FORMAT = 2
_INVENTORY_INDEX = {symbol: index for index, symbol in enumerate(INVENTORY)}
_PACKAGE_MATRIX = Path(__file__).parent.parent / "data" / "phonetics_matrix.json"
_Matrix = tuple[
    tuple[tuple[float, ...], ...], tuple[float, ...], tuple[tuple[tuple[int, ...], ...], ...]
]


def _segments_distance(a: list[list[int]], b: list[list[int]]) -> float:
    """panphon's Hamming feature edit distance on feature vectors, in its own order of sums."""
    row = [float(j) for j in range(len(b) + 1)]
    for i, va in enumerate(a, 1):
        previous, row = row, [float(i)] + [0.0] * len(b)
        for j, vb in enumerate(b, 1):
            diffs = [fa != fb for fa, fb in zip(va, vb, strict=True)]
            substitution = previous[j - 1] + sum(diffs) / len(diffs)
            row[j] = min(previous[j] + 1, substitution, row[j - 1] + 1)
    return row[-1]


def _matrix_key() -> str:
    return f"{_MATRIX_FORMAT}|{importlib.metadata.version('panphon')}|{' '.join(INVENTORY)}"


def _build_matrix() -> dict[str, Any]:
    table = _distance().fm
    vectors = [table.word_to_vector_list(symbol, numeric=True) for symbol in INVENTORY]
    return {
        "key": _matrix_key(),
        "substitution": [[_segments_distance(a, b) for b in vectors] for a in vectors],
        "indel": [float(len(v)) for v in vectors],
        "segments": vectors,
    }


@functools.cache
def _matrix() -> _Matrix:
    """Shipped with the package, else from the data dir, else built (~1 s) and saved there."""
    key, cache = _matrix_key(), paths.cache_dir() / "phonetics-matrix.json"
    for path in (_PACKAGE_MATRIX, cache):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("key") == key:
            break
    else:
        data = _build_matrix()
        paths.write_cache(cache, json.dumps(data).encode())
    substitution = tuple(tuple(float(x) for x in row) for row in data["substitution"])
    segments = tuple(tuple(tuple(int(f) for f in v) for v in seg) for seg in data["segments"])
    return substitution, tuple(float(x) for x in data["indel"]), segments


def substitution_matrix() -> tuple[list[list[float]], list[float]]:
    """Costs between :data:`INVENTORY` segments, identical to panphon's measure.

    ``substitution[i][j]`` is panphon's ``hamming_feature_edit_distance`` between the
    symbols: the share of its 24 features that differ, for single segments. Diphthongs are
    two panphon segments, so their entries are the edit distance between segment pairs, and
    an alignment over Phones can only be equal to or above panphon's over segments.
    ``indel[i]`` is the cost of inserting or deleting segment i (1, or 2 for a diphthong),
    which is also its length in panphon's ``div_maxlen`` normalisation.

    Returns:
        Fresh lists ``(substitution, indel)``, safe to modify.
    """
    substitution, indel, _ = _matrix()
    return [list(row) for row in substitution], list(indel)


# Legal English onsets beyond single consonants (all but ŋ), for maximal-onset syllabification.
_ONSETS = frozenset(
    tuple(cluster)
    for cluster in (
        "pl", "pɹ", "pj", "bl", "bɹ", "bj", "tɹ", "tw", "dɹ", "dw", "kl", "kɹ", "kw", "kj",
        "ɡl", "ɡɹ", "ɡw", "fl", "fɹ", "fj", "θɹ", "θw", "ʃɹ", "vj", "mj", "hj", "sl", "sw",
        "sp", "st", "sk", "sm", "sn", "sf", "spl", "spɹ", "spj", "stɹ", "skɹ", "skw", "skl",
        "skj",
    )
)  # fmt: skip


def _legal_onset(cluster: tuple[str, ...]) -> bool:
    return cluster in _ONSETS if len(cluster) > 1 else cluster != ("ŋ",)


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


FIRST_SYLLABLE_WEIGHT = 1.5  # a keyword that gets the start right is recalled from it
STRESSED_SYLLABLE_WEIGHT = 1.5  # the loudest syllable is what the ear keeps


def phone_weights(phones: Sequence[Phone]) -> list[float]:
    """Per-phone weights: 1.0, or the larger of the first-syllable and primary-stress weights."""
    weights = [1.0] * len(phones)
    for index, (start, end) in enumerate(syllables(phones)):
        weight = FIRST_SYLLABLE_WEIGHT if index == 0 else 1.0
        if any(p.stress == 1 for p in phones[start:end]):
            weight = max(weight, STRESSED_SYLLABLE_WEIGHT)
        weights[start:end] = [weight] * (end - start)
    return weights
