"""Docs that CI keeps honest: every command is in the README, the Quick start has two blocks."""

from __future__ import annotations

import re
from pathlib import Path

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
