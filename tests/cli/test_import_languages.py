"""The command line and other languages: ``import --lang``, ``settings --lang``, the
language in ``decks`` and in exports, word lists checked line by line, and romanisation
on the terminal's cards."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console

from conftest import FIXTURES, Result, dump
from mimagery import formats
from mimagery.cli.session import Session
from mimagery.store import Store

Run = Callable[..., Result]
WORDS = FIXTURES / "words"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _exported(run: Run, deck: str) -> dict[str, object]:
    result = run("export", "--deck", deck, "--format", "json", "-o", "-")
    assert result.code == 0, result.err
    return dict(json.loads(result.out))


def test_import_lang_makes_a_deck_in_that_language(run: Run) -> None:
    result = run("import", str(WORDS / "spanish_kitchen.txt"), "--lang", "es")
    assert result.code == 0, result.err
    out = _flat(result.out)
    assert "Imported into deck Spanish: 8 added" in out
    assert "line 12: la nevera – (a word without its meaning)" in out
    exported = _exported(run, "Spanish")
    assert exported["language"] == "es"
    decks = _flat(run("decks").out)
    assert "Language" in decks and "Spanish (es)" in decks


def test_english_decks_show_no_language_column(run: Run) -> None:
    assert run("import", str(FIXTURES / "botany_pasted.txt")).code == 0
    assert "Language" not in run("decks").out


def test_cyrillic_words_make_a_russian_deck_without_lang(run: Run) -> None:
    result = run("import", str(WORDS / "russian_space.txt"))
    assert result.code == 0, result.err
    assert _exported(run, "Русские слова")["language"] == "ru"


def test_the_json_language_makes_the_deck_and_survives_a_round_trip(
    run: Run, tmp_path: Path
) -> None:
    assert run("import", str(WORDS / "portuguese.json")).code == 0
    exported = _exported(run, "Português básico")
    assert exported["language"] == "pt"
    path = tmp_path / "again.json"
    path.write_text(json.dumps({**exported, "deck": "Again"}), encoding="utf-8")
    assert run("import", str(path)).code == 0
    assert _exported(run, "Again")["language"] == "pt"


def test_an_unknown_language_is_one_line_listing_the_supported(run: Run, home: Path) -> None:
    result = run("import", str(WORDS / "german.csv"), "--lang", "klingon")
    assert result.code == 2 and "Traceback" not in result.err
    (line,) = result.err.splitlines()
    assert line.startswith("error: unknown language 'klingon': supported are en (English)")
    assert "ru (Russian)" in line
    assert not (home / "mimagery.sqlite3").exists()  # refused before anything was opened


def test_importing_into_a_deck_of_another_language_is_refused_and_changes_nothing(
    run: Run, home: Path
) -> None:
    assert run("import", str(WORDS / "german.csv"), "--lang", "de", "--deck", "Words").code == 0
    before = dump(home / "mimagery.sqlite3")
    result = run("import", str(WORDS / "french_commas.txt"), "--lang", "fr", "--deck", "words")
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert line.startswith("error: deck 'Words' is in German (de), not French (fr)")
    assert "mimagery settings --deck 'Words' --lang fr" in line
    # Cyrillic words into the German deck, no --lang: the script says they are Russian.
    result = run("import", str(WORDS / "russian_space.txt"), "--deck", "Words")
    assert result.code == 2
    assert "the glossary is in Russian (ru) but deck 'Words' is in German (de)" in result.err
    assert dump(home / "mimagery.sqlite3") == before
    assert not list(home.glob("backups/*"))  # refused before the merge's backup


def test_more_words_in_the_deck_language_merge_without_lang(run: Run) -> None:
    assert run("import", str(WORDS / "german.csv"), "--lang", "de", "--deck", "Words").code == 0
    more = run(
        "import", "-", "--deck", "Words", "--format", "csv", stdin=b"word,meaning\nder Baum,tree\n"
    )
    assert more.code == 0, more.err
    assert "1 added" in _flat(more.out)
    assert _exported(run, "Words")["language"] == "de"


def test_each_bad_line_is_reported_and_strict_refuses(run: Run, home: Path) -> None:
    result = run("import", str(WORDS / "russian_mixed.txt"), "--strict")
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert line.startswith("error: 5 lines would be skipped (line 5: 'perro – dog'")
    assert "Russian words" not in run("decks").out
    result = run("import", str(WORDS / "russian_mixed.txt"))
    assert result.code == 0, result.err
    out = _flat(result.out)
    assert "4 added" in out and "Skipped 5 lines" in out
    for expected in (
        "line 5: perro – dog (a Latin word in a Russian deck)",
        "line 7: cобака – dog (typed with a Latin c) (Latin letters ('c') in a Cyrillic word)",
        "line 8: хлеб – (a word without its meaning)",
        "line 10: їжак – hedgehog (a letter Russian does not use ('ї'))",
    ):
        assert expected in out
    names = [t["term"] for t in _exported(run, "Russian words, lesson 2")["terms"]]  # type: ignore[union-attr]
    assert names == ["собака", "кошка", "молоко", "дом"]


def test_a_list_in_the_wrong_language_is_one_line_and_stores_nothing(run: Run, home: Path) -> None:
    result = run("import", str(WORDS / "french_commas.txt"), "--lang", "ru")
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert line.startswith("error: 7 of 7 words are not Russian (line 3: 'le chat, cat'")
    assert "French animals" not in run("decks").out


def test_the_report_shows_user_text_as_it_is(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text(
        "word,meaning\nсобака,dog\n[bold red]gato[/],cat\nкошка,cat\n", encoding="utf-8"
    )
    result = run("import", str(path), "--deck", "Escaping")
    assert result.code == 0, result.err
    assert "line 3: [bold red]gato[/],cat" in result.out  # markup shown, not applied


def test_settings_lang_changes_the_language(run: Run) -> None:
    assert run("import", str(WORDS / "german.csv"), "--deck", "Words").code == 0
    assert _exported(run, "Words")["language"] == "en"
    changed = run("settings", "--deck", "Words", "--lang", "de")
    assert changed.code == 0, changed.err
    assert "German (de)" in changed.out
    assert _exported(run, "Words")["language"] == "de"


def test_settings_lang_refuses_a_language_the_words_are_not_written_in(
    run: Run, home: Path
) -> None:
    assert run("import", str(WORDS / "russian_space.txt"), "--deck", "Words").code == 0
    before = dump(home / "mimagery.sqlite3")
    result = run("settings", "--deck", "Words", "--lang", "es", "--new-per-day", "5")
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert line.startswith("error: deck 'Words' stays Russian: 7 of its terms are not Spanish")
    bad = run("settings", "--deck", "Words", "--lang", "ru", "--retention", "5")
    assert bad.code == 2 and "retention" in bad.err
    assert run("settings", "--deck", "Words", "--lang", "xx").code == 2
    assert dump(home / "mimagery.sqlite3") == before


def test_russian_words_are_romanised_on_the_terminal_cards(home: Path) -> None:
    store = Store.open()
    try:
        deck = formats.read((WORDS / "russian_space.txt").read_bytes(), filename="ru.txt")
        deck.language = "ru"
        store.import_deck(deck, now=NOW)
        buffer = io.StringIO()
        console = Console(file=buffer, width=120, color_system=None, highlight=False)
        clock = [NOW]

        class Keys:
            def __init__(self) -> None:
                self.keys = [" ", "3"] * 3

            def read_key(self) -> str | None:
                clock[0] += timedelta(seconds=2)
                return self.keys.pop(0) if self.keys else None

        Session(store, "Русские слова", Keys(), console, lambda: clock[0], pictures=False).run()
    finally:
        store.close()
    shown = buffer.getvalue()
    assert "собака  sobaka" in shown  # the answer: the word and its romanisation
    assert "sobaka" not in shown.split("собака")[0]  # not before the word is shown


def test_show_romanises_the_term(run: Run) -> None:
    assert run("import", str(WORDS / "russian_space.txt")).code == 0
    shown = run("show", "щука")
    assert shown.code == 0, shown.err
    assert "щука  shchuka" in shown.out


def test_a_list_is_read_again_in_the_language_of_the_deck_it_goes_into(run: Run) -> None:
    first = run(
        "import", "-", "--lang", "it", "--deck", "Italiano", stdin="il cane – dog\n".encode()
    )
    assert first.code == 0, first.err
    # No --lang, no --deck: the title names the Italian deck, whose language reads "i gatti".
    text = "Italiano\n\nil gatto – cat\ni gatti – the cats\nla casa – house\n"
    more = run("import", "-", stdin=text.encode())
    assert more.code == 0, more.err
    names = [t["term"] for t in _exported(run, "Italiano")["terms"]]  # type: ignore[union-attr]
    assert names == ["il cane", "il gatto", "i gatti", "la casa"]
