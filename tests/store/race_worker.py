"""One of two processes racing on a store (run by ``test_races``; not a test itself).

``python race_worker.py review URL HOME GO CARD N PREFIX`` grades card CARD N times
with review ids PREFIX0, PREFIX1, …; ``python race_worker.py import URL HOME GO FILE
DECK N WHO`` imports FILE into the decks "DECK 0" … "DECK N-1", meeting the other
process (WHO is 0 or 1) before each import. Both start when the file GO appears. Any
exception but a one-line ``MimageryError`` ends the process with a traceback (exit 1);
those are counted and printed as JSON on the last line.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from mimagery import formats, study
from mimagery.errors import MimageryError
from mimagery.store import Store


def _wait_for(path: Path) -> None:
    give_up = time.monotonic() + 120  # the other process died
    while not path.exists():
        if time.monotonic() > give_up:
            raise SystemExit(f"gave up waiting for {path.name}")
        time.sleep(0.001)


def main(argv: list[str]) -> None:
    mode, url, home, go = argv[0], argv[1], Path(argv[2]), Path(argv[3])
    store = Store.open(url, data_dir=home)
    errors: list[str] = []
    repeated = 0
    try:
        if mode == "review":
            card, count, prefix = int(argv[4]), int(argv[5]), argv[6]
            _wait_for(go)
            for number in range(count):
                try:
                    result = study.review(
                        store, card, "good", datetime.now(UTC), review_key=f"{prefix}{number}"
                    )
                    repeated += result.repeated
                except MimageryError as error:
                    errors.append(str(error))
        else:
            deck = formats.read(Path(argv[4]).read_text(encoding="utf-8"))
            name, count, who = argv[5], int(argv[6]), int(argv[7])
            _wait_for(go)
            for number in range(count):
                # Meet the other process before each import, so that they run together.
                (go.parent / f"{go.name}.{who}.{number}").touch()
                _wait_for(go.parent / f"{go.name}.{1 - who}.{number}")
                try:
                    store.import_deck(deck, name=f"{name} {number}", now=datetime.now(UTC))
                except MimageryError as error:
                    errors.append(str(error))
    finally:
        store.close()
    print(json.dumps({"errors": errors, "repeated": repeated}))


if __name__ == "__main__":
    main(sys.argv[1:])
