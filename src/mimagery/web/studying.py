"""HTML pages for studying a deck and for its statistics.

The study page shows one due card's front; the answer sits in a ``<details>`` element
(or is open with ``?reveal=1``) and takes the front's place: the term once, the
definition once, the mimage's picture large, the term and the keyword to listen to (the
term's sound is on the front only when the front is the term, so it never gives the
answer away). The grade buttons stay in a bar fixed at the bottom of the screen, each
with the interval it would give (FSRS, as the deck schedules): a POSTed form carrying
the card, a fresh review key (so a retried POST is stored once) and the time the front
was shown. With nothing left, the page sums up the study day (reviews, the share
correct, the time, the next card due). Keys (Space or Enter: the answer, then Good;
1-4; u; p: the term's sound) come from ``static/app.js``; everything works without it.
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mimagery import actions, mimages, scripts, study
from mimagery.errors import MimageryError
from mimagery.model import Term, clean
from mimagery.store import Store
from mimagery.store.engine import Busy
from mimagery.study import DIRECTION_LABELS, DueCard, stats
from mimagery.web import charts, views
from mimagery.web.forms import field, read_form
from mimagery.web.views import Web, web

router = APIRouter(include_in_schema=False)

GRADES = (("again", "1"), ("hard", "2"), ("good", "3"), ("easy", "4"))

# The study page shows one card and how many are left: it looks this far ahead, no more
# (each page view fetches the queue; a longer one cost more than the rest of the page).
STUDY_QUEUE = 25


@dataclass(frozen=True)
class Queue:
    """The cards to study now and the day's progress."""

    cards: list[DueCard]
    reviewed_today: int
    new_left: int
    reviews_left: int
    ahead: bool  # the cards are learning cards brought forward (nothing else is due)

    @property
    def left(self) -> str:
        """Cards left to study now ("25+" past the page's look-ahead)."""
        count = len(self.cards)
        return f"{count}+" if count >= STUDY_QUEUE else str(count)


def next_card(
    store: Store, deck: str, now: datetime, card_id: int | None = None
) -> tuple[study.NextCard, Queue]:
    """The study page's card (``card_id`` while it is due, else the first) and the deck's
    cards to study at ``now``, as the terminal session takes them: due cards first; when
    none are due, learning cards due within ``study.LEARN_AHEAD``. NotFound when there
    is no deck called ``deck``."""
    found = study.next_card(
        store, deck, now, STUDY_QUEUE, learn_ahead=study.LEARN_AHEAD, card_id=card_id
    )
    due, chosen = found.due, found.due.settings
    # The day's reviews, as the daily limits count them (new cards introduced + others).
    reviewed = max(0, chosen.new_per_day - due.new_left) + max(
        0, chosen.reviews_per_day - due.reviews_left
    )
    return found, Queue(due.cards, reviewed, due.new_left, due.reviews_left, due.ahead)


def duration_ms(shown: str | None, now: datetime) -> int | None:
    """Milliseconds from a card's front being shown (epoch ms from the form) to ``now``."""
    if not shown or not shown.isdigit() or len(shown) > 16:
        return None
    elapsed = round(now.timestamp() * 1000) - int(shown)
    return elapsed if 0 <= elapsed <= 86_400_000 else None


def _front(card: DueCard, term: Term, language: str) -> dict[str, Any]:
    """What the front of a card shows, the term hidden wherever it is not the question."""
    names = [term.name, *term.aliases]
    if card.direction == "term-definition":
        return {"kind": "term", "text": term.display_name}
    if card.direction == "definition-term":
        hidden = study.hide_term(clean(term.definition) or "(no definition)", names)
        return {"kind": "definition", "text": hidden}
    mimage = term.chosen
    if mimage is None:  # the store offers these cards only with a mimage
        return {"kind": "definition", "text": "(no mimage)"}
    return {
        "kind": "mimage",
        "text": study.hide_term(clean(mimage.scene or mimage.keyword), names, words=True),
        "picture": views.data_uri(mimages.draw_card(term, mimage, hide=True, language=language)),
    }


def _answer_picture(store: Store, deck: str, term: Term) -> str | None:
    """The picture on a card's answer side: a picture brought in by an import as it is;
    a card mimagery draws, drawn without the term and caption the page writes beside it."""
    mimage = term.chosen
    if mimage is None:
        return None
    stored = views.stored_picture(store, mimage)
    if stored is not None and stored.startswith("imported/"):
        return views.picture_url(store, deck, term, mimage)
    language = store.deck_language(deck)
    return views.data_uri(mimages.draw_card(term, mimage, bare=True, language=language))


def _summary(today: study.Today | None) -> dict[str, str] | None:
    """The study day in words, for the page shown when nothing is left."""
    if today is None or not today.reviewed:
        return None
    share = today.correct_share or 0.0
    return {
        "reviewed": str(today.reviewed),
        "correct": f"{round(100 * share)}% ({today.correct} of {today.reviewed})",
        "time": study.describe_duration(today.time),
    }


def _study_values(context: Web, deck: str, card_id: int | None) -> dict[str, Any]:
    now = context.clock()
    found, queue = next_card(context.store, deck, now, card_id)
    values: dict[str, Any] = {"deck": found.deck, "queue": queue, "card": found.card}
    card, term = found.card, found.term
    if card is None or term is None:
        when = study.next_due(context.store, found.deck, now)
        values["next_due"] = study.describe_time(when, now)
        values["summary"] = _summary(found.today)
        return values
    values.update(
        direction=DIRECTION_LABELS.get(card.direction, card.direction),
        term=term,
        romanised=scripts.romanise(term.name),
        front=_front(card, term, context.store.deck_language(found.deck)),
        mimage=term.chosen,
        picture=_answer_picture(context.store, found.deck, term),
        sounds=views.sounds(found.deck, term),
        intervals={name: study.describe_interval(wait) for name, wait in found.intervals.items()},
        review_key=uuid.uuid4().hex,
        shown=round(now.timestamp() * 1000),
    )
    return values


# The study page and a grade run on the event loop, not in worker threads. Their reads
# and writes take well under a millisecond (SQLite in WAL mode: readers never wait for a
# writer), and handing each request to a thread and back cost more than that, with
# threads queueing for the GIL and for the write lock under load (a single writer
# thread made grades twice as slow). On a database server (PostgreSQL) every call waits
# on the network, so there they run in threads as before.


#: While another process holds the write lock, a grade tries again this often (0.3 ms
#: apart, then the event loop's other requests), then waits for it in a thread.
_LOCK_TRIES = 100


async def _write(store: Store, review: Callable[..., study.ReviewResult]) -> study.ReviewResult:
    """Run a review on the event loop without blocking it on the write lock: SQLite's own
    wait would put the whole process to sleep (1 ms, 2 ms, 5 ms…) while it holds many
    other requests. On a database server every call waits on the network: a thread."""
    if not store.embedded:
        return await run_in_threadpool(review)
    for _ in range(_LOCK_TRIES):
        try:
            return review(wait=False)
        except Busy:
            await asyncio.sleep(0.0003)
    return await run_in_threadpool(review)


@router.get("/decks/{deck}/study")
async def study_page(
    request: Request,
    deck: str,
    card: int | None = Query(None, ge=1, le=2**63 - 1),
    reveal: bool = False,
    last: str | None = Query(None, max_length=64),
    graded: str | None = Query(None, max_length=10),
    undone: str | None = Query(None, max_length=400),
) -> Response:
    """The next due card (or ``card`` while it is due), its answer behind a reveal."""
    context = web(request)
    read = functools.partial(_study_values, context, views.name_from_path(deck), card)
    values = read() if context.store.embedded else await run_in_threadpool(read)
    return context.page(
        request,
        "study.html",
        reveal=reveal,
        grades=GRADES,
        last=last,
        graded=graded if graded in study.RATINGS else None,
        undone=undone,
        **values,
    )


@router.post("/decks/{deck}/study")
async def grade(request: Request, deck: str) -> Response:
    """Store one grade (once per review key) and show the next card."""
    form = await read_form(request)
    context = web(request)
    card, rating = field(form, "card"), field(form, "grade")
    key, shown = field(form, "review_key") or None, field(form, "shown")
    if not card.isdigit():
        raise MimageryError("the form names no card")
    name = views.name_from_path(deck)
    now = context.clock()
    review = functools.partial(
        study.review,
        context.store,
        int(card),
        rating,
        now,
        review_key=key,
        duration_ms=duration_ms(shown, now),
        deck=name,
    )
    try:
        result = await _write(context.store, review)
    except MimageryError:
        actions.resolve_deck(context.store, name)  # NotFound when there is no such deck
        raise
    target = views.with_query(
        views.deck_url(result.deck, "/study"), last=result.review_key, graded=result.rating
    )
    return RedirectResponse(target, status_code=303)


@router.post("/decks/{deck}/study/undo")
async def undo(request: Request, deck: str) -> Response:
    """Take back a review (the one named in the form, else the deck's last)."""
    form = await read_form(request)
    context = web(request)
    key = field(form, "review_key") or None

    def run() -> tuple[str, study.ReviewResult]:
        name = actions.resolve_deck(context.store, views.name_from_path(deck))
        return name, study.undo(context.store, name, key)

    name, result = await run_in_threadpool(run)
    target = views.with_query(
        views.deck_url(name, "/study"), card=result.card_id, undone=result.term
    )
    return RedirectResponse(target, status_code=303)


@router.post("/decks/{deck}/settings")
async def change_settings(request: Request, deck: str) -> Response:
    """Change the deck's study settings from the deck page's form (a checkbox sends
    ``bury_siblings`` only when ticked)."""
    form = await read_form(request)
    context = web(request)
    bury = field(form, "bury_siblings") != ""

    def run() -> str:
        name = actions.resolve_deck(context.store, views.name_from_path(deck))
        study.change_settings(context.store, name, bury_siblings=bury)
        return name

    name = await run_in_threadpool(run)
    target = views.with_query(views.deck_url(name), saved=1) + "#study-settings"
    return RedirectResponse(target, status_code=303)


@router.get("/decks/{deck}/stats")
def stats_page(request: Request, deck: str) -> Response:
    """Retention, the forecast and reviews per day as charts; how the mimages work."""
    context = web(request)
    name = actions.resolve_deck(context.store, views.name_from_path(deck))
    found = stats.deck_stats(context.store, name, context.clock())
    target = study.settings(context.store, name).desired_retention
    recent = found.heatmap[-60:]
    figures = {
        "retention": charts.meter(
            found.retention,
            target,
            title="True retention over the last 30 days",
            nothing="No reviews of cards in review state in the last 30 days yet, so there "
            "is no retention to show: it appears once cards you learnt come back for review.",
        ),
        "states": charts.states_bar(found.states, title="Cards by state"),
        "forecast": charts.bars(
            found.forecast,
            title="Cards due each day, next 30 days",
            noun="cards due",
            nothing="No card is scheduled in the next 30 days: cards you study show here "
            "on the day they come back.",
            ident="no-forecast",
        ),
        "recent": charts.bars(
            recent,
            title="Reviews per day, last 60 days",
            noun="reviews",
            every=10,
            nothing="No reviews in the last 60 days yet: study a few cards and they show here.",
            ident="no-reviews",
        ),
        "heatmap": charts.heatmap(found.heatmap, title="Reviews per day, last 365 days"),
    }
    origins = [(origin, found.origins[origin]) for origin in stats.ORIGINS]
    return context.page(
        request,
        "stats.html",
        deck=name,
        stats=found,
        target=target,
        charts=figures,
        origins=origins,
    )
