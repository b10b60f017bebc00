"""Plain-text wording shared by the terminal, the web app and the picture cards."""

from __future__ import annotations

import re

from mimagery.model import key


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters, cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def percent(value: float | None) -> str:
    """A share as "12.5%", or a dash for none."""
    return "–" if value is None else f"{value * 100:.1f}%"


def slug(text: str) -> str:
    """The ASCII form of a name in a file name: "Gradient Descent" → "gradient-descent"."""
    return re.sub(r"[^a-z0-9]+", "-", key(text).encode("ascii", "ignore").decode()).strip("-")
