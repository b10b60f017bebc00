"""The sound measure: how alike a keyword sounds to its term, as listeners hear it."""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mimagery.keywords import measure, phonetics, sound
from mimagery.keywords.phonetics import INVENTORY, Phone

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from sound_panel import spearman  # noqa: E402 - the bench's own Spearman, tested here too


def phones(text: str) -> list[Phone]:
    return [p for word in phonetics.pronounce(text)[0] for p in word.phones]


def test_the_same_sound_is_one_and_nothing_alike_is_near_zero() -> None:
    assert sound.similarity(phones("epoch"), phones("epoch")) == 1.0
    assert sound.similarity([], []) == 1.0
    assert sound.similarity(phones("epoch"), []) == 0.0
    assert sound.similarity(phones("volcano"), phones("thumb")) < 0.3


@pytest.mark.parametrize(
    ("term", "closer", "further"),
    [
        ("Kernel", "Colonel", "Candle"),  # a homophone is the same sound
        ("Epoch", "Epic Hawk", "Apple"),
        ("Osmosis", "Oz Mow Sis", "Elbow Sauce"),
        ("Median", "Meaty Ann", "Mattress"),
        ("Average", "Have Ridge", "Atlas"),
        ("Volcano", "Volley Cane", "Far Cane Eye"),
        ("ReLU", "Ray Loo", "Rectified Lid Emu Knot"),
        ("Hyperparameter", "High Parrot Meter", "Hip Pair"),
    ],
)
def test_the_measure_hears_what_listeners_hear(term: str, closer: str, further: str) -> None:
    """Pairs from the issue and the listening panels: the one listeners rate higher first."""
    assert measure(term, closer)[0] > measure(term, further)[0]


def test_a_homophone_is_almost_the_same() -> None:
    assert measure("Kernel", "Colonel")[0] > 0.95


def test_substitutions_are_symmetric_and_graded() -> None:
    matrix = sound.substitution_matrix()
    for i in range(len(INVENTORY)):
        assert matrix[i][i] == 0.0
        for j in range(len(INVENTORY)):
            assert matrix[i][j] == matrix[j][i]
            assert 0.0 <= matrix[i][j] <= 1.0
    index = INVENTORY.index
    assert matrix[index("p")][index("b")] < matrix[index("p")][index("s")]  # voicing only
    assert matrix[index("i")][index("ɪ")] < matrix[index("i")][index("ɑ")]  # near vowels
    assert matrix[index("p")][index("i")] == 1.0  # a consonant for a vowel


def test_the_stressed_syllable_counts_most() -> None:
    # "banana": bə-ˈnæ-nə. Leaving out the stressed syllable costs more than an unstressed one.
    term = phones("banana")
    without_first, without_stressed = term[2:], term[:2] + term[4:]
    assert sound.similarity(term, without_first) > sound.similarity(term, without_stressed)


def test_a_keyword_longer_than_the_term_loses_a_share_per_extra_syllable() -> None:
    """Listeners hear "Marine Spoon" (three syllables) further from "Monsoon" (two) than
    the alignment alone says; a keyword shorter than the term loses nothing more."""
    plain = replace(sound.COSTS, extra_syllable=0.0)
    term, longer, shorter = phones("monsoon"), phones("marine spoon"), phones("moon")
    assert sound.similarity(term, longer) == pytest.approx(
        sound.similarity(term, longer, plain) - sound.COSTS.extra_syllable
    )
    assert sound.similarity(term, shorter) == sound.similarity(term, shorter, plain)
    assert sound.COSTS.extra_syllable > 0


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("epoch", ["ɛ", "pək"]),
        ("hyperparameter", ["haɪ", "pə˞", "pə˞", "æ", "mə", "tə˞"]),
        ("extra", ["ɛk", "stɹə"]),
        ("banana", ["bə", "næ", "nə"]),
        ("hawk", ["hɔk"]),
        ("athlete", ["æθ", "lit"]),
        ("sing along", ["sɪŋ", "ə", "lɔŋ"]),
    ],
)
def test_syllables(word: str, expected: list[str]) -> None:
    said = tuple(p for w in word.split() for p in phonetics.word_pronunciations(w)[0])
    spans = sound.syllables(said)
    assert [phonetics.ipa(said[start:end]) for start, end in spans] == expected
    assert spans[0][0] == 0 and spans[-1][1] == len(said)


def test_syllables_without_vowels() -> None:
    assert sound.syllables(()) == []
    assert sound.syllables((Phone("s"), Phone("t"))) == [(0, 2)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("epoch", [1.9, 1.0, 1.0, 1.0]),  # ˈɛ-pək: the stressed vowel most
        ("banana", [1.0, 1.0, 1.0, 1.9, 1.0, 1.0]),  # bə-ˈnæ-nə
    ],
)
def test_phone_weights(word: str, expected: list[float]) -> None:
    said = phonetics.word_pronunciations(word)[0]
    assert sound.phone_weights(said) == pytest.approx(expected)
    assert sound.phone_weights(()) == []


def _panel(path: Path) -> tuple[list[float], list[float]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    ours = [measure(row["term"], row["keyword"])[0] for row in rows]
    return ours, [float(row["mean"]) for row in rows]


def test_the_measure_agrees_with_our_own_listening_panel() -> None:
    """180 pairs rated blind by three listeners, never used to fit the measure."""
    ours, heard = _panel(ROOT / "bench" / "panels" / "sound-own" / "panel.tsv")
    assert len(ours) == 180
    assert spearman(ours, heard) >= 0.75


def test_the_measure_agrees_with_the_shared_listening_panel() -> None:
    path = ROOT.parent / "shared" / "panel" / "sound-panel.tsv"
    if not path.is_file():
        pytest.skip("the shared panel is beside the project only on the team's machines")
    ours, heard = _panel(path)
    assert spearman(ours, heard) >= 0.75


def test_spearman() -> None:
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(0.866, abs=1e-3)
