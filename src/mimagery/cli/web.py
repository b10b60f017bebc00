"""The command that runs the web app: serve."""

from __future__ import annotations

import typer

from mimagery.cli.common import app, settings_of


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    demo: bool = typer.Option(
        False, "--demo", help="Serve the example deck from a fresh temporary data directory."
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Processes answering requests (up to one per core)."
    ),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        metavar="NAME",
        help="A host name browsers may use to reach the app (repeatable); with --host "
        "0.0.0.0 the default is this machine's own names.",
    ),
) -> None:
    """Run the web app (decks, terms, import, study, statistics, JSON API) in the browser."""
    from mimagery import web

    db = settings_of(ctx).db
    web.serve(host, port, demo=demo, db=db, workers=workers, allow_hosts=allow_host)
