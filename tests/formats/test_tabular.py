"""CSV and TSV glossaries: reading, writing, errors and round trips."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mimagery import formats
from mimagery.errors import MimageryError
from mimagery.formats import tabular
from mimagery.model import ORIGINS, Deck, Mimage, Term, clean, key, normalise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture(name: str) -> str:
    # Bytes decoded by hand keep \r\n line ends as they are on disk, as formats.decode does.
    return (FIXTURES / name).read_bytes().decode("utf-8")


def terms_by_name(deck: Deck) -> dict[str, Term]:
    return {term.name: term for term in deck.terms}


# --- fixtures -----------------------------------------------------------------


def test_spanish_fixture_with_synonym_header() -> None:
    deck = tabular.read(fixture("spanish.csv"), "csv")
    assert deck.name == ""
    assert [t.name for t in deck.terms] == ["caballo", "mariposa", "ventana", "desayuno", "lluvia"]
    terms = terms_by_name(deck)
    # Two rows for caballo: one term, two mimages, the second keyword taken from its scene.
    assert [m.keyword for m in terms["caballo"].mimages] == ["Cab Eye-o", "Cobble Yo-yo"]
    assert (
        terms["caballo"].mimages[1].scene == 'A "Cobble Yo-yo" bounces under the horse\'s hooves.'
    )
    assert terms["mariposa"].mimages[0].scene == (
        "A butterfly marries a posy of roses,\nthen flies off with the bouquet."
    )
    assert terms["ventana"].mimages[0].keyword == "Vent, Ana!"
    assert terms["desayuno"].aliases == ["almuerzo temprano"]
    assert terms["desayuno"].mimages == []
    assert terms["lluvia"].mimages[0].keyword == "Yoo-hoo Via"  # from “curly quotes”


def test_semicolon_fixture_from_excel() -> None:
    deck = tabular.read(fixture("anatomy_semicolon.csv"), "csv")
    terms = terms_by_name(deck)
    assert list(terms) == ["Femur", "Patella", "Scapula", "Clavicle"]
    assert terms["Femur"].definition == "The thigh bone, longest bone in the body"
    assert terms["Scapula"].mimages == [Mimage("Scap, you la!")]
    assert terms["Clavicle"].mimages[0].scene == "Cal wears a collar; a clever violin rests on it."


def test_tsv_fixture_with_every_column() -> None:
    deck = tabular.read(fixture("finance.tsv"), "tsv")
    terms = terms_by_name(deck)
    apr = terms["Annual percentage rate"]
    assert apr.aliases == ["APR"]
    assert apr.mimages == [
        Mimage(
            "An Owl Percent",
            "An owl counts percent signs on a loan form, one a year.",
            origin="user",
            picture="pictures/apr.png",
        ),
        Mimage(
            "April Rate",
            "In April a banker raises the rate and",
            origin="generated",
            complete=False,
            chosen=True,
        ),
    ]
    assert (
        terms["Liquidity"].mimages[0].scene == "A city melts into cash, its towers\tdripping coins."
    )
    assert terms["EBITDA"].aliases == ["earnings before interest", "operating profit"]
    assert terms["EBITDA"].mimages == []


def test_tsv_fixture_read_as_csv_sniffs_the_tab() -> None:
    assert tabular.read(fixture("finance.tsv"), "csv") == tabular.read(
        fixture("finance.tsv"), "tsv"
    )


def test_headerless_fixture() -> None:
    deck = tabular.read(fixture("headerless.csv"), "csv", header=False)
    assert deck.terms == [
        Term("hola", "hello"),
        Term("adiós", "goodbye", [], [Mimage("Adi Oz", "Adi waves goodbye to the Wizard of Oz.")]),
        Term("gracias", "thank you, thanks", [], [Mimage("Grassy Ass")]),
        Term("perro", "dog"),
    ]


@pytest.mark.parametrize(
    "name", ["spanish.csv", "anatomy_semicolon.csv", "finance.tsv", "headerless.csv"]
)
def test_fixtures_through_formats_read(name: str) -> None:
    # The public entry point: format from the file name, then normalise.
    deck = formats.read(fixture(name).encode(), filename=name, header=name != "headerless.csv")
    assert deck.terms
    for term in deck.terms:
        if term.mimages:
            assert sum(m.chosen for m in term.mimages) == 1


# --- headers ------------------------------------------------------------------


def synonym_cases() -> list[tuple[str, str]]:
    return [(column, name) for column, names in tabular.SYNONYMS.items() for name in names]


@pytest.mark.parametrize(("column", "name"), synonym_cases())
@pytest.mark.parametrize("case", [str, str.upper, str.title])
def test_every_header_synonym(column: str, name: str, case: Callable[[str], str]) -> None:
    values = {
        "term": "ojo",
        "definition": "eye",
        "keyword": "Oh Ho",
        "scene": "An eye says “Oh Ho”.",
        "aliases": "ojito; ojos",
        "origin": "user",
        "complete": "no",
        "chosen": "yes",
        "picture": "ojo.png",
    }
    columns = ["term", "definition"]
    if column not in columns:
        columns.append(column)
    header = [case(name) if c == column else c for c in columns]
    text = ",".join(header) + "\n" + ",".join(values[c] for c in columns) + "\n"
    term = tabular.read(text, "csv").terms[0]
    assert term.name == "ojo"
    assert term.definition == "eye"
    if column == "keyword":
        assert term.mimages[0].keyword == "Oh Ho"
    elif column == "scene":
        assert term.mimages[0].scene == "An eye says “Oh Ho”."
        assert term.mimages[0].keyword == "Oh Ho"
    elif column == "aliases":
        assert term.aliases == ["ojito", "ojos"]
    else:
        # origin, complete, chosen and picture say nothing without a keyword or scene.
        assert term.mimages == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Term,Definition", "term definition"),
        ("  TERM  , definition ", "term definition"),
        ("terms,definitions,keywords,scenes", "term definition keyword scene"),
        ("mnemonic_keyword,vocab,gloss", "keyword term definition"),
        ("Sound alike,Front,Back", "keyword term definition"),
        ("word,meaning,tags,notes", "term definition None None"),
        ("Key Word,Headword,Translation,Also Known As", "keyword term definition aliases"),
    ],
)
def test_header_forms(header: str, expected: str) -> None:
    cells = next(csv.reader([header]))
    assert " ".join(str(tabular._column_of(cell)) for cell in cells) == expected


def test_columns_in_any_order_and_unknown_columns_ignored() -> None:
    text = "Notes,Scene,Definition,Term,Tags\nlearn first,A bee “Bay” hums,bay,bahía,coast\n"
    assert tabular.read(text, "csv").terms == [
        Term("bahía", "bay", [], [Mimage("Bay", "A bee “Bay” hums")])
    ]


def test_header_only_term_column_is_a_list_of_terms() -> None:
    assert tabular.read("term\nsol\nluna\n", "csv").terms == [Term("sol"), Term("luna")]


def test_header_only_file_is_an_empty_deck() -> None:
    assert tabular.read("term,definition\n", "csv").terms == []


# --- headerless files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gato,cat\n", Term("gato", "cat")),
        ("gato,cat,Got Oh\n", Term("gato", "cat", [], [Mimage("Got Oh")])),
        (
            "gato,cat,Got Oh,A cat says got oh\n",
            Term("gato", "cat", [], [Mimage("Got Oh", "A cat says got oh")]),
        ),
        (
            'gato,cat,,"A cat yells ""Got oh!"" at dawn"\n',
            Term("gato", "cat", [], [Mimage("Got oh!", 'A cat yells "Got oh!" at dawn')]),
        ),
        ("gato;cat, feline\n", Term("gato", "cat, feline")),
        ("gato\tcat; feline\n", Term("gato", "cat; feline")),
        ("gato,cat,,,\n", Term("gato", "cat")),  # trailing empty cells from a spreadsheet
    ],
)
def test_headerless_rows(text: str, expected: Term) -> None:
    assert tabular.read(text, "csv", header=False).terms == [expected]


@pytest.mark.parametrize("text", ["gato,cat\n", "gato;cat, feline\nperro;dog\n", "\n\nx\ty\n"])
def test_a_file_without_a_header_is_refused_unless_asked(text: str) -> None:
    with pytest.raises(MimageryError, match=r"no header: .* --no-header"):
        tabular.read(text, "csv")


def test_headerless_semicolons_with_commas_in_definitions() -> None:
    text = "casa;house, home\nperro;dog\nlibro;book, volume\n"
    assert [(t.name, t.definition) for t in tabular.read(text, "csv", header=False).terms] == [
        ("casa", "house, home"),
        ("perro", "dog"),
        ("libro", "book, volume"),
    ]


def test_headerless_commas_with_semicolons_in_definitions() -> None:
    text = "casa,house; home\nperro,dog\n"
    assert [(t.name, t.definition) for t in tabular.read(text, "csv", header=False).terms] == [
        ("casa", "house; home"),
        ("perro", "dog"),
    ]


# --- delimiters, line ends, multi-row terms --------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_sniffs_delimiter_and_line_ends(delimiter: str, newline: str) -> None:
    rows = [["Term", "Definition", "Keyword"], ["reloj", "clock", "Raw Low"], ["mesa", "table", ""]]
    text = newline.join(delimiter.join(row) for row in rows) + newline
    assert tabular.read(text, "csv").terms == [
        Term("reloj", "clock", [], [Mimage("Raw Low")]),
        Term("mesa", "table"),
    ]


def test_tsv_means_tab_even_with_commas() -> None:
    text = "term\tdefinition\nsí, claro\tyes, of course\n"
    assert tabular.read(text, "tsv").terms == [Term("sí, claro", "yes, of course")]


@pytest.mark.parametrize("hint", ["sep=;", "SEP=;"])
def test_excel_sep_line_names_the_delimiter(hint: str) -> None:
    text = f"{hint}\r\nterm;definition\r\nsol;sun, star\r\nluna\r\n;moon\r\n"
    assert tabular.read(f"{hint}\r\nterm;definition\r\nsol;sun, star\r\n", "csv").terms == [
        Term("sol", "sun, star")
    ]
    # The hint line still counts when naming lines.
    with pytest.raises(MimageryError, match="line 5: the term is blank"):
        tabular.read(text, "csv")


def test_bom_blank_lines_and_whitespace_rows_are_skipped() -> None:
    text = "\ufeff\n\nterm,definition\n\n  ,  \nluz,light\n\n"
    assert tabular.read(text, "csv").terms == [Term("luz", "light")]


def test_rows_with_the_same_term_are_one_term() -> None:
    text = (
        "term,definition,keyword,scene,aliases\n"
        "Aorta,,Hey Order,A heart shouts hey order,\n"
        "aorta,The main artery,A Ortho,An orthodontist tunes an artery,main artery\n"
        "AORTA,,,,\n"
        "Vena cava,Large vein,,,\n"
    )
    deck = tabular.read(text, "csv")
    assert deck.terms == [
        Term(
            "Aorta",
            "The main artery",
            ["main artery"],
            [
                Mimage("Hey Order", "A heart shouts hey order"),
                Mimage("A Ortho", "An orthodontist tunes an artery"),
            ],
        ),
        Term("Vena cava", "Large vein"),
    ]


def test_quoted_fields_with_commas_newlines_and_quotes() -> None:
    text = (
        "term,definition,scene\r\n"
        '"Bond, government","A loan to a state, repaid with interest","A ""Bond"" agent\r\n'
        'lends the queen a pound,\r\nthen waits."\r\n'
    )
    term = tabular.read(text, "csv").terms[0]
    assert term.name == "Bond, government"
    assert term.definition == "A loan to a state, repaid with interest"
    assert term.mimages == [Mimage("Bond", 'A "Bond" agent\nlends the queen a pound,\nthen waits.')]


@pytest.mark.parametrize(
    ("scene", "keyword"),
    [
        ('A "Sun Tan" bakes the beach, then a "Second" one.', "Sun Tan"),
        ("A “Sun Tan” bakes the beach.", "Sun Tan"),
        ('“First” and then "Second"', "First"),
        ('"Second" and then “First”', "Second"),
        ('Only an opening " quote', ""),
        ("No quotes at all", ""),
        ('Empty "" quotes', ""),
    ],
)
def test_keyword_from_scene(scene: str, keyword: str) -> None:
    quoted = '"' + scene.replace('"', '""') + '"'
    term = tabular.read(f"term,scene\nsol,{quoted}\n", "csv").terms[0]
    assert term.mimages == [Mimage(keyword, scene)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("1", True),
        ("false", False),
        ("no", False),
        ("NO", False),
        ("0", False),
        ("", None),
    ],
)
def test_booleans(cell: str, expected: bool | None) -> None:
    text = f"term,keyword,complete,chosen\nsol,Soul,{cell},{cell}\n"
    mimage = tabular.read(text, "csv").terms[0].mimages[0]
    assert mimage.complete is (True if expected is None else expected)
    assert mimage.chosen is (False if expected is None else expected)


@pytest.mark.parametrize(
    ("cell", "origin"), [("", "imported"), ("User", "user"), *[(o, o) for o in ORIGINS]]
)
def test_origins(cell: str, origin: str) -> None:
    text = f"term,keyword,origin\nsol,Soul,{cell}\n"
    assert tabular.read(text, "csv").terms[0].mimages[0].origin == origin


def test_cells_are_cleaned() -> None:
    text = "term,definition,keyword\n  cafe\u0301\u200b , \x07coffee\u202e ,\tCaff Hey \n"
    term = tabular.read(text, "csv").terms[0]
    assert term.name == "café"
    assert term.definition == "coffee"
    assert term.mimages[0].keyword == "Caff Hey"


# --- errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        (
            'term,definition\nsol,sun\nluna,"moon\nestrella,star\n',
            "csv",
            "line 3: unterminated quote",
        ),
        ('term,definition\nsol,"sun" star\n', "csv", "line 2: broken quoting"),
        (
            "term\tdefinition\nsol\tsun\n\nluna\tmoon\tMoon\n",
            "tsv",
            "line 4: 3 cells but the header",
        ),
        ("term,definition\nsol,sun\n,moon\n", "csv", "line 3: the term is blank"),
        (
            'term,definition,scene\r\nsol,sun,"a\r\nb"\r\n,moon,\r\n',
            "csv",
            "line 4: the term is blank",
        ),
        (
            "term,keyword,complete\nsol,Soul,maybe\n",
            "csv",
            "line 2: complete must be true or false",
        ),
        ("term,keyword,chosen\nsol,Soul,2\n", "csv", "line 2: chosen must be true or false"),
        ("term,keyword,origin\nsol,Soul,ai\n", "csv", "line 2: origin must be one of imported"),
        ("definition,keyword\nsun,Soul\n", "csv", "line 1: the header has no term column"),
        (
            "word,palabra\nsun,sol\n",
            "csv",
            "line 1: the header has a term column but no definition",
        ),
        ("term,word,definition\na,b,c\n", "csv", "the header names the term column twice"),
        ("gato,cat\n", "xlsx", "unknown tabular format"),
    ],
)
def test_bad_input(text: str, fmt: str, message: str) -> None:
    with pytest.raises(MimageryError) as error:
        tabular.read(text, fmt)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("gato,cat\nperro,dog,Pear Oh,scene,extra\n", "line 2: 5 cells but a file without"),
        ("gato\nperro\n", "line 1: expected a term and a definition separated by ','"),
    ],
)
def test_bad_input_without_a_header(text: str, message: str) -> None:
    with pytest.raises(MimageryError) as error:
        tabular.read(text, "csv", header=False)
    assert message in str(error.value)


def test_field_over_one_megabyte() -> None:
    text = "term,definition\nsol," + "x" * (tabular.MAX_FIELD + 1) + "\n"
    with pytest.raises(MimageryError, match=r"line 2: a field is larger than 1 MB"):
        tabular.read(text, "csv")
    # The limit is only ours while reading: the process-wide default is back.
    assert csv.field_size_limit() == 131072


def test_field_just_under_one_megabyte() -> None:
    text = "term,definition\nsol," + "x" * tabular.MAX_FIELD + "\n"
    assert len(tabular.read(text, "csv").terms[0].definition) == tabular.MAX_FIELD


def test_empty_text_is_an_empty_deck() -> None:
    # formats.read turns an empty deck into "no glossary entries found".
    assert tabular.read("\n\n", "csv") == Deck("")
    with pytest.raises(MimageryError, match="no glossary entries"):
        formats.read("term,definition\n", "csv")


# --- looks_tabular ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("term,definition\nsol,sun\n", True),
        ("Word;Meaning;Sound-alike\n", True),
        ("Front\tBack\n", True),
        ('"Vocabulary","Translation"\n', True),
        ("\n\nconcept,explanation,story\n", True),
        ("term,keyword\nsol,Soul\n", False),  # no definition column
        ("sol,sun\nluna,moon\n", False),  # no header
        ("term definition\n", False),  # no delimiter
        ("Term: definition, with a comma\n", False),
        ("", False),
    ],
)
def test_looks_tabular(text: str, expected: bool) -> None:
    assert tabular.looks_tabular(text) is expected


@pytest.mark.parametrize("text", ["Word;Meaning\nsol;sun\n", "term,definition\nsol,sun\n"])
def test_sniffer_picks_csv(text: str) -> None:
    assert formats.sniff(text) == "csv"


# --- writing ----------------------------------------------------------------------


def sample_deck() -> Deck:
    return Deck(
        "Anatomy",
        [
            Term(
                "Deltoid",
                "Triangular shoulder muscle",
                ["delts", "deltoid muscle"],
                [
                    Mimage("Dell Toyed", 'A man toys with a Dell laptop\non his shoulder, 3" wide'),
                    Mimage(
                        "Delta Id",
                        "A river delta\tshows ID",
                        origin="generated",
                        complete=False,
                        picture="/pictures/d.png",
                        chosen=True,
                    ),
                ],
            ),
            Term("Tibia", "Shin bone"),
        ],
    )


def test_write_csv() -> None:
    text = tabular.write(sample_deck(), "csv")
    assert not text.startswith("\ufeff")
    assert (
        text.split("\r\n")[0]
        == "term,aliases,definition,keyword,scene,origin,complete,chosen,picture"
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1:] == [
        [
            "Deltoid",
            "delts; deltoid muscle",
            "Triangular shoulder muscle",
            "Dell Toyed",
            'A man toys with a Dell laptop\non his shoulder, 3" wide',
            "imported",
            "true",
            "false",
            "",
        ],
        [
            "Deltoid",
            "delts; deltoid muscle",
            "Triangular shoulder muscle",
            "Delta Id",
            "A river delta\tshows ID",
            "generated",
            "false",
            "true",
            "/pictures/d.png",
        ],
        ["Tibia", "", "Shin bone", "", "", "", "", "", ""],
    ]
    assert text.endswith("Tibia,,Shin bone,,,,,,\r\n")


def test_write_tsv_quotes_tabs_and_newlines() -> None:
    text = tabular.write(sample_deck(), "tsv")
    assert text.startswith("term\taliases\tdefinition\tkeyword\tscene\t")
    assert '"A river delta\tshows ID"' in text
    assert '"A man toys with a Dell laptop\non his shoulder, 3"" wide"' in text
    assert tabular.read(text, "tsv").terms == sample_deck().terms


def test_write_flags_the_first_mimage_when_none_is_chosen() -> None:
    deck = Deck("", [Term("sol", "sun", [], [Mimage("Soul"), Mimage("Sole")])])
    rows = list(csv.reader(io.StringIO(tabular.write(deck, "csv"), newline="")))
    assert [row[7] for row in rows[1:]] == ["true", "false"]


def test_write_unknown_format() -> None:
    with pytest.raises(MimageryError, match="unknown tabular format"):
        tabular.write(sample_deck(), "xls")


def test_formats_write_dispatches_here() -> None:
    assert formats.write(sample_deck(), "tsv") == tabular.write(sample_deck(), "tsv")


# --- round trips ------------------------------------------------------------------


def is_clean(text: str) -> bool:
    return clean(text) == text


# Any text a cleaned glossary can hold: no control characters but newline and
# tab, no surrogates, already NFC and trimmed; the characters CSV gives a
# meaning to are drawn often.
text = (
    st.text(
        st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t")
        | st.sampled_from(",;\"“”'\t\n \u2028\u00a0"),
        max_size=20,
    )
    .map(clean)
    .filter(is_clean)
)
# Names, aliases and keywords are one line: no tab, line break or line separator.
names = text.filter(bool).filter(lambda t: not any(c in t for c in "\t\n\r\u2028\u2029"))

mimages = st.builds(
    Mimage,
    keyword=names,
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
    aliases=st.lists(names.filter(lambda alias: ";" not in alias), max_size=3),
    mimages=st.lists(mimages, max_size=4, unique_by=lambda m: key(m.keyword)),
)

decks = st.builds(
    Deck, name=st.just(""), terms=st.lists(terms, max_size=6, unique_by=lambda t: key(t.name))
).map(normalise)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@given(deck=decks)
def test_round_trip(fmt: str, deck: Deck) -> None:
    assert tabular.read(tabular.write(deck, fmt), fmt) == deck


@given(deck=decks)
def test_round_trip_through_formats(deck: Deck) -> None:
    if not deck.terms:
        return
    written = formats.write(deck, "csv").encode()
    # CSV carries no deck name: the file's name gives it.
    assert formats.read(written, filename="deck.csv") == Deck("deck", deck.terms)
    assert formats.sniff(written.decode()) == "csv"
