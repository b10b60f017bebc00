"""The statistics charts: labels that keep their size on a phone, and a sentence instead
of an empty frame."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from mimagery.study.stats import DayCount
from mimagery.web import charts

SVG = "{http://www.w3.org/2000/svg}"


def _days(counts: list[int]) -> list[DayCount]:
    start = date(2026, 5, 1)
    return [DayCount(start + timedelta(days=n), count) for n, count in enumerate(counts)]


def test_bars_keep_their_label_size_at_any_width() -> None:
    drawn = str(charts.bars(_days([0, 3, 5, 0] * 8), title="Due <soon>", noun="cards due"))
    root = ET.fromstring(drawn)
    # No viewBox: nothing scales the 12 px labels down with the drawing on a phone.
    assert root.get("viewBox") is None and root.get("width") == "100%"
    assert root.get("font-size") == str(charts.TICK) == "12"
    ticks = [t.text for t in root.iter(f"{SVG}text")]
    assert "5 cards due" in ticks and "1 May" in ticks
    assert all(r.get("x", "").endswith("%") for r in root.iter(f"{SVG}rect"))
    assert 'aria-label="Due &lt;soon&gt;"' in drawn


def test_the_meter_and_states_keep_their_label_size() -> None:
    meter = ET.fromstring(str(charts.meter(0.83, 0.9, title="Retention")))
    assert meter.get("viewBox") is None
    assert "83.0 % recalled" in [t.text for t in meter.iter(f"{SVG}text")]
    states = str(charts.states_bar({"new": 3, "learning": 1, "review": 0}, title="Cards"))
    assert '<ul class="legend">' in states and "learning 1</li>" in states
    assert "viewBox" not in states


def test_charts_with_nothing_to_show_say_so() -> None:
    empty = str(charts.bars(_days([0] * 30), title="Due", noun="cards", nothing="None due.",
                            ident="no-due"))  # fmt: skip
    assert empty == '<p class="empty-chart" id="no-due">None due.</p>'
    assert 'id="no-retention"' in str(charts.meter(None, 0.9, title="Retention"))
    assert 'id="no-cards"' in str(charts.states_bar({"new": 0}, title="Cards"))
    assert 'id="no-heatmap"' in str(charts.heatmap(_days([0] * 365), title="Heatmap"))
    assert "<svg" in str(charts.heatmap(_days([0] * 364 + [2]), title="Heatmap"))


def test_the_heatmap_is_drawn_at_its_own_size() -> None:
    drawn = str(charts.heatmap(_days([1] * 365), title="Heatmap"))
    width = re.search(r'width="(\d+)"', drawn)
    assert width and f'viewBox="0 0 {width.group(1)} ' in drawn
