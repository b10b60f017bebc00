"""The ``mimagery`` command: thin commands that parse, call one core function and print.

Errors a user can cause are printed as one ``error: …`` line on stderr with
exit status 2. Everything the user typed is shown through Rich ``Text`` (never
as markup) after ``model.clean`` has removed control characters.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mimagery import __version__, formats
from mimagery.errors import MimageryError
from mimagery.model import Deck, Term, clean

if TYPE_CHECKING:
    from mimagery.llm import Backend

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


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    return settings if settings is not None else Settings()


def _store(ctx: typer.Context):  # type: ignore[no-untyped-def]
    # Imported here so ``--help`` and ``--version`` do not pay for SQLAlchemy.
    from mimagery.store import Store

    return Store.open(_settings(ctx).db)


def _now() -> datetime:
    return datetime.now(UTC)


def _t(value: str, style: str = "") -> Text:
    """User text for the terminal: no markup, no control characters."""
    return Text(clean(value), style=style)


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


# Reading input ----------------------------------------------------------------


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


def _report_import(report, deck: Deck) -> None:  # type: ignore[no-untyped-def]
    mimage_count = sum(len(term.mimages) for term in deck.terms)
    cut = sum(1 for term in deck.terms for m in term.mimages if not m.complete)
    line = Text()
    line.append("Imported into deck ")
    line.append_text(_t(report.deck, "bold"))
    line.append(
        f": {report.added} added, {report.updated} updated, {report.unchanged} unchanged "
        f"({len(deck.terms)} terms read, {mimage_count} mimages, {cut} cut off)."
    )
    out.print(line)
    if report.backup is not None:
        out.print(_t(f"Backup of the deck before the merge: {report.backup}", "dim"))


# Commands ---------------------------------------------------------------------


@app.command("import")
def import_command(
    ctx: typer.Context,
    path: str = typer.Argument(..., help="Glossary file, or - for standard input."),
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to import into."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help=f"One of {', '.join(formats.FORMATS)} (default: detect)."
    ),
) -> None:
    """Import a glossary: pasted text, Markdown, CSV/TSV or JSON."""
    data = read_input(path)
    parsed = formats.read(data, fmt, path)
    store = _store(ctx)
    try:
        report = store.import_deck(parsed, name=deck, now=_now())
    finally:
        store.close()
    _report_import(report, parsed)


@app.command()
def demo(ctx: typer.Context) -> None:
    """Import the built-in example deck, make mimages where it has none, and show it."""
    from mimagery import mimages

    data = resources.files("mimagery.data").joinpath("example.txt").read_bytes()
    parsed = formats.read(data, "pasted")
    store = _store(ctx)
    try:
        report = store.import_deck(parsed, now=_now())
        made = mimages.generate(store, report.deck, now=_now())
        loaded = store.load_deck(report.deck)
    finally:
        store.close()
    _report_import(report, parsed)
    _print_terms(loaded)
    if made.added:
        out.print(f"{made.added} mimage(s) generated where the glossary had none complete.")
    first = next((t for t in loaded.terms if any(m.origin == "generated" for m in t.mimages)), None)
    example = (first or loaded.terms[0]).name
    out.print(
        _t(
            f'Next: mimagery mimage "{example}" --deck "{loaded.name}", '
            f'mimagery generate --deck "{loaded.name}" --all, '
            f'or mimagery export --deck "{loaded.name}" --format md',
            "dim",
        ),
        soft_wrap=True,
    )


@app.command()
def export(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to export."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help=f"One of {', '.join(formats.WRITABLE)} (default: from -o's extension, else json).",
    ),
    output: str = typer.Option("-", "--output", "-o", help="File to write, or - for stdout."),
) -> None:
    """Export a deck as JSON, Markdown, CSV or TSV."""
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output != "-" else ""
        fmt = {"markdown": "md", "txt": "md"}.get(suffix, suffix) or "json"
        if fmt not in formats.WRITABLE:
            fmt = "json"
    store = _store(ctx)
    try:
        loaded = store.load_deck(store.resolve_deck(deck))
    finally:
        store.close()
    text = formats.write(loaded, fmt)
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8", newline="")
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise MimageryError(f"cannot write {output}: {error.strerror}") from error
    message = Text(f"Exported {len(loaded.terms)} terms of ")
    message.append_text(_t(loaded.name, "bold"))
    message.append_text(_t(f" to {target} ({fmt})."))
    err.print(message)


@app.command("decks")
def decks_command(ctx: typer.Context) -> None:
    """List the decks."""
    store = _store(ctx)
    try:
        summaries = store.decks()
    finally:
        store.close()
    if not summaries:
        out.print("No decks yet: try `mimagery demo` or `mimagery import FILE`.")
        return
    table = Table("Deck", "Terms", "Mimages", "Cut off", "Created", title="Decks")
    for summary in summaries:
        table.add_row(
            _t(summary.name, "bold"),
            str(summary.terms),
            str(summary.mimages),
            str(summary.incomplete),
            summary.created.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table)


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _print_terms(deck: Deck) -> None:
    table = Table("#", "Term", "Keyword", "Definition", title=Text(clean(deck.name)), expand=True)
    for number, term in enumerate(deck.terms, start=1):
        chosen = term.chosen
        keyword = _t(chosen.keyword if chosen else "", "bold magenta")
        if chosen is not None and not chosen.complete:
            keyword.append(" (cut off)", style="yellow")
        table.add_row(
            str(number), _t(term.display_name), keyword, _t(_shorten(term.definition, 90))
        )
    out.print(table)


@app.command()
def terms(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to list."),
) -> None:
    """List a deck's terms with their chosen keyword."""
    store = _store(ctx)
    try:
        loaded = store.load_deck(store.resolve_deck(deck))
    finally:
        store.close()
    _print_terms(loaded)


def _term_panel(term: Term, data_dir: Path | None = None) -> Panel:
    parts: list[Text] = [_t(term.definition or "(no definition)")]
    if term.aliases:
        parts.append(_t("Also: " + "; ".join(term.aliases), "dim"))
    chosen = term.chosen
    for mimage in sorted(term.mimages, key=lambda m: m is not chosen):
        heading = Text("\n")
        heading.append("★ " if mimage is chosen else "· ", style="yellow")
        heading.append_text(_t(mimage.keyword or "(no keyword)", "bold magenta"))
        heading.append(f"  {mimage.origin}", style="dim")
        if not mimage.complete:
            heading.append("  cut off", style="yellow")
        parts.append(heading)
        if mimage.scene:
            parts.append(_t(mimage.scene))
        if mimage.picture:
            where = Path(mimage.picture)
            if data_dir is not None and not where.is_absolute():
                where = data_dir / where
            parts.append(_t(f"picture: {where}", "dim"))
    return Panel(Group(*parts), title=_t(term.display_name, "bold"), title_align="left")


@app.command()
def show(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="Term name or alias."),
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck the term is in."),
    open_picture: bool = typer.Option(
        False, "--open", help="Open the chosen mimage's picture in the default viewer."
    ),
) -> None:
    """Show a term: definition, aliases and mimages with their pictures' paths."""
    store = _store(ctx)
    try:
        found = store.find_term(store.resolve_deck(deck), term)
    finally:
        store.close()
    out.print(_term_panel(found, store.data_dir))
    _print_picture(found, store.data_dir)
    if open_picture:
        _open_picture(found, store.data_dir)


def _picture_file(term: Term, data_dir: Path) -> Path | None:
    chosen = term.chosen
    if chosen is None or not chosen.picture:
        return None
    return data_dir / chosen.picture  # an absolute path stays as it is


def _print_picture(term: Term, data_dir: Path) -> None:
    path = _picture_file(term, data_dir)
    if path is not None:  # one unwrapped line, to copy or to script with
        out.print(_t(f"picture: {path}"), soft_wrap=True)


def _open_picture(term: Term, data_dir: Path) -> None:
    chosen = term.chosen
    if chosen is None or not chosen.picture:
        raise MimageryError(
            f"{term.name!r} has no picture yet; make one with: mimagery mimage {term.name!r}"
        )
    path = data_dir / chosen.picture
    if not path.exists():
        raise MimageryError(f"the picture file is missing: {path}")
    opener = os.environ.get("MIMAGERY_OPEN")  # a viewer command, mainly for tests
    if opener:
        import subprocess

        subprocess.run([opener, str(path)], check=False)
    elif typer.launch(str(path)) != 0:
        raise MimageryError(f"could not open {path}")


def _llm() -> Backend | None:
    """The LLM backend the environment sets (``MIMAGERY_LLM_URL``…), or None."""
    from mimagery.llm import Backend

    return Backend.from_env(os.environ)


def _warn(message: str) -> None:
    err.print(_t(f"warning: {message}", "yellow"))


@app.command()
def mimage(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="Term name or alias."),
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck the term is in."),
    regenerate: bool = typer.Option(
        False, "--regenerate", help="Make a new generated mimage and choose it."
    ),
    keyword: str | None = typer.Option(
        None, "--keyword", "-k", help="Your own keyword: a scene and picture are made for it."
    ),
    seed: int = typer.Option(0, "--seed", help="Varies the scene's wording."),
    png: bool = typer.Option(False, "--png", help="Also write the new picture as a PNG."),
) -> None:
    """Show a term's mimage and picture, with alternative keywords; make a new one."""
    from mimagery import mimages

    store = _store(ctx)
    try:
        name = store.resolve_deck(deck)
        found = store.find_term(name, term)
        made = None
        if keyword is not None or regenerate or found.chosen is None or not found.chosen.complete:
            made = mimages.make(
                found,
                keyword=keyword,
                avoid=[m.keyword for m in found.mimages if m.origin != "generated"],
                seed=seed,
                backend=_llm(),
                warn=_warn,
            )
            if made is None:
                raise MimageryError(f"no keyword found for {found.name!r}")
            relative = mimages.picture_path(name, found.name, made.mimage.keyword)
            mimages.save_picture(store, relative, made.svg, png)
            made.mimage.picture = relative
            made.mimage.chosen = True
            if not store.add_mimages(name, [(found.name, made.mimage)], now=_now())[0]:
                store.choose_mimage(name, found.name, made.mimage.keyword)
            found = store.find_term(name, found.name)
        alternatives = made.alternatives if made else _alternatives(found)
    finally:
        store.close()
    out.print(_term_panel(found, store.data_dir))
    _print_picture(found, store.data_dir)
    if alternatives:
        _print_keywords(f"Other keywords for {found.name}", alternatives)


def _alternatives(term: Term) -> list:  # type: ignore[type-arg]
    from mimagery import keywords

    have = {m.keyword.casefold() for m in term.mimages}
    found = keywords.suggest(term.name, limit=6, aliases=term.aliases)
    return [k for k in found if k.keyword.casefold() not in have][:5]


@app.command()
def generate(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to make mimages for."),
    all_terms: bool = typer.Option(
        False, "--all", help="Add a generated alternative to every term, not only those without."
    ),
    seed: int = typer.Option(0, "--seed", help="Varies the scenes' wording."),
    png: bool = typer.Option(False, "--png", help="Also write each picture as a PNG."),
) -> None:
    """Make a keyword, scene and picture for every term without a complete mimage."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from mimagery import mimages

    store = _store(ctx)
    try:
        name = store.resolve_deck(deck)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("making mimages", total=None)

            def advance(number: int, total: int, term: str) -> None:
                bar.update(task, total=total, completed=number - 1)

            report = mimages.generate(
                store,
                name,
                all_terms=all_terms,
                now=_now(),
                seed=seed,
                backend=_llm(),
                warn=_warn,
                progress=advance,
                png=png,
            )
    finally:
        store.close()
    line = Text(f"{report.added} mimages added to ")
    line.append_text(_t(report.deck, "bold"))
    line.append(f" ({report.chosen} chosen).")
    out.print(line)
    if report.without_keyword:
        out.print(_t("No keyword found for: " + "; ".join(report.without_keyword), "yellow"))


@app.command("keywords")
def keywords_command(
    terms_: list[str] = typer.Argument(None, metavar="TERM...", help="Terms to find keywords for."),
    file: str | None = typer.Option(
        None, "--file", "-F", help="A file with one term a line (# starts a comment); - for stdin."
    ),
    limit: int = typer.Option(5, "--limit", "-n", min=1, max=50, help="Keywords per term."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per term."),
) -> None:
    """Suggest sound-alike, picturable keywords for terms."""
    from mimagery import keywords

    wanted = list(terms_ or [])
    if file is not None:
        text = formats.decode(read_input(file), file if file != "-" else "input")
        wanted += [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    if not wanted:
        raise MimageryError("give terms, or --file with one term a line")
    for term in wanted:
        if len(term) > 200:
            raise MimageryError(f"term too long ({len(term)} characters; 200 at most)")
    for term in wanted:
        found = keywords.suggest(clean(term), limit=limit)
        if as_json:
            line = {"term": term, "keywords": [k.to_dict() for k in found]}
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            continue
        _print_keywords(term, found)
    sys.stdout.flush()


def _print_keywords(title: str, found: list) -> None:  # type: ignore[type-arg]
    table = Table("Keyword", "Score", "Sound", "Picture", "Covers", title=_t(title, "bold"))
    if not found:
        out.print(_t(f"{title}: no keyword found", "yellow"))
        return
    for keyword in found:
        covers = Text()
        for index, (part, word) in enumerate(keyword.alignment):
            if index:
                covers.append("  ")
            covers.append_text(_t(part, "cyan"))
            covers.append(" → ")
            covers.append_text(_t(word, "magenta"))
        table.add_row(
            _t(keyword.keyword, "bold"),
            f"{keyword.score:.2f}",
            f"{keyword.sound:.2f}",
            f"{keyword.picture:.1f}",
            covers,
        )
    out.print(table)


def _at(value: str | None) -> datetime:
    """``--at`` as an aware time (a time without an offset is local), else now."""
    if value is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise MimageryError(f"not an ISO time: {value!r} (e.g. 2026-05-01T09:30)") from error
    return moment if moment.tzinfo else moment.astimezone()


_AT_HELP = "Pretend it is this time (ISO 8601, e.g. 2026-05-01T09:30+02:00)."


@app.command("due")
def due_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to study."),
    at: str | None = typer.Option(None, "--at", help=_AT_HELP),
    limit: int = typer.Option(100, "--limit", "-n", min=1, max=10_000, help="Cards at most."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document."),
) -> None:
    """List the cards due now: id, term, direction and due time."""
    from mimagery import study

    store = _store(ctx)
    try:
        name = store.resolve_deck(deck)
        found = study.due(store, name, _at(at), limit)
    finally:
        store.close()
    if as_json:
        document = {
            "deck": name,
            "new_left": found.new_left,
            "reviews_left": found.reviews_left,
            "cards": [card.to_dict() for card in found.cards],
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        return
    if not found.cards:
        out.print("Nothing due. Come back later.")
        return
    table = Table("Card", "Term", "Direction", "State", "Due", title=_t(name, "bold"))
    for card in found.cards:
        table.add_row(
            str(card.card_id),
            _t(card.term),
            study.DIRECTION_LABELS[card.direction],
            card.state,
            card.due.astimezone().strftime("%Y-%m-%d %H:%M") if card.due else "new",
        )
    out.print(table)


@app.command("study")
def study_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to study."),
    limit: int | None = typer.Option(
        None, "--limit", "-n", min=1, max=10_000, help="Stop after this many reviews."
    ),
) -> None:
    """Study due cards: Space/Enter shows the answer, 1-4 grade it, u undoes, q quits."""
    from mimagery import session

    store = _store(ctx)
    try:
        session.study_in_terminal(
            store,
            store.resolve_deck(deck),
            out,
            lambda: datetime.now().astimezone(),
            stdin=sys.stdin,
            limit=limit,
        )
    finally:
        store.close()


@app.command("review")
def review_command(
    ctx: typer.Context,
    card: int = typer.Argument(..., help="Card id (from mimagery due)."),
    grade: str = typer.Argument(..., metavar="again|hard|good|easy", help="How well you knew it."),
    at: str | None = typer.Option(None, "--at", help=_AT_HELP),
    review_id: str | None = typer.Option(
        None, "--id", help="An id for this review: a retried call with it is stored once."
    ),
) -> None:
    """Record one review and print when the card is due next."""
    from mimagery import study

    store = _store(ctx)
    try:
        result = study.review(store, card, grade, _at(at), review_key=review_id)
    finally:
        store.close()
    when = result.due.astimezone().isoformat(timespec="minutes") if result.due else "new"
    line = Text(f"card {result.card_id} (")
    line.append_text(_t(result.term))
    line.append(f"): {result.rating}; {result.state}, due {when}")
    if result.repeated:
        line.append(" (already recorded)", style="dim")
    out.print(line, soft_wrap=True)


@app.command("undo")
def undo_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck of the review."),
    review_id: str | None = typer.Option(None, "--id", help="The review to take back."),
) -> None:
    """Take back the deck's last review (or the one with --id)."""
    from mimagery import study

    store = _store(ctx)
    try:
        result = study.undo(store, store.resolve_deck(deck), review_id)
    finally:
        store.close()
    line = Text(f"undone: card {result.card_id} (")
    line.append_text(_t(result.term))
    line.append(f") is {result.state} again")
    out.print(line, soft_wrap=True)


@app.command("settings")
def settings_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to set up."),
    retention: float | None = typer.Option(
        None, "--retention", help="Desired retention, 0.7-0.99 (default 0.9)."
    ),
    new_per_day: int | None = typer.Option(None, "--new-per-day", help="New cards a day."),
    reviews_per_day: int | None = typer.Option(None, "--reviews-per-day", help="Reviews a day."),
    order: str | None = typer.Option(None, "--order", help="New cards: glossary or random."),
    directions: str | None = typer.Option(
        None,
        "--directions",
        help="Comma-separated: term-definition, definition-term, mimage-term.",
    ),
    steps: str | None = typer.Option(None, "--steps", help="Learning steps, minutes: 1,10."),
    fuzz: bool | None = typer.Option(None, "--fuzz/--no-fuzz", help="Spread due dates a little."),
) -> None:
    """Show or change how a deck is studied."""
    from mimagery import study

    changes: dict[str, object] = {}
    if retention is not None:
        changes["desired_retention"] = retention
    if new_per_day is not None:
        changes["new_per_day"] = new_per_day
    if reviews_per_day is not None:
        changes["reviews_per_day"] = reviews_per_day
    if order is not None:
        changes["new_order"] = order
    if directions is not None:
        changes["directions"] = [d.strip() for d in directions.split(",") if d.strip()]
    if steps is not None:
        try:
            changes["learning_steps"] = [float(m) for m in steps.split(",") if m.strip()]
        except ValueError as error:
            raise MimageryError(f"steps are minutes separated by commas, not {steps!r}") from error
    if fuzz is not None:
        changes["fuzz"] = fuzz
    store = _store(ctx)
    try:
        name = store.resolve_deck(deck)
        chosen = (
            study.change_settings(store, name, **changes)
            if changes
            else study.settings(store, name)
        )
    finally:
        store.close()
    table = Table("Setting", "Value", title=_t(f"Study settings: {name}", "bold"))
    for key, value in chosen.to_dict().items():
        table.add_row(key, _t(str(value)))
    out.print(table)


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to report on."),
    at: str | None = typer.Option(None, "--at", help=_AT_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON document."),
) -> None:
    """Show study statistics: cards, reviews, retention, forecast, streak, hard terms,
    leeches, a heatmap, and how well each kind of mimage works."""
    from mimagery import stats

    store = _store(ctx)
    try:
        found = stats.deck_stats(store, store.resolve_deck(deck), _at(at))
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
        return
    out.print(stats.render(found))


@app.command("optimize")
def optimize_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to fit."),
) -> None:
    """Fit personal FSRS parameters to the deck's reviews (needs mimagery[optimizer])."""
    from mimagery import stats

    store = _store(ctx)
    try:
        fit = stats.optimize(store, store.resolve_deck(deck))
    finally:
        store.close()
    out.print(stats.render_fit(fit))


@app.command("delete-deck")
def delete_deck(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Deck to delete."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete a deck (a backup is made first)."""
    store = _store(ctx)
    try:
        resolved = store.resolve_deck(name)
        if not yes and not typer.confirm(f"Delete deck {clean(resolved)!r} and all its terms?"):
            raise typer.Exit(1)
        backup = store.delete_deck(resolved, now=_now())
    finally:
        store.close()
    out.print(_t(f"Deleted deck {resolved!r}."))
    if backup is not None:
        out.print(_t(f"Backup made before deleting: {backup}", "dim"))


@app.command()
def backup(
    ctx: typer.Context,
    output: Path | None = typer.Option(None, "--output", "-o", help="Backup file to write."),
) -> None:
    """Copy the database safely (SQLite's online backup), even while it is in use."""
    from mimagery.store import safety

    store = _store(ctx)
    try:
        dest = safety.backup(store, output or safety.manual_backup_path(store, _now()))
    finally:
        store.close()
    out.print(_t(f"Backup written to {dest}"))


@app.command()
def check(ctx: typer.Context) -> None:
    """Check the database's integrity and say plainly what is wrong."""
    from mimagery.store import safety

    store = _store(ctx)
    try:
        problems = safety.check(store)
    finally:
        store.close()
    if not problems:
        out.print("ok: the database is sound.")
        return
    for problem in problems:
        out.print(_t(f"problem: {problem}", "red"))
    raise typer.Exit(1)


def _fail(message: str) -> None:
    # Plain write, not Rich: Rich would wrap a long message onto several lines.
    sys.stderr.write(f"error: {' '.join(clean(message).split())}\n")
    sys.stderr.flush()
    sys.exit(2)


@functools.cache
def _click_command() -> Any:
    # Typer rebuilds the Click command from the functions' signatures on every call
    # (~15 ms); build it once per process.
    return typer.main.get_command(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; user errors become one ``error: …`` line and exit 2."""
    try:
        code = _click_command().main(args=argv, standalone_mode=False, prog_name="mimagery")
    except MimageryError as error:
        _fail(str(error))
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except typer.TyperException as error:
        _fail(error.format_message())
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
