"""The store: migrations, merge imports, transactions, backups and checks."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import dump
from mimagery.errors import MimageryError
from mimagery.model import Deck, Mimage, Term, normalise
from mimagery.store import Store, safety
from mimagery.store import merge as merge_module
from mimagery.store.engine import HEAD

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _deck(*terms: Term, name: str = "Botany") -> Deck:
    return normalise(Deck(name, list(terms)))


@pytest.fixture
def store(home: Path) -> Store:
    opened = Store.open()
    yield opened
    opened.close()


def test_head_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "mimagery.store:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_database_is_in_wal_mode_with_foreign_keys(store: Store) -> None:
    with store.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_database_lives_in_mimagery_home(store: Store, home: Path) -> None:
    assert store.sqlite_file == home / "mimagery.sqlite3"
    assert store.sqlite_file.exists()


def test_import_then_load_round_trips(store: Store) -> None:
    deck = _deck(
        Term(
            "Xylem", "Tissue that carries water up.", ["XY"], [Mimage("Sigh Lamb", "A sad lamb.")]
        ),
        Term("Phloem", "Tissue that carries sugars."),
    )
    report = store.import_deck(deck, now=NOW)
    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    assert report.created_deck and report.backup is None
    loaded = store.load_deck("botany")
    assert [t.name for t in loaded.terms] == ["Xylem", "Phloem"]
    assert loaded.terms[0].aliases == ["XY"]
    mimage = loaded.terms[0].mimages[0]
    assert (mimage.keyword, mimage.chosen, mimage.complete, mimage.origin) == (
        "Sigh Lamb",
        True,
        True,
        "imported",
    )
    assert mimage.created == NOW


def test_merge_counts_added_updated_unchanged(store: Store) -> None:
    store.import_deck(
        _deck(
            Term("Xylem", "Water tissue."),
            Term("Phloem", "Sugar tissue."),
            Term("Stoma", "A pore."),
        ),
        now=NOW,
    )
    report = store.import_deck(
        _deck(
            Term("XYLEM", "Water tissue."),  # same, other case
            Term("phloem", "Tissue that carries sugars."),  # new definition
            Term("Stoma", "A pore.", [], [Mimage("Stow Ma", "Mum stowing a pore.")]),  # new mimage
            Term("Cambium", "A growth layer."),
        ),
        now=NOW,
    )
    assert (report.added, report.updated, report.unchanged) == (1, 2, 1)
    assert report.backup is not None and report.backup.exists()
    loaded = store.load_deck("Botany")
    assert [t.name for t in loaded.terms] == ["Xylem", "Phloem", "Stoma", "Cambium"]
    assert loaded.find("phloem").definition == "Tissue that carries sugars."
    assert loaded.find("stoma").chosen.keyword == "Stow Ma"


def test_merge_keeps_the_chosen_mimage_and_updates_scenes(store: Store) -> None:
    store.import_deck(
        _deck(Term("Stoma", "A pore.", [], [Mimage("Stow Ma", "Old scene.")])), now=NOW
    )
    store.import_deck(
        _deck(
            Term(
                "Stoma",
                "",
                ["Stomate"],
                [Mimage("Storm Ah", "Another.", chosen=True), Mimage("stow ma", "New scene.")],
            )
        ),
        now=NOW,
    )
    term = store.load_deck("Botany").find("Stomate")
    assert term is not None and term.definition == "A pore."  # empty definitions never erase
    assert [(m.keyword, m.scene, m.chosen) for m in term.mimages] == [
        ("Stow Ma", "New scene.", True),
        ("Storm Ah", "Another.", False),
    ]


def test_failed_import_leaves_the_store_unchanged(
    store: Store, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_deck(_deck(Term("Xylem", "Water tissue.")), now=NOW)
    before = dump(home / "mimagery.sqlite3")

    def broken(*args: object, **kwargs: object) -> dict[str, object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(merge_module, "mimage_row", broken)
    big = _deck(*(Term(f"Term {i}", "x", [], [Mimage(f"K{i}", "s")]) for i in range(50)))
    with pytest.raises(RuntimeError):
        store.import_deck(big, name="Other", now=NOW)
    assert dump(home / "mimagery.sqlite3") == before


def test_unknown_deck_names_the_known_ones(store: Store) -> None:
    store.import_deck(_deck(Term("Xylem", "x")), now=NOW)
    with pytest.raises(MimageryError, match="Botany"):
        store.load_deck("Zoology")
    assert store.resolve_deck(None) == "Botany"
    store.import_deck(_deck(Term("Lion", "x"), name="Zoology"), now=NOW)
    with pytest.raises(MimageryError, match="--deck"):
        store.resolve_deck(None)


def test_delete_deck_backs_up_first(store: Store) -> None:
    store.import_deck(_deck(Term("Xylem", "x", [], [Mimage("Sigh", "s")])), now=NOW)
    backup = store.delete_deck("botany", now=NOW)
    assert store.decks() == []
    assert backup is not None
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM terms").fetchone() == (1,)
        assert copy.execute("SELECT count(*) FROM mimages").fetchone() == (1,)
    with store.reading() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM mimages").scalar() == 0


def test_automatic_backups_rotate(store: Store) -> None:
    for second in range(13):
        safety.auto_backup(store, "merge-import", NOW.replace(second=second))
    kept = sorted(p.name for p in safety.backups_dir(store).glob("auto-*"))
    assert len(kept) == safety.KEEP_AUTOMATIC
    assert "050000" not in kept[0]  # the oldest went first
    assert kept[-1].startswith("auto-20260102T030412")


def test_manual_backup_is_a_consistent_copy(store: Store, tmp_path: Path) -> None:
    store.import_deck(_deck(Term("Xylem", "x")), now=NOW)
    dest = safety.backup(store, tmp_path / "copy.sqlite3")
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT name FROM terms").fetchall() == [("Xylem",)]
    with pytest.raises(MimageryError, match="already exists"):
        safety.backup(store, dest)


def test_check_finds_nothing_on_a_sound_database(store: Store) -> None:
    store.import_deck(_deck(Term("Xylem", "x", [], [Mimage("Sigh", "s")])), now=NOW)
    assert safety.check(store) == []


def test_check_reports_broken_rows(store: Store, home: Path) -> None:
    store.import_deck(
        _deck(Term("Xylem", "x", [], [Mimage("Sigh", "s"), Mimage("Size", "t")])), now=NOW
    )
    raw = sqlite3.connect(home / "mimagery.sqlite3")
    raw.execute("UPDATE mimages SET chosen = 1")
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute(
        "INSERT INTO terms (deck_id, position, name, name_key, aliases, definition, created,"
        " updated) VALUES (99, 1, 'Ghost', 'ghost', '[]', '', '2026-01-01', '2026-01-01')"
    )
    raw.commit()
    raw.close()
    problems = safety.check(store)
    assert any("more than one chosen mimage" in p for p in problems)
    assert any("terms row" in p and "decks" in p for p in problems)


def test_a_file_that_is_not_a_database_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "junk.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(MimageryError, match="cannot open database"):
        Store.open(f"sqlite:///{bad}", data_dir=tmp_path)


def _import_many(url: str, data_dir: str, worker: int) -> None:
    opened = Store.open(url, Path(data_dir))
    for index in range(8):
        terms = [Term(f"T{worker}-{index}-{n}", "d", [], [Mimage(f"K{n}", "s")]) for n in range(20)]
        opened.import_deck(normalise(Deck(f"deck {worker}-{index}", terms)), now=NOW)
    opened.close()


def test_two_processes_importing_at_once_lose_nothing(home: Path) -> None:
    url = f"sqlite:///{home / 'mimagery.sqlite3'}"
    Store.open(url, home).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_import_many, args=(url, str(home), n)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    opened = Store.open(url, home)
    summaries = opened.decks()
    opened.close()
    assert len(summaries) == 16
    assert {s.terms for s in summaries} == {20}
    assert {s.mimages for s in summaries} == {20}


def _chosen(store: Store, term: str) -> list[tuple[str, str, bool]]:
    found = store.find_term("Botany", term)
    return [(m.keyword, m.origin, m.chosen) for m in found.mimages]


def test_add_mimages_keeps_imported_ones_and_chooses_as_told(store: Store) -> None:
    store.import_deck(
        _deck(
            Term("Xylem", "Water tissue.", [], [Mimage("Sigh Lamb", "A sad lamb", complete=False)]),
            Term("Phloem", "Sugar tissue."),
        ),
        now=NOW,
    )
    generated = Mimage("Flow Hem", "A hem that flows.", "generated", picture="p/1.svg")
    better = Mimage("Sigh Lamb", "Overwrite attempt.", "generated", chosen=True)
    added = Mimage("Zebra Lamp", "A zebra lamp.", "generated", chosen=True)
    stored = store.add_mimages(
        "botany", [("phloem", generated), ("Xylem", better), ("Xylem", added)], now=NOW
    )
    assert stored == [True, False, True]
    assert _chosen(store, "Phloem") == [("Flow Hem", "generated", True)]
    assert _chosen(store, "Xylem") == [
        ("Sigh Lamb", "imported", False),
        ("Zebra Lamp", "generated", True),
    ]
    assert store.find_term("Botany", "Xylem").mimages[0].scene == "A sad lamb"
    # The same generated keyword again replaces the generated mimage's scene.
    again = Mimage("Zebra Lamp", "A new scene.", "generated")
    assert store.add_mimages("Botany", [("Xylem", again)], now=NOW) == [True]
    assert store.find_term("Botany", "Xylem").mimages[1].scene == "A new scene."
    store.choose_mimage("Botany", "Xylem", "sigh lamb")
    assert [c for _, _, c in _chosen(store, "Xylem")] == [True, False]


def test_add_mimages_is_all_or_nothing(store: Store, home: Path) -> None:
    store.import_deck(_deck(Term("Xylem", "Water tissue.")), now=NOW)
    before = dump(home / "mimagery.sqlite3")
    with pytest.raises(MimageryError, match="no term"):
        store.add_mimages(
            "Botany",
            [("Xylem", Mimage("Sigh Lamb", "A lamb.", "generated")), ("Nope", Mimage("X", "Y"))],
            now=NOW,
        )
    assert dump(home / "mimagery.sqlite3") == before
    with pytest.raises(MimageryError, match="no mimage"):
        store.choose_mimage("Botany", "Xylem", "Sigh Lamb")
