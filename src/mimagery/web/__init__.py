"""The web app: ``mimagery serve`` runs it with uvicorn (``create_app`` builds it).

Server-rendered pages (decks, terms, import with a preview, study, statistics) and a
JSON API under ``/api/``, over the same core functions the command line calls. Local and
single-user: it binds to 127.0.0.1 by default and has no login; state changes are POSTs
with CSRF checks (see ``security``).

``serve(workers=N)`` runs N processes on one listening socket (uvicorn's supervisor).
They share nothing but the database, whose writes are serialised by SQLite (``BEGIN
IMMEDIATE``), and the form-token key, kept in the data directory; every page reads its
state from the database, so it does not matter which process answers a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import os
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from fastapi import FastAPI
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from mimagery import paths
from mimagery.web.app import LOCAL_HOSTS, create_app, local_now
from mimagery.web.security import KEY_FILE, stored_key

__all__ = ["create_app", "serve", "worker_app"]

#: How ``serve`` tells its worker processes what to serve (JSON: db, data_dir, host).
_WORKER_SETTINGS = "MIMAGERY_SERVE_WORKER"


def allowed_hosts(host: str, allow: Sequence[str] = ()) -> list[str]:
    """Host names the ``Host`` header may carry when serving on ``host``, with the names
    in ``allow`` (``--allow-host``). On every interface (``0.0.0.0``, ``::``) without
    ``allow``: this machine's own names and addresses, so the check stays on."""
    extra = [name.strip().lower() for name in allow if name.strip()]
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return [*LOCAL_HOSTS, host.lower(), *extra]
    if address.is_unspecified:
        return [*LOCAL_HOSTS, *(extra or machine_names())]
    return [*LOCAL_HOSTS, str(address), f"[{address}]", *extra]


def machine_names() -> list[str]:
    """This machine's host name, full name and their addresses (no network look-up
    beyond the system's resolver)."""
    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    for name in list(names):
        with contextlib.suppress(OSError):
            for *_, sockaddr in socket.getaddrinfo(name, None):
                address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
                names.add(str(address) if address.version == 4 else f"[{address}]")
    return sorted(name for name in names if name)


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Send small writes at once on a TCP connection (turn Nagle's algorithm off)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHTTP(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP protocol with ``TCP_NODELAY`` on every connection.

    asyncio turns Nagle's algorithm off only on sockets that say they are TCP, and the
    listening socket uvicorn binds for several workers does not (uvicorn issue 3149):
    then a page sent as headers and body waited for the client's delayed ACK, 40 ms.
    """

    def connection_made(self, transport: Any) -> None:
        """Set ``TCP_NODELAY``, then start as usual."""
        no_delay(transport)
        super().connection_made(transport)


def _exit_on_sigterm(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


def worker_app() -> FastAPI:
    """The app of one worker process of ``serve(workers=N)``, as ``serve`` describes it in
    the environment (a uvicorn app factory)."""
    settings = json.loads(os.environ[_WORKER_SETTINGS])
    data_dir = Path(settings["data_dir"])
    return create_app(
        settings["db"],
        data_dir,
        allowed_hosts=allowed_hosts(settings["host"], settings.get("allow", ())),
        secret=stored_key(data_dir / KEY_FILE),
    )


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    demo: bool = False,
    db: str | None = None,
    workers: int = 1,
    allow_hosts: Sequence[str] = (),
) -> None:
    """Run the web app until interrupted.

    Args:
        host: the address to listen on (127.0.0.1: this machine only).
        port: the TCP port.
        demo: serve the built-in example deck from a fresh temporary data directory,
            deleted on exit.
        db: a database URL (``--db``); None for the data directory's.
        workers: how many processes answer requests (one per CPU core at most helps).
        allow_hosts: more host names the ``Host`` header may carry (``--allow-host``);
            on every interface they replace the machine's own names.
    """
    import uvicorn

    from mimagery.actions import load_demo
    from mimagery.store import Store

    with contextlib.ExitStack() as stack:
        if demo:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mimagery-")))
            db = None
        else:
            data_dir = paths.home()
        # Tokens signed with a key kept on disk stay valid in every worker and after a
        # restart.
        key = stored_key(data_dir / KEY_FILE)
        app: FastAPI | str
        if workers == 1:
            hosts = allowed_hosts(host, allow_hosts)
            app = create_app(db, data_dir, allowed_hosts=hosts, secret=key)
            store = app.state.web.store
        else:
            app = f"{__name__}:worker_app"
            os.environ[_WORKER_SETTINGS] = json.dumps(
                {"db": db, "data_dir": str(data_dir), "host": host, "allow": list(allow_hosts)}
            )
            store = Store.open(db, data_dir)  # checks the database before the workers start
            stack.callback(store.close)
        if demo:
            deck = load_demo(store, local_now())[0].deck
            sys.stderr.write(f"demo: deck {deck!r} in {data_dir} (deleted on exit)\n")
            # uvicorn stops gracefully on SIGTERM, then raises it again: exit through Python
            # (not the default handler) so the temporary data directory is removed.
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
        shown = f"[{host}]" if ":" in host else host
        processes = f", {workers} processes" if workers > 1 else ""
        sys.stderr.write(f"mimagery: serving on http://{shown}:{port}/{processes} (Ctrl-C stops)\n")
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            http=NoDelayHTTP,
            workers=workers,
            factory=workers > 1,
        )
