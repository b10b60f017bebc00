"""Word lists in other languages: two columns (word, meaning) in every text format and in
Anki vocabulary decks, and the check of each word against the deck's language."""

from __future__ import annotations

from pathlib import Path

import genanki  # type: ignore[import-untyped]
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from mimagery import formats, languages
from mimagery.errors import MimageryError
from mimagery.formats import ReadReport, apkg, checks
from mimagery.model import Deck, Term

WORDS = FIXTURES / "words"


def _pairs(deck: Deck) -> list[tuple[str, str]]:
    return [(term.name, term.definition) for term in deck.terms]


# Pasted text, each way of writing a word and its meaning --------------------------------

ANIMALS = [("gato", "cat"), ("perro", "dog"), ("la casa", "house")]


@pytest.mark.parametrize(
    "text",
    [
        "gato – cat\nperro – dog\nla casa – house\n",
        "gato: cat\nperro: dog\nla casa: house\n",
        "gato = cat\nperro = dog\nla casa = house\n",
        "gato - cat\nperro - dog\nla casa - house\n",
        "gato, cat\nperro, dog\nla casa, house\n",
        "gato,cat\nperro,dog\nla casa,house\n",
        "Spanish words\n\ngato, cat\nperro, dog\nla casa, house\n",
        "- gato – cat\n- perro – dog\n- la casa – house\n",
        "1. gato: cat\n2. perro: dog\n3. la casa: house\n",
    ],
    ids=[
        "en-dash",
        "colon",
        "equals",
        "hyphen",
        "comma",
        "comma-no-space",
        "comma-titled",
        "bullets",
        "numbered",
    ],
)
def test_pasted_word_lists(text: str) -> None:
    deck, report = formats.read_report(text, "pasted")
    assert _pairs(deck) == ANIMALS
    assert not report.skipped


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "собака dog\nкошка cat\nмолоко milk\n",
            [("собака", "dog"), ("кошка", "cat"), ("молоко", "milk")],
        ),
        (
            "большой дом big house\nчёрный кот a black cat\n",
            [("большой дом", "big house"), ("чёрный кот", "a black cat")],
        ),
        ("собака – dog\nкошка: cat\n", [("собака", "dog"), ("кошка", "cat")]),
    ],
    ids=["one-space", "phrases", "separators"],
)
def test_cyrillic_words_then_english_meanings(text: str, pairs: list[tuple[str, str]]) -> None:
    assert _pairs(formats.read(text, "pasted")) == pairs


@pytest.mark.parametrize(
    ("code", "text", "word"),
    [
        ("it", "il cane – dog\ni gatti – the cats\nla casa – house\n", "i gatti"),
        ("nl", "de hond – dog\nwe gaan – we go\nhet huis – house\n", "we gaan"),
        ("es", "el perro – dog\nhas comido – you have eaten\nla casa – house\n", "has comido"),
    ],
)
def test_words_english_reads_as_prose_are_names_in_other_languages(
    code: str, text: str, word: str
) -> None:
    english = formats.read(text, "pasted")
    assert word not in [term.name for term in english.terms]  # "i", "we", "has": prose
    read = formats.read(text, "pasted", language=code)
    assert [term.name for term in read.terms][1] == word


def test_a_word_with_its_meaning_left_out_does_not_run_into_the_one_before() -> None:
    deck = formats.read("gato – cat\nperro –\nla casa – house\n", "pasted")
    assert _pairs(deck) == [("gato", "cat"), ("perro", ""), ("la casa", "house")]
    deck = formats.read("gato = cat\nperro =\nla casa = house\n", "pasted")
    assert _pairs(deck) == [("gato", "cat"), ("perro", ""), ("la casa", "house")]


def test_a_lone_comma_line_among_dashes_is_a_remark_not_a_word() -> None:
    text = "gato – cat\nperro – dog\n\nCopied from my notes, sorry about the mess!\n\nla casa – house\n"
    deck, report = formats.read_report(text, "pasted")
    assert _pairs(deck) == ANIMALS
    assert [line.number for line in report.skipped] == [4]


def test_commas_in_an_english_glossary_are_not_read_as_word_pairs() -> None:
    text = (
        "Xylem – the tissue that carries water, and minerals, up from the roots.\n"
        "Phloem – the tissue that carries sugars, from the leaves.\n"
    )
    deck = formats.read(text, "pasted")
    assert [term.name for term in deck.terms] == ["Xylem", "Phloem"]


# Markdown, CSV/TSV, JSON ------------------------------------------------------------------


def test_markdown_lists_and_tables() -> None:
    deck, report = formats.read_report((WORDS / "italian.md").read_bytes(), filename="italian.md")
    assert deck.name == "Italiano: la casa"
    assert _pairs(deck) == [
        ("la cucina", "kitchen"),
        ("il bagno", "bathroom"),
        ("la camera da letto", "bedroom"),
        ("il tavolo", "table"),
        ("la sedia", "chair"),
        ("lo specchio", "mirror"),
    ]
    # "## Things" over a table is a heading, not a term whose definition is the table.
    assert [line.text for line in report.headings][:2] == ["## Rooms", "## Things"]


@pytest.mark.parametrize(
    ("name", "header", "pairs"),
    [
        (
            "german.csv",
            True,
            [
                ("der Hund", "dog"),
                ("die Katze", "cat"),
                ("das Mädchen", "girl, young woman"),
                ("das Brötchen", "bread roll"),
                ("der Schlüssel", "key"),
                ("gemütlich", "cosy, snug"),
            ],
        ),
        (
            "italian_semicolon.csv",
            True,
            [("il gatto", "cat"), ("la casa", "house"), ("il libro", "book")],
        ),
        (
            "russian_noheader.tsv",
            False,
            [("собака", "dog"), ("кошка", "cat"), ("молоко", "milk"), ("спасибо", "thank you")],
        ),
    ],
)
def test_csv_and_tsv_word_lists(name: str, header: bool, pairs: list[tuple[str, str]]) -> None:
    path = WORDS / name
    assert _pairs(formats.read(path.read_bytes(), filename=name, header=header)) == pairs


@pytest.mark.parametrize(
    "header", ["word,meaning", "Front,Back", "Spanish,English", "term,translation"]
)
def test_csv_headers_of_word_lists(header: str) -> None:
    deck = formats.read(f"{header}\ngato,cat\nperro,dog\n", "csv")
    assert _pairs(deck) == [("gato", "cat"), ("perro", "dog")]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Front,Back,English\ngato,cat,a note\n", ("gato", "cat")),
        ("Word,Spanish,Meaning,English\ngato,x,cat,y\n", ("gato", "cat")),
    ],
)
def test_plainly_named_columns_win_over_language_named_ones(
    text: str, pair: tuple[str, str]
) -> None:
    assert _pairs(formats.read(text, "csv")) == [pair]


def test_a_header_naming_english_first_still_makes_the_foreign_word_the_term() -> None:
    deck = formats.read("English,Russian\ndog,собака\ncat,кошка\n", "csv")
    assert _pairs(deck) == [("собака", "dog"), ("кошка", "cat")]


def test_json_word_lists_and_their_language() -> None:
    deck = formats.read((WORDS / "portuguese.json").read_bytes(), filename="portuguese.json")
    assert deck.language == "pt"
    assert _pairs(deck) == [("coração", "heart"), ("pão", "bread"), ("maçã", "apple")]
    deck = formats.read((WORDS / "dutch_words.json").read_bytes(), filename="dutch_words.json")
    assert deck.name == "dutch words" and deck.language == "en"  # the import chooses
    assert _pairs(deck)[:2] == [("de hond", "dog"), ("de kat", "cat")]


def test_the_json_export_carries_the_language() -> None:
    deck = Deck("Palabras", [Term("gato", "cat")], language="es")
    assert '"language": "es"' in formats.write(deck, "json")
    assert formats.read(formats.write(deck, "json")).language == "es"


# Anki vocabulary decks --------------------------------------------------------------------


def _vocabulary_package(tmp_path: Path) -> bytes:
    """A vocabulary deck as Anki users share them: the word's field named after its
    language, a sound field, HTML and sound tags in the fields."""
    note_type = genanki.Model(
        1_607_392_319,
        "Russian vocabulary",
        fields=[{"name": "Russian"}, {"name": "Audio"}, {"name": "English"}],
        templates=[{"name": "Card 1", "qfmt": "{{Russian}}", "afmt": "{{English}}"}],
    )
    anki_deck = genanki.Deck(2_059_400_111, "Russian::Animals")
    for fields in [
        ["<b>собака</b> [sound:sobaka.mp3]", "[sound:sobaka.mp3]", "dog"],
        ["кошка&nbsp;", "[sound:koshka.mp3]", "<div>cat</div>"],
        ["<span style='color:red'>молоко</span>", "", "milk<br>(uncountable)"],
    ]:
        anki_deck.add_note(genanki.Note(model=note_type, fields=fields))
    path = tmp_path / "russian.apkg"
    genanki.Package(anki_deck).write_to_file(str(path))
    return path.read_bytes()


def test_an_anki_vocabulary_deck_reads_as_words_and_meanings(tmp_path: Path) -> None:
    deck, report = formats.read_report(_vocabulary_package(tmp_path), filename="russian.apkg")
    assert deck.name == "Russian::Animals"
    assert _pairs(deck) == [("собака", "dog"), ("кошка", "cat"), ("молоко", "milk\n(uncountable)")]
    assert report.sources["кошка"].where == "note 2"


def test_front_back_notes_with_sound_tags(tmp_path: Path) -> None:
    anki_deck = genanki.Deck(2_059_400_112, "Deutsch")
    for front, back in [("der Hund [sound:hund.mp3]", "dog"), ("<i>die</i> Katze", "cat")]:
        anki_deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=[front, back]))
    path = tmp_path / "deutsch.apkg"
    genanki.Package(anki_deck).write_to_file(str(path))
    assert _pairs(formats.read(path.read_bytes(), filename="deutsch.apkg")) == [
        ("der Hund", "dog"),
        ("die Katze", "cat"),
    ]


def test_the_romanisation_our_export_writes_is_not_read_back_into_the_term(
    tmp_path: Path,
) -> None:
    deck = Deck("Русский", [Term("щука", "pike"), Term("дом", "house")], language="ru")
    assert apkg.term_field(deck.terms[0]) == 'щука <span class="romanised">shchuka</span>'
    path = tmp_path / "ru.apkg"
    apkg.write(deck, tmp_path, path, svg=True)
    assert _pairs(formats.read(path.read_bytes(), filename="ru.apkg")) == _pairs(deck)


# The check against the deck's language ---------------------------------------------------


def _checked(path: Path, code: str) -> tuple[Deck, ReadReport]:
    deck, report = formats.read_report(path.read_bytes(), filename=path.name)
    return checks.check(deck, report, languages.get(code)), report


def test_each_word_that_is_not_russian_is_reported_on_its_line() -> None:
    deck, report = _checked(WORDS / "russian_mixed.txt", "ru")
    assert deck.language == "ru"
    assert _pairs(deck) == [
        ("собака", "dog"),
        ("кошка", "cat"),
        ("молоко", "milk"),
        ("дом", "house"),
    ]
    assert [(line.number, line.note) for line in report.skipped] == [
        (5, "a Latin word in a Russian deck"),
        (6, "a Latin word in a Russian deck"),
        (7, "Latin letters ('c') in a Cyrillic word"),
        (8, "a word without its meaning"),
        (10, "a letter Russian does not use ('ї')"),
    ]
    assert report.skipped[0].text == "perro – dog"


def test_cyrillic_words_in_a_spanish_list_are_reported() -> None:
    text = "Palabras\n\ngato – cat\nперро – dog\nperro – dog\nMädchen – girl\nla casa – house\n"
    deck, report = formats.read_report(text, "pasted")
    deck = checks.check(deck, report, languages.get("es"))
    assert [term.name for term in deck.terms] == ["gato", "perro", "la casa"]
    assert [(line.number, line.note) for line in report.skipped] == [
        (4, "a Cyrillic word in a Spanish deck"),
        (6, "a letter Spanish does not use ('ä')"),
    ]


def test_csv_rows_and_json_places_are_named() -> None:
    deck, report = formats.read_report("word,meaning\ngato,cat\nsobaka,\nperro,dog\n", "csv")
    checks.check(deck, report, languages.get("es"))
    assert [(line.where, line.text) for line in report.skipped] == [("line 3", "sobaka")]
    deck, report = formats.read_report('{"gato": "cat", "собака": "dog", "perro": "dog"}')
    checks.check(deck, report, languages.get("es"))
    assert [line.where for line in report.skipped] == ["the word 'собака'"]


def test_english_glossaries_keep_terms_without_definitions_and_greek_letters() -> None:
    deck = Deck(
        "Physics", [Term("α decay", "A nucleus gives off an alpha particle."), Term("Boson")]
    )
    assert checks.check(deck, ReadReport(), languages.get("en")).terms == deck.terms


def test_a_list_mostly_in_another_language_is_refused_in_one_line() -> None:
    deck, report = formats.read_report((WORDS / "russian_space.txt").read_bytes(), "pasted")
    with pytest.raises(MimageryError) as caught:
        checks.check(deck, report, languages.get("es"))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("7 of 7 words are not Spanish (line 3: 'собака dog': a Cyrillic")
    assert "--lang" in message


def test_nothing_left_to_import_is_one_line() -> None:
    deck, report = formats.read_report("gato –\nperro –\n", "pasted")
    with pytest.raises(MimageryError, match=r"^no word to import: line 1: 'gato –'"):
        checks.check(deck, report, languages.get("es"))


# Any word list written in each way reads back as written ------------------------------

SPANISH_LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúüñ"  # read as Spanish: "has" is a word
RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


# mimagery's own words for mimages ("Mimage: …", "Mnemonic: …") mark mimage lines.
OWN_WORDS = ("mimage", "mnemonic", "memory", "imagine", "picture", "visuali", "envis")


def _phrase(letters: str, most: int) -> st.SearchStrategy[str]:
    word = st.text(letters, min_size=2, max_size=9).filter(
        lambda w: not any(own in w for own in OWN_WORDS)
    )
    return st.lists(word, min_size=1, max_size=most).map(" ".join)


def _word_list(letters: str) -> st.SearchStrategy[list[tuple[str, str]]]:
    pairs = st.tuples(_phrase(letters, 3), _phrase("abcdefghijklmnopqrstuvwxyz", 4))
    return st.lists(pairs, min_size=2, max_size=12, unique_by=lambda pair: pair[0])


@settings(max_examples=60, deadline=None)
@given(pairs=_word_list(SPANISH_LETTERS), separator=st.sampled_from([" – ", ": ", " = ", ", "]))
@example(pairs=[("aa", "aa"), ("re", "aa")], separator=": ")  # "re:" is no forum reply here
def test_any_latin_word_list_reads_back(pairs: list[tuple[str, str]], separator: str) -> None:
    text = "\n".join(f"{word}{separator}{meaning}" for word, meaning in pairs)
    assert _pairs(formats.read(text, "pasted", language="es")) == pairs


@settings(max_examples=60, deadline=None)
@given(pairs=_word_list(RUSSIAN_LETTERS))
def test_any_cyrillic_word_list_with_spaces_reads_back(pairs: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{word} {meaning}" for word, meaning in pairs)
    deck, report = formats.read_report(text, "pasted")
    assert _pairs(deck) == pairs
    assert _pairs(checks.check(deck, report, languages.get("ru"))) == pairs
