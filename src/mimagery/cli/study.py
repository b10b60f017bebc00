"""Commands for studying: due, study, review, undo, settings, stats, optimize."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import typer
from rich.table import Table
from rich.text import Text

from mimagery import languages
from mimagery.cli.common import (
    AT_HELP,
    app,
    at_time,
    open_store,
    out,
    text,
)
from mimagery.errors import MimageryError


@app.command("due")
def due_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to study."),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    limit: int = typer.Option(100, "--limit", "-n", min=1, max=10_000, help="Cards at most."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document."),
) -> None:
    """List the cards due now: id, term, direction and due time."""
    from mimagery import study

    store = open_store(ctx)
    try:
        name = store.resolve_deck(deck)
        found = study.due(store, name, at_time(at), limit)
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
    table = Table("Card", "Term", "Direction", "State", "Due", title=text(name, "bold"))
    for card in found.cards:
        table.add_row(
            str(card.card_id),
            text(card.term),
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
    """Study due cards: Space/Enter shows the answer, 1-4 grade it, p says the
    term, u undoes, q quits."""
    from mimagery.cli import session

    store = open_store(ctx)
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
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    review_id: str | None = typer.Option(
        None, "--id", help="An id for this review: a retried call with it is stored once."
    ),
) -> None:
    """Record one review and print when the card is due next."""
    from mimagery import study

    store = open_store(ctx)
    try:
        result = study.review(store, card, grade, at_time(at), review_key=review_id)
    finally:
        store.close()
    when = result.due.astimezone().isoformat(timespec="minutes") if result.due else "new"
    line = Text(f"card {result.card_id} (")
    line.append_text(text(result.term))
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

    store = open_store(ctx)
    try:
        result = study.undo(store, store.resolve_deck(deck), review_id)
    finally:
        store.close()
    line = Text(f"undone: card {result.card_id} (")
    line.append_text(text(result.term))
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
    bury: bool | None = typer.Option(
        None,
        "--bury/--no-bury",
        help="Once a term's card is answered, keep its other directions for the next day.",
    ),
    lang: str | None = typer.Option(
        None, "--lang", help=f"The deck's language: {', '.join(languages.SUPPORTED)}."
    ),
) -> None:
    """Show or change how a deck is studied, and its language."""
    from mimagery import actions, study

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
    if bury is not None:
        changes["bury_siblings"] = bury
    if lang is not None:
        languages.get(lang)  # an unknown code is refused before anything is opened
    store = open_store(ctx)
    try:
        name = store.resolve_deck(deck)
        if lang is not None:
            if changes:  # bad settings are refused before the language changes
                study.StudySettings.from_dict({**study.settings(store, name).to_dict(), **changes})
            actions.change_language(store, name, lang)
        chosen = (
            study.change_settings(store, name, **changes)
            if changes
            else study.settings(store, name)
        )
        language = languages.get(store.deck_language(name))
    finally:
        store.close()
    table = Table("Setting", "Value", title=text(f"Study settings: {name}", "bold"))
    for key, value in chosen.to_dict().items():
        table.add_row(key, text(str(value)))
    table.add_row("language", f"{language.name} ({language.code})")
    out.print(table)


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to report on."),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON document."),
) -> None:
    """Show study statistics: cards, reviews, retention, forecast, streak, hard terms,
    leeches, a heatmap, and how well each kind of mimage works."""
    from mimagery.study import stats

    store = open_store(ctx)
    try:
        found = stats.deck_stats(store, store.resolve_deck(deck), at_time(at))
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
        return
    from mimagery.cli.render import render

    out.print(render(found))


@app.command("optimize")
def optimize_command(
    ctx: typer.Context,
    deck: str | None = typer.Option(None, "--deck", "-d", help="Deck to fit."),
) -> None:
    """Fit personal FSRS parameters to the deck's reviews (needs mimagery[optimizer])."""
    from mimagery.study import optimizer

    store = open_store(ctx)
    try:
        fit = optimizer.optimize(store, store.resolve_deck(deck))
    finally:
        store.close()
    from mimagery.cli.render import render_fit

    out.print(render_fit(fit))
