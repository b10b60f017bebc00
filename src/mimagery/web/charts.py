"""Charts drawn on the server as inline SVG: no script, no library, every label escaped.

Each function returns ``markupsafe.Markup`` so a template can place it as it is; all
text inside (titles, labels, tooltips) goes through ``html.escape`` first. Colours come
from CSS classes (``static/style.css``), with plain fills as a fallback.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from mimagery.study.stats import DayCount, heat_level

__all__ = ["bars", "heatmap", "meter", "states_bar"]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(width: int, height: int, title: str, body: list[str], css: str) -> Markup:
    return Markup(
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>{''.join(body)}</svg>"
    )


def bars(
    days: Sequence[DayCount],
    *,
    title: str,
    noun: str,
    every: int = 7,
    width: int = 720,
    height: int = 180,
) -> Markup:
    """A bar per day, a tooltip on each, every ``every``-th day labelled below.

    Args:
        days: the days, oldest first.
        title: what the chart shows (its accessible name).
        noun: what is counted, plural ("reviews", "cards due").
        every: how often a date is written under the bars.
        width: the drawing's width in SVG units (it scales to its box).
        height: its height.
    """
    left, bottom, top = 34, 24, 12
    plot_w, plot_h = width - left - 6, height - bottom - top
    peak = max((day.count for day in days), default=0)
    scale = max(peak, 1)
    step = plot_w / max(len(days), 1)
    body = [
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 6}" '
        f'y2="{top + plot_h}" stroke="#9aa5b1"/>',
        f'<text class="tick" x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    if peak:
        body.append(
            f'<text class="tick" x="{left - 6}" y="{top + 4}" text-anchor="end">{peak}</text>'
        )
    for index, day in enumerate(days):
        bar_h = plot_h * day.count / scale
        x = left + index * step
        label = f"{day.day.isoformat()}: {day.count} {noun}"
        body.append(
            f'<rect class="bar" x="{x + step * 0.12:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{step * 0.76:.1f}" height="{bar_h:.1f}" fill="#3e7cb1">'
            f"<title>{_e(label)}</title></rect>"
        )
        if index % every == 0:
            body.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{height - 6}" '
                f'text-anchor="middle">{_e(_short(day.day))}</text>'
            )
    return _svg(width, height, title, body, "bars")


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def meter(rate: float | None, target: float, *, title: str, width: int = 720) -> Markup:
    """A horizontal bar for a rate (0-1) with a mark at the target rate, labelled above."""
    height, left, right, track_y = 62, 8, 8, 20
    plot_w = width - left - right
    body = [
        f'<rect class="track" x="{left}" y="{track_y}" width="{plot_w}" height="20" rx="10" '
        'fill="#e4e7eb"/>'
    ]
    if rate is not None:
        filled = plot_w * min(max(rate, 0.0), 1.0)
        good = "good" if rate >= target else "low"
        body.append(
            f'<rect class="fill {good}" x="{left}" y="{track_y}" width="{filled:.1f}" '
            f'height="20" rx="10" fill="#3e7cb1"><title>{_e(f"{rate * 100:.1f} %")}</title></rect>'
        )
    mark = left + plot_w * target
    body += [
        f'<line class="target" x1="{mark:.1f}" y1="{track_y - 4}" x2="{mark:.1f}" '
        f'y2="{track_y + 24}" stroke="#b44d12" stroke-width="3"/>',
        f'<text class="tick" x="{mark:.1f}" y="11" text-anchor="end">'
        f"{_e(f'target {target * 100:.0f} %')}</text>",
        f'<text class="tick" x="{left}" y="{height - 4}">0 %</text>',
        f'<text class="tick" x="{width - right}" y="{height - 4}" text-anchor="end">100 %</text>',
    ]
    if rate is not None:
        body.append(
            f'<text class="tick value" x="{left + 4}" y="11">'
            f"{_e(f'{rate * 100:.1f} % recalled')}</text>"
        )
    return _svg(width, height, title, body, "meter")


_STATE_CLASSES = {"new": "new", "learning": "learning", "review": "review", "relearning": "relearn"}


def states_bar(states: dict[str, int], *, title: str, width: int = 720) -> Markup:
    """One bar split by card state, with a legend."""
    height, plot_w = 60, width - 16
    total = sum(states.values())
    body: list[str] = []
    x = 8.0
    for name, count in states.items():
        if not total or not count:
            continue
        part = plot_w * count / total
        body.append(
            f'<rect class="state {_STATE_CLASSES.get(name, "other")}" x="{x:.1f}" y="6" '
            f'width="{part:.1f}" height="22" fill="#9aa5b1">'
            f"<title>{_e(f'{name}: {count}')}</title></rect>"
        )
        x += part
    if not total:
        body.append(
            f'<rect class="track" x="8" y="6" width="{plot_w}" height="22" fill="#e4e7eb"/>'
        )
    legend_x = 8
    for name, count in states.items():
        css = _STATE_CLASSES.get(name, "other")
        body.append(
            f'<rect class="state {css}" x="{legend_x}" y="40" width="12" height="12" '
            'fill="#9aa5b1"/>'
            f'<text class="tick" x="{legend_x + 16}" y="51">{_e(f"{name} {count}")}</text>'
        )
        legend_x += 150
    return _svg(width, height, title, body, "states")


def heatmap(days: Sequence[DayCount], *, title: str) -> Markup:
    """Reviews per day as a calendar: a column per week, a row per weekday, darker for more."""
    if not days:
        return _svg(100, 20, title, [], "heatmap")
    cell, gap, top, left = 12, 3, 16, 4
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
                f'<text class="tick" x="{x}" y="{top - 5}">{_e(day.day.strftime("%b"))}</text>'
            )
    return _svg(width, height, title, body, "heatmap")
