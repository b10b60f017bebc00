"""User text for Rich output: cleaned of control characters, never parsed as markup."""

from __future__ import annotations

from rich.text import Text

from mimagery.model import clean


def user_text(value: str, style: str = "") -> Text:
    """Text a user typed (a term, a deck name…) as a Rich ``Text``: control and
    bidi-override characters removed, square brackets shown as they are."""
    return Text(clean(value), style=style)
