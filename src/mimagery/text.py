"""Plain-text wording shared by the terminal, the web app and the picture cards."""

from __future__ import annotations

import re

from mimagery.model import key


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
