"""Charts drawn on the server as inline SVG: no script, no library, every label escaped.

Each function returns ``markupsafe.Markup`` so a template can place it as it is; all
text inside (titles, labels, tooltips) goes through ``html.escape`` first. Colours come
from CSS classes (``static/style.css``), with plain fills as a fallback.

The bar, meter and state charts have no ``viewBox``: their width is the page's (100 %),
positions across are percentages and heights are pixels, so their labels keep their
size (12 px) from a phone to a wide screen instead of shrinking with the drawing. The
heatmap is drawn at its own size and scrolls sideways inside its frame on a phone. A
chart with nothing to show is a sentence saying so.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from mimagery.study.stats import DayCount, heat_level

__all__ = ["bars", "empty", "heatmap", "meter", "states_bar"]

#: Tick labels, in pixels: readable on a phone.
TICK = 12


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(height: int, title: str, body: list[str], css: str) -> Markup:
    return Markup(
        f'<svg class="chart {css}" width="100%" height="{height}" role="img" '
        f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg" font-size="{TICK}">'
        f"<title>{_e(title)}</title>{''.join(body)}</svg>"
    )


def empty(sentence: str, ident: str) -> Markup:
    """What a chart with nothing to show shows instead: a sentence."""
    return Markup(f'<p class="empty-chart" id="{_e(ident)}">{_e(sentence)}</p>')


def _pct(value: float) -> str:
    return f"{value:.2f}%"


def bars(
    days: Sequence[DayCount],
    *,
    title: str,
    noun: str,
    every: int = 7,
    height: int = 170,
    nothing: str = "Nothing to show yet.",
    ident: str = "no-data",
) -> Markup:
    """A bar per day, a tooltip on each, every ``every``-th day labelled below, the
    highest count written over its grid line; ``nothing`` when every day counts 0.

    Args:
        days: the days, oldest first.
        title: what the chart shows (its accessible name).
        noun: what is counted, plural ("reviews", "cards due").
        every: how often a date is written under the bars.
        height: the drawing's height in pixels.
        nothing: the sentence shown instead of an empty chart.
        ident: the id of that sentence.
    """
    peak = max((day.count for day in days), default=0)
    if not peak:
        return empty(nothing, ident)
    top, bottom = 20, 22
    plot_h = height - top - bottom
    step = 100 / max(len(days), 1)
    base = top + plot_h
    body = [
        f'<line class="axis" x1="0" y1="{base}" x2="100%" y2="{base}" stroke="#9aa5b1"/>',
        f'<line class="grid" x1="0" y1="{top}" x2="100%" y2="{top}" stroke="#e4ddd0"/>',
        f'<text class="tick" x="0" y="{top - 5}">{_e(f"{peak} {noun}")}</text>',
    ]
    for index, day in enumerate(days):
        bar_h = plot_h * day.count / peak
        x = index * step
        label = f"{day.day.isoformat()}: {day.count} {noun}"
        body.append(
            f'<rect class="bar" x="{_pct(x + step * 0.12)}" y="{base - bar_h:.1f}" '
            f'width="{_pct(step * 0.76)}" height="{bar_h:.1f}" fill="#3e7cb1">'
            f"<title>{_e(label)}</title></rect>"
        )
        if index % every == 0:
            # The first and a last label near the edge are set inside the drawing.
            anchor, where = "middle", x + step / 2
            if index == 0:
                anchor, where = "start", x
            elif where > 92:
                anchor, where = "end", 100.0
            body.append(
                f'<text class="tick" x="{_pct(where)}" y="{height - 5}" '
                f'text-anchor="{anchor}">{_e(_short(day.day))}</text>'
            )
    return _svg(height, title, body, "bars")


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def meter(
    rate: float | None,
    target: float,
    *,
    title: str,
    nothing: str = "No reviews of cards in review state yet: nothing to measure.",
    ident: str = "no-retention",
) -> Markup:
    """A horizontal bar for a rate (0-1) with a mark at the target rate, labelled above;
    ``nothing`` without a rate."""
    if rate is None:
        return empty(nothing, ident)
    height, track_y = 66, 22
    filled = 100 * min(max(rate, 0.0), 1.0)
    good = "good" if rate >= target else "low"
    mark = 100 * target
    body = [
        f'<rect class="track" x="0" y="{track_y}" width="100%" height="20" rx="10" '
        'fill="#e4e7eb"/>',
        f'<rect class="fill {good}" x="0" y="{track_y}" width="{_pct(filled)}" '
        f'height="20" rx="10" fill="#3e7cb1"><title>{_e(f"{rate * 100:.1f} %")}</title></rect>',
        f'<line class="target" x1="{_pct(mark)}" y1="{track_y - 4}" x2="{_pct(mark)}" '
        f'y2="{track_y + 24}" stroke="#b44d12" stroke-width="3"/>',
        f'<text class="tick" x="{_pct(mark)}" y="13" text-anchor="end">'
        f"{_e(f'target {target * 100:.0f} %')}</text>",
        f'<text class="tick value" x="0" y="13">{_e(f"{rate * 100:.1f} % recalled")}</text>',
        f'<text class="tick" x="0" y="{height - 4}">0 %</text>',
        f'<text class="tick" x="100%" y="{height - 4}" text-anchor="end">100 %</text>',
    ]
    return _svg(height, title, body, "meter")


_STATE_CLASSES = {"new": "new", "learning": "learning", "review": "review", "relearning": "relearn"}


def states_bar(states: dict[str, int], *, title: str) -> Markup:
    """One bar split by card state, with a legend under it (a list, so it wraps on a
    phone); a sentence for a deck without cards."""
    total = sum(states.values())
    if not total:
        return empty("This deck has no cards yet.", "no-cards")
    body: list[str] = []
    x = 0.0
    for name, count in states.items():
        if not count:
            continue
        part = 100 * count / total
        body.append(
            f'<rect class="state {_STATE_CLASSES.get(name, "other")}" x="{_pct(x)}" y="4" '
            f'width="{_pct(part)}" height="22" fill="#9aa5b1">'
            f"<title>{_e(f'{name}: {count}')}</title></rect>"
        )
        x += part
    legend = "".join(
        f'<li><span class="swatch state {_STATE_CLASSES.get(name, "other")}"></span>'
        f"{_e(name)} {count}</li>"
        for name, count in states.items()
    )
    return _svg(30, title, body, "states") + Markup(f'<ul class="legend">{legend}</ul>')


def heatmap(
    days: Sequence[DayCount],
    *,
    title: str,
    nothing: str = "No reviews in the last year yet.",
    ident: str = "no-heatmap",
) -> Markup:
    """Reviews per day as a calendar: a column per week, a row per weekday, darker for
    more; drawn at its own size (it scrolls inside its frame on a narrow screen)."""
    if not days or not any(day.count for day in days):
        return empty(nothing, ident)
    cell, gap, top, left = 12, 3, 18, 4
    first = days[0].day
    offset = first.weekday()  # Monday is row 0
    columns = (offset + len(days) + 6) // 7
    width = left + columns * (cell + gap)
    height = top + 7 * (cell + gap)
    peak = max(day.count for day in days)
    body: list[str] = []
    last_month = None
    for index, day in enumerate(days):
        slot = offset + index
        column, row = divmod(slot, 7)
        x, y = left + column * (cell + gap), top + row * (cell + gap)
        level = heat_level(day.count, peak)
        body.append(
            f'<rect class="heat l{level}" x="{x}" y="{y}" width="{cell}" height="{cell}" '
            f'rx="2" fill="#e4e7eb"><title>{_e(f"{day.day.isoformat()}: {day.count}")}'
            "</title></rect>"
        )
        if row == 0 and day.day.month != last_month:
            last_month = day.day.month
            body.append(
                f'<text class="tick" x="{x}" y="{top - 6}">{_e(day.day.strftime("%b"))}</text>'
            )
    return Markup(
        f'<svg class="chart heatmap" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{_e(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{TICK}">'
        f"<title>{_e(title)}</title>{''.join(body)}</svg>"
    )
