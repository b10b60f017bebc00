"""Pronunciations: CMUdict, gruut for unknown words, acronyms, numbers and symbols."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from mimagery.errors import MimageryError
from mimagery.keywords import phonetics as ph
from mimagery.keywords.phonetics import INVENTORY, Phone, SpokenWord

ALL_CACHES = (ph._cmudict, ph._guess_memo, ph._pronunciations, ph._letter)


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


def stressed(phones: tuple[Phone, ...] | list[Phone]) -> str:
    """Phones as ``ɛ1pə0k``: symbol then stress digit for vowels."""
    return "".join(p.symbol + (str(p.stress) if p.symbol in ph.VOWELS else "") for p in phones)


def texts(words: list[SpokenWord]) -> list[str]:
    return [word.text for word in words]


# --- inventory and ARPAbet ---------------------------------------------------------------


def test_inventory_covers_arpabet_once() -> None:
    assert len(ph.ENGLISH) == len(set(ph.ENGLISH)) == 41
    symbols = {p.symbol for p in ph._ARPABET_TABLE.values()}
    assert symbols == set(ph.ENGLISH)
    # The sounds of other languages come after English's, each once, and only in
    # foreign words: no English pronunciation is read into one.
    assert INVENTORY == ph.ENGLISH + ph.FOREIGN and len(set(INVENTORY)) == 50
    assert set(INVENTORY) > ph.VOWELS
    assert not {p.symbol for p in ph.ipa_to_phones("ˈaxeoyøɨʁ")} & set(ph.FOREIGN)


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
    assert ph.ipa(first).startswith("ɡl")


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


# --- IPA --------------------------------------------------------------------------------


def test_ipa_joins_without_marks() -> None:
    epoch = ph.word_pronunciations("epoch")[0]
    assert ph.ipa([SpokenWord("Epic", epoch), SpokenWord("Hawk", epoch)]) == "ɛpəkɛpək"
    assert ph.ipa([epoch, epoch]) == ph.ipa(list(epoch) * 2) == "ɛpəkɛpək"
    assert ph.ipa([]) == ""


# --- acronyms ---------------------------------------------------------------------------


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
        ("SEO", ["ɛsioʊ"]),  # CMUdict's name Seo, but "eo" is no English word: spelled
        ("ROI", ["ɑɹoʊaɪ"]),
        ("RAM", ["ɹæm"]),  # a word CMUdict knows, and its letters read as one
        ("AIDS", ["eɪdz", "eɪaɪdiɛs"]),  # listed: said as a word
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
