"""eSpeak NG through ctypes: IPA with stress in each supported language, and WAV audio."""

from __future__ import annotations

import io
import wave

import pytest

from mimagery import languages, speech
from mimagery.errors import MimageryError


@pytest.mark.parametrize(
    ("word", "code", "expected"),
    [
        ("pato", "es", "pˈato"),
        ("carta", "es", "kˈaɾta"),
        ("gatto", "it", "ɡˈatːo"),
        ("Mädchen", "de", "mˈɛːdçən"),
        ("собака", "ru", "sʌbˈɑka"),
    ],
)
def test_words_are_said_in_their_language_with_stress(word: str, code: str, expected: str) -> None:
    assert speech.ipa(word, code) == expected


def test_every_supported_language_has_a_voice() -> None:
    for code in languages.SUPPORTED:
        assert "ˈ" in speech.ipa("casa" if code != "ru" else "дом", code), code


def test_speech_is_a_wav_file_of_some_length() -> None:
    with wave.open(io.BytesIO(speech.wav("carta", "es"))) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        assert audio.getnframes() / audio.getframerate() > 0.2


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_empty_or_huge_text_is_refused(text: str) -> None:
    with pytest.raises(MimageryError):
        speech.wav(text, "es")


def test_an_unknown_language_names_the_supported_ones() -> None:
    with pytest.raises(MimageryError, match=r"supported are en .*ru \(Russian\)"):
        speech.ipa("hola", "xx")
