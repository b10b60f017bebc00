"""The picture of a mimage: an SVG card, written as a file or drawn as a PNG.

- ``cards``: the card itself (``render_card``): OpenMoji icons for the keyword's
  words and the scene's props, the keyword and a caption, built to be safe to show
  anywhere;
- ``layouts``: where the icons go, by the scene's composition (in the middle, outside
  a fence, down steps, split in two, …);
- ``imported``: a picture from an imported package, held safely in a card.
"""

from __future__ import annotations

from pathlib import Path

from mimagery import paths
from mimagery.pictures.cards import ATTRIBUTION, HEIGHT, MASK, WIDTH, render_card
from mimagery.pictures.imported import imported_card, picture_card

__all__ = [
    "ATTRIBUTION",
    "HEIGHT",
    "MASK",
    "WIDTH",
    "imported_card",
    "picture_card",
    "png_bytes",
    "render_card",
    "to_png",
    "write_card",
]


def write_card(svg: str, path: Path) -> None:
    """Write an SVG card to ``path`` atomically (readers see the old file or the new one).

    Args:
        svg: the SVG text, as ``render_card`` gives it.
        path: where to write; missing parent folders are made.
    """
    paths.write_atomically(path, svg.encode("utf-8"))


def to_png(svg: str, path: Path, width: int = WIDTH) -> None:
    """Render an SVG card to a PNG file with resvg, atomically.

    Text is drawn with the system's fonts; a machine without any draws the icons only.

    Args:
        svg: the SVG text, as ``render_card`` gives it.
        path: where to write the PNG.
        width: the PNG's width in pixels; the height keeps the card's proportions.
    """
    paths.write_atomically(path, png_bytes(svg, width))


def png_bytes(svg: str, width: int = WIDTH) -> bytes:
    """An SVG card drawn as PNG data with resvg (for a file, or for the terminal).

    Args:
        svg: the SVG text.
        width: the PNG's width in pixels; the height keeps the card's proportions.

    Raises:
        ValueError: resvg cannot read the SVG.
    """
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width))
