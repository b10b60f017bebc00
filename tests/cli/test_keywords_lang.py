"""``mimagery keywords --lang``: keywords for words of another language."""

from __future__ import annotations

import json
from collections.abc import Callable

from conftest import Result
from mimagery import keywords


def test_keywords_hear_the_word_in_its_language(run: Callable[..., Result]) -> None:
    result = run("keywords", "vin", "lune", "--lang", "fr", "--json", "--limit", "3")
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["term"] for line in lines] == ["vin", "lune"]
    assert lines[0]["keywords"][0]["keyword"] == "Van"
    expected = keywords.suggest("lune", limit=3, language="fr")
    assert [k["keyword"] for k in lines[1]["keywords"]] == [k.keyword for k in expected]


def test_the_meaning_is_never_a_keyword_word(run: Callable[..., Result]) -> None:
    plain = run("keywords", "Buch", "--lang", "de", "--json", "--limit", "8")
    told = run("keywords", "Buch", "--lang", "de", "--meaning", "book", "--json", "--limit", "8")
    assert plain.code == told.code == 0
    assert "Book" in [k["keyword"] for k in json.loads(plain.out)["keywords"]]
    assert all("book" not in k["keyword"].lower() for k in json.loads(told.out)["keywords"])


def test_an_unknown_language_is_one_line(run: Callable[..., Result]) -> None:
    result = run("keywords", "pato", "--lang", "xx")
    assert result.code == 2
    assert result.err.startswith("error: unknown language 'xx'") and "es (Spanish)" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
