"""Docs that CI keeps honest: every command is in the README, the Quick start has two blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from mimagery.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_documented_in_the_readme() -> None:
    names = _command_names()
    assert "import" in names and "export" in names
    missing = [name for name in names if f"mimagery {name}" not in README]
    assert missing == []


def test_every_global_option_is_documented() -> None:
    assert "--db URL" in README and "MIMAGERY_HOME" in README


def test_quick_start_has_exactly_two_command_blocks() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```", section, flags=re.MULTILINE)
    assert len(blocks) == 4
    first, second = re.findall(r"```\w*\n(.*?)```", section, flags=re.DOTALL)
    assert "mimagery demo" in first
    assert "pytest" in second


def _python_example() -> str:
    section = README.split("## From Python", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)[0]


def test_the_from_python_example_runs_and_prints_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MIMAGERY_HOME", str(tmp_path / "home"))
    exec(compile(_python_example(), "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2"
    assert lines[1].endswith(" True True")
    assert lines[2] == "True True"
    assert lines[3] == "learning 1"
    assert lines[4].startswith("term,")


def test_the_api_reference_builds_from_the_docstrings(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = re.search(r"`(python -m pdoc [^`]*) -o docs/api`", README)
    assert command is not None, "the README says how to build the API reference"
    subprocess.run(
        [sys.executable, *command.group(1).split()[1:], "-o", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    page = (tmp_path / "mimagery.html").read_text("utf-8")
    for name in ("open_store", "suggest", "make_mimage", "review", "deck_stats"):
        assert name in page
    for package in ("keywords", "scenes", "study", "store", "formats", "actions"):
        assert (tmp_path / "mimagery" / f"{package}.html").is_file()
