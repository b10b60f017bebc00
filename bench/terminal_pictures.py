"""How long the terminal takes to show a card's picture (``cli.render.picture``).

For each term of the built-in example deck: the mimage → term card drawn without the
term (``mimages.draw_card(..., hide=True)``, as the study session draws a front), then
turned into a terminal picture (resvg → PNG → textual-image) and printed to a console
that Rich takes for a terminal, in half-blocks (the kind that costs most text; sixel and
kitty graphics send one escape sequence instead), then printed again, as the session
prints the screen again at each key (the picture's output is kept). The lexicon and icon
tables are loaded first, as a session that has shown one card has them. Prints medians
over the terms and repeats, in milliseconds.

Run: ``python bench/terminal_pictures.py [--repeats N] [--width 120 --height 40]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from importlib import resources

from rich.console import Console

from mimagery import formats, mimages
from mimagery.cli import render


def main() -> None:
    """Time drawing, converting and printing each card's picture."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    options = parser.parse_args()
    data = resources.files("mimagery.data").joinpath("example.txt").read_bytes()
    deck = formats.read(data, "pasted")
    terms = [term for term in deck.terms if term.chosen is not None]
    mimages.draw_card(terms[0], terms[0].chosen, hide=True)  # type: ignore[arg-type]  # warm-up
    draw, convert, show, again, total = [], [], [], [], []
    for _ in range(options.repeats):
        for term in terms:
            mimage = term.chosen
            assert mimage is not None
            console = Console(
                file=io.StringIO(),
                width=options.width,
                height=options.height,
                force_terminal=True,
                color_system="truecolor",
            )
            start = time.perf_counter()
            svg = mimages.draw_card(term, mimage, hide=True)
            drawn = time.perf_counter()
            picture = render.picture(svg, console)
            converted = time.perf_counter()
            console.print(picture)
            shown = time.perf_counter()
            console.print(picture)
            again.append(time.perf_counter() - shown)
            draw.append(drawn - start)
            convert.append(converted - drawn)
            show.append(shown - converted)
            total.append(shown - start)
    print(f"{len(terms)} cards × {options.repeats}, console {options.width}×{options.height}")
    for name, times in [
        ("draw the SVG card", draw),
        ("SVG → PNG → picture", convert),
        ("print (half-blocks)", show),
        ("total per card", total),
        ("print again (kept)", again),
    ]:
        print(f"  {name:22} median {1000 * statistics.median(times):6.1f} ms")


if __name__ == "__main__":
    main()
