"""Commands that make mimages: keywords, generate, mimage."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table
from rich.text import Text

from mimagery import formats
from mimagery.cli.common import (
    app,
    err,
    now,
    open_store,
    out,
    print_keywords,
    print_picture,
    read_input,
    say,
    term_panel,
    text,
    warn,
)
from mimagery.errors import MimageryError
from mimagery.model import clean
from mimagery.text import clip_clause


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
    from mimagery import actions, mimages

    if keyword is not None:
        keyword = mimages.clean_keyword(keyword)
    store = open_store(ctx)
    try:
        name, found = actions.locate_term(store, deck, term)
        alternatives = None
        if keyword is not None:
            outcome = actions.own_mimage(
                store, name, found, keyword, None, now(), png=png, warn=warn
            )
            alternatives = outcome.alternatives
        elif regenerate or found.chosen is None or not found.chosen.complete:
            outcome = actions.regenerate(store, name, found, now(), seed, png=png, warn=warn)
            alternatives = outcome.alternatives
        if alternatives is not None:
            found = store.find_term(name, found.name)
        else:
            alternatives = actions.alternatives(found, language=actions.deck_language(store, name))
        language = store.deck_language(name)
    finally:
        store.close()
    out.print(term_panel(found, store.data_dir))
    print_picture(name, found, store.data_dir, language)
    if alternatives:
        print_keywords(f"Other keywords for {found.name}", alternatives)


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

    from mimagery import actions

    store = open_store(ctx)
    try:
        name = store.resolve_deck(deck)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,  # no bar, and no stray blank line, in a pipe
        ) as bar:
            task = bar.add_task("making mimages", total=None)

            def advance(number: int, total: int, term: str) -> None:
                bar.update(task, total=total, completed=number - 1)

            report = actions.generate(
                store,
                name,
                all_terms=all_terms,
                now=now(),
                seed=seed,
                backend=actions.llm_backend(),
                warn=warn,
                progress=advance,
                png=png,
            )
    finally:
        store.close()
    _print_generated(report)
    line = Text(f"{report.added} mimages added to ")
    line.append_text(text(report.deck, "bold"))
    line.append(f" ({report.chosen} chosen).")
    say(line)
    if report.without_keyword:
        say(text("No keyword found for: " + "; ".join(report.without_keyword), "yellow"))


#: Rows of the table of what ``generate`` made; the rest are counted.
GENERATED_ROWS = 50


def _print_generated(report) -> None:  # type: ignore[no-untyped-def]
    """What ``generate`` chose for each term: the keyword and the scene."""
    if not report.made:
        return
    table = Table("Term", "Keyword", "Scene", "", title=text(f"Made for {report.deck}", "bold"))
    for made in report.made[:GENERATED_ROWS]:
        table.add_row(
            text(made.term),
            text(made.keyword, "bold magenta"),
            text(clip_clause(made.scene, 100)),
            Text("chosen", style="yellow") if made.chosen else Text("another", style="dim"),
        )
    left = len(report.made) - GENERATED_ROWS
    if left > 0:
        table.caption = f"… and {left} more (mimagery terms lists every chosen keyword)"
    out.print(table)


@app.command("keywords")
def keywords_command(
    terms_: list[str] = typer.Argument(None, metavar="TERM...", help="Terms to find keywords for."),
    file: str | None = typer.Option(
        None, "--file", "-F", help="A file with one term a line (# starts a comment); - for stdin."
    ),
    limit: int = typer.Option(5, "--limit", "-n", min=1, max=50, help="Keywords per term."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per term."),
    lang: str = typer.Option(
        "en", "--lang", "-l", help="The terms' language (en es fr de it pt nl ru)."
    ),
    meaning: str = typer.Option(
        "", "--meaning", "-m", help="What the terms mean: no keyword word repeats it."
    ),
) -> None:
    """Suggest sound-alike, picturable keywords for terms (of another language with
    --lang: heard in it, matched with English words)."""
    from mimagery import keywords, languages

    language = languages.get(lang).code

    wanted = list(terms_ or [])
    if file is not None:
        listing = formats.decode(read_input(file), file if file != "-" else "input")
        wanted += [
            line.strip()
            for line in listing.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    if not wanted:
        raise MimageryError("give terms, or --file with one term a line")
    for term in wanted:
        if len(term) > 200:
            raise MimageryError(f"term too long ({len(term)} characters; 200 at most)")
    for term in wanted:
        found = keywords.suggest(clean(term), limit=limit, language=language, meaning=meaning)
        if as_json:
            line = {"term": term, "keywords": [k.to_dict() for k in found]}
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            continue
        print_keywords(term, found)
    sys.stdout.flush()
