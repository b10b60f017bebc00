"""Pronunciations, the panphon-based sound measure, its substitution matrix and syllables."""

from __future__ import annotations

import itertools
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mimagery.errors import MimageryError
from mimagery.keywords import phonetics as ph
from mimagery.keywords import soundalike as sa
from mimagery.keywords.phonetics import INVENTORY, Phone, SpokenWord

ALL_CACHES = (ph._cmudict, ph._guess_memo, ph._pronunciations, ph._letter, sa._matrix)


@pytest.fixture(scope="module", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep every cache these tests build out of the real data directory."""
    home = tmp_path_factory.mktemp("phonetics-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIMAGERY_HOME", str(home))
        for cache in ALL_CACHES:
            cache.cache_clear()
        yield home
    for cache in ALL_CACHES:
        cache.cache_clear()


@pytest.fixture
def fresh(home: Path) -> Iterator[Path]:
    """A new, empty data directory with the module's caches forgotten before and after."""
    for cache in ALL_CACHES:
        cache.cache_clear()
    yield home
    for cache in ALL_CACHES:
        cache.cache_clear()


@pytest.fixture(scope="module")
def panphon() -> Any:
    return sa._distance()


def stressed(phones: tuple[Phone, ...] | list[Phone]) -> str:
    """Phones as ``ɛ1pə0k``: symbol then stress digit for vowels."""
    return "".join(p.symbol + (str(p.stress) if p.symbol in ph.VOWELS else "") for p in phones)


def texts(words: list[SpokenWord]) -> list[str]:
    return [word.text for word in words]


# --- inventory and ARPAbet ---------------------------------------------------------------


def test_inventory_covers_arpabet_once() -> None:
    assert len(INVENTORY) == len(set(INVENTORY)) == 41
    symbols = {p.symbol for p in ph._ARPABET_TABLE.values()}
    assert symbols == set(INVENTORY)
    assert set(INVENTORY) > ph.VOWELS


def test_panphon_reads_every_symbol_and_every_pair_as_written(panphon: Any) -> None:
    table = panphon.fm
    width = {s: len(table.ipa_segs(s)) for s in INVENTORY}
    assert all(width[s] == (2 if len(s) == 2 and s[1] in "ɪʊ" else 1) for s in INVENTORY)
    for a, b in itertools.product(INVENTORY, repeat=2):
        assert table.ipa_segs(a + b) == table.ipa_segs(a) + table.ipa_segs(b), (a, b)


@pytest.mark.parametrize(
    ("arpabet", "expected"),
    [
        ("EH1 P AH0 K", "ɛ1pə0k"),
        ("HH AO1 K", "hɔ1k"),
        ("AH1 AH2 AH0", "ʌ1ʌ2ə0"),
        ("ER0 ER1 ER2", "ə˞0ɜ˞1ɜ˞2"),
        ("EY1 AY2 OY0 AW1 OW1", "eɪ1aɪ2ɔɪ0aʊ1oʊ1"),
        ("CH JH G R NG Y", "t͡ʃd͡ʒɡɹŋj"),
        (["dh", "ih0", "s"], "ðɪ0s"),
        ("", ""),
    ],
)
def test_arpabet_to_phones(arpabet: str | list[str], expected: str) -> None:
    assert stressed(ph.arpabet_to_phones(arpabet)) == expected


def test_arpabet_rejects_unknown_symbols() -> None:
    with pytest.raises(MimageryError, match="QQ"):
        ph.arpabet_to_phones("K QQ1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ˈkɛɹəs", "kɛ1ɹə0s"),
        ("ɡlˈoːɹɑːt", "ɡloʊ1ɹɑ0t"),
        ("dʒˈʌpɪɾɚ", "d͡ʒʌ1pɪ0tə˞0"),
        ("ˈɚθ", "ɜ˞1θ"),
        ("ɐbˈaʊt", "ə0baʊ1t"),
        ("ˈbʌʔn̩", "bʌ1tə0n"),
        ("d͡ʒˈə", "d͡ʒʌ1"),
        ("", ""),
    ],
)
def test_ipa_to_phones(text: str, expected: str) -> None:
    assert stressed(ph.ipa_to_phones(text)) == expected


# --- words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("epoch", ["ɛ1pə0k", "i1pə0k"]),
        ("Hawk", ["hɔ1k"]),
        ("read", ["ɹɛ1d", "ɹi1d"]),
        ("newton's", ["nu1tə0nz"]),
        ("bayes'", ["beɪ1z"]),
        ("minibatch", ["mɪ1ni0bæ2t͡ʃ"]),
        ("epoch's", ["ɛ1pə0ks", "i1pə0ks"]),
        ("tax's", ["tæ1ksɪ0z"]),
        ("", []),
        ("3d", []),
    ],
)
def test_word_pronunciations(word: str, expected: list[str]) -> None:
    assert [stressed(p) for p in ph.word_pronunciations(word)] == expected


@pytest.mark.parametrize(
    ("word", "starts"),
    [("Keras", "kɛ"), ("Jupyter", "d͡ʒ"), ("pytorch", "paɪ"), ("relu", "ɹ")],
)
def test_out_of_vocabulary_words_come_from_gruut(word: str, starts: str) -> None:
    assert word.lower() not in ph._cmudict()
    assert not ph._compound(word.lower())
    variants = ph.word_pronunciations(word)
    assert variants
    assert ph.ipa(variants[0]).startswith(starts)
    assert all(any(p.symbol in ph.VOWELS for p in v) for v in variants)
    assert any(p.stress == 1 for p in variants[0])


def test_glorot_is_pronounced() -> None:
    (first, *_) = ph.word_pronunciations("Glorot")
    assert ph.ipa(first).startswith("ɡl") and sa.syllables(first)


def test_gruut_works_offline(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert ph.word_pronunciations("zorblatt")


def test_gruut_answers_are_memoised_on_disk(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ph.word_pronunciations("Keras")
    (memo_file,) = (fresh / "cache").glob("gruut-*.tsv")
    assert memo_file.read_text(encoding="utf-8").startswith("keras\t")
    for cache in ALL_CACHES:
        cache.cache_clear()
    monkeypatch.setattr(ph, "_gruut_models", lambda: pytest.fail("gruut asked again"))
    assert ph.word_pronunciations("keras") == first


def test_cmudict_cache_is_built_once_and_reloaded(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = ph._cmudict()
    (cache,) = (fresh / "cache").glob("cmudict-*.marshal")
    assert built["hawk"] == "HH AO1 K" and built["read"] == "R EH1 D|R IY1 D"
    ph._cmudict.cache_clear()
    monkeypatch.setattr(ph.paths, "write_cache", lambda *_: pytest.fail("CMUdict parsed again"))
    assert ph._cmudict() == built
    assert cache.stat().st_size > 1_000_000


def test_cmudict_works_when_the_data_dir_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("MIMAGERY_HOME", str(blocker))
    for cache in ALL_CACHES:
        cache.cache_clear()
    try:
        assert ph.word_pronunciations("hawk") == [ph.arpabet_to_phones("HH AO1 K")]
    finally:
        for cache in ALL_CACHES:
            cache.cache_clear()


# --- terms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "words", "sound"),
    [
        ("SGD", ["S", "G", "D"], "ɛsd͡ʒidi"),
        ("LSTM", ["L", "S", "T", "M"], "ɛlɛstiɛm"),
        ("VAE", ["V", "A", "E"], "vieɪi"),
        ("CNN", ["C", "N", "N"], "siɛnɛn"),
        ("AI", ["A", "I"], "eɪaɪ"),
        ("NASA", ["NASA"], "næsə"),
        ("GPUs", ["G", "P", "U", "s"], "d͡ʒipijuz"),
        ("Epoch", ["Epoch"], "ɛpək"),
        ("Mini-Batch", ["Mini", "Batch"], "mɪnibæt͡ʃ"),
        ("Newton's Method", ["Newton's", "Method"], "nutənzmɛθəd"),
        ("3D Convolution", ["three", "D", "Convolution"], None),
        ("Web 2.0", ["Web", "two", "point", "oh"], "wɛbtupɔɪntoʊ"),
        ("GPT-3", ["G", "P", "T", "three"], None),
        ("1,000 Layers", ["one", "thousand", "Layers"], None),
        ("“Epoch”, again!", ["Epoch", "again"], None),
        ("TensorFlow", ["Tensor", "Flow"], "tɛnsə˞floʊ"),
        ("XGBoost", ["X", "G", "Boost"], "ɛksd͡ʒibust"),
        ("ReLU", ["ReLU"], None),
        ("β-VAE", ["beta", "V", "A", "E"], None),
        ("C++", ["C", "plus", "plus"], None),
        ("k-means", ["k", "means"], "keɪminz"),
        ("Type A", ["Type", "A"], "taɪpeɪ"),
        ("a priori", ["a", "priori"], None),
        ("Café Naïve", ["Cafe", "Naive"], None),
    ],
)
def test_pronounce_as_written(term: str, words: list[str], sound: str | None) -> None:
    first = ph.pronounce(term)[0]
    assert texts(first) == words
    assert all(word.phones for word in first)
    if sound is not None:
        assert ph.ipa(first) == sound


@pytest.mark.parametrize(
    ("term", "aliases", "expected"),
    [
        (
            "Stochastic Gradient Descent (SGD)",
            (),
            [["Stochastic", "Gradient", "Descent"], ["S", "G", "D"]],
        ),
        ("ReLU (Rectified Linear Unit)", (), [["ReLU"], ["Rectified", "Linear", "Unit"]]),
        ("SGD", ("Stochastic Gradient Descent",), [["S", "G", "D"], ["Stochastic", "Gradient"]]),
        (
            "Xavier/Glorot Initialization",
            (),
            [
                ["Xavier", "Glorot", "Initialization"],
                ["Xavier", "Initialization"],
                ["Glorot", "Initialization"],
            ],
        ),
        ("Precision / Recall", (), [["Precision", "Recall"], ["Precision"], ["Recall"]]),
        ("Data", (), [["Data"], ["Data"]]),
    ],
)
def test_pronounce_alternatives(
    term: str, aliases: tuple[str, ...], expected: list[list[str]]
) -> None:
    alternatives = ph.pronounce(term, aliases)
    assert len(alternatives) >= len(expected)
    for words, wanted in zip(alternatives, expected, strict=False):
        assert texts(words)[: len(wanted)] == wanted


def test_first_alternative_uses_first_cmudict_variant() -> None:
    first, second = ph.pronounce("Data")
    assert ph.ipa(first) == "deɪtə" and ph.ipa(second) == "dætə"


def test_alternatives_are_capped_and_distinct() -> None:
    alternatives = ph.pronounce("A/B/C Test (ABC)", ["alpha", "beta", "gamma", "delta", "alpha"])
    assert len(alternatives) == ph.MAX_ALTERNATIVES
    sounds = [ph.ipa(words) for words in alternatives]
    assert len(set(sounds)) == len(sounds)


@pytest.mark.parametrize("term", ["", "   ", "???", "—", "()", "-/-", "“ ”"])
def test_nothing_to_pronounce_gives_no_alternatives(term: str) -> None:
    assert ph.pronounce(term) == []


# --- IPA and the sound measure ----------------------------------------------------------


def test_ipa_joins_without_marks() -> None:
    epoch = ph.word_pronunciations("epoch")[0]
    assert ph.ipa([SpokenWord("Epic", epoch), SpokenWord("Hawk", epoch)]) == "ɛpəkɛpək"
    assert ph.ipa([epoch, epoch]) == ph.ipa(list(epoch) * 2) == "ɛpəkɛpək"
    assert ph.ipa([]) == ""


def test_identical_sounds_are_fully_similar() -> None:
    for word in ("epoch", "earth", "jive"):
        phones = [p for w in ph.pronounce(word)[0] for p in w.phones]
        assert sa.phone_sound_similarity(phones, phones) == 1.0


def test_substitution_matrix_is_panphons_per_segment(panphon: Any) -> None:
    substitution, indel = sa.substitution_matrix()
    assert len(substitution) == len(indel) == len(INVENTORY)
    for (i, a), (j, b) in itertools.product(enumerate(INVENTORY), repeat=2):
        assert substitution[i][j] == pytest.approx(
            panphon.hamming_feature_edit_distance(a, b), abs=1e-12
        )
        assert substitution[i][j] == substitution[j][i]
    for i, a in enumerate(INVENTORY):
        assert substitution[i][i] == 0.0
        assert indel[i] == len(panphon.fm.ipa_segs(a))
        assert indel[i] == panphon.hamming_feature_edit_distance(a, "")
    substitution[0][1] = 99.0
    assert sa.substitution_matrix()[0][0][1] != 99.0


def align(a: tuple[Phone, ...], b: tuple[Phone, ...]) -> float:
    """Edit distance over inventory indices, then the matrix summed along the best path."""
    substitution, indel = sa.substitution_matrix()
    x = [INVENTORY.index(p.symbol) for p in a]
    y = [INVENTORY.index(p.symbol) for p in b]
    cost = [[0.0] * (len(y) + 1) for _ in range(len(x) + 1)]
    for i in range(1, len(x) + 1):
        cost[i][0] = cost[i - 1][0] + indel[x[i - 1]]
    for j in range(1, len(y) + 1):
        cost[0][j] = cost[0][j - 1] + indel[y[j - 1]]
    for i, j in itertools.product(range(1, len(x) + 1), range(1, len(y) + 1)):
        cost[i][j] = min(
            cost[i - 1][j] + indel[x[i - 1]],
            cost[i][j - 1] + indel[y[j - 1]],
            cost[i - 1][j - 1] + substitution[x[i - 1]][y[j - 1]],
        )
    total, i, j = 0.0, len(x), len(y)
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + substitution[x[i - 1]][y[j - 1]]:
            total, i, j = total + substitution[x[i - 1]][y[j - 1]], i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + indel[x[i - 1]]:
            total, i = total + indel[x[i - 1]], i - 1
        else:
            total, j = total + indel[y[j - 1]], j - 1
    assert total == pytest.approx(cost[-1][-1], abs=1e-9)
    return total


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("epoch", "epic"),
        ("epoch", "hawk"),
        ("parameter", "parrot"),
        ("gradient", "radiant"),
        ("descent", "decent"),
        ("sigma", "stigma"),
        ("bait", "bite"),
        ("loss", "lost"),
        ("tensor", "tenser"),
        ("matrix", "mattress"),
        ("vector", "victor"),
        ("kernel", "colonel"),
    ],
)
def test_matrix_alignment_reproduces_panphon(a: str, b: str, panphon: Any) -> None:
    x, y = ph.word_pronunciations(a)[0], ph.word_pronunciations(b)[0]
    expected = panphon.hamming_feature_edit_distance(ph.ipa(x), ph.ipa(y))
    assert align(x, y) == pytest.approx(expected, abs=1e-9)


def test_matrix_alignment_never_undercuts_panphon_with_diphthongs(panphon: Any) -> None:
    words = ["high", "hyper", "tokyo", "boy", "mouse", "meter", "ray", "loop", "joy", "cow"]
    for a, b in itertools.combinations(words, 2):
        x, y = ph.word_pronunciations(a)[0], ph.word_pronunciations(b)[0]
        assert align(x, y) >= panphon.hamming_feature_edit_distance(ph.ipa(x), ph.ipa(y)) - 1e-9


def test_shipped_matrix_matches_panphon() -> None:
    shipped = json.loads(sa._PACKAGE_MATRIX.read_text(encoding="utf-8"))
    if shipped["key"] != sa._matrix_key():  # harmless: the matrix is then built and cached
        pytest.skip("panphon changed: rewrite the file with json.dumps(sa._build_matrix())")
    assert shipped == sa._build_matrix()


def test_matrix_is_cached_in_the_data_dir(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sa, "_PACKAGE_MATRIX", fresh / "missing.json")
    built = sa.substitution_matrix()
    assert (fresh / "cache" / "phonetics-matrix.json").is_file()
    sa._matrix.cache_clear()
    monkeypatch.setattr(sa, "_build_matrix", lambda: pytest.fail("rebuilt"))
    assert sa.substitution_matrix() == built


# --- syllables and weights --------------------------------------------------------------


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
    phones = tuple(p for w in word.split() for p in ph.word_pronunciations(w)[0])
    spans = sa.syllables(phones)
    assert [ph.ipa(phones[start:end]) for start, end in spans] == expected
    assert spans[0][0] == 0 and spans[-1][1] == len(phones)


def test_syllables_without_vowels() -> None:
    assert sa.syllables(()) == []
    assert sa.syllables((Phone("s"), Phone("t"))) == [(0, 2)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("epoch", [1.5, 1.0, 1.0, 1.0]),
        ("banana", [1.5, 1.5, 1.5, 1.5, 1.0, 1.0]),
        ("about", [1.5] * 4),
        ("banana split", [1.5, 1.5, 1.5, 1.5, 1.0, 1.0, 1.5, 1.5, 1.5, 1.5, 1.5]),
    ],
)
def test_phone_weights(word: str, expected: list[float]) -> None:
    phones = tuple(p for w in word.split() for p in ph.word_pronunciations(w)[0])
    assert sa.phone_weights(phones) == expected
    assert sa.phone_weights(()) == []


def test_phone_sound_similarity_equals_panphon_without_loading_it(panphon: Any) -> None:
    import random

    rng = random.Random(5)
    symbols = list(ph.INVENTORY)
    for _ in range(300):
        a = tuple(ph.Phone(rng.choice(symbols)) for _ in range(rng.randint(1, 9)))
        b = tuple(ph.Phone(rng.choice(symbols)) for _ in range(rng.randint(1, 9)))
        distance = panphon.hamming_feature_edit_distance_div_maxlen(ph.ipa([a]), ph.ipa([b]))
        expected = min(1.0, max(0.0, 1.0 - distance))
        assert sa.phone_sound_similarity(a, b) == pytest.approx(expected, abs=1e-12)
    assert sa.phone_sound_similarity((), ()) == 1.0


@pytest.mark.parametrize(
    ("term", "readings"),
    [
        ("ReLU", ["ɹeɪlu", "ɑɹiɛlju"]),  # "ray-loo", as people say it; then spelled
        ("SQL", ["sikwəl", "ɛskjuɛl"]),  # "sequel" and "ess-cue-el"
        ("GIF", ["ɡɪf", "d͡ʒɪf"]),
        ("NASA", ["næsə"]),  # a word CMUdict knows
        ("UNESCO", ["junɛskoʊ"]),
        ("DNA", ["diɛneɪ"]),  # no English word starts "dn": spelled
        ("LSTM", ["ɛlɛstiɛm"]),
        ("AI", ["eɪaɪ"]),
    ],
)
def test_acronyms_are_said_as_people_say_them(term: str, readings: list[str]) -> None:
    assert [ph.ipa(r) for r in ph.pronounce(term)] == readings


def test_an_acronyms_expansion_comes_after_its_own_sound() -> None:
    readings = ph.pronounce("ReLU", ["Rectified Linear Unit"])
    assert ph.ipa(readings[0]) == "ɹeɪlu"
    assert any(r[0].text == "Rectified" for r in readings[1:])


@pytest.mark.parametrize(
    ("token", "sayable"),
    [("NATO", True), ("SCUBA", True), ("GIF", True), ("DNA", False), ("GDP", False),
     ("VAE", False), ("CPU", False), ("UN", False), ("LSTM", False)],
)  # fmt: skip
def test_sayable_acronyms(token: str, sayable: bool) -> None:
    assert ph._sayable(token) is sayable
