"""mimagery: learn vocabulary with mnemonic imagery (the keyword method).

The Python API. Everything here is loaded on first use, so ``import mimagery`` stays
quick; each name is the same object as in its own module::

    import mimagery
    from datetime import datetime, UTC

    deck = mimagery.read_glossary("Xylem: tissue that carries water up a plant.")
    store = mimagery.open_store("sqlite:///botany.sqlite3")
    store.import_deck(deck, name="Botany", now=datetime.now(UTC))
    mimagery.suggest("Xylem")[0].keyword          # a sound-alike, picturable keyword
    card = mimagery.due(store, "Botany", datetime.now(UTC)).cards[0]
    mimagery.review(store, card.card_id, "good", datetime.now(UTC))

Glossaries: ``read_glossary`` (any format mimagery imports, detected) and
``write_glossary`` (JSON, Markdown, CSV, TSV). The store: ``open_store`` gives a
``Store`` (SQLite in the data directory by default, or any SQLAlchemy URL);
``import_glossary`` merges a deck into it. Mimages: ``suggest`` finds keywords,
``measure`` judges one, ``make_mimage`` makes a keyword, scene and picture for a term,
and ``generate`` makes them for a whole stored deck. Study: ``due``, ``review``,
``undo`` and ``deck_stats``. Every function that depends on the time takes it as a
timezone-aware ``now``. Mistakes a user can cause raise ``MimageryError``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mimagery.version import __version__

if TYPE_CHECKING:
    from mimagery.actions import GenerateReport, generate, import_glossary
    from mimagery.errors import MimageryError, NotFound
    from mimagery.formats import read as read_glossary
    from mimagery.formats import write as write_glossary
    from mimagery.keywords import Keyword, measure, suggest
    from mimagery.mimages import Made
    from mimagery.mimages import make as make_mimage
    from mimagery.model import Deck, Mimage, Term
    from mimagery.store import Store
    from mimagery.study import DueCard, DueList, ReviewResult, due, review, undo
    from mimagery.study.stats import DeckStats, deck_stats

__all__ = [
    "Deck",
    "DeckStats",
    "DueCard",
    "DueList",
    "GenerateReport",
    "Keyword",
    "Made",
    "Mimage",
    "MimageryError",
    "NotFound",
    "ReviewResult",
    "Store",
    "Term",
    "__version__",
    "deck_stats",
    "due",
    "generate",
    "import_glossary",
    "make_mimage",
    "measure",
    "open_store",
    "read_glossary",
    "review",
    "suggest",
    "undo",
    "write_glossary",
]

# Where each name lives: (module, name there).
_LAZY = {
    "Deck": ("mimagery.model", "Deck"),
    "Term": ("mimagery.model", "Term"),
    "Mimage": ("mimagery.model", "Mimage"),
    "MimageryError": ("mimagery.errors", "MimageryError"),
    "NotFound": ("mimagery.errors", "NotFound"),
    "read_glossary": ("mimagery.formats", "read"),
    "write_glossary": ("mimagery.formats", "write"),
    "Store": ("mimagery.store", "Store"),
    "import_glossary": ("mimagery.actions", "import_glossary"),
    "generate": ("mimagery.actions", "generate"),
    "GenerateReport": ("mimagery.actions", "GenerateReport"),
    "Keyword": ("mimagery.keywords", "Keyword"),
    "suggest": ("mimagery.keywords", "suggest"),
    "measure": ("mimagery.keywords", "measure"),
    "Made": ("mimagery.mimages", "Made"),
    "make_mimage": ("mimagery.mimages", "make"),
    "DueCard": ("mimagery.study", "DueCard"),
    "DueList": ("mimagery.study", "DueList"),
    "ReviewResult": ("mimagery.study", "ReviewResult"),
    "due": ("mimagery.study", "due"),
    "review": ("mimagery.study", "review"),
    "undo": ("mimagery.study", "undo"),
    "DeckStats": ("mimagery.study.stats", "DeckStats"),
    "deck_stats": ("mimagery.study.stats", "deck_stats"),
}


def open_store(url: str | None = None, data_dir: str | None = None) -> Store:
    """Open (creating or migrating it) a mimagery database.

    Args:
        url: an SQLAlchemy URL (``sqlite:///file.sqlite3``, ``postgresql+psycopg://…``);
            None for ``mimagery.sqlite3`` in the data directory.
        data_dir: where pictures (and the default database) live; None for
            ``$MIMAGERY_HOME`` or the platform's user data directory.

    Returns:
        The store; call ``close()`` when done with it.
    """
    from pathlib import Path

    from mimagery.store import Store

    return Store.open(url, Path(data_dir) if data_dir is not None else None)


def __getattr__(name: str) -> Any:
    """Load a name of the API from its module on first use."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'mimagery' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
