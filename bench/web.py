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

Run: ``python bench/web.py [--clients 50] [--seconds 30]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

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


async def _client(
    http: httpx.AsyncClient, base: str, until: float, pages: list[float], posts: list[float],
    errors: list[str], acknowledged: list[str], think: float,
) -> None:  # fmt: skip
    study_url = f"{base}/decks/{quote(DECK)}/study"
    rng = random.Random()
    await asyncio.sleep(rng.uniform(0, think))  # learners do not all start at once
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            response = await http.get(study_url)
        except httpx.HTTPError as error:
            errors.append(f"GET {type(error).__name__}")
            continue
        pages.append(time.perf_counter() - started)
        if response.status_code != 200:
            errors.append(f"GET {response.status_code}")
            continue
        await asyncio.sleep(rng.uniform(0, 2 * think))
        fields = dict(_FIELD.findall(response.text))
        if "card" not in fields:
            errors.append("no card on the study page")
            continue
        # A fresh key per grade, as the page would carry for its next card.
        fields["review_key"] = uuid.uuid4().hex
        fields["grade"] = "good"
        started = time.perf_counter()
        try:
            posted = await http.post(study_url, data=fields, headers={"Origin": base})
        except httpx.HTTPError as error:
            errors.append(f"POST {type(error).__name__}")
            continue
        posts.append(time.perf_counter() - started)
        if posted.status_code == 303:
            acknowledged.append(fields["review_key"])
        else:
            errors.append(f"POST {posted.status_code}")
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def _load(base: str, clients: int, seconds: float, think: float) -> tuple[list[float], ...]:
    pages: list[float] = []
    posts: list[float] = []
    errors: list[str] = []
    acknowledged: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30, follow_redirects=False) as http:
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                _client(http, base, until, pages, posts, errors, acknowledged, think)
                for _ in range(clients)
            )
        )
    return pages, posts, errors, acknowledged  # type: ignore[return-value]


def main() -> None:
    """Build, serve, load, check and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--think", type=float, default=0.5)
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
    server = subprocess.Popen(
        [sys.executable, "-m", "mimagery", "serve", "--port", str(port)],
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
        pages, posts, errors, acknowledged = asyncio.run(
            _load(base, args.clients, args.seconds, args.think)
        )
    finally:
        server.terminate()
        server.wait(10)

    with sqlite3.connect(database) as connection:
        logged = {row[0] for row in connection.execute("SELECT review_key FROM reviews")}
        rows = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
    lost = [key for key in acknowledged if key not in logged]
    print(
        f"{args.clients} clients, {args.seconds:.0f} s, {args.terms} terms, "
        f"{args.think:.2f} s between a learner's requests"
    )
    for name, samples in (("study page GET", pages), ("review POST", posts)):
        print(
            f"{name:15} {len(samples):6} requests  p50 {statistics.median(samples) * 1000:6.1f} ms"
            f"  p95 {_percentile(samples, 0.95):6.1f} ms  p99 {_percentile(samples, 0.99):6.1f} ms"
            f"  ({len(samples) / args.seconds:.0f}/s)"
        )
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")
    print(
        f"reviews acknowledged {len(acknowledged)}, in the log {rows}, lost {len(lost)}, "
        f"extra {rows - (len(acknowledged) - len(lost))}  (goal: p95 < 50 ms, 0 errors, 0 lost)"
    )


if __name__ == "__main__":
    main()
