"""mimagery's JSON format: schema, validation messages, exact output, round trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mimagery import formats, languages
from mimagery.errors import MimageryError
from mimagery.formats import jsonfmt
from mimagery.model import ORIGINS, Deck, Mimage, Term, clean, key, normalise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_fixture() -> None:
    deck = jsonfmt.read((FIXTURES / "finance.json").read_text(encoding="utf-8"))
    assert deck == Deck(
        "Finance basics",
        [
            Term(
                "Amortisation",
                "Paying off a debt in regular instalments over time.",
                ["amortization"],
                [
                    Mimage(
                        "A Mortal Station",
                        "A mortal waits at a station, paying one coin per train until the debt"
                        " is gone.",
                        picture="pictures/amortisation.png",
                    ),
                    Mimage(
                        "Amore Tie",
                        "A lover ties a knot in",
                        origin="generated",
                        complete=False,
                        chosen=True,
                    ),
                ],
            ),
            Term(
                "Collateral",
                "An asset pledged to secure a loan.",
                [],
                [
                    Mimage(
                        "Collar Trail", "A dog's collar leaves a trail of gold to the bank vault."
                    )
                ],
            ),
            # Cleaned: trimmed, zero-width space gone, the blank alias dropped.
            Term("Yield", "Income from an investment as a share of its price.", ["return"]),
            Term("Bear market"),
        ],
    )


def test_fixture_through_formats_read() -> None:
    data = (FIXTURES / "finance.json").read_bytes()
    assert formats.detect(data) == "json"
    deck = formats.read(data, filename="finance.json")
    assert deck.name == "Finance basics"
    assert [m.chosen for m in deck.terms[0].mimages] == [False, True]
    # No mimage chosen in the file: normalise chooses the first complete one.
    assert deck.terms[1].mimages[0].chosen


def test_defaults() -> None:
    deck = jsonfmt.read('{"terms": [{"term": "sol", "mimages": [{"keyword": "Soul"}]}]}')
    assert deck == Deck("", [Term("sol", "", [], [Mimage("Soul")])])
    mimage = deck.terms[0].mimages[0]
    assert (mimage.scene, mimage.origin, mimage.complete, mimage.picture, mimage.chosen) == (
        "",
        "imported",
        True,
        None,
        False,
    )


def test_every_text_is_cleaned() -> None:
    raw = {
        "deck": " Cafe\u0301 ",
        "terms": [
            {
                "term": "\u202eojo\x00",
                "aliases": ["  ojito\u200b"],
                "definition": "eye\x1b[31m ",
                "mimages": [
                    {
                        "keyword": "\tOh Ho ",
                        "scene": " line one\nline two\x7f ",
                        "picture": "  ",
                    }
                ],
            }
        ],
    }
    deck = jsonfmt.read(json.dumps(raw))
    assert deck.name == "Caf\u00e9"  # composed to NFC
    term = deck.terms[0]
    assert (term.name, term.aliases, term.definition) == ("ojo", ["ojito"], "eye[31m")
    assert term.mimages == [Mimage("Oh Ho", "line one\nline two", picture=None)]


def test_unknown_keys_are_ignored() -> None:
    text = '{"deck": "d", "version": 2, "terms": [{"term": "sol", "tags": ["x"]}]}'
    assert jsonfmt.read(text) == Deck("d", [Term("sol")])


def test_byte_order_mark() -> None:
    assert jsonfmt.read('\ufeff{"terms": []}') == Deck("")


# --- errors ----------------------------------------------------------------------


def one_term(**fields: Any) -> str:
    return json.dumps({"deck": "d", "terms": [{"term": "ok"}, {"term": "sol", **fields}]})


def one_mimage(**fields: Any) -> str:
    mimage = {"keyword": "Soul", **fields}
    return one_term(mimages=[{"keyword": "Sole"}, mimage])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n  "deck": "d",\n  "terms": [', "invalid JSON at line 3, column 13: Expecting value"),
        ('{"deck": "d", "terms": [{"term": "sol"', "invalid JSON at line 1, column 39"),
        ("", "invalid JSON at line 1, column 1"),
        ("{'deck': 'd'}", "invalid JSON at line 1, column 2"),
        ('{"terms": []} extra', "invalid JSON at line 1, column 15: Extra data"),
        ('{"terms": [' + "9" * 5000 + "]}", "invalid JSON: "),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ("[]", "the JSON top level must be an object"),
        ('"glossary"', "the JSON top level must be an object"),
        ("42", 'top level must be an object with "deck" and "terms", not a number'),
        ("null", "not null"),
        ('{"deck": "d"}', "terms is missing"),
        ('{"deck": 3, "terms": []}', "deck must be a string, not a number"),
        ('{"terms": {"sol": "sun"}}', "terms must be a list, not an object"),
        ('{"terms": ["sol"]}', "terms[0] must be an object, not a string"),
        ('{"terms": [{"definition": "sun"}]}', "terms[0].term is missing"),
        ('{"terms": [{"term": " \\u200b "}]}', "terms[0].term is blank"),
        ('{"terms": [{"term": null}]}', "terms[0].term must be a string, not null"),
        (one_term(definition=["sun"]), "terms[1].definition must be a string, not a list"),
        (one_term(aliases="s"), "terms[1].aliases must be a list, not a string"),
        (one_term(aliases=["a", 2]), "terms[1].aliases[1] must be a string, not a number"),
        (one_term(mimages={}), "terms[1].mimages must be a list, not an object"),
        (one_term(mimages=[{"keyword": "a"}, "b"]), "terms[1].mimages[1] must be an object"),
        (one_mimage(keyword=None), "terms[1].mimages[1].keyword must be a string, not null"),
        (one_term(mimages=[{"scene": "x"}]), "terms[1].mimages[0].keyword is missing"),
        (one_mimage(scene=1.5), "terms[1].mimages[1].scene must be a string, not a number"),
        (
            one_mimage(origin="ai"),
            "terms[1].mimages[1].origin must be one of imported, generated, user, not 'ai'",
        ),
        (one_mimage(origin="User"), "terms[1].mimages[1].origin must be one of imported"),
        (
            one_mimage(origin=["user"]),
            "origin must be one of imported, generated, user, not a list",
        ),
        (one_mimage(complete="yes"), "terms[1].mimages[1].complete must be true or false"),
        (
            one_mimage(complete=1),
            "terms[1].mimages[1].complete must be true or false, not a number",
        ),
        (one_mimage(chosen=None), "terms[1].mimages[1].chosen must be true or false, not null"),
        (one_mimage(picture=False), "terms[1].mimages[1].picture must be a string, not true or"),
    ],
)
def test_bad_input(text: str, message: str) -> None:
    with pytest.raises(MimageryError) as error:
        jsonfmt.read(text)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_errors_name_the_place_after_good_terms() -> None:
    good = {"term": "x", "mimages": [{"keyword": "k"}] * 2}
    text = json.dumps({"terms": [good] * 3 + [{"term": "y", "definition": 7}]})
    with pytest.raises(MimageryError, match=r"^terms\[3\]\.definition must be a string"):
        jsonfmt.read(text)


def test_formats_read_reports_invalid_json() -> None:
    with pytest.raises(MimageryError, match="invalid JSON at line 1"):
        formats.read(b'{"terms": [', filename="deck.json")


# --- writing ----------------------------------------------------------------------


def sample_deck() -> Deck:
    return Deck(
        "Español «básico»",
        [
            Term(
                "corazón",
                "heart",
                ["cor"],
                [
                    Mimage("Core a Zone", 'A "core" zone\nbeats', chosen=False),
                    Mimage(
                        "Cora Sun",
                        "Cora holds the sun\tto her chest",
                        origin="user",
                        complete=False,
                        picture="/home/ana/pictures/sun.png",
                        chosen=True,
                    ),
                ],
            ),
            Term("pan", "bread"),
        ],
        language="es",
    )


def test_write_is_json_dumps_indent_2() -> None:
    text = jsonfmt.write(sample_deck())
    expected = {
        "deck": "Español «básico»",
        "language": "es",
        "terms": [
            {
                "term": "corazón",
                "aliases": ["cor"],
                "definition": "heart",
                "mimages": [
                    {
                        "keyword": "Core a Zone",
                        "scene": 'A "core" zone\nbeats',
                        "origin": "imported",
                        "complete": True,
                        "picture": None,
                        "chosen": False,
                    },
                    {
                        "keyword": "Cora Sun",
                        "scene": "Cora holds the sun\tto her chest",
                        "origin": "user",
                        "complete": False,
                        "picture": "/home/ana/pictures/sun.png",
                        "chosen": True,
                    },
                ],
            },
            {"term": "pan", "aliases": [], "definition": "bread", "mimages": []},
        ],
    }
    assert text == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_write_empty_deck() -> None:
    assert jsonfmt.write(Deck("")) == '{\n  "deck": "",\n  "language": "en",\n  "terms": []\n}\n'


def test_write_flags_the_first_mimage_when_none_is_chosen() -> None:
    deck = Deck("", [Term("sol", "sun", [], [Mimage("Soul"), Mimage("Sole")])])
    data = json.loads(jsonfmt.write(deck))
    assert [m["chosen"] for m in data["terms"][0]["mimages"]] == [True, False]


def test_formats_write_dispatches_here() -> None:
    assert formats.write(sample_deck(), "json") == jsonfmt.write(sample_deck())


def big_deck(size: int) -> Deck:
    return Deck(
        "big",
        [
            Term(
                f"término {number}",
                "una definición corriente, de unas ochenta letras más o menos, como casi todas",
                [f"t{number}"] if number % 3 == 0 else [],
                [
                    Mimage(
                        "Tear Me No",
                        "A tear falls on a “Tear Me No” sign; the sign bends and says no, "
                        "firmly, to anyone who passes by.",
                        chosen=True,
                    )
                ],
            )
            for number in range(size)
        ],
    )


def test_ten_thousand_terms_round_trip() -> None:
    # Speed is measured by bench/import.py, not asserted here.
    deck = big_deck(10_000)
    assert jsonfmt.read(jsonfmt.write(deck)) == deck


# --- round trips ------------------------------------------------------------------


def is_clean(text: str) -> bool:
    return clean(text) == text


# Any text a cleaned glossary can hold: no control characters but newline and
# tab, no surrogates, already NFC and trimmed; JSON's escapes drawn often.
text = (
    st.text(
        st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t")
        | st.sampled_from('"\\/\t\n \u2028\u2029\ufeff'),
        max_size=20,
    )
    .map(clean)
    .filter(is_clean)
)
# Names, aliases and keywords are one line: no tab, line break or line separator.
one_line = text.filter(lambda t: not any(c in t for c in "\t\n\r\u2028\u2029"))
names = one_line.filter(bool)

mimages = st.builds(
    Mimage,
    keyword=one_line,
    scene=text,
    origin=st.sampled_from(ORIGINS),
    complete=st.booleans(),
    picture=st.none() | names,
    chosen=st.booleans(),
)

terms = st.builds(
    Term,
    name=names,
    definition=text,
    aliases=st.lists(names, max_size=3),
    mimages=st.lists(mimages, max_size=4, unique_by=lambda m: key(m.keyword)),
)

decks = st.builds(
    Deck,
    name=text,
    terms=st.lists(terms, max_size=6, unique_by=lambda t: key(t.name)),
    language=st.sampled_from(sorted(languages.SUPPORTED)),
).map(normalise)


@given(deck=decks)
def test_round_trip(deck: Deck) -> None:
    assert jsonfmt.read(jsonfmt.write(deck)) == deck


@given(deck=decks)
def test_written_text_is_exactly_json_dumps(deck: Deck) -> None:
    text = jsonfmt.write(deck)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


@given(deck=decks)
def test_round_trip_through_formats(deck: Deck) -> None:
    if not deck.terms:
        return
    data = formats.write(deck, "json").encode()
    assert formats.detect(data) == "json"
    assert formats.read(data) == deck


# --- languages and word lists -------------------------------------------------------


def test_the_language_is_read_and_an_unknown_one_refused() -> None:
    deck = jsonfmt.read('{"deck": "d", "language": "RU", "terms": [{"term": "дом"}]}')
    assert deck.language == "ru"
    assert jsonfmt.read('{"terms": [{"term": "sol"}]}').language == "en"
    with pytest.raises(MimageryError, match=r"unknown language 'xx': supported are en"):
        jsonfmt.read('{"language": "xx", "terms": []}')
    with pytest.raises(MimageryError, match="language must be a string"):
        jsonfmt.read('{"language": 7, "terms": []}')


@pytest.mark.parametrize(
    "text",
    [
        '{"gato": "cat", "perro": " dog "}',
        '[["gato", "cat"], ["perro", "dog"]]',
        '[{"word": "gato", "meaning": "cat"}, {"word": "perro", "translation": "dog"}]',
        '[{"term": "gato", "definition": "cat"}, {"term": "perro", "definition": "dog"}]',
    ],
    ids=["object", "pairs", "word-meaning", "term-objects"],
)
def test_word_lists_in_json_are_read(text: str) -> None:
    deck = formats.read(text)
    assert [(t.name, t.definition) for t in deck.terms] == [("gato", "cat"), ("perro", "dog")]


def test_json_word_lists_say_where_each_word_is() -> None:
    _, report = formats.read_report('{"gato": "cat", "perro": "dog"}')
    assert report.sources["perro"].where == "the word 'perro'"
    _, report = formats.read_report('[["gato", "cat"], ["perro", "dog"]]')
    assert report.sources["perro"].where == "[1]"
    _, report = formats.read_report('{"terms": [{"term": "gato"}, {"term": "Perro"}]}')
    assert report.sources["perro"].where == "terms[1]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[["gato", "cat", "extra"]]', "[0] must be a word and its meaning"),
        ('{"  ": "cat"}', "is blank"),
        ('[{"meaning": "cat"}]', "terms[0].term is missing"),
    ],
)
def test_broken_json_word_lists_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(MimageryError) as caught:
        formats.read(text)
    assert message in str(caught.value) and "\n" not in str(caught.value)
