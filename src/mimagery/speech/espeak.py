"""eSpeak NG through ctypes: IPA and speech for every supported language.

The library and its voice data come from the ``espeakng-loader`` wheel. eSpeak NG keeps
one global state (the current voice, one synthesis callback), so every call holds
:data:`_LOCK`; the library is loaded on first use, so importing this module costs
nothing. Audio is 16-bit mono PCM at the library's rate, returned as a WAV file.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import re
import threading
import wave
from collections.abc import Iterator

from mimagery import languages
from mimagery.errors import MimageryError

_LOCK = threading.Lock()
_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: samples go to the callback
_UTF8 = 1  # espeakCHARS_UTF8
_IPA = 0x02  # espeakPHONEMES_IPA
_CHARACTER = 1  # POS_CHARACTER
MAX_CHARS = 500  # longer text is refused: terms and keywords are short
#: What a user is told when the engine's package is not installed.
MISSING = "speech needs eSpeak NG: install the espeakng-loader package"
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Engine:
    """The loaded library, its sample rate and the buffer its callback fills."""

    def __init__(self) -> None:
        try:
            import espeakng_loader  # type: ignore[import-untyped]
        except ImportError:
            raise MimageryError(MISSING) from None
        try:
            self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        except OSError as error:
            raise MimageryError(f"eSpeak NG could not be loaded: {error}") from None
        data = str(espeakng_loader.get_data_path()).encode()
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.rate = self.lib.espeak_Initialize(_SYNCHRONOUS, 0, data, 0)
        if self.rate <= 0:
            raise MimageryError("eSpeak NG did not start (its voice data is missing)")
        self.lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self.lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_int,
            ctypes.c_int,
        ]
        self.samples: list[bytes] = []
        self.callback = _CALLBACK(self._collect)  # kept alive as long as the engine
        self.lib.espeak_SetSynthCallback(self.callback)
        self.voice = ""

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: object) -> int:
        if wav and count > 0:
            self.samples.append(ctypes.string_at(wav, count * 2))
        return 0

    def use(self, language: languages.Language) -> None:
        if self.voice != language.voice:
            if self.lib.espeak_SetVoiceByName(language.voice.encode()) != 0:
                raise MimageryError(f"eSpeak NG has no voice for {language.name}")
            self.voice = language.voice


@functools.cache
def _engine() -> _Engine:
    return _Engine()


def available() -> bool:
    """Whether eSpeak NG loads here (a missing engine is a message, never a crash)."""
    return problem() is None


def problem() -> str | None:
    """Why eSpeak NG cannot speak here, in one line; None when it loads."""
    try:
        _engine()
    except MimageryError as error:
        return str(error)
    return None


def _text(text: str) -> bytes:
    text = " ".join(text.split())
    if not text:
        raise MimageryError("nothing to say: the text is empty")
    if len(text) > MAX_CHARS:
        raise MimageryError(f"text too long to say ({len(text)} characters, at most {MAX_CHARS})")
    return text.encode("utf-8")


@contextlib.contextmanager
def _speaking(text: str, language: str) -> Iterator[tuple[_Engine, bytes]]:
    """The engine set to ``language``'s voice, held alone, and ``text`` as eSpeak takes
    it (checked first: an unknown language or bad text raises before the lock)."""
    lang = languages.get(language)
    data = _text(text)
    engine = _engine()
    with _LOCK:
        engine.use(lang)
        yield engine, data


# eSpeak's marks around a word said in another language: "(en)", "(fr)", "(en-us)".
_SWITCH = re.compile(r"\([a-z]{2,3}(?:-[a-z0-9]+)*\)")


def ipa(text: str, language: str = languages.DEFAULT) -> str:
    """How ``text`` is said in ``language``, in IPA with stress marks, words spaced.

    >>> ipa("pato", "es")
    'pˈato'

    Raises:
        MimageryError: for an unknown language, empty or over-long text, or no engine.
    """
    with _speaking(text, language) as (engine, data):
        buffer = ctypes.create_string_buffer(data)
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        parts: list[str] = []
        while pointer.value:
            chunk = engine.lib.espeak_TextToPhonemes(ctypes.byref(pointer), _UTF8, _IPA)
            if chunk:
                parts.append(chunk.decode("utf-8", "replace").strip())
    # eSpeak marks a word it says in another language's voice: "(en)dˈɒs(fr)". The marks
    # are not sounds.
    return _SWITCH.sub("", " ".join(part for part in parts if part)).strip()


def wav(text: str, language: str = languages.DEFAULT) -> bytes:
    """``text`` spoken in ``language`` as a WAV file (16-bit mono PCM).

    Raises:
        MimageryError: for an unknown language, empty or over-long text, or no engine.
    """
    with _speaking(text, language) as (engine, data):
        engine.samples = []
        status = engine.lib.espeak_Synth(data, len(data) + 1, 0, _CHARACTER, 0, _UTF8, None, None)
        engine.lib.espeak_Synchronize()
        pcm, engine.samples = b"".join(engine.samples), []
    if status != 0 or not pcm:
        raise MimageryError(f"eSpeak NG could not say {text!r}")
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(engine.rate)
        writer.writeframes(pcm)
    return out.getvalue()
