"""User text for Rich output: cleaned of control characters, never parsed as markup."""

from __future__ import annotations

from rich.text import Text

from mimagery import scripts
from mimagery.model import Term, clean


def user_text(value: str, style: str = "") -> Text:
    """Text a user typed (a term, a deck name…) as a Rich ``Text``: control and
    bidi-override characters removed, square brackets shown as they are."""
    return Text(clean(value), style=style)


def term_title(term: Term, style: str = "bold") -> Text:
    """A term as a card shows it: its name (and aliases), and beside a word in another
    script its romanisation, dimmed ("собака  sobaka")."""
    title = user_text(term.display_name, style)
    romanised = scripts.romanise(term.name)
    if romanised:
        title.append("  ")
        title.append_text(user_text(romanised, "dim italic"))
    return title
