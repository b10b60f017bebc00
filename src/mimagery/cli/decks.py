"""Commands for decks and glossaries: import, demo, export, decks, terms, show, delete-deck,
backup, check."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from mimagery import formats, languages
from mimagery.cli.common import (
    app,
    err,
    now,
    open_store,
    out,
    print_picture,
    read_input,
    say,
    settings_of,
    term_panel,
    text,
)
from mimagery.errors import MimageryError
from mimagery.model import Deck, Term, clean
from mimagery.text import clip_clause

#: Pictures left out that an import lists by name; the rest are counted.
LEFT_OUT_SHOWN = 5


def _report_import(report, deck: Deck) -> None:  # type: ignore[no-untyped-def]
    mimage_count = sum(len(term.mimages) for term in deck.terms)
    cut = sum(1 for term in deck.terms for m in term.mimages if not m.complete)
    line = Text()
    line.append("Imported into deck ")
    line.append_text(text(report.deck, "bold"))
    line.append(
        f": {report.added} added, {report.updated} updated, {report.unchanged} unchanged "
        f"({len(deck.terms)} terms read, {mimage_count} mimages, {cut} cut off)."
    )
    say(line)
    if deck.left_out:
        count = len(deck.left_out)
        out.print(text(f"{count} picture{'s' if count != 1 else ''} left out:", "yellow"))
        for reason in deck.left_out[:LEFT_OUT_SHOWN]:
            out.print(text(f"  {reason}", "yellow"))
        if count > LEFT_OUT_SHOWN:
            out.print(text(f"  … and {count - LEFT_OUT_SHOWN} more", "yellow"))
    if report.backup is not None:
        say(text(f"Backup of the deck before the merge: {report.backup}", "dim"))


#: Lines of each kind the import lists; the rest are counted.
_LISTED = 12


def _report_lines(title: str, lines: list[formats.Line]) -> None:
    """One kind of the read report: a heading line, then each line with its number."""
    out.print(text(title, "yellow"))
    for line in lines[:_LISTED]:
        shown = line.text if len(line.text) <= 70 else line.text[:69] + "…"
        row = Text(f"  {line.where}: ")
        row.append_text(text(shown))
        if line.note:
            row.append(f"  ({clean(line.note)})", style="dim")  # plain text, never markup
        out.print(row, soft_wrap=True)
    if len(lines) > _LISTED:
        out.print(f"  …and {len(lines) - _LISTED} more")


def _report_read(read: formats.ReadReport) -> None:
    """The lines that did not plainly become terms: skipped ones, headings, guesses."""
    if read.skipped:
        count = len(read.skipped)
        _report_lines(f"Skipped {count} line{'s' * (count != 1)} (not terms):", read.skipped)
    if read.guesses:
        count = len(read.guesses)
        _report_lines(f"Guessed {count} line{'s' * (count != 1)}; check:", read.guesses)
    if read.headings:
        numbers = ", ".join(str(line.number) for line in read.headings[:_LISTED])
        more = ", …" if len(read.headings) > _LISTED else ""
        lines = "lines" if len(read.headings) > 1 else "line"
        out.print(text(f"Read as headings, not terms: {lines} {numbers}{more}.", "dim"))


def _strict_error(read: formats.ReadReport) -> str:
    """The one-line refusal of ``import --strict`` when lines were skipped."""
    count = len(read.skipped)
    shown = "; ".join(f"{line.where}: {line.text[:40]!r}" for line in read.skipped[:3])
    more = f"; and {count - 3} more" if count > 3 else ""
    return (
        f"{count} line{'s' * (count != 1)} would be skipped ({shown}{more}); "
        "nothing imported (import without --strict to skip them)"
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    path: str = typer.Argument(..., help="Glossary file, or - for standard input."),
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to import into."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help=f"One of {', '.join(formats.FORMATS)} (default: detect)."
    ),
    no_header: bool = typer.Option(
        False, "--no-header", help="A CSV/TSV file without a header line: every row is data."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse the glossary if any of its lines would be skipped."
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        help=f"The words' language: {', '.join(languages.SUPPORTED)} (default: the deck's; "
        "for a new deck English, or Russian for Cyrillic words).",
    ),
) -> None:
    """Import a glossary: pasted text, Markdown, CSV/TSV or JSON.

    Lines of pasted text or Markdown that become no term (forum text, prose around the
    glossary…) are listed with their numbers, as are headings and guessed readings, and
    words that are not of the deck's language or have no meaning.
    """
    from mimagery import actions

    if lang is not None:
        languages.get(lang)  # an unknown code is refused before the file is read
    data = read_input(path)
    # Read before the database is opened: a file that is no glossary changes nothing.
    # It is read again if the import turns out to be in another language (the deck's).
    parsed = actions.parse_glossary(data, fmt, path, header=not no_header, language=lang)
    store = open_store(ctx)
    try:
        # Without --deck: the glossary's own name, else the file's, so that two glossaries
        # without a name never merge into one deck by accident.
        parsed, target = actions.prepare_import(store, parsed, deck, lang)
        read = parsed.report
        if strict and read.skipped:
            raise MimageryError(_strict_error(read))
        report, _ = actions.import_glossary(store, parsed.deck, target, now=now())
    finally:
        store.close()
    _report_import(report, parsed.deck)
    _report_read(read)


@app.command()
def demo(ctx: typer.Context) -> None:
    """Import the built-in example deck, make mimages where it has none, and show it."""
    from mimagery import actions

    store = open_store(ctx)
    try:
        report, parsed, made = actions.load_demo(store, now())
        loaded = store.load_deck(report.deck)
    finally:
        store.close()
    _report_import(report, parsed)
    _print_terms(loaded)
    if made.added:
        out.print(f"{made.added} mimage(s) generated where the glossary had none complete.")
    first = next((t for t in loaded.terms if any(m.origin == "generated" for m in t.mimages)), None)
    example = first or loaded.terms[0]
    # The mimage made (or the first one): its scene, its picture and where the picture is.
    out.print(term_panel(example, store.data_dir))
    print_picture(loaded.name, example, store.data_dir, loaded.language)
    say(
        text(
            f'Next: mimagery study --deck "{loaded.name}", '
            f'mimagery mimage "{example.name}" --regenerate, '
            f'mimagery generate --deck "{loaded.name}" --all, '
            f'or mimagery export --deck "{loaded.name}" --format md',
            "dim",
        )
    )


@app.command()
def export(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to export."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help=f"One of {', '.join(formats.WRITABLE + formats.BINARY)} "
        "(default: from -o's extension, else json).",
    ),
    output: str = typer.Option("-", "--output", "-o", help="File to write, or - for stdout."),
    svg: bool = typer.Option(
        False, "--svg", help="apkg: put the SVG picture cards in as they are (much quicker)."
    ),
) -> None:
    """Export a deck as JSON, Markdown, CSV, TSV or an Anki package (apkg)."""
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output != "-" else ""
        fmt = {"markdown": "md", "txt": "md"}.get(suffix, suffix) or "json"
        if fmt not in formats.WRITABLE + formats.BINARY:
            fmt = "json"
    if fmt in formats.BINARY and output == "-":
        raise MimageryError(f"{fmt} is a binary format: give a file with -o, not -")
    store = open_store(ctx)
    try:
        loaded = store.load_deck(store.resolve_deck(deck))
        data_dir = store.data_dir
    finally:
        store.close()
    target = Path(output) if output != "-" else None
    if fmt == "apkg" and target is not None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from mimagery.cli.common import warn
        from mimagery.formats import apkg

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("drawing pictures", total=len(loaded.terms))

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done)

            apkg.write(loaded, data_dir, target, svg=svg, progress=advance, warn=warn)
    else:
        written = formats.write(loaded, fmt)
        if target is None:
            sys.stdout.write(written)
            sys.stdout.flush()
            return
        partial = target.with_name(target.name + ".partial")
        try:
            partial.write_text(written, encoding="utf-8", newline="")
            os.replace(partial, target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise MimageryError(f"cannot write {output}: {error.strerror}") from error
    message = Text(f"Exported {len(loaded.terms)} terms of ")
    message.append_text(text(loaded.name, "bold"))
    message.append(" to ")  # user text is cleaned of its edges: the space goes on its own
    message.append_text(text(f"{target} ({fmt})."))
    # Not wrapped by Rich: a break there would eat the space before "to" or cut the path.
    err.print(message, soft_wrap=True)


@app.command("decks")
def decks_command(ctx: typer.Context) -> None:
    """List the decks."""
    store = open_store(ctx)
    try:
        summaries = store.decks()
    finally:
        store.close()
    if not summaries:
        out.print("No decks yet: try `mimagery demo` or `mimagery import FILE`.")
        return
    # The language is shown where a deck is not in English (the column only then).
    foreign = any(summary.language != languages.DEFAULT for summary in summaries)
    table = Table("Deck", "Terms", "Mimages", "Cut off", "Created", title="Decks")
    if foreign:
        table.add_column("Language")
    for summary in summaries:
        language = languages.get(summary.language)
        shown = f"{language.name} ({language.code})" if language.code != languages.DEFAULT else ""
        table.add_row(
            text(summary.name, "bold"),
            str(summary.terms),
            str(summary.mimages),
            str(summary.incomplete),
            summary.created.strftime("%Y-%m-%d %H:%M"),
            *([shown] if foreign else []),
        )
    out.print(table)


def _print_terms(deck: Deck) -> None:
    table = Table("#", "Term", "Keyword", "Definition", title=Text(clean(deck.name)), expand=True)
    for number, term in enumerate(deck.terms, start=1):
        chosen = term.chosen
        keyword = text(chosen.keyword if chosen else "", "bold magenta")
        if chosen is not None and not chosen.complete:
            keyword.append(" (cut off)", style="yellow")
        table.add_row(
            str(number), text(term.display_name), keyword, text(clip_clause(term.definition, 90))
        )
    out.print(table)


@app.command()
def terms(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to list."),
) -> None:
    """List a deck's terms with their chosen keyword."""
    store = open_store(ctx)
    try:
        loaded = store.load_deck(store.resolve_deck(deck))
    finally:
        store.close()
    _print_terms(loaded)


@app.command()
def show(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="Term name or alias."),
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck the term is in."),
    open_picture: bool = typer.Option(
        False, "--open", help="Open the chosen mimage's picture in the default viewer."
    ),
) -> None:
    """Show a term: definition, aliases, mimages, and the chosen one's picture."""
    from mimagery import actions

    store = open_store(ctx)
    try:
        name, found = actions.locate_term(store, deck, term)
        language = store.deck_language(name)
    finally:
        store.close()
    out.print(term_panel(found, store.data_dir))
    print_picture(name, found, store.data_dir, language)
    if open_picture:
        _open_picture(name, found, store.data_dir, language)


def _open_picture(deck: str, term: Term, data_dir: Path, language: str) -> None:
    from mimagery import actions

    if term.chosen is None:
        command = shlex.join(["mimagery", "mimage", term.name, "--deck", deck])
        raise MimageryError(f"{term.name!r} has no mimage yet; make one with: {command}")
    path = actions.picture_file(data_dir, deck, term, language)
    if path is None:
        raise MimageryError(f"cannot write the picture of {term.name!r} to open it")
    opener = os.environ.get("MIMAGERY_OPEN")  # a viewer command, mainly for tests
    if opener:
        import subprocess

        subprocess.run([opener, str(path)], check=False)
    elif typer.launch(str(path)) != 0:
        raise MimageryError(f"could not open {path}")


@app.command("delete-deck")
def delete_deck(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Deck to delete."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete a deck (a backup is made first)."""
    store = open_store(ctx)
    try:
        resolved = store.resolve_deck(name)
        if not yes and not _confirmed(f"Delete deck {clean(resolved)!r} and all its terms?"):
            say(text(f"Nothing was deleted: deck {resolved!r} is as it was."))
            raise typer.Exit(1)
        backup = store.delete_deck(resolved, now=now())
    finally:
        store.close()
    say(text(f"Deleted deck {resolved!r}."))
    if backup is not None:
        say(text(f"Backup made before deleting: {backup}", "dim"))


def _confirmed(question: str) -> bool:
    """The answer to a yes/no question; no answer (the end of the input) is no."""
    try:
        return typer.confirm(question)
    except typer.Abort:
        sys.stdout.write("\n")  # the question's line is left open
        return False


@app.command()
def backup(
    ctx: typer.Context,
    output: Path | None = typer.Option(None, "--output", "-o", help="Backup file to write."),
) -> None:
    """Copy the database safely (SQLite's online backup), even while it is in use."""
    from mimagery.store import safety

    store = open_store(ctx)
    try:
        dest = safety.backup(store, output or safety.manual_backup_path(store, now()))
    finally:
        store.close()
    say(text(f"Backup written to {dest}"))


@app.command()
def restore(
    ctx: typer.Context,
    backup_file: Path = typer.Argument(..., metavar="BACKUP", help="The backup to restore."),
) -> None:
    """Put a backup in place of the database (checked first; what it replaces is kept)."""
    from mimagery import paths
    from mimagery.store import safety
    from mimagery.store.engine import sqlite_path

    url = settings_of(ctx).db or paths.default_url(paths.home())
    database = sqlite_path(url)
    if database is None:
        raise MimageryError("restore works on SQLite database files; use pg_restore for PostgreSQL")
    kept = safety.restore(database, backup_file, now())
    out.print(text(f"Restored {database} from {backup_file}."), soft_wrap=True)
    if kept is not None:
        out.print(text(f"The database it replaced is kept in {kept}", "dim"), soft_wrap=True)


@app.command()
def check(
    ctx: typer.Context,
    repair: bool = typer.Option(
        False, "--repair", help="Remove picture files no mimage uses (older than an hour)."
    ),
) -> None:
    """Check the database's integrity and its pictures, and say plainly what is wrong."""
    from mimagery import paths
    from mimagery.store import safety
    from mimagery.store.engine import sqlite_path

    database = sqlite_path(settings_of(ctx).db or paths.default_url(paths.home()))
    if database is not None and database.is_file():
        damaged = safety.check_file(database)
        if damaged:
            for problem in damaged:
                out.print(text(f"problem: {problem}", "red"))
            backups = database.parent / "backups"
            out.print(
                text(
                    "The database is damaged. Restore the newest "
                    f"good backup with `mimagery restore BACKUP` (backups are kept in {backups}; "
                    "`mimagery check` tells whether the restored one is sound).",
                    "yellow",
                ),
                soft_wrap=True,
            )
            raise typer.Exit(1)
    store = open_store(ctx)
    try:
        problems = safety.check(store)
        orphans = safety.orphan_pictures(store, now())
    finally:
        store.close()
    if orphans and repair:
        for path in orphans:
            path.unlink(missing_ok=True)
        out.print(text(f"removed {len(orphans)} picture files no mimage uses"))
    elif orphans:
        problems.append(
            f"{len(orphans)} picture files no mimage uses (such as {orphans[0]}); "
            "`mimagery check --repair` removes them"
        )
    if not problems:
        out.print("ok: the database is sound.")
        return
    for problem in problems:
        out.print(text(f"problem: {problem}", "red"), soft_wrap=True)
    raise typer.Exit(1)
