"""The command line: each command, the error contract, and escaping of user text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SEED, Result, dump

Run = Callable[..., Result]

GLOSSARY_JSON = {
    "deck": "Astronomy",
    "terms": [
        {
            "term": "Nebula",
            "aliases": [],
            "definition": "A cloud of gas and dust in space.",
            "mimages": [
                {
                    "keyword": "Neighbour Lab",
                    "scene": 'Picture a "Neighbour Lab" full of fog machines.',
                    "origin": "imported",
                    "complete": True,
                    "picture": None,
                }
            ],
        },
        {"term": "Parsec", "aliases": ["pc"], "definition": "About 3.26 light years."},
    ],
}


def _write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_version_and_help(run: Run) -> None:
    assert run("--version").out.startswith("mimagery ")
    result = run()
    assert result.code == 0 and "import" in result.out and "export" in result.out


def test_demo_loads_and_shows_the_example_deck(run: Run, home: Path) -> None:
    result = run("demo")
    assert result.code == 0, result.err
    assert "Data Structures Glossary" in result.out
    assert "12 added" in result.out and "1 cut off" in result.out
    assert "Hash Brown Table" in result.out
    assert "1 mimage(s) generated" in result.out  # for the cut-off Trie
    # What it made: the scene, and the picture's path on a line of its own.
    (picture,) = re.findall(r"^picture: (.+\.svg)$", result.out, re.MULTILINE)
    assert Path(picture).is_relative_to(home / "pictures") and Path(picture).is_file()
    trie = json.loads(run("export", "--format", "json", "-o", "-").out)["terms"][-1]
    assert [(m["origin"], m["complete"], m["chosen"]) for m in trie["mimages"]] == [
        ("imported", False, False),
        ("generated", True, True),
    ]
    made = trie["mimages"][1]
    assert made["scene"][:40] in " ".join(result.out.split())
    again = run("demo")
    assert "0 added, 0 updated, 12 unchanged" in again.out
    assert "mimage(s) generated" not in again.out


def test_import_list_show_export(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, "space.json", json.dumps(GLOSSARY_JSON))
    result = run("import", path)
    assert result.code == 0, result.err
    assert "2 added" in result.out
    assert "Astronomy" in run("decks").out
    terms = run("terms")
    assert "Nebula" in terms.out and "Neighbour Lab" in terms.out
    shown = run("show", "PC")
    assert "Parsec" in shown.out and "3.26 light years" in shown.out
    exported = run("export", "--format", "json")
    assert json.loads(exported.out)["terms"][0]["mimages"][0]["keyword"] == "Neighbour Lab"
    out_file = tmp_path / "space.md"
    written = run("export", "--deck", "astronomy", "-o", str(out_file))
    assert written.code == 0 and f" to {out_file}" in written.err.replace("\n", "")
    assert "**Nebula**" in out_file.read_text(encoding="utf-8")


def test_import_from_stdin_into_a_named_deck(run: Run) -> None:
    csv_text = "word,meaning\nperro,dog\ngato,cat\n"
    result = run("import", "-", "--deck", "Spanish", stdin=csv_text.encode())
    assert result.code == 0, result.err
    assert "2 added" in result.out
    assert "perro" in run("terms", "--deck", "spanish").out


def test_merge_import_reports_counts(run: Run, tmp_path: Path) -> None:
    run(
        "import", "-", "--deck", "Spanish", "--format", "csv", stdin=b"term,definition\nperro,dog\n"
    )
    second = b"term,definition\nperro,dog\ngato,cat\nPERRO,a dog\n"
    result = run("import", "-", "--deck", "Spanish", "--format", "csv", stdin=second)
    assert "1 added, 1 updated, 0 unchanged" in result.out
    assert "Backup" in result.out


FORUM_GLOSSARY = (
    "Building and Camera Words — my study list\n\n"
    "Posted by ana on 3 May 2024\n\n"
    "Buttress A mass of masonry built against a wall to hold it up.\n"
    "Lintel The beam across the top of a door.\n"
    "Aperture: the opening in a lens.\n\n"
    "Hope this helps!\n"
)


def test_import_reports_skipped_lines_and_names_the_deck_from_the_title(
    run: Run, tmp_path: Path
) -> None:
    result = run("import", _write(tmp_path, "notes.txt", FORUM_GLOSSARY))
    assert result.code == 0, result.err
    assert "Imported into deck Building and Camera Words: 3 added" in result.out
    assert "Skipped 2 lines (not terms):" in result.out
    assert "line 3: Posted by ana on 3 May 2024" in result.out
    assert "line 9: Hope this helps!" in result.out
    terms = json.loads(run("export", "--format", "json", "-o", "-").out)["terms"]
    assert [(t["term"], t["definition"]) for t in terms] == [
        ("Buttress", "A mass of masonry built against a wall to hold it up."),
        ("Lintel", "The beam across the top of a door."),
        ("Aperture", "the opening in a lens."),
    ]


def test_import_strict_refuses_skipped_lines_and_writes_nothing(
    run: Run, tmp_path: Path, home: Path
) -> None:
    assert run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON))).code == 0
    before = run("export", "--format", "json", "-o", "-").out, run("decks").out
    path = _write(tmp_path, "notes.txt", FORUM_GLOSSARY)
    result = run("import", path, "--strict", "--deck", "Astronomy")
    assert result.code == 2 and "Traceback" not in result.err
    (line,) = result.err.splitlines()
    assert line.startswith("error: 2 lines would be skipped (line 3: 'Posted by ana")
    assert "import without --strict" in line
    assert (run("export", "--format", "json", "-o", "-").out, run("decks").out) == before
    assert not list(home.glob("backups/*"))  # refused before the merge's backup
    clean = FORUM_GLOSSARY.replace("Posted by ana on 3 May 2024\n\n", "").replace(
        "\nHope this helps!\n", ""
    )
    assert run("import", _write(tmp_path, "clean.txt", clean), "--strict").code == 0


def test_the_file_name_names_a_deck_and_deck_wins(run: Run, tmp_path: Path) -> None:
    untitled = "Belay - to hold the rope for a climber\nCrag - a small outdoor cliff\n"
    result = run("import", _write(tmp_path, "climbing_words.txt", untitled))
    assert "Imported into deck climbing words: 2 added" in result.out
    assert (
        "Imported into deck Mine:"
        in run("import", _write(tmp_path, "t.txt", FORUM_GLOSSARY), "--deck", "Mine").out
    )
    assert "Imported into deck Imported:" in run("import", "-", stdin=untitled.encode()).out


def test_import_report_escapes_user_text(run: Run, tmp_path: Path) -> None:
    text = "Botany\n\n[bold red]not markup[/] \x1b[31mred\n\nXylem: water tissue.\n"
    result = run("import", _write(tmp_path, "b.txt", text))
    assert "[bold red]not markup[/]" in result.out
    assert "\x1b" not in result.out


def test_delete_deck_asks_and_honours_yes(run: Run, tmp_path: Path, home: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    refused = run("delete-deck", "Astronomy", stdin=b"n\n")
    assert refused.code != 0
    assert "Astronomy" in run("decks").out
    assert run("delete-deck", "Astronomy", "--yes").code == 0
    assert "No decks yet" in run("decks").out
    assert list((home / "backups").glob("auto-*delete-deck*"))


def test_backup_and_check(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    target = tmp_path / "copy.sqlite3"
    assert run("backup", "-o", str(target)).code == 0 and target.exists()
    assert run("check").out.startswith("ok")


def test_db_option_picks_another_database(run: Run, tmp_path: Path, home: Path) -> None:
    other = tmp_path / "other.sqlite3"
    path = _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON))
    assert run("--db", f"sqlite:///{other}", "import", path).code == 0
    assert other.exists()
    assert "No decks yet" in run("decks").out
    assert "Astronomy" in run("--db", f"sqlite:///{other}", "decks").out


HOSTILE = "[bold red]Boom[/] \x1b[31mred\x1b[0m \u202eevil"


def test_user_text_is_not_markup_or_terminal_codes(run: Run, tmp_path: Path) -> None:
    deck = {"deck": HOSTILE, "terms": [{"term": HOSTILE, "definition": HOSTILE}]}
    assert run("import", _write(tmp_path, "h.json", json.dumps(deck))).code == 0
    for result in (run("terms"), run("show", "[bold red]Boom[/] [31mred[0m evil"), run("decks")):
        assert result.code == 0, result.err
        assert "[bold red]Boom[/]" in result.out
        assert "\x1b" not in result.out and "\u202e" not in result.out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n \t\n", "is empty"),
        ("binary.txt", b"\x00\x01\x02 glossary \x00\xff" * 50, "binary"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        ("bad-utf8.txt", b"Term: d" + b"\x81\x8d\x8f\x90\x9d", "UTF-8"),
        ("one-line.txt", b"x" * (5 * 1024 * 1024), "no glossary entries"),
        ("broken.csv", b'term,definition\nfoo,"unterminated\nbar,baz\n', "line"),
        ("headerless.csv", b"sol,sun\nluna,moon\n", "line 1: no header"),
        ("truncated.json", json.dumps(GLOSSARY_JSON).encode()[:-30], "JSON"),
        ("wrong.json", b'{"deck": "x", "terms": [{"term": 5}]}', "terms[0]"),
        ("deck.apkg", b"PK\x03\x04" + b"\x00" * 60, "not a readable ZIP"),
        ("doc.pdf", b"%PDF-1.4 not a glossary", "PDF"),
        ("missing.txt", None, "no such file"),
    ],
)
def test_bad_input_is_one_line_exit_2_store_unchanged(
    run: Run, tmp_path: Path, home: Path, name: str, content: bytes | None, message: str
) -> None:
    run("import", _write(tmp_path, "good.json", json.dumps(GLOSSARY_JSON)))
    before = dump(home / "mimagery.sqlite3")
    path = str(tmp_path / name) if content is None else _write(tmp_path, name, content)
    result = run("import", path, "--deck", "Astronomy")
    assert result.code == 2
    assert result.err.startswith("error: ") and result.err.count("\n") == 1
    assert message in result.err
    assert "Traceback" not in result.err
    assert dump(home / "mimagery.sqlite3") == before


def test_no_header_reads_every_row_as_data(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, "words.csv", b"sol,sun\nluna,moon\n")
    result = run("import", path, "--deck", "Spanish", "--no-header")
    assert result.code == 0, result.err
    assert "moon" in run("show", "luna", "--deck", "Spanish").out
    assert "sun" in run("show", "sol", "--deck", "Spanish").out


def test_windows_1252_text_is_read(run: Run, tmp_path: Path) -> None:
    data = "term,definition\ncafé,a place for coffee – and talk\n".encode("cp1252")
    result = run("import", _write(tmp_path, "cafe.csv", data))
    assert result.code == 0, result.err
    assert "café" in run("show", "CAFÉ").out


def test_a_folder_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("import", str(tmp_path))
    assert result.code == 2 and "folder" in result.err


def test_unknown_deck_and_term(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    assert run("terms", "--deck", "Nope").err.startswith("error: no deck called 'Nope'")
    assert run("show", "Quasar").err.startswith("error: deck 'Astronomy' has no term")
    assert run("export", "--format", "pdf").code == 2


def test_usage_errors_are_one_line(run: Run) -> None:
    result = run("import", "--bogus")
    assert result.code == 2 and result.err.count("\n") == 1


@pytest.mark.skipif(not SEED.exists(), reason="the seed glossary is not beside the repo")
def test_seed_through_a_real_process(tmp_path: Path) -> None:
    env = {"MIMAGERY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "mimagery"]
    imported = subprocess.run(
        [*command, "import", str(SEED)], env=env, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr
    assert "24 added" in imported.stdout
    exported = subprocess.run(
        [*command, "export", "-o", "-"], env=env, capture_output=True, text=True, check=True
    )
    deck = json.loads(exported.stdout)
    assert deck["deck"] == "Deep Learning Vocabulary"
    assert len(deck["terms"]) == 24
    bad = subprocess.run(
        [*command, "import", "-"], env=env, input="", capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2 and bad.stderr == "error: input is empty\n"


# Messages ---------------------------------------------------------------------------------

LONG_DECK = {**GLOSSARY_JSON, "deck": "Deep Learning Vocabulary and Other Long Names"}


def test_export_says_where_on_one_unbroken_line(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(LONG_DECK)))
    target = tmp_path / "a-folder-with-a-long-name-for-exports" / "deep-learning.json"
    target.parent.mkdir()
    result = run("export", "-o", str(target))
    assert result.code == 0, result.err
    # Longer than a terminal line: the terminal wraps it, never a space lost or a path cut.
    line = f"Exported 2 terms of {LONG_DECK['deck']} to {target} (json).\n"
    assert len(line) > 100 and result.err == line


def test_the_backup_path_is_one_line(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    target = tmp_path / ("a-backup-file-with-a-name-long-enough-to-wrap-" * 2 + ".sqlite3")
    result = run("backup", "-o", str(target))
    assert result.code == 0 and result.out == f"Backup written to {target}\n"
    second = run(
        "import",
        "-",
        "--deck",
        "Astronomy",
        "--format",
        "csv",
        stdin=b"term,definition\nComet,an icy body\n",
    )
    (backup,) = re.findall(
        r"^Backup of the deck before the merge: (\S+)$", second.out, re.MULTILINE
    )
    assert Path(backup).is_file()


def test_declining_delete_deck_says_nothing_was_deleted(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    for answer in (b"n\n", b""):  # no, and no answer at all
        refused = run("delete-deck", "astronomy", stdin=answer)
        assert refused.code == 1
        assert "Nothing was deleted: deck 'Astronomy' is as it was." in refused.out
        assert "Astronomy" in run("decks").out
    deleted = run("delete-deck", "Astronomy", stdin=b"y\n")
    assert deleted.code == 0 and "Deleted deck 'Astronomy'." in deleted.out


def test_generate_says_what_it_chose(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    result = run("generate")
    assert result.code == 0, result.err
    made = json.loads(run("export", "-o", "-").out)["terms"][1]["mimages"][0]
    assert made["origin"] == "generated"
    # A row per term that got a mimage: its keyword, the start of its scene, chosen or not.
    row = next(line for line in result.out.splitlines() if "Parsec" in line)
    assert made["keyword"] in row and made["scene"][:20] in row and "chosen" in row
    assert "Nebula" not in result.out  # it had a complete mimage: nothing made for it
    assert "1 mimages added to Astronomy (1 chosen)." in result.out


def test_a_csv_without_deck_is_named_after_its_file(run: Run, tmp_path: Path) -> None:
    first = run("import", _write(tmp_path, "cell_biology.csv", "term,definition\nMitosis,splits\n"))
    assert first.code == 0 and "Imported into deck cell biology: 1 added" in first.out
    second = run(
        "import", _write(tmp_path, "zoology.tsv", "term\tdefinition\nOkapi\ta giraffe kin\n")
    )
    assert "Imported into deck zoology: 1 added" in second.out
    decks = run("decks").out
    assert "cell biology" in decks and "zoology" in decks and "Imported" not in decks
    named = run("import", _write(tmp_path, "named.json", json.dumps(GLOSSARY_JSON)))
    assert "Imported into deck Astronomy" in named.out  # a glossary's own name wins
    piped = run("import", "-", "--format", "csv", stdin=b"term,definition\nQuark,a particle\n")
    assert "Imported into deck Imported" in piped.out  # no file, no name: as before


def test_misspelt_decks_and_terms_get_a_suggestion(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    run(
        "import",
        _write(tmp_path, "b.csv", "term,definition\nXylem,carries water\n"),
        "--deck",
        "Botany",
    )
    deck = run("terms", "--deck", "Astronmy")
    assert deck.code == 2
    assert deck.err.startswith("error: no deck called 'Astronmy' (decks: Astronomy, Botany)")
    assert deck.err.endswith("; did you mean 'Astronomy'?\n")
    term = run("show", "Nebulla", "--deck", "Astronomy")
    assert term.err == "error: deck 'Astronomy' has no term 'Nebulla'; did you mean 'Nebula'?\n"
    anywhere = run("show", "Xylen")
    assert anywhere.code == 2 and anywhere.err.endswith("did you mean 'Xylem'?\n")
    far = run("show", "Zebra")
    assert far.code == 2 and "did you mean" not in far.err


def test_the_term_decides_the_deck(run: Run, tmp_path: Path) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    run(
        "import",
        _write(tmp_path, "b.csv", "term,definition\nXylem,carries water\nNebula,a fern\n"),
        "--deck",
        "Botany",
    )
    assert "carries water" in run("show", "xylem").out  # only Botany has it
    assert "3.26 light years" in run("show", "pc").out  # an alias, only in Astronomy
    made = run("mimage", "Xylem")
    assert made.code == 0, made.err
    assert "Other keywords for Xylem" in made.out
    both = run("show", "Nebula")
    assert both.code == 2
    assert both.err == "error: 'Nebula' is in 2 decks (Astronomy, Botany); say which with --deck\n"
    assert "a fern" in run("show", "Nebula", "--deck", "botany").out


def test_an_imported_mimage_has_a_picture_to_open(
    run: Run, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("import", _write(tmp_path, "g.json", json.dumps(GLOSSARY_JSON)))
    opened = tmp_path / "opened.txt"
    viewer = _write(tmp_path, "viewer.sh", f'#!/bin/sh\necho "$1" > {opened}\n')
    Path(viewer).chmod(0o755)
    monkeypatch.setenv("MIMAGERY_OPEN", viewer)
    shown = run("show", "Nebula", "--open")
    assert shown.code == 0, shown.err
    (picture,) = re.findall(r"^picture: (.+)$", shown.out, re.MULTILINE)
    assert Path(picture).is_relative_to(home / "cache" / "cards")
    card = Path(picture).read_text(encoding="utf-8")
    assert card.startswith("<svg") and "Neighbour Lab" in card  # drawn as the web app draws it
    assert opened.read_text().strip() == picture
    # A term without any mimage: the advice names a command that makes one.
    bare = run("show", "Parsec", "--open")
    assert bare.code == 2
    assert (
        bare.err
        == "error: 'Parsec' has no mimage yet; make one with: mimagery mimage Parsec --deck Astronomy\n"
    )
