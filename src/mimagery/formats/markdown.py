"""Markdown glossaries: read as pasted text is, written in the seed's clean style.

Reading goes through the pasted-text engine (``formats.pasted``), which
understands ``##``/``###`` and ``**bold**`` term headings, ``- **Term**: …``
lines and mimage sections, with the grammar both share (``formats.entries``).
Writing uses the seed's clean style::

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

from mimagery.formats import pasted
from mimagery.formats.blocks import is_header
from mimagery.formats.entries import parse_mimage
from mimagery.formats.report import ReadReport
from mimagery.model import Deck, Mimage, Term

MIMAGE_HEADER = "**MIMAGES:**"


def read(text: str) -> Deck:
    """Parse Markdown (or pasted text) into a normalised deck."""
    return pasted.read(text)


def read_report(text: str) -> tuple[Deck, ReadReport]:
    """Parse Markdown (or pasted text) into a normalised deck and the report of lines
    that did not plainly become terms (see ``formats.pasted.read_report``)."""
    return pasted.read_report(text)


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
        name = term.display_name
        # A term named like a mimage section ("Mnemonics") takes a full stop, which the
        # reader drops: a bold "Mnemonics" alone would open the mimage section.
        blocks.append(f"**{name}.**" if is_header(name) else f"**{name}**")
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


# -- mimage entries ------------------------------------------------------------
