"""Personal FSRS parameters: fit them from a deck's review log (``mimagery optimize``).

``fsrs.Optimizer`` needs PyTorch, which is the optional extra ``mimagery[optimizer]``;
it is imported only here, and only when asked for. Before anything is stored the old
and new parameters are both replayed over the deck's reviews, so the learner sees
whether the fit predicts their own recall better (``Fit``; ``cli.render`` shows it).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mimagery.errors import MimageryError
from mimagery.store import Store, stored_utc
from mimagery.store import stats as sql
from mimagery.store import study as study_sql
from mimagery.study.settings import change_settings, settings

MIN_REVIEWS = 400  # below this, ``optimize`` refuses


#: ``fsrs.Optimizer`` keeps its default parameters with fewer reviews than this made a
#: day or more after the card's previous one.
MIN_SPACED_REVIEWS = 512


_OPTIMIZER_MODULES = ("torch", "pandas", "tqdm")  # what ``fsrs[optimizer]`` adds


_REPLAYED_PER_CARD = 64  # the optimizer reads a card's first 64 reviews; so do we


@dataclass(frozen=True)
class Fit:
    """What ``optimize`` did: the parameters before and after, and how well each predicts
    the deck's own reviews (mean predicted recall against the actual share recalled)."""

    deck: str
    reviews: int
    old_parameters: tuple[float, ...]
    new_parameters: tuple[float, ...]
    old_predicted: float | None
    new_predicted: float | None
    actual: float | None
    measured: int  # reviews the predictions were compared at


def optimize(store: Store, deck: str, *, minimum: int = MIN_REVIEWS) -> Fit:
    """Fit FSRS parameters to the deck's review log and store them in its settings.

    Needs ``minimum`` reviews and the ``mimagery[optimizer]`` extra (PyTorch); raises
    ``MimageryError`` saying which is missing.
    """
    with store.reading() as connection:
        deck_id = store.deck_id(connection, deck)
        name = study_sql.deck_name(connection, deck_id)
        total, spaced = sql.review_total(connection, deck_id)
    if total < minimum:
        raise MimageryError(
            f"{name!r} has {total} review(s); fitting FSRS parameters needs at least "
            f"{minimum}: study more and try again"
        )
    optimizer_class = _optimizer_class()
    if spaced < MIN_SPACED_REVIEWS:
        raise MimageryError(
            f"{name!r} has {spaced} review(s) made a day or more after the card's previous "
            f"one; FSRS needs at least {MIN_SPACED_REVIEWS} of them: study more and try again"
        )
    with store.reading() as connection:
        logged = sql.review_log(connection, deck_id)
    old = settings(store, name).parameters or _default_parameters()
    from fsrs import Rating, ReviewLog

    logs = [
        ReviewLog(row.card_id, Rating(row.rating), stored_utc(row.reviewed), row.duration_ms)
        for row in logged
    ]
    try:
        fitted = tuple(float(value) for value in optimizer_class(logs).compute_optimal_parameters())
    except ImportError as error:  # the optimizer's own guard
        raise MimageryError(_MISSING_EXTRA) from error
    try:
        from fsrs import Scheduler

        Scheduler(parameters=fitted)  # within FSRS's bounds, or nothing is stored
    except ValueError as error:
        raise MimageryError(f"the fitted parameters are not usable: {error}") from error
    if fitted == _default_parameters():
        raise MimageryError(
            "FSRS kept its default parameters: too few reviews a day or more apart; "
            "study more and try again"
        )
    old_predicted, actual, measured = predicted_recall(logged, old)
    new_predicted, _, _ = predicted_recall(logged, fitted)
    change_settings(store, name, parameters=list(fitted))
    return Fit(name, total, tuple(old), fitted, old_predicted, new_predicted, actual, measured)


_MISSING_EXTRA = (
    "fitting FSRS parameters needs PyTorch: install mimagery[optimizer] "
    "(pip install 'mimagery[optimizer]')"
)


def _default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def _missing_optimizer_modules() -> list[str]:
    return [name for name in _OPTIMIZER_MODULES if importlib.util.find_spec(name) is None]


def _optimizer_class() -> Any:
    """``fsrs.Optimizer``, or a ``MimageryError`` when its extra is not installed."""
    if _missing_optimizer_modules():
        raise MimageryError(_MISSING_EXTRA)
    try:
        from fsrs.optimizer import Optimizer
    except ImportError as error:
        raise MimageryError(_MISSING_EXTRA) from error
    return Optimizer


def predicted_recall(
    logged: Sequence[sql.LoggedReview], parameters: Sequence[float]
) -> tuple[float | None, float | None, int]:
    """Replay each card's reviews (in card, then time order) with these parameters:
    (mean predicted recall, share actually recalled, reviews compared), over the reviews
    made a day or more after the card's previous one, as the optimizer measures."""
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
    predicted = recalled = 0.0
    measured = 0
    card = Card()
    previous: int | None = None
    seen = 0
    for row in logged:
        when = stored_utc(row.reviewed)
        if row.card_id != previous:
            previous, seen = row.card_id, 0
            card = Card(card_id=row.card_id, due=when)
        seen += 1
        if seen > _REPLAYED_PER_CARD:
            continue
        if card.last_review is not None and (when - card.last_review).days > 0:
            predicted += scheduler.get_card_retrievability(card, when)
            recalled += 0 if row.rating == 1 else 1
            measured += 1
        card, _ = scheduler.review_card(card, Rating(row.rating), review_datetime=when)
    if not measured:
        return None, None, 0
    return predicted / measured, recalled / measured, measured
