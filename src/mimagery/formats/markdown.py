"""Markdown glossaries, and the entry grammar that pasted text shares with them.

Reading goes through the pasted-text engine (``formats.pasted``), which
understands ``##``/``###`` and ``**bold**`` term headings, ``- **Term**: …``
lines and mimage sections. This module holds the pieces of that grammar that
the writer depends on: display names (``LSTM (Long Short-Term Memory)``) and
mimage entries (``**Term**: Picture a "Keyword" …``, several of which may run
together on one line). Writing uses the seed's clean style::

    # Deck name

    **Term (Alias)**

    Definition paragraph.

    **MIMAGES:**

    **Term (Alias)**: Picture a "Keyword" doing something.

A mimage whose scene does not name its keyword in quotes is written as
``**Term**: "Keyword": scene``: a leading ``"X": `` gives keyword X, and the
rest is the scene.
"""

from __future__ import annotations

import re

from mimagery.model import Deck, Mimage, Term, clean, key

MIMAGE_HEADER = "**MIMAGES:**"
MAX_NAME_CHARS = 100  # a term's name is a short phrase
MAX_MARKER_CHARS = 3 * MAX_NAME_CHARS  # a display form with aliases is longer

_STRONG = r"imagine|picture|visuali[sz]e|envision|envisage"
_WEAK = r"think (?:of|about)|see|consider|remember"
# The verbs a scene opens with; "strong" ones are never how a definition starts.
OPENING_VERB = re.compile(rf"[ \t]*(?:(?P<strong>{_STRONG})|{_WEAK})\b", re.IGNORECASE)
# A scene's start: an opening verb or a quoted phrase ('A "Keyword" …').
SCENE_OPENING = re.compile(rf"(?:(?:{_STRONG}|{_WEAK})\b|(?:(?:a|an|the)\s+)?[\"“])", re.IGNORECASE)
QUOTE_SOON = re.compile(r"[^\n\"“]{0,80}[\"“]")
_QUOTE_START = re.compile(r"(?:(?:a|an|the)\s+)?[\"“]", re.IGNORECASE)
_ALIASES = re.compile(r"(?P<name>[^()]+?)\s*\((?P<aliases>[^()]*)\)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*|\n")
# A name and its colon after a sentence end; possessive, so a miss never backtracks.
_MARK = re.compile(r"[.!?…\n][\"'”’)\]]*+([^.!?…\n:]{1,300}+):")
_FIRST_MARK = re.compile(r"([^.!?…\n:]{1,300}+):")
_PREFIX = re.compile(r"(?:\"([^\"\n]*)\"|“([^”\n]*)”)[ \t]*:[ \t]*")
_QUOTED = re.compile(r"\"([^\"\n]{1,120})\"|“([^”\n]{1,120})”")
# Sentence starts that are not term names ("This symbolizes: …").
_NOT_NAMES = frozenset(
    ("this", "that", "these", "those", "it", "he", "she", "they", "we", "you", "i", "here", "note")
)
_ARTICLES = ("a", "an", "the")

Entry = tuple[str, Term | None, str]  # (term as written, the known term, entry text)


def read(text: str) -> Deck:
    """Parse Markdown (or pasted text) into a normalised deck."""
    from mimagery.formats import pasted  # pasted imports this module at load time

    return pasted.read(text)


def write(deck: Deck) -> str:
    """Serialise a deck as Markdown that :func:`read` reads back.

    Origins and pictures are not carried. Definitions are written as their
    paragraphs; a line break inside a paragraph is read back as a space.
    """
    blocks: list[str] = []
    if deck.name.strip():
        blocks.append(f"# {' '.join(deck.name.split())}")
    for term in deck.terms:
        if not term.definition.strip():
            # A heading with nothing under it reads as a section title; such a
            # term comes back through its mimages (or not at all).
            continue
        blocks.append(f"**{term.display_name}**")
        blocks.append(term.definition.strip())
    scenes = [
        f"**{term.display_name}**: {_scene_text(mimage)}"
        for term in deck.terms
        for mimage in _ordered(term)
    ]
    if scenes:
        blocks.append(MIMAGE_HEADER)
        blocks.extend(scenes)
    return "\n\n".join(blocks) + "\n"


def _ordered(term: Term) -> list[Mimage]:
    """The term's mimages, the chosen one first (it is chosen again on reading)."""
    chosen = term.chosen
    if chosen is None:
        return []
    return [chosen, *(m for m in term.mimages if m is not chosen)]


def _scene_text(mimage: Mimage) -> str:
    """The scene, prefixed with ``"Keyword": `` when reading it alone would not
    give back the same keyword and scene."""
    scene = mimage.scene.strip()
    parsed = parse_mimage(scene)
    if parsed.keyword == mimage.keyword and parsed.scene == scene and scene:
        return scene
    # Curly quotes when the keyword itself holds a straight one.
    quoted = f"“{mimage.keyword}”" if '"' in mimage.keyword else f'"{mimage.keyword}"'
    return f"{quoted}: {scene}".rstrip()


# -- names ---------------------------------------------------------------------


def split_name(head: str) -> tuple[str, list[str]]:
    """``"LSTM (Long Short-Term Memory)"`` → ``("LSTM", ["Long Short-Term Memory"])``.

    Only a parenthesis at the end gives aliases (split on ``;``); a name with
    nothing before its parenthesis is kept whole.
    """
    head = " ".join(head.split())
    match = _ALIASES.fullmatch(head) if head.endswith(")") else None
    if not match:
        return head, []
    aliases = [a.strip() for a in match.group("aliases").split(";") if a.strip()]
    return match.group("name"), aliases


def find_term(lookup: dict[str, Term], name: str) -> Term | None:
    """The term written as ``name`` (its name, an alias, its display form or a
    plural), given ``lookup`` keyed by model.key of those forms."""
    folded = key(name)
    term = lookup.get(folded)
    if term is None and folded.endswith("s"):
        term = lookup.get(folded[:-1])
    if term is None and folded.endswith(")"):
        base, aliases = split_name(name)
        term = lookup.get(key(base)) if aliases else None
    return term


# -- mimage entries ------------------------------------------------------------


def split_mimages(
    text: str, lookup: dict[str, Term], forced: str | None = None, dotted: bool = True
) -> list[Entry]:
    """Cut mimage text into entries: (term as written, known term or None, text).

    An entry starts with a term name and ``:`` at the start of the text or a
    line, or right after sentence-final punctuation (with or without a space):
    ``…network.Backpropagation: Picture …``. Names are found through ``lookup``
    (see find_term), with optional ``**`` or a list bullet; an unknown name
    must be a short phrase followed by an opening verb or a quoted phrase.
    Text before the first name belongs to ``forced`` when given, else is
    dropped. ``dotted=False`` promises that no known name holds sentence
    punctuation, so only the nearest sentence start can begin one (faster).
    """
    found: list[tuple[int, str, Term | None, int]] = []  # marker start, name, term, body
    floor = 0
    get = lookup.get
    for at, starts in _dotted_marks(text) if dotted else _marks(text):
        name, term, begin = None, None, 0
        for begin in starts:  # farthest first: the longest known name wins
            if begin < floor:
                continue  # inside the previous entry's marker
            name = text[begin:at].strip(" \t\n*_")
            term = get(name.casefold())  # the usual case: a name, maybe in bold
            if term is None:
                name = _marker(name)
                term = find_term(lookup, name) if name else None
            if term is not None:
                break
        # Else the nearest start (the last tried) may begin an unknown name.
        if term is None and (not name or not _generic_name(name, text, at + 1)):
            continue
        body = at + 1
        while text.startswith(("**", "__"), body):
            body += 2
        found.append((begin, name or "", term, body))
        floor = body
    entries: list[Entry] = []
    if forced is not None:
        head = text[: found[0][0]] if found else text
        if head.strip():
            entries.append((forced, find_term(lookup, forced), head))
    for index, (_, name, term, body) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        entries.append((name, term, text[body:end]))
    return entries


def _marks(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(colon, (start,)) for each colon that follows a sentence start with no
    sentence punctuation in between: one C-level scan of the text."""
    first = _FIRST_MARK.match(text)
    marks: list[tuple[int, tuple[int, ...]]] = [(first.end(1), (0,))] if first else []
    marks.extend((m.end(1), (m.start(1),)) for m in _MARK.finditer(text))
    return marks


def _dotted_marks(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(colon, starts farthest first) for every colon: any sentence start within
    reach may begin a name that itself holds sentence punctuation."""
    marks: list[tuple[int, tuple[int, ...]]] = []
    for colon in re.finditer(":", text):
        at = colon.start()
        low = max(0, at - MAX_MARKER_CHARS)
        starts = [m.end() for m in _SENTENCE_END.finditer(text, low, at)]
        marks.append((at, (0, *starts) if low == 0 else tuple(starts)))
    return marks


def _marker(segment: str) -> str | None:
    """The term name in ``  - **Name**`` (the text before an entry's colon)."""
    name = segment.strip()
    if name[:1] in ("-", "*", "+", "•") and name[1:2] in (" ", "\t"):
        name = name[2:].lstrip()
    name = name.strip("*_ \t")
    if not name or "\n" in name or len(name) > MAX_MARKER_CHARS:
        return None
    return name


def _generic_name(name: str, text: str, after: int) -> bool:
    """An unknown term before a colon: a short phrase, then a verb or a quote."""
    words = name.split()
    if len(words) > 6 or words[0].casefold() in _NOT_NAMES:
        return False
    if name.count("(") != name.count(")") or re.search(r"[.!?;:\"“”]", name):
        return False
    while text.startswith(("**", "__"), after):
        after += 2
    rest = text[after : after + 120].lstrip()
    verb = OPENING_VERB.match(rest)
    if verb is not None:
        # Inside a mimage section a capitalised verb opens a scene; a lower-case
        # weak one ("see") must be followed by a quoted phrase.
        strong = verb.group("strong") is not None or rest[0].isupper()
        return name[0].isalnum() and (strong or QUOTE_SOON.match(rest, verb.end()) is not None)
    return name[0].isupper() and _QUOTE_START.match(rest) is not None


def parse_mimage(entry: str, cleaned: bool = False) -> Mimage:
    """One mimage entry's text → keyword, scene and completeness.

    The keyword is the first quoted phrase (a leading ``"X": `` gives keyword X
    and leaves the rest as the scene); without quotes, the capitalised words
    right after the opening verb or article. The scene is the entry's text; it
    is complete when it ends with sentence-final punctuation. ``cleaned`` says
    the text was already through ``model.clean`` (only trimming is left).
    """
    text = entry.strip() if cleaned else clean(entry)
    prefix = _PREFIX.match(text)
    if prefix:
        keyword = prefix.group(1) if prefix.group(1) is not None else prefix.group(2)
        scene = text[prefix.end() :]
        return Mimage(keyword.strip(), scene, "imported", ends_sentence(scene))
    quoted = _QUOTED.search(text)
    if quoted:
        keyword = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        keyword = keyword.strip().rstrip(",;:.").strip()  # "Epic Hawk," → Epic Hawk
    else:
        keyword = _unquoted_keyword(text)
    return Mimage(keyword, text, "imported", ends_sentence(text))


def ends_sentence(text: str) -> bool:
    """Whether text ends with . ! ? or … (closing quotes, brackets, ** after it)."""
    return text.rstrip("\"'”’)]*_ \t")[-1:] in (".", "!", "?", "…")


def _unquoted_keyword(text: str) -> str:
    """The capitalised word run right after the opening verb or article, else ""."""
    verb = OPENING_VERB.match(text)
    words = text[verb.end() if verb else 0 :].split(None, 12)
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    elif verb is None:
        return ""
    run: list[str] = []
    for word in words:
        if not word[:1].isupper():
            break
        stripped = word.rstrip(",.;:!?–—-")
        if stripped:
            run.append(stripped)
        if stripped != word:
            break
    return " ".join(run)
