"""Spoken words cached as WAV files in the data directory: made once, found again, named
by a hash that changes with the engine, the voice and the text, and a missing engine a
clear error."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from mimagery import speech
from mimagery.errors import MimageryError
from mimagery.speech import cache, espeak


def test_a_word_is_said_once_and_its_file_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = speech.audio_file(tmp_path, "pato", "es")
    assert made.parent == tmp_path / "cache" / "audio"
    assert made.suffix == ".wav" and made.is_file()
    with wave.open(io.BytesIO(made.read_bytes())) as audio:
        assert audio.getnframes() / audio.getframerate() > 0.2

    def no_more_speech(text: str, language: str) -> bytes:
        raise AssertionError("the cached file should have been used")

    monkeypatch.setattr(espeak, "wav", no_more_speech)
    assert speech.audio_file(tmp_path, "  pato ", "es") == made  # spacing does not count


def test_the_name_changes_with_engine_voice_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    base = cache.file_name("carta", "es")
    assert "carta" not in base and len(base) == len("0" * 32 + ".wav")
    assert cache.file_name("carta", "it") != base  # another voice
    assert cache.file_name("Carta", "es") != base  # another text
    assert cache.file_name("carta", "en") != base
    monkeypatch.setattr(cache, "engine_version", lambda: "espeakng-loader 9.9 wav1")
    assert cache.file_name("carta", "es") != base  # another engine


def test_the_engine_version_comes_from_the_installed_package() -> None:
    assert cache.engine_version().startswith("espeakng-loader ")


def test_an_unknown_language_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MimageryError, match="unknown language"):
        speech.audio_file(tmp_path, "hola", "xx")


def test_a_missing_engine_is_a_clear_error(tmp_path: Path, no_speech_engine: str) -> None:
    with pytest.raises(MimageryError, match="eSpeak NG") as raised:
        speech.audio_file(tmp_path, "pato", "es")
    assert "\n" not in str(raised.value)
    assert not speech.available()
    assert not (tmp_path / "cache" / "audio").exists() or not any(
        (tmp_path / "cache" / "audio").iterdir()
    )


def test_a_folder_it_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "audio").write_text("a file where the folder should be")
    with pytest.raises(MimageryError, match="cannot keep the sound in"):
        speech.audio_file(tmp_path, "gatto", "it")
