"""Plain-text wording shared by the terminal, the web app and the picture cards."""

from __future__ import annotations

import difflib
import functools
import html
import re
from collections.abc import Iterable

from mimagery.model import clean, key


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters, cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# Where a clause may end: a sentence, a semicolon or colon, a dash, or a comma before a
# word that starts an add-on ("which", "and", "allowing", "such as"). Never before
# "but", "unless", "except" or "without": what follows them is often the meaning itself
# ("performs well on the training data but fails on new data").
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_CLAUSE = re.compile(
    r"\s*(?:[;:]|\s[–—]\s|\s-\s|,(?=\s+(?:which|and|or|so|allowing|making|helping|enabling|"
    r"thereby|thus|giving|often|usually|typically|such as|e\.g\.|i\.e\.|for example|including|"
    r"as well as|especially|mainly|where|who|whose|in\s|[a-z]+ing|[a-z]+ed|drawn|known)\b))\s*",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"^\s*(?:but|yet|unless|except|without|not|rather)\b", re.IGNORECASE)


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` naming up to three of the ``known`` names closest to
    ``wanted`` (by difflib's ratio, case and accents aside), or ``""`` when none is close."""
    by_key: dict[str, str] = {}
    for name in known:
        by_key.setdefault(key(name), name)
    close = difflib.get_close_matches(key(wanted), list(by_key), n=3, cutoff=0.6)
    if not close:
        return ""
    return f"; did you mean {' or '.join(repr(by_key[found]) for found in close)}?"


def clip_clause(text: str, width: int) -> str:
    """``text`` on one line, cut to at most ``width`` characters at a clause boundary.

    The one way mimagery shortens a definition (cards, captions, lists): whole
    sentences first, else the longest run of whole clauses that fits, ending with "…"
    when something was left out. Never mid-clause: when even the first clause is longer
    than ``width``, the whole first clause is returned, longer than asked, and the
    caller wraps it or shrinks its font.
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    sentences = _SENTENCE.split(flat)
    kept = ""
    for sentence in sentences:
        joined = f"{kept} {sentence}".strip()
        if len(joined) > width:
            break
        kept = joined
    if kept:
        return kept
    first = sentences[0]
    best = ""
    for match in _CLAUSE.finditer(first):
        head = first[: match.start()].rstrip(" ,")
        if _CONTRAST.match(first[match.end() :]) or not head:
            continue
        if len(head) + 1 > width:
            break
        best = head
    if not best:
        # No boundary fits: the first whole clause, however long.
        boundary = next(
            (m for m in _CLAUSE.finditer(first) if not _CONTRAST.match(first[m.end() :])), None
        )
        best = first[: boundary.start()].rstrip(" ,") if boundary else first
        if best == first:
            return first
    return best.rstrip(" ,;:–—-") + "…"


def percent(value: float | None) -> str:
    """A share as "12.5%", or a dash for none."""
    return "–" if value is None else f"{value * 100:.1f}%"


def slug(text: str) -> str:
    """The ASCII form of a name in a file name: "Gradient Descent" → "gradient-descent"."""
    return re.sub(r"[^a-z0-9]+", "-", key(text).encode("ascii", "ignore").decode()).strip("-")


_TAG = re.compile(r"<[^<>]{0,200}>")
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*\)")
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\[\]]{0,80}\]")
_SHARP = re.compile(r"\b([A-Ga-g])#")  # C#, F# major: the note's name, not a heading
_MARKUP = re.compile(r"[<>#`*\[\]{}|_~^\\]")
_DOUBLE_QUOTES = re.compile(r"[\"“”„«»]")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+", re.MULTILINE)
_COMPARISONS = (
    (re.compile(r"\s*<=\s*"), " at most "),
    (re.compile(r"\s*>=\s*"), " at least "),
    (re.compile(r"\s*<\s*"), " less than "),
    (re.compile(r"\s*>\s*"), " more than "),
)
# Text without any of these needs only cleaning (the common case, and the fast one).
_NEEDS_WORK = re.compile(r"[<>#`*\[\]{}|_~^\\&\"“”„«»\n•·]|://|www\.|^\s*\d{1,3}[.)]\s", re.I)


@functools.lru_cache(maxsize=1024)
def plain(text: str) -> str:
    """``text`` without markup a scene must not carry, double quotes made single.

    HTML entities are decoded before tags are removed, so ``&lt;b&gt;`` goes too;
    "<" and ">" left over are spelt out ("x < y" → "x less than y"). Paragraphs stay
    apart (a blank line between them); other runs of white space become one space.
    """
    text = clean(text)
    if not _NEEDS_WORK.search(text):
        return " ".join(text.split())
    text = clean(html.unescape(text))
    text = _TAG.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _BRACKETED.sub(" ", text)
    text = _BULLET.sub("", text)
    text = _SHARP.sub(r"\1 sharp", text)
    for pattern, words in _COMPARISONS:
        text = pattern.sub(words, text)
    text = _MARKUP.sub(" ", text)
    text = _DOUBLE_QUOTES.sub("'", text)
    # Paragraph breaks end a sentence; line breaks inside a paragraph do not.
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


# Words that give a term away --------------------------------------------------------

#: A word, as the masking of a term's words sees one: letters and digits, no "_".
WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)
def word_stems(word: str) -> frozenset[str]:
    """The forms ``word`` may be an inflection of, case-folded: the word itself and what
    is left without a plural, past, present-participle or comparative ending
    ("Searching" → search, "Binaries" → binary, "Running" → run, "Tries" → try, trie).

    Plain suffix rules, no dictionary: they may find a stem that is not a word
    ("Sing" → s), which matters only when another word has the same one.
    """
    word = word.casefold()
    found = {word}

    def add(stem: str) -> None:
        if len(stem) >= 2:
            found.add(stem)
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                found.add(stem[:-1])  # running → runn → run; but "tall", "tree" stay

    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        add(word[:-1])
        if word.endswith("es"):
            add(word[:-2])
        if word.endswith("ies"):
            add(word[:-3] + "y")
    for ending in ("ing", "ed", "er", "est"):
        if len(word) > len(ending) + 2 and word.endswith(ending):
            stem = word[: -len(ending)]
            add(stem)
            add(stem + "e")  # sorted ← sort, but queued ← queue, larger ← large
            if stem.endswith("i"):
                add(stem[:-1] + "y")  # tried ← try, busier ← busy
    return frozenset(found)


def repeats(word: str, term_words: tuple[str, ...]) -> bool:
    """Whether ``word`` gives away one of ``term_words`` (case-insensitive): the same
    word, a simple inflection of it ("Trees", "Searching", "Binaries"), or a longer word
    starting with a term word of four letters or more ("Epochal" for "Epoch").
    """
    folded = word.casefold()
    stems = word_stems(word)
    for term_word in term_words:
        known = term_word.casefold()
        if folded == known or (len(known) >= 4 and folded.startswith(known)):
            return True
        if stems & word_stems(term_word):
            return True
    return False
