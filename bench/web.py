"""The web app under load: 50 concurrent clients studying for 30 s on loopback.

Starts ``mimagery serve`` (uvicorn, one process) on a fresh data directory holding a
2,000-term deck, then runs 50 clients, each in a loop: GET the study page, read the
card, review key and form token from it, wait (a learner reads the card: a random time
averaging ``--think`` seconds, default 0.5 s, far quicker than a person; random so the
50 clients do not move in lockstep), POST a grade (as the page's form does, with the
Origin header a browser sends), wait again. ``--think 0`` measures saturation
instead: then latency is only concurrency divided by throughput. Prints request counts, p50/p95/p99
latency per kind, errors, and checks that every review the server acknowledged (303)
is in the review log exactly once: zero lost reviews.

The clients speak HTTP/1.1 over asyncio streams, one keep-alive connection each (as a
browser tab holds one), parsing only the status, ``Content-Length`` and body: about 60 µs
of the load generator's CPU a request. httpx (``--client httpx``) costs about 3 ms a
request, so on a small machine it saturates a core by itself near 340 requests a second
and then measures its own queueing more than the server (``bench/web.py`` used it
before). Both send the same requests; the server sees no difference.

Run: ``python bench/web.py [--clients 50] [--seconds 30] [--think 0.5] [--workers 1]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from mimagery import study
from mimagery.model import Deck, Term
from mimagery.store import Store

DECK = "Load Deck"
_FIELD = re.compile(r'name="(card|review_key|csrf|shown)" value="([^"]*)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


class HTTPError(Exception):
    """A request that got no complete answer."""


class Connection:
    """One keep-alive HTTP/1.1 connection, a request at a time, reopened after an error."""

    def __init__(self, host: str, port: int) -> None:
        """Connect lazily to ``host:port``."""
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None, origin: str = ""
    ) -> tuple[int, bytes]:
        """Send one request and read its whole answer: (status, body)."""
        try:
            if self.streams is None:
                self.streams = await asyncio.open_connection(self.host, self.port)
            reader, writer = self.streams
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            body = urlencode(form).encode() if form is not None else b""
            if form is not None:
                head += f"Origin: {origin}\r\n" if origin else ""
                head += "Content-Type: application/x-www-form-urlencoded\r\n"
                head += f"Content-Length: {len(body)}\r\n"
            writer.write(head.encode("latin-1") + b"\r\n" + body)
            status = int((await reader.readuntil(b"\r\n")).split()[1])
            length, close = None, False
            while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            if length is None:
                raise HTTPError("no Content-Length")
            data = await reader.readexactly(length)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as error:
            self.close()
            raise HTTPError(type(error).__name__) from error
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class HttpxConnection:
    """The same requests through a shared ``httpx.AsyncClient`` (``--client httpx``)."""

    def __init__(self, http: httpx.AsyncClient, base: str) -> None:
        """Send through ``http`` to ``base``."""
        self.http, self.base = http, base

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None, origin: str = ""
    ) -> tuple[int, bytes]:
        """Send one request and read its whole answer: (status, body)."""
        headers = {"Origin": origin} if origin else {}
        try:
            response = await self.http.request(method, self.base + path, data=form, headers=headers)
        except httpx.HTTPError as error:
            raise HTTPError(type(error).__name__) from error
        return response.status_code, response.content

    def close(self) -> None:
        """Nothing to do: the client is closed by its owner."""


@dataclass
class Results:
    """What the clients measured and what the server acknowledged."""

    pages: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)


async def _client(
    connection: Connection | HttpxConnection, base: str, until: float, results: Results,
    think: float,
) -> None:  # fmt: skip
    study_url = f"/decks/{quote(DECK)}/study"
    rng = random.Random()
    await asyncio.sleep(rng.uniform(0, think))  # learners do not all start at once
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            status, body = await connection.request("GET", study_url)
        except HTTPError as error:
            results.errors.append(f"GET {error}")
            continue
        results.pages.append(time.perf_counter() - started)
        if status != 200:
            results.errors.append(f"GET {status}")
            continue
        await asyncio.sleep(rng.uniform(0, 2 * think))
        fields = dict(_FIELD.findall(body.decode("utf-8")))
        if "card" not in fields:
            results.errors.append("no card on the study page")
            continue
        # A fresh key per grade, as the page would carry for its next card.
        fields["review_key"] = uuid.uuid4().hex
        fields["grade"] = "good"
        started = time.perf_counter()
        try:
            status, _ = await connection.request("POST", study_url, fields, origin=base)
        except HTTPError as error:
            results.errors.append(f"POST {error}")
            continue
        results.posts.append(time.perf_counter() - started)
        if status == 303:
            results.acknowledged.append(fields["review_key"])
        else:
            results.errors.append(f"POST {status}")
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def _load(
    base: str, port: int, clients: int, seconds: float, think: float, client: str
) -> Results:
    results = Results()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30, follow_redirects=False) as http:
        connections = [
            HttpxConnection(http, base) if client == "httpx" else Connection("127.0.0.1", port)
            for _ in range(clients)
        ]
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(_client(connection, base, until, results, think) for connection in connections)
        )
        for connection in connections:
            connection.close()
    return results


def main() -> None:
    """Build, serve, load, check and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--think", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--client", choices=("streams", "httpx"), default="streams")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="mimagery-bench-web-"))
    store = Store.open(data_dir=home)
    now = datetime.now(UTC)
    terms = [Term(f"Term {n:05d}", f"Definition number {n}.") for n in range(args.terms)]
    store.import_deck(Deck(DECK, terms), now=now)
    study.change_settings(store, DECK, new_per_day=10_000, reviews_per_day=100_000)
    database = store.sqlite_file
    store.close()
    assert database is not None

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "mimagery", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(args.workers)] if args.workers != 1 else command,
        env=dict(os.environ, MIMAGERY_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", timeout=2)
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        used = resource.getrusage(resource.RUSAGE_SELF)
        results = asyncio.run(
            _load(base, port, args.clients, args.seconds, args.think, args.client)
        )
        after = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        server.terminate()
        server.wait(10)

    with sqlite3.connect(database) as connection:
        logged = {row[0] for row in connection.execute("SELECT review_key FROM reviews")}
        rows = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
    acknowledged = results.acknowledged
    lost = [key for key in acknowledged if key not in logged]
    print(
        f"{args.clients} clients ({args.client}), {args.seconds:.0f} s, {args.terms} terms, "
        f"{args.think:.2f} s between a learner's requests, {args.workers} server process(es)"
    )
    for name, samples in (("study page GET", results.pages), ("review POST", results.posts)):
        print(
            f"{name:15} {len(samples):6} requests  p50 {statistics.median(samples) * 1000:6.1f} ms"
            f"  p95 {_percentile(samples, 0.95):6.1f} ms  p99 {_percentile(samples, 0.99):6.1f} ms"
            f"  ({len(samples) / args.seconds:.0f}/s)"
        )
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    print(f"load generator CPU: {cpu / args.seconds:.0%} of a core")
    print(f"errors: {len(results.errors)} {sorted(set(results.errors))[:5]}")
    print(
        f"reviews acknowledged {len(acknowledged)}, in the log {rows}, lost {len(lost)}, "
        f"extra {rows - (len(acknowledged) - len(lost))}  (goal: p95 < 50 ms, 0 errors, 0 lost)"
    )


if __name__ == "__main__":
    main()
