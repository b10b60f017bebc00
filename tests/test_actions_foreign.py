"""Mimages for a deck of another language: generate, regenerate, a user's keyword, the
keywords offered and the Python API all hear the terms in the deck's language.

The decks are imported with their language, which the store keeps.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import mimagery
from mimagery import actions, keywords, mimages
from mimagery.keywords import icons
from mimagery.model import Deck, Term
from mimagery.store import Store

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
WORDS = [("pato", "duck"), ("nube", "cloud"), ("Buch", "book")]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    spanish = Deck("Spanish", [Term(w, m) for w, m in WORDS[:2]], language="es")
    opened.import_deck(spanish, now=NOW)
    opened.import_deck(Deck("German", [Term(*WORDS[2])], language="de"), now=NOW)
    assert opened.deck_language("German") == "de"
    return opened


def test_generate_hears_the_deck_in_its_language(store: Store) -> None:
    report = actions.generate(store, "Spanish", now=NOW)
    assert report.added == 2
    for made in report.made:
        meaning = dict(WORDS)[made.term]
        expected = keywords.suggest(made.term, limit=1, language="es", meaning=meaning)[0]
        assert made.keyword == expected.keyword
        assert meaning in made.scene and f'"{made.keyword}"' in made.scene
    term = store.find_term("Spanish", "pato")
    assert term.chosen is not None and term.chosen.picture is not None
    svg = (store.data_dir / term.chosen.picture).read_text("utf-8")
    assert icons.find("duck").hexcode in svg  # type: ignore[union-attr]  # the meaning's icon


def test_regenerate_and_the_keywords_offered_use_the_deck_language(store: Store) -> None:
    term = store.find_term("German", "Buch")
    offered = actions.suggestions(term, language=actions.deck_language(store, "German"))
    assert offered == keywords.suggest("Buch", limit=6, language="de", meaning="book")
    assert all("book" not in k.keyword.lower() for k in offered)  # never the meaning
    outcome = actions.regenerate(store, "German", term, NOW, seed=1)
    assert outcome.keyword == offered[0].keyword
    chosen = store.find_term("German", "Buch").chosen
    assert chosen is not None and "book" in chosen.scene


def test_a_users_keyword_is_measured_in_the_deck_language(store: Store) -> None:
    term = store.find_term("Spanish", "pato")
    outcome = actions.own_mimage(store, "Spanish", term, "Pot", None, NOW)
    assert outcome.made
    chosen = store.find_term("Spanish", "pato").chosen
    assert chosen is not None and "duck" in chosen.scene
    assert [k.keyword for k in outcome.alternatives] == [
        k.keyword for k in keywords.suggest("pato", limit=5, language="es", meaning="duck")
    ]


def test_an_english_deck_is_made_as_before() -> None:
    term = Term("Median", "The middle value of a sorted list.")
    assert mimages.make(term) == mimages.make(term, language="en")
    made = mimages.make(term)
    assert made is not None and "pair-" not in made.svg


def test_the_python_api_takes_the_language() -> None:
    found = mimagery.suggest("vin", language="fr", meaning="wine")
    assert found and found[0].keyword == "Van"
    made = mimagery.make_mimage(Term("vin", "wine"), language="fr")
    assert made is not None and made.mimage.keyword == "Van" and "wine" in made.mimage.scene
    sound, _ = mimagery.measure("vin", "Van", language="fr")
    assert sound > 0.9  # the same sound; a fifth of the measure is the spelling, not the same
    drawn = mimages.draw_card(Term("vin", "wine"), made.mimage, hide=True, language="fr")
    assert icons.find("wine").hexcode in drawn  # type: ignore[union-attr]
