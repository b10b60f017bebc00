"""How a language's words are written: foreign scripts and letters, the guess from a
word list's script, and romanisation."""

from __future__ import annotations

import pytest

from mimagery import languages, scripts


@pytest.mark.parametrize(
    ("word", "code", "why"),
    [
        ("собака", "ru", ""),
        ("Ёлка", "ru", ""),
        ("dog", "ru", "a Latin word"),
        (
            "c\u043e\u0431\u0430\u043a\u0430",
            "ru",
            "Latin letters ('c') in a Cyrillic word",
        ),  # Latin c
        ("їжак", "ru", "a letter Russian does not use ('ї')"),  # Ukrainian
        ("gato", "es", ""),
        ("pingüino", "es", ""),
        ("el niño", "es", ""),
        ("собака", "es", "a Cyrillic word"),
        ("Mädchen", "es", "a letter Spanish does not use ('ä')"),
        ("Mädchen", "de", ""),
        ("cœur", "fr", ""),
        ("coração", "pt", ""),
        ("α-helix", "en", ""),  # Greek letters are at home in an English glossary
        ("café", "en", ""),
        ("собака", "en", "a Cyrillic word"),
        ("", "ru", ""),
        ("42", "es", ""),
    ],
)
def test_words_in_another_script_or_alphabet_are_named(word: str, code: str, why: str) -> None:
    assert scripts.foreign(word, languages.get(code)) == why


def test_a_word_list_in_cyrillic_is_guessed_russian() -> None:
    assert scripts.guess(["собака", "кошка", "dog"]) == "ru"
    assert scripts.guess(["gato", "perro", "собака"]) is None
    assert scripts.guess(["1", "?"]) is None


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("собака", "sobaka"),
        ("щука", "shchuka"),
        ("ёлка", "yolka"),
        ("Здравствуйте", "Zdravstvuyte"),
        ("хорошо", "khorosho"),
        ("ОБЪЯВЛЕНИЕ", "OBYAVLENIYE"),  # capitals stay capitals, not "OBYaVLENIYe"
        ("чёрный кот", "chyorny kot"),
        ("gato", ""),  # nothing to romanise
    ],
)
def test_cyrillic_is_romanised_for_english_readers(text: str, latin: str) -> None:
    assert scripts.romanise(text) == latin
