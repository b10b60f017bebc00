"""Small hand-made lexicons for the keyword tests: a word pronounced through CMUdict."""

from __future__ import annotations

from mimagery.keywords import lexicon
from mimagery.keywords.phonetics import _cmudict


def make_word(
    text: str,
    concreteness: float,
    zipf: float = 4.0,
    pos: int = lexicon.NOUN,
    lemma: str | None = None,
) -> lexicon.Word:
    """A lexicon entry for ``text`` as CMUdict says it, with the ratings given."""
    phones = lexicon._pronunciation(text.lower(), _cmudict())
    assert phones is not None, f"CMUdict has no pronunciation for {text!r}"
    return lexicon._entry(text.lower(), (lemma or text).lower(), phones, concreteness, zipf, pos)
