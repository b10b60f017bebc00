"""Saying words aloud and writing down how they are said, offline.

``espeak`` drives eSpeak NG, which the ``espeakng-loader`` wheel installs with its data
for over a hundred languages: ``ipa(text, language)`` gives the pronunciation with
stress marks, ``wav(text, language)`` the spoken audio. Nothing is downloaded.
``cache`` keeps spoken words as WAV files in the data directory:
``audio_file(data_dir, text, language)``.
"""

from __future__ import annotations

from mimagery.speech.cache import audio_file
from mimagery.speech.espeak import available, ipa, problem, wav

__all__ = ["audio_file", "available", "ipa", "problem", "wav"]
