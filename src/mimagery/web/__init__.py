"""The web app: ``mimagery serve`` runs it with uvicorn (``create_app`` builds it).

Server-rendered pages (decks, terms, import with a preview, study, statistics) and a
JSON API under ``/api/``, over the same core functions the command line calls. Local and
single-user: it binds to 127.0.0.1 by default and has no login; state changes are POSTs
with CSRF checks (see ``security``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType

from mimagery.web.app import LOCAL_HOSTS, create_app, local_now

__all__ = ["create_app", "serve"]


def allowed_hosts(host: str) -> list[str] | None:
    """Host names the ``Host`` header may carry when serving on ``host`` (None: any)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return [*LOCAL_HOSTS, host.lower()]
    if address.is_unspecified:
        return None  # every interface: the machine's other names may reach it
    return [*LOCAL_HOSTS, str(address), f"[{address}]"]


def _exit_on_sigterm(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


def serve(
    host: str = "127.0.0.1", port: int = 8000, *, demo: bool = False, db: str | None = None
) -> None:
    """Run the web app until interrupted.

    Args:
        host: the address to listen on (127.0.0.1: this machine only).
        port: the TCP port.
        demo: serve the built-in example deck from a fresh temporary data directory,
            deleted on exit.
        db: a database URL (``--db``); None for the data directory's.
    """
    import uvicorn

    from mimagery.web.actions import load_demo

    with contextlib.ExitStack() as stack:
        data_dir: Path | None = None
        if demo:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mimagery-")))
            db = None
        app = create_app(db, data_dir, allowed_hosts=allowed_hosts(host))
        if demo:
            deck = load_demo(app.state.web.store, local_now())
            sys.stderr.write(f"demo: deck {deck!r} in {data_dir} (deleted on exit)\n")
            # uvicorn stops gracefully on SIGTERM, then raises it again: exit through Python
            # (not the default handler) so the temporary data directory is removed.
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
        shown = f"[{host}]" if ":" in host else host
        sys.stderr.write(f"mimagery: serving on http://{shown}:{port}/ (Ctrl-C stops)\n")
        uvicorn.run(app, host=host, port=port, log_level="warning")
