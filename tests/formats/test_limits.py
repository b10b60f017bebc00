"""Hostile glossaries: merging stays linear in a term's aliases and mimages (counted in
calls of ``key``, not timed), and terms over the limits or with control characters in
their names are refused with one line; a mimage without a keyword is not kept."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import Result, dump
from mimagery import formats, model
from mimagery.errors import MimageryError
from mimagery.formats import tabular
from mimagery.model import MAX_ALIASES, MAX_MIMAGES, MAX_NAME_CHARS, Deck, Term
from mimagery.store import Store
from mimagery.store import merge as store_merge

Run = Callable[..., Result]
N = 2_000
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def key_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How often ``key`` runs in the model's and the store's merging."""
    calls = [0]
    real = model.key

    def counted(text: str) -> str:
        calls[0] += 1
        return real(text)

    monkeypatch.setattr(model, "key", counted)
    monkeypatch.setattr(store_merge, "key", counted)
    yield calls


def test_merging_many_aliases_is_linear(key_calls: list[int]) -> None:
    term = Term("Alpha", "d", [f"alias {n}" for n in range(N)])
    fresh = Term("Alpha")
    model.merge_term(fresh, term)
    assert len(fresh.aliases) == N
    assert key_calls[0] < 10 * N  # quadratic merging made N * N / 2 calls


def test_many_rows_of_one_term_merge_linearly(key_calls: list[int]) -> None:
    rows = "".join(f"Alpha,d,key {n},scene {n}\n" for n in range(N))
    deck = tabular.read("term,definition,keyword,scene\n" + rows, "csv")
    assert len(deck.terms[0].mimages) == N
    assert key_calls[0] < 10 * N


def test_merging_many_aliases_into_a_stored_term_is_linear(
    home: Path, key_calls: list[int]
) -> None:
    store = Store.open()
    try:
        store.import_deck(Deck("D", [Term("Alpha", "d", ["first"])]), now=NOW)
        key_calls[0] = 0
        many = Term("Alpha", "d", [f"alias {n}" for n in range(N)])
        store.import_deck(Deck("D", [many]), now=NOW)
        assert len(store.find_term("D", "Alpha").aliases) == N + 1
    finally:
        store.close()
    assert key_calls[0] < 10 * N


def _json(tmp_path: Path, terms: list[dict[str, object]]) -> str:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"deck": "Hostile", "terms": terms}), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("term", "says"),
    [
        ({"term": "x" * (MAX_NAME_CHARS + 1), "definition": "d"}, "at most 200"),
        ({"term": "A", "aliases": [f"a{n}" for n in range(MAX_ALIASES + 1)]}, "aliases; at most"),
        (
            {"term": "A", "mimages": [{"keyword": f"k{n}"} for n in range(MAX_MIMAGES + 1)]},
            "mimages; at most",
        ),
        ({"term": "A\tB", "definition": "d"}, "control character"),
        ({"term": "A", "aliases": ["one\ntwo"]}, "control character"),
    ],
)
def test_terms_over_the_limits_are_refused_in_one_line(
    run: Run, home: Path, tmp_path: Path, term: dict[str, object], says: str
) -> None:
    assert run("import", _json(tmp_path, [{"term": "Kept", "definition": "d"}])).code == 0
    before = dump(home / "mimagery.sqlite3")
    result = run("import", _json(tmp_path, [term]))
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and result.err.startswith("error: ")
    assert says in result.err
    assert dump(home / "mimagery.sqlite3") == before


def test_a_csv_term_name_with_a_line_break_is_refused() -> None:
    with pytest.raises(MimageryError, match="control character"):
        formats.read('term,definition\n"two\nlines",d\n', filename="x.csv")


@pytest.mark.parametrize(
    ("text", "filename"),
    [("term,definition,keyword,scene\nAlpha,d,,a scene\n", "x.csv"), ("**S**Picture", "x.txt")],
)
def test_a_mimage_without_a_keyword_is_not_kept(text: str, filename: str) -> None:
    deck = formats.read(text, filename=filename)
    assert deck.terms and all(term.mimages == [] for term in deck.terms)


def test_a_glossary_over_the_term_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # One import holds the write lock for its inserts: the limit keeps a review made
    # meanwhile from waiting more than a second or two (bench/import_starve.py).
    monkeypatch.setattr(formats, "MAX_TERMS", 3)
    rows = [f"word{i},meaning {i}\n" for i in range(4)]
    with pytest.raises(MimageryError, match="has 4 terms; at most 3 are imported at once"):
        formats.read("term,definition\n" + "".join(rows), filename="x.csv")
    assert len(formats.read("term,definition\n" + "".join(rows[:3]), filename="x.csv").terms) == 3
