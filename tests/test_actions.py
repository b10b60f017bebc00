"""Making mimages: ``mimagery generate``, ``mimagery mimage`` and ``show --open``."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED, Result, dump
from mimagery import mimages
from mimagery.errors import MimageryError
from mimagery.model import Term
from mimagery.store import Store

DECK = "Plant Science Glossary"
SVG = "{http://www.w3.org/2000/svg}"


def _export(run: Callable[..., Result]) -> dict[str, dict[str, object]]:
    result = run("export", "--deck", DECK, "--format", "json", "-o", "-")
    assert result.code == 0, result.err
    return {t["term"]: t for t in json.loads(result.out)["terms"]}


def _chosen(term: dict[str, object]) -> dict[str, object]:
    (chosen,) = [m for m in term["mimages"] if m["chosen"]]  # type: ignore[union-attr]
    return chosen  # type: ignore[no-any-return]


@pytest.fixture
def botany(run: Callable[..., Result]) -> Callable[..., Result]:
    assert run("import", str(FIXTURES / "botany_pasted.txt")).code == 0
    return run


def _svg_ok(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return root


def test_generate_completes_the_cut_off_term_and_keeps_the_rest(
    botany: Callable[..., Result], home: Path
) -> None:
    before = _export(botany)
    result = botany("generate", "--deck", DECK)
    assert result.code == 0, result.err
    assert "1 mimages added" in result.out
    after = _export(botany)
    germination = after["Germination"]
    assert [m["origin"] for m in germination["mimages"]] == ["imported", "generated"]
    assert germination["mimages"][0] == {**before["Germination"]["mimages"][0], "chosen": False}
    new = _chosen(germination)
    assert new["origin"] == "generated" and new["complete"] is True
    assert f'"{new["keyword"]}"' in new["scene"]
    _svg_ok(home / new["picture"])
    for name, term in before.items():
        if name != "Germination":
            assert after[name] == term  # imported mimages are never touched


def test_generate_all_gives_every_term_a_generated_alternative(
    botany: Callable[..., Result], home: Path
) -> None:
    before = _export(botany)
    assert botany("generate", "--deck", DECK, "--all").code == 0
    after = _export(botany)
    for name, term in after.items():
        generated = [m for m in term["mimages"] if m["origin"] == "generated"]
        assert len(generated) == 1, name
        assert (home / generated[0]["picture"]).exists()
        imported = [m for m in term["mimages"] if m["origin"] == "imported"]
        assert [m["scene"] for m in imported] == [m["scene"] for m in before[name]["mimages"]]
        if name != "Germination":  # a complete imported mimage stays chosen
            assert _chosen(term)["origin"] == "imported"
    # Running it again replaces the generated alternatives instead of piling them up.
    assert botany("generate", "--deck", DECK, "--all").code == 0
    again = _export(botany)
    assert all(
        len([m for m in t["mimages"] if m["origin"] == "generated"]) <= 2 for t in again.values()
    )


def test_user_keyword_becomes_the_chosen_mimage(botany: Callable[..., Result], home: Path) -> None:
    result = botany("mimage", "Xylem", "--deck", DECK, "--keyword", "Zylo Stem Hammer")
    assert result.code == 0, result.err
    assert "Zylo Stem Hammer" in result.out
    chosen = _chosen(_export(botany)["Xylem"])
    assert chosen["origin"] == "user" and chosen["keyword"] == "Zylo Stem Hammer"
    assert '"Zylo Stem Hammer"' in chosen["scene"]
    _svg_ok(home / chosen["picture"])
    assert str(home / chosen["picture"]) in botany("show", "Xylem").out.replace("\n", "")


def test_regenerate_adds_and_chooses_a_generated_mimage(botany: Callable[..., Result]) -> None:
    result = botany("mimage", "Phloem", "--regenerate")
    assert result.code == 0, result.err
    assert "Other keywords" in result.out
    term = _export(botany)["Phloem"]
    assert [m["origin"] for m in term["mimages"]] == ["imported", "generated"]
    assert _chosen(term)["origin"] == "generated"


def test_regenerate_gives_the_next_best_keyword_each_time(
    botany: Callable[..., Result],
) -> None:
    from mimagery import keywords

    ranked = [k.keyword for k in keywords.suggest("Phloem", limit=8)]
    shown = []
    for _ in range(3):
        assert botany("mimage", "Phloem", "--regenerate").code == 0
        shown.append(_chosen(_export(botany)["Phloem"])["keyword"])
    imported = {
        m["keyword"] for m in _export(botany)["Phloem"]["mimages"] if m["origin"] == "imported"
    }
    assert shown == [k for k in ranked if k not in imported][:3]
    assert len(set(shown)) == 3


def test_mimage_without_flags_shows_alternatives_and_changes_nothing(
    botany: Callable[..., Result], home: Path
) -> None:
    before = dump(home / "mimagery.sqlite3")
    result = botany("mimage", "Phloem")
    assert result.code == 0, result.err
    assert "Flow Mum" in result.out and "Other keywords" in result.out
    assert dump(home / "mimagery.sqlite3") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mimage", "Nope"), "no term"),
        (("mimage", "Xylem", "--keyword", "   "), "empty"),
        (("mimage", "Xylem", "--keyword", "x" * 200), "too long"),
        (("mimage", "Xylem", "--keyword", "123"), "no letters"),
        (("generate", "--deck", "Nope"), "no deck"),
    ],
)
def test_bad_requests_leave_the_store_alone(
    botany: Callable[..., Result], home: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(home / "mimagery.sqlite3")
    result = botany(*args)
    assert result.code == 2
    assert result.err.startswith("error: ") and message in result.err
    assert result.err.count("\n") == 1
    assert dump(home / "mimagery.sqlite3") == before


def test_show_open_draws_an_imported_mimage_and_changes_nothing(
    botany: Callable[..., Result], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.sh"
    viewer.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n')
    viewer.chmod(0o755)
    monkeypatch.setenv("MIMAGERY_OPEN", str(viewer))
    assert _chosen(_export(botany)["Xylem"])["origin"] == "imported"
    before = dump(home / "mimagery.sqlite3")
    result = botany("show", "Xylem", "--open")
    assert result.code == 0, result.err
    card = Path(opened.read_text())
    assert card.is_relative_to(home / "cache" / "cards") and _svg_ok(card) is not None
    assert dump(home / "mimagery.sqlite3") == before


def test_show_open_hands_the_picture_to_the_viewer(
    botany: Callable[..., Result],
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.sh"
    viewer.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n')
    viewer.chmod(0o755)
    monkeypatch.setenv("MIMAGERY_OPEN", str(viewer))
    assert botany("mimage", "Stoma", "--regenerate").code == 0
    result = botany("show", "Stoma", "--open")
    assert result.code == 0, result.err
    picture = _chosen(_export(botany)["Stoma"])["picture"]
    assert opened.read_text() == str(home / picture)


def test_an_unreachable_llm_falls_back_with_a_warning(
    botany: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("MIMAGERY_LLM_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("MIMAGERY_LLM_MODEL", "tiny")
    result = botany("mimage", "Stoma", "--regenerate")
    assert result.code == 0, result.err
    assert "warning:" in result.err
    assert _chosen(_export(botany)["Stoma"])["origin"] == "generated"


def test_picture_paths_are_stable_and_safe() -> None:
    first = mimages.picture_path("My Deck", "Xylem", "Zylo Stem")
    assert first == mimages.picture_path("my deck", "XYLEM", "zylo stem")
    assert first != mimages.picture_path("My Deck", "Xylem", "Zylo Stems")
    hostile = mimages.picture_path("../../etc", "<script>/..\\", "a/b")
    assert hostile.startswith("pictures/") and ".." not in hostile and "\\" not in hostile
    assert hostile.count("/") == 2


def test_make_uses_the_users_keyword_and_measures_it() -> None:
    term = Term("Meiosis", "Cell division that halves the number of chromosomes.")
    made = mimages.make(term, keyword="Mayo  Sauce")
    assert made is not None
    assert made.mimage.keyword == "Mayo Sauce" and made.mimage.origin == "user"
    assert made.sound > 0.75 and made.picture_score > 4.5
    assert '"Mayo Sauce"' in made.mimage.scene and made.alternatives


def test_a_term_that_is_a_thing_is_drawn_with_that_thing() -> None:
    """No relation to act out, but a knot to draw: the card pairs the keyword's thing with
    the knot's icon, as a translation's card pairs it with the meaning's."""
    term = Term("Bowline", "A knot that makes a fixed loop at the end of a rope.")
    made = mimages.make(term, keyword="Beau Line")
    assert made is not None
    staged = mimages._staging(term, "Beau Line", ["Beau", "Line"], "en")
    assert staged["meaning"] == "knot"
    assert staged["composition"] != "row"
    assert "knot" in made.mimage.scene


SEED_XAVIER = "Xavier/Glorot Initialization"


@pytest.mark.skipif(not SEED.exists(), reason="the seed glossary is not beside the repo")
def test_seed_generate_completes_xavier_and_all_gives_24_pictures(
    run: Callable[..., Result], home: Path
) -> None:
    assert run("import", str(SEED)).code == 0
    deck = "Deep Learning Vocabulary"
    assert run("generate", "--deck", deck).code == 0
    terms = {
        t["term"]: t
        for t in json.loads(run("export", "--deck", deck, "--format", "json", "-o", "-").out)[
            "terms"
        ]
    }
    xavier = terms[SEED_XAVIER]
    assert [m["complete"] for m in xavier["mimages"]] == [False, True]
    assert _chosen(xavier)["origin"] == "generated"
    assert run("generate", "--deck", deck, "--all").code == 0
    terms = {
        t["term"]: t
        for t in json.loads(run("export", "--deck", deck, "--format", "json", "-o", "-").out)[
            "terms"
        ]
    }
    assert len(terms) == 24
    for term in terms.values():
        generated = [m for m in term["mimages"] if m["origin"] == "generated"]
        assert generated and all((home / m["picture"]).exists() for m in generated)


def test_png_on_request(botany: Callable[..., Result], home: Path) -> None:
    assert botany("generate", "--deck", DECK).code == 0
    assert not list((home / "pictures").rglob("*.png"))
    assert botany("mimage", "Xylem", "--keyword", "Zylo Stem", "--png").code == 0
    picture = home / _chosen(_export(botany)["Xylem"])["picture"]
    assert picture.with_suffix(".png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert botany("generate", "--deck", DECK, "--all", "--png").code == 0
    assert len(list((home / "pictures").rglob("*.png"))) >= 7


@pytest.mark.parametrize("failure", [MimageryError("disk full"), KeyboardInterrupt()])
def test_a_generate_that_is_not_stored_leaves_no_card_files(
    botany: Callable[..., Result],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
) -> None:
    assert botany("generate", "--deck", DECK).code == 0
    before = sorted(p.relative_to(home) for p in (home / "pictures").rglob("*") if p.is_file())
    database = dump(home / "mimagery.sqlite3")

    def broken(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(Store, "add_mimages", broken)
    result = botany("generate", "--deck", DECK, "--all", "--png")
    assert result.code != 0
    assert (
        sorted(p.relative_to(home) for p in (home / "pictures").rglob("*") if p.is_file()) == before
    )
    assert dump(home / "mimagery.sqlite3") == database


def test_a_regenerate_that_is_not_stored_leaves_no_card_file(
    botany: Callable[..., Result], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sorted(p.relative_to(home) for p in (home / "pictures").rglob("*") if p.is_file())

    def broken(*args: object, **kwargs: object) -> None:
        raise MimageryError("disk full")

    monkeypatch.setattr(Store, "add_mimages", broken)
    result = botany("mimage", "Xylem", "--deck", DECK, "--regenerate", "--png")
    assert result.code == 2 and "disk full" in result.err
    assert (
        sorted(p.relative_to(home) for p in (home / "pictures").rglob("*") if p.is_file()) == before
    )
