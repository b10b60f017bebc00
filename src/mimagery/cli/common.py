"""What every command shares: the Typer app, consoles, the store, escaping, times."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mimagery import formats
from mimagery.cli.terminal import term_title, user_text
from mimagery.errors import MimageryError
from mimagery.model import Term
from mimagery.version import __version__

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="mimagery",
    help="Learn vocabulary with mnemonic imagery: import glossaries, see and export them.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


out = Console(highlight=False, soft_wrap=False)


err = Console(stderr=True, highlight=False)


@dataclass
class Settings:
    """Options given before the command."""

    db: str | None = None


def settings_of(ctx: typer.Context) -> Settings:
    """The options given before the command."""
    settings = ctx.find_object(Settings)
    return settings if settings is not None else Settings()


#: The SQLite file the command opened (or meant to), for its error messages.
opened_database: Path | None = None


def open_store(ctx: typer.Context):  # type: ignore[no-untyped-def]
    """The store the options name (``--db``), else the data directory's."""
    # Imported here so ``--help`` and ``--version`` do not pay for SQLAlchemy.
    from mimagery import paths
    from mimagery.store import Store
    from mimagery.store.engine import set_wait_notice, sqlite_path

    global opened_database
    given = settings_of(ctx).db
    url = given or paths.default_url(paths.home())
    opened_database = sqlite_path(url)
    if given and opened_database is not None and not opened_database.parent.is_dir():
        # Only the data directory is made on demand: a mistyped --db path is not.
        raise MimageryError(f"{opened_database.parent}: no such folder for the database")
    set_wait_notice(_waiting)
    return Store.open(url)


def _waiting() -> None:
    sys.stderr.write("waiting for another mimagery process to finish writing…\n")
    sys.stderr.flush()


def now() -> datetime:
    """The real clock, in UTC: commands read it here and pass it on."""
    return datetime.now(UTC)


#: User text for the terminal: no markup, no control characters.
text = user_text


def _version(value: bool) -> None:
    if value:
        out.print(f"mimagery {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="URL",
        help="Database URL (default: SQLite in $MIMAGERY_HOME or the user data dir).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Learn vocabulary with mnemonic imagery."""
    ctx.obj = Settings(db=db)
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())


def read_input(path: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``, within the size limit."""
    limit = formats.MAX_BYTES
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        file = Path(path)
        try:
            if file.is_dir():
                raise MimageryError(f"{path} is a folder, not a file")
            with file.open("rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError as error:
            raise MimageryError(f"{path}: no such file") from error
        except PermissionError as error:
            raise MimageryError(f"{path}: permission denied") from error
        except OSError as error:
            raise MimageryError(f"{path}: cannot read ({error.strerror})") from error
    if len(data) > limit:
        raise MimageryError(f"{path} is larger than {limit // (1024 * 1024)} MB")
    return data


def at_time(value: str | None) -> datetime:
    """``--at`` as an aware time (a time without an offset is local), else now."""
    if value is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise MimageryError(f"not an ISO time: {value!r} (e.g. 2026-05-01T09:30)") from error
    return moment if moment.tzinfo else moment.astimezone()


AT_HELP = "Pretend it is this time (ISO 8601, e.g. 2026-05-01T09:30+02:00)."


def term_panel(term: Term, data_dir: Path | None = None) -> Panel:
    """A term's definition, aliases and mimages (chosen first) in a panel."""
    parts: list[Text] = [text(term.definition or "(no definition)")]
    if term.aliases:
        parts.append(text("Also: " + "; ".join(term.aliases), "dim"))
    chosen = term.chosen
    for mimage in sorted(term.mimages, key=lambda m: m is not chosen):
        heading = Text("\n")
        heading.append("★ " if mimage is chosen else "· ", style="yellow")
        heading.append_text(text(mimage.keyword or "(no keyword)", "bold magenta"))
        heading.append(f"  {mimage.origin}", style="dim")
        if not mimage.complete:
            heading.append("  cut off", style="yellow")
        parts.append(heading)
        if mimage.scene:
            parts.append(text(mimage.scene))
        if mimage.picture:
            where = Path(mimage.picture)
            if data_dir is not None and not where.is_absolute():
                where = data_dir / where
            parts.append(text(f"picture: {where}", "dim"))
    return Panel(Group(*parts), title=term_title(term), title_align="left")


def print_picture(deck: str, term: Term, data_dir: Path, language: str = "en") -> None:
    """The chosen mimage's picture, drawn when the output is a terminal that can show it,
    and the path of its file on one line (an imported mimage's is drawn now), to open or
    to script with."""
    from mimagery import actions, mimages
    from mimagery.cli import render

    chosen = term.chosen
    if chosen is None:
        return
    path = actions.picture_file(data_dir, deck, term, language)
    if render.can_draw_pictures(out):
        # The file when there is one (drawn once), else the card drawn again here.
        source = path if path is not None else mimages.card_svg(data_dir, term, chosen, language)
        drawn = render.picture(source, out)
        if drawn is not None:
            out.print(drawn)
    if path is not None:
        say(text(f"picture: {path}"))


def say(message: Text | str) -> None:
    """A line on standard output that Rich does not wrap: the terminal wraps it, so a
    path or a name is never cut and no space is lost where the line breaks."""
    out.print(message, soft_wrap=True)


def warn(message: str) -> None:
    """A warning on standard error."""
    err.print(text(f"warning: {message}", "yellow"))


def print_keywords(title: str, found: list) -> None:  # type: ignore[type-arg]
    """A table of keyword suggestions with their scores and what each word covers."""
    table = Table("Keyword", "Score", "Sound", "Picture", "Covers", title=text(title, "bold"))
    if not found:
        out.print(text(f"{title}: no keyword found", "yellow"))
        return
    for keyword in found:
        covers = Text()
        for index, (part, word) in enumerate(keyword.alignment):
            if index:
                covers.append("  ")
            covers.append_text(text(part, "cyan"))
            covers.append(" → ")
            covers.append_text(text(word, "magenta"))
        table.add_row(
            text(keyword.keyword, "bold"),
            f"{keyword.score:.2f}",
            f"{keyword.sound:.2f}",
            f"{keyword.picture:.1f}",
            covers,
        )
    out.print(table)
