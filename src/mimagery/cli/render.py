"""Rich views: deck statistics, a fitted optimizer, and a mimage's picture.

The core returns plain data (``study.stats.DeckStats``, ``study.optimizer.Fit``, an
SVG card); these functions turn it into what the terminal shows. Everything the user
typed goes through ``user_text`` so that Rich markup in it is shown, never obeyed.
"""

from __future__ import annotations

import functools
import io
import math
import sys
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from mimagery.cli.terminal import user_text as _t
from mimagery.study.cards import DIRECTION_LABELS
from mimagery.study.optimizer import Fit
from mimagery.study.stats import (
    EFFECT_DAYS,
    HARDEST,
    HEATMAP_WEEKS,
    LEECH_LAPSES,
    ORIGINS,
    RETENTION_DAYS,
    STATES,
    DayCount,
    DeckStats,
    HardTerm,
    Leech,
    OriginStats,
    WeakMimage,
    heat_level,
)
from mimagery.text import percent

_SHADES = "·░▒▓█"


_SPARKS = "▁▂▃▄▅▆▇█"


def render(found: DeckStats) -> Group:
    """The terminal view of ``mimagery stats``: a summary, then tables."""
    parts: list[RenderableType] = [_summary(found), _forecast_view(found.forecast)]
    if found.reviews_total:
        parts.append(_heatmap_view(found.heatmap))
    else:
        parts.append(Text("No reviews yet: study with `mimagery study`.", style="dim"))
    if found.hardest:
        parts.append(_hardest_view(found.hardest))
    if found.leeches:
        parts.append(_leeches_view(found.leeches))
    if any(origin.reviews for origin in found.origins.values()):
        parts.append(_origins_view(found.origins))
    if found.not_working:
        parts.append(_not_working_view(found.not_working))
    return Group(*parts)


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(found: DeckStats) -> Group:
    title = Text("Statistics: ", style="bold")
    title.append_text(_t(found.deck, "bold"))
    title.append(
        f"  as of {found.at.isoformat(timespec='minutes')}, days start at "
        f"{found.day_starts_hour}:00",
        style="dim",
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    states = found.states
    grid.add_row(
        "Cards",
        f"{_plural(sum(states.values()), 'card')}: "
        + ", ".join(f"{states[label]} {label}" for label in STATES),
    )
    grid.add_row("Reviews", f"{found.reviews_today} today, {found.reviews_total} in all")
    grid.add_row(
        "Retention",
        f"{percent(found.retention)} true retention over "
        f"{_plural(found.retention_reviews, 'review')} in review state, "
        f"last {RETENTION_DAYS} days",
    )
    grid.add_row("Streak", _plural(found.streak, "day"))
    return Group(title, grid)


def _forecast_view(forecast: list[DayCount]) -> Group:
    counts = [day.count for day in forecast]
    top = max(counts, default=0)
    line = Text()
    for count in counts:
        if count:
            line.append(_SPARKS[min(7, math.ceil(8 * count / top) - 1)], style="cyan")
        else:
            line.append("·", style="dim")
    line.append(f"  busiest day {top}", style="dim")
    summary = Text(
        f"today {counts[0] if counts else 0} (with overdue), tomorrow "
        f"{counts[1] if len(counts) > 1 else 0}, next 7 days {sum(counts[:7])}, "
        f"next {len(counts)} days {sum(counts)}"
    )
    return Group(_heading(f"Due in the next {len(forecast)} days"), line, summary)


def _heatmap_view(heatmap: list[DayCount]) -> Group:
    """Reviews per day over the last weeks: a column a week, a row a weekday."""
    last = heatmap[-1].day
    shown = heatmap[-(7 * (HEATMAP_WEEKS - 1) + last.weekday() + 1) :]
    top = max(day.count for day in shown)
    rows = [Text() for _ in range(7)]
    for weekday in range(shown[0].day.weekday()):
        rows[weekday].append(" ")
    for day in shown:
        level = heat_level(day.count, top)
        rows[day.day.weekday()].append(_SHADES[level], style="green" if level else "dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    for name, row in zip(("Mon", "", "Wed", "", "Fri", "", "Sun"), rows, strict=True):
        grid.add_row(name, row)
    legend = Text("less ", style="dim")
    legend.append(_SHADES, style="green")
    legend.append(f" more (busiest day {top})", style="dim")
    grid.add_row("", legend)
    heading = _heading(f"Reviews per day, {shown[0].day.isoformat()} to {last.isoformat()}")
    return Group(heading, grid)


def _hardest_view(hardest: list[HardTerm]) -> Group:
    table = Table("Term", "Lapses", "Difficulty", "Reviews", "")
    for term in hardest:
        table.add_row(
            _t(term.term),
            str(term.lapses),
            f"{term.difficulty:.1f}",
            str(term.reviews),
            Text("leech", style="red") if term.leech else "",
        )
    return Group(_heading("Hardest terms"), table)


def _leeches_view(leeches: list[Leech]) -> Group:
    heading = _heading(
        f"Leeches: {_plural(len(leeches), 'card')} with {LEECH_LAPSES} lapses or more"
    )
    table = Table("Card", "Term", "Direction", "Lapses")
    for leech in leeches[:HARDEST]:
        table.add_row(
            str(leech.card_id),
            _t(leech.term),
            DIRECTION_LABELS.get(leech.direction, leech.direction),
            str(leech.lapses),
        )
    if len(leeches) > HARDEST:
        table.caption = f"… and {len(leeches) - HARDEST} more (--json lists them all)"
    return Group(heading, table)


def _origins_view(origins: dict[str, OriginStats]) -> Group:
    table = Table("Mimage", "Cards", "Reviews", "Lapses", "Lapse rate", "Stability (days)")
    for name in ORIGINS:
        origin = origins[name]
        stability = origin.average_stability
        table.add_row(
            name,
            str(origin.cards),
            str(origin.reviews),
            str(origin.lapses),
            percent(origin.lapse_rate),
            "–" if stability is None else f"{stability:.1f}",
        )
    heading = _heading(f"Mimage effectiveness (reviews in review state, last {EFFECT_DAYS} days)")
    return Group(heading, table)


def _not_working_view(weak: list[WeakMimage]) -> Group:
    table = Table("Term", "Mimage", "Lapses", "Reviews", "Lapse rate")
    for item in weak[:HARDEST]:
        table.add_row(
            _t(item.term),
            item.origin,
            str(item.lapses),
            str(item.reviews),
            percent(item.lapse_rate),
        )
    if len(weak) > HARDEST:
        table.caption = f"… and {len(weak) - HARDEST} more (--json lists them all)"
    lines: list[RenderableType] = [
        _heading("Mimages that are not working"),
        table,
        Text("Make a new mimage for each:"),
    ]
    for item in weak[:HARDEST]:
        command = Text("  ")
        command.append_text(_t(item.suggestion))
        command.no_wrap = True
        command.overflow = "ignore"
        lines.append(command)
    return Group(*lines)


def render_fit(fit: Fit) -> Group:
    """The terminal view of ``mimagery optimize``."""
    head = Text("Fitted FSRS parameters to ")
    head.append_text(_t(str(fit.reviews)))
    head.append(" reviews of ")
    head.append_text(_t(fit.deck, "bold"))
    head.append("; stored in the deck's settings.")
    lines: list[RenderableType] = [head]
    if fit.measured:
        lines.append(
            Text(
                f"Predicted recall at {fit.measured} reviews a day or more apart: "
                f"{percent(fit.old_predicted)} with the old parameters, "
                f"{percent(fit.new_predicted)} with the new; actually recalled "
                f"{percent(fit.actual)}."
            )
        )
    table = Table("#", "Old", "New", title="Parameters")
    for number, (old, new) in enumerate(zip(fit.old_parameters, fit.new_parameters, strict=False)):
        table.add_row(str(number), f"{old:.4f}", f"{new:.4f}")
    lines.append(table)
    return Group(*lines)


# Pictures -----------------------------------------------------------------------------

#: The widest a picture is drawn, in terminal columns.
PICTURE_COLUMNS = 64
#: How many rows a picture of ``n`` columns takes: a card is 640 × 400 and a terminal
#: cell about twice as tall as wide.
_ROWS_PER_COLUMN = 400 / 640 / 2


def can_draw_pictures(console: Console) -> bool:
    """Whether pictures can be drawn on ``console``: it must be the terminal, on standard
    output, and standard input must be that terminal too, because the picture library
    asks the terminal what it can show (sixel, kitty graphics) and reads the answer there.
    Elsewhere (a pipe, a file, keys fed from a file) the picture's path is all there is."""
    return console.is_terminal and _is_terminal(sys.__stdout__) and _is_terminal(sys.__stdin__)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError):  # closed or detached
        return False


@functools.cache
def _image_kind() -> Any:
    """textual-image's renderable for this terminal: sixel or kitty graphics when the
    terminal answers that it shows them, else coloured half-blocks. The library asks the
    terminal when it is first imported, so this is called before keys are read."""
    from textual_image import renderable

    # Its grey-shade fallback is for output that is not a terminal; we draw only on one
    # (or a console told it is one), in colour.
    if renderable.Image is renderable.UnicodeImage:
        return renderable.HalfcellImage
    return renderable.Image


def prepare_pictures() -> None:
    """Ask the terminal now what pictures it shows (and its cell size), before a session
    starts reading keys, so that no key press is taken for the terminal's answer."""
    from PIL import Image

    # Drawing a one-pixel picture nowhere makes the library ask, once, for the cell size.
    dot = _image_kind()(Image.new("RGB", (1, 1)), width=1, height=1)
    Console(file=io.StringIO(), force_terminal=True).print(dot)


def picture(source: str | Path, console: Console) -> RenderableType | None:
    """A mimage's picture for the terminal, sized to fit ``console``: sixel or kitty
    graphics where the terminal shows them, coloured Unicode half-blocks elsewhere.

    The one place the command line draws a picture: the study session (both sides of a
    card) and ``show``, ``mimage`` and ``demo`` all call it.

    Args:
        source: the SVG text of a card, or the path of an SVG card file.
        console: where it is going to be printed (its size decides the picture's).

    Returns:
        The picture as a Rich renderable, or None when it cannot be drawn (the file is
        missing, unreadable, not an SVG resvg can draw, or too costly to draw).
    """
    from mimagery import pictures
    from mimagery.pictures.imported import svg_too_costly

    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError:
            return None
        if svg_too_costly(data):
            return None
        svg = data.decode("utf-8", "replace")
    else:
        svg = source
    rows = max(8, console.height // 2)
    columns = max(16, min(PICTURE_COLUMNS, console.width - 4, int(rows / _ROWS_PER_COLUMN)))
    kind = _image_kind()
    # Half-blocks show a pixel per column: four times that is plenty to scale down from.
    width = min(pictures.WIDTH, 4 * columns) if _is_half_blocks(kind) else pictures.WIDTH
    try:
        from PIL import Image

        image = Image.open(io.BytesIO(pictures.png_bytes(svg, width)))
        image.load()
    except (ValueError, OSError):
        return None
    return _Kept(kind(image, width=columns, height="auto"))


class _Kept:
    """A picture whose output is made once and kept: a study screen is printed again at
    every key press, and making a picture's cells costs far more than printing them."""

    def __init__(self, picture: RenderableType) -> None:
        self._picture = picture
        self._made: tuple[int, list[Segment]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self._made is None or self._made[0] != options.max_width:
            self._made = (options.max_width, list(console.render(self._picture, options)))
        yield from self._made[1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._picture)


def _is_half_blocks(kind: Any) -> bool:
    from textual_image.renderable import HalfcellImage

    return bool(kind is HalfcellImage)
