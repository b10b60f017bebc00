"""Statistics over a small simulated study history, and the optimizer's guards.

The history (fuzz off, so FSRS is deterministic; UTC, days start at 04:00):

- Cambium (no mimage), term → definition: easy on Jan 29, then good on Jan 30, Mar 5
  and Mar 6: three reviews in review state, one of them older than 30 days.
- Xylem (imported mimage), term → definition, Mar 7: easy, then eight times again +
  good (eight lapses: a leech), then good twice: ten reviews in review state.
- Phloem (generated mimage), term → definition, Mar 8: easy, good ×4, again: five
  reviews in review state, one lapse; it ends relearning.
- Stoma (the user's own mimage), term → definition, Mar 9: easy, good, again, good,
  good, again, good, good: five reviews in review state, two lapses (40 %).
- Phloem, definition → term: easy at 02:00 on Mar 10, still Mar 9's study day.
- Stoma, definition → term: good at 09:00 on Mar 10 (learning).

Stats are taken at noon on Mar 10.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from mimagery import formats, study
from mimagery.errors import MimageryError
from mimagery.model import Mimage
from mimagery.store import Store
from mimagery.store.tables import cards, terms
from mimagery.study import optimizer, stats

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
STEP = timedelta(minutes=15)
AT = "2026-03-10T12:00:00+00:00"

DECK = {
    "deck": "Botany",
    "terms": [
        {
            "term": "Xylem",
            "definition": "Tissue that carries water up.",
            "mimages": [{"keyword": "Sigh Lamb", "scene": "A lamb sighs up a pipe."}],
        },
        {"term": "Phloem", "definition": "Tissue that carries sugars down."},
        {"term": "Stoma", "definition": "A pore in a leaf."},
        {"term": "Cambium", "definition": "The layer that grows new wood."},
    ],
}


def _card_ids(store: Store) -> dict[tuple[str, str], int]:
    with store.reading() as connection:
        rows = connection.execute(
            select(terms.c.name, cards.c.direction, cards.c.id).join(
                terms, terms.c.id == cards.c.term_id
            )
        )
        return {(name, direction): card_id for name, direction, card_id in rows}


def _grade(store: Store, card_id: int, start: datetime, *ratings: str) -> None:
    for number, rating in enumerate(ratings):
        study.review(store, card_id, rating, start + number * STEP)


def _day(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def _history(store: Store) -> dict[tuple[str, str], int]:
    store.import_deck(formats.read(json.dumps(DECK), "json"), now=_day(1, 1))
    store.add_mimages(
        "Botany",
        [
            ("Phloem", Mimage("Flow Em", "Syrup flows down to them.", "generated", chosen=True)),
            ("Stoma", Mimage("Stow Ma", "Ma stows a leaf.", "user", chosen=True)),
        ],
        now=_day(1, 1),
    )
    study.change_settings(store, "Botany", fuzz=False)
    ids = _card_ids(store)
    td, dt = "term-definition", "definition-term"
    _grade(store, ids["Cambium", td], _day(1, 29), "easy")
    _grade(store, ids["Cambium", td], _day(1, 30), "good")
    _grade(store, ids["Cambium", td], _day(3, 5), "good")
    _grade(store, ids["Cambium", td], _day(3, 6), "good")
    _grade(store, ids["Xylem", td], _day(3, 7), "easy", *["again", "good"] * 8, "good", "good")
    _grade(store, ids["Phloem", td], _day(3, 8), "easy", "good", "good", "good", "good", "again")
    _grade(
        store,
        ids["Stoma", td],
        _day(3, 9),
        *["easy", "good", "again", "good", "good", "again", "good", "good"],
    )
    _grade(store, ids["Phloem", dt], _day(3, 10, hour=2), "easy")
    _grade(store, ids["Stoma", dt], _day(3, 10, hour=9), "good")
    return ids


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    opened = Store.open()
    yield opened
    opened.close()


@pytest.fixture
def ids(store: Store) -> dict[tuple[str, str], int]:
    return _history(store)


# The numbers ----------------------------------------------------------------------------


def test_cards_reviews_and_retention(store: Store, ids: dict[tuple[str, str], int]) -> None:
    found = stats.deck_stats(store, "botany", NOW)
    assert found.deck == "Botany"
    assert found.states == {"new": 6, "learning": 1, "review": 4, "relearning": 1}
    assert (found.reviews_today, found.reviews_total) == (1, 39)
    # In review state within 30 days: Cambium 2, Xylem 10 (8 again), Phloem 5 (1),
    # Stoma 5 (2); Cambium's review on Jan 30 is older.
    assert (found.retention_reviews, found.retention_lapses) == (22, 11)
    assert found.retention == 0.5


def test_retention_is_none_without_reviews_in_review_state(store: Store) -> None:
    store.import_deck(formats.read(json.dumps(DECK), "json"), now=_day(1, 1))
    ids = _card_ids(store)
    study.review(store, ids["Xylem", "term-definition"], "good", NOW - STEP)
    found = stats.deck_stats(store, "Botany", NOW)
    assert found.retention is None
    assert found.to_dict()["true_retention"] == {
        "days": 30,
        "reviews": 0,
        "lapses": 0,
        "rate": None,
    }
    assert found.streak == 1


def test_forecast_counts_overdue_cards_today(store: Store, ids: dict[tuple[str, str], int]) -> None:
    found = stats.deck_stats(store, "Botany", NOW)
    assert len(found.forecast) == 30
    assert found.forecast[0].day == date(2026, 3, 10)
    assert found.forecast[-1].day == date(2026, 4, 8)
    # Bucket the stored due times here, the simple way, and compare.
    with store.reading() as connection:
        dues = [
            due.replace(tzinfo=UTC)
            for due in connection.execute(select(cards.c.due).where(cards.c.due.is_not(None)))
            .scalars()
            .all()
        ]
    start = datetime(2026, 3, 10, 4, tzinfo=UTC)
    expected = [0] * 30
    for due in dues:
        index = max(0, (due - start) // timedelta(days=1))
        if index < 30:
            expected[index] += 1
    assert [day.count for day in found.forecast] == expected
    # Due by today: Phloem (relearning since Mar 8), Xylem (after its lapses) and both
    # of Stoma's cards; Phloem's other card on Mar 17; Cambium's not for 30 days.
    assert found.forecast[0].count == 4
    assert found.forecast[7].to_dict() == {"date": "2026-03-17", "count": 1}
    assert sum(day.count for day in found.forecast) == 5


def test_streak_and_heatmap_follow_study_days(
    store: Store, ids: dict[tuple[str, str], int]
) -> None:
    found = stats.deck_stats(store, "Botany", NOW)
    assert found.streak == 6  # Mar 5 to Mar 10
    assert len(found.heatmap) == 365
    assert found.heatmap[0].day == date(2025, 3, 11)
    assert found.heatmap[-1].day == date(2026, 3, 10)
    recent = {day.day: day.count for day in found.heatmap if day.count}
    assert recent == {
        date(2026, 1, 29): 1,
        date(2026, 1, 30): 1,
        date(2026, 3, 5): 1,
        date(2026, 3, 6): 1,
        date(2026, 3, 7): 19,
        date(2026, 3, 8): 6,
        date(2026, 3, 9): 9,  # with 02:00 on Mar 10, before the day starts at 04:00
        date(2026, 3, 10): 1,
    }
    # Before today's first review the streak still ends yesterday; reviews later than
    # the time asked about are left out.
    morning = stats.deck_stats(store, "Botany", _day(3, 10, hour=8))
    assert (morning.streak, morning.reviews_today, morning.reviews_total) == (5, 0, 38)
    # Two days without reviews break it.
    later = stats.deck_stats(store, "Botany", _day(3, 12, hour=5))
    assert later.streak == 0


def test_a_streak_longer_than_the_heatmap_reads_earlier_days(
    store: Store, ids: dict[tuple[str, str], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stats, "HEATMAP_DAYS", 2)
    found = stats.deck_stats(store, "Botany", NOW)
    assert [day.count for day in found.heatmap] == [9, 1]
    assert found.streak == 6
    assert stats.deck_stats(store, "Botany", _day(3, 10, hour=8)).streak == 5


def test_day_start_hour_and_timezone_move_the_days(
    store: Store, ids: dict[tuple[str, str], int]
) -> None:
    study.change_settings(store, "Botany", day_starts_hour=0)
    found = stats.deck_stats(store, "Botany", NOW)
    counts = {day.day: day.count for day in found.heatmap if day.count}
    assert counts[date(2026, 3, 9)] == 8
    assert counts[date(2026, 3, 10)] == 2
    assert found.reviews_today == 2
    # Midnight in UTC−10 is 10:00 UTC: Mar 7's reviews (from 10:00 UTC) are Mar 7's,
    # Mar 10's two early ones fall on Mar 9 there.
    hawaii = NOW.astimezone(timezone(timedelta(hours=-10)))
    found = stats.deck_stats(store, "Botany", hawaii)
    counts = {day.day: day.count for day in found.heatmap if day.count}
    assert counts[date(2026, 3, 9)] == 10
    assert date(2026, 3, 10) not in counts
    assert found.reviews_today == 0


def test_hardest_terms_and_leeches(store: Store, ids: dict[tuple[str, str], int]) -> None:
    found = stats.deck_stats(store, "Botany", NOW)
    assert [(t.term, t.lapses, t.leech) for t in found.hardest] == [
        ("Xylem", 8, True),
        ("Stoma", 2, False),
        ("Phloem", 1, False),
        ("Cambium", 0, False),
    ]
    assert [t.reviews for t in found.hardest] == [19, 9, 7, 4]
    assert [leech.to_dict() for leech in found.leeches] == [
        {
            "card": ids["Xylem", "term-definition"],
            "term": "Xylem",
            "direction": "term-definition",
            "lapses": 8,
        }
    ]


def _stability(store: Store, card_id: int) -> float:
    with store.reading() as connection:
        value = connection.execute(select(cards.c.stability).where(cards.c.id == card_id))
        return float(value.scalar_one())


def test_mimage_effectiveness_by_origin(store: Store, ids: dict[tuple[str, str], int]) -> None:
    found = stats.deck_stats(store, "Botany", NOW)
    by_origin = found.to_dict()["mimages"]["by_origin"]
    assert list(by_origin) == ["imported", "generated", "user", "none"]
    summary = {
        name: (o["cards"], o["reviews"], o["lapses"], o["lapse_rate"])
        for name, o in by_origin.items()
    }
    assert summary == {
        "imported": (1, 10, 8, 0.8),
        "generated": (1, 5, 1, 0.2),
        "user": (1, 5, 2, 0.4),
        "none": (1, 3, 0, 0.0),
    }
    td = "term-definition"
    for origin, term in [("imported", "Xylem"), ("generated", "Phloem"), ("user", "Stoma")]:
        expected = round(_stability(store, ids[term, td]), 3)
        assert by_origin[origin]["average_stability"] == expected
    assert by_origin["none"]["average_stability"] == round(_stability(store, ids["Cambium", td]), 3)


def test_terms_whose_mimage_is_not_working(store: Store, ids: dict[tuple[str, str], int]) -> None:
    found = stats.deck_stats(store, "Botany", NOW)
    # Xylem: 8 lapses. Stoma: 2 of 5 (40 %). Phloem: 1 of 5 (20 %) is fine.
    assert [weak.to_dict() for weak in found.not_working] == [
        {
            "term": "Xylem",
            "origin": "imported",
            "lapses": 8,
            "reviews": 10,
            "lapse_rate": 0.8,
            "suggestion": 'mimagery mimage "Xylem" --regenerate --deck "Botany"',
        },
        {
            "term": "Stoma",
            "origin": "user",
            "lapses": 2,
            "reviews": 5,
            "lapse_rate": 0.4,
            "suggestion": 'mimagery mimage "Stoma" --regenerate --deck "Botany"',
        },
    ]


def test_a_new_mimage_starts_with_a_clean_slate(
    store: Store, ids: dict[tuple[str, str], int]
) -> None:
    made = NOW - timedelta(hours=2)
    fresh = Mimage("Stow Mare", "A mare stows a leaf.", "generated", chosen=True)
    store.add_mimages("Botany", [("Stoma", fresh)], now=made)
    found = stats.deck_stats(store, "Botany", NOW)
    assert [weak.term for weak in found.not_working] == ["Xylem"]
    # The old reviews still count for the user's mimage they were made with.
    assert found.origins["user"].lapses == 2
    # Forgotten three times with the new mimage: back on the list, as generated.
    card = ids["Stoma", "term-definition"]
    _grade(store, card, made + STEP, "again", "good", "again", "good", "again")
    found = stats.deck_stats(store, "Botany", NOW)
    stoma = next(weak for weak in found.not_working if weak.term == "Stoma")
    assert (stoma.origin, stoma.lapses, stoma.reviews) == ("generated", 3, 3)


def test_pure_helpers() -> None:
    assert stats.streak([]) == 0
    assert stats.streak([1, 0, 2, 3, 1]) == 3
    assert stats.streak([1, 0, 2, 3, 0]) == 2  # nothing yet today
    assert stats.streak([2, 0, 0]) == 0
    assert stats.is_not_working(reviews=2, lapses=3)
    assert stats.is_not_working(reviews=10, lapses=3)  # exactly 30 %, and 3 lapses
    assert stats.is_not_working(reviews=5, lapses=2)
    assert not stats.is_not_working(reviews=4, lapses=2)  # too few reviews to judge
    assert not stats.is_not_working(reviews=7, lapses=2)
    assert [stats.heat_level(n, 8) for n in (0, 1, 2, 3, 5, 8)] == [0, 1, 1, 2, 3, 4]
    assert stats.regenerate_command('Say "hi"', "A") == (
        'mimagery mimage \'Say "hi"\' --regenerate --deck "A"'
    )
    start = datetime(2026, 3, 28, 4, tzinfo=ZoneInfo("Europe/Paris"))
    bounds = stats.day_bounds(start, 0, 2)
    assert [b.hour for b in bounds] == [4, 4, 4]  # across the change to summer time
    assert bounds[1].astimezone(UTC) - bounds[0].astimezone(UTC) == timedelta(hours=23)


def test_empty_deck(store: Store) -> None:
    store.import_deck(formats.read(json.dumps(DECK), "json"), now=_day(1, 1))
    found = stats.deck_stats(store, "Botany", NOW)
    assert found.states == {"new": 12, "learning": 0, "review": 0, "relearning": 0}
    assert (found.reviews_total, found.streak, found.hardest, found.leeches) == (0, 0, [], [])
    assert found.not_working == []
    assert sum(day.count for day in found.forecast) == 0
    with pytest.raises(MimageryError, match="timezone"):
        stats.deck_stats(store, "Botany", NOW.replace(tzinfo=None))


# The command ----------------------------------------------------------------------------


Run = Callable[..., Any]


def test_stats_json_document(run: Run, store: Store, ids: dict[tuple[str, str], int]) -> None:
    result = run("stats", "--deck", "Botany", "--at", AT, "--json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert list(document) == [
        "deck",
        "at",
        "day_starts_hour",
        "cards",
        "reviews",
        "true_retention",
        "forecast",
        "streak",
        "hardest",
        "leeches",
        "heatmap",
        "mimages",
    ]
    assert document["deck"] == "Botany"
    assert document["at"] == AT
    assert document["cards"] == {
        "new": 6,
        "learning": 1,
        "review": 4,
        "relearning": 1,
        "total": 12,
    }
    assert document["reviews"] == {"today": 1, "total": 39}
    assert document["true_retention"]["rate"] == 0.5
    assert document["streak"] == 6
    assert document["forecast"][0] == {"date": "2026-03-10", "count": 4}
    assert len(document["heatmap"]) == 365
    assert document["heatmap"][-1] == {"date": "2026-03-10", "count": 1}
    assert set(document["hardest"][0]) == {"term", "lapses", "difficulty", "reviews", "leech"}
    assert [leech["term"] for leech in document["leeches"]] == ["Xylem"]
    assert set(document["mimages"]) == {"by_origin", "not_working"}
    assert [weak["term"] for weak in document["mimages"]["not_working"]] == ["Xylem", "Stoma"]


def test_stats_in_the_terminal(run: Run, store: Store, ids: dict[tuple[str, str], int]) -> None:
    result = run("stats", "--at", AT)  # the only deck
    assert result.code == 0, result.err
    text = result.out
    for expected in [
        "Statistics: Botany",
        "12 cards: 6 new, 1 learning, 4 review, 1 relearning",
        "1 today, 39 in all",
        "50.0% true retention over 22 reviews",
        "6 days",
        "Due in the next 30 days",
        "today 4 (with overdue)",
        "Reviews per day",
        "Hardest terms",
        "leech",
        "Leeches: 1 card",
        "Mimage effectiveness",
        "80.0%",
        "Mimages that are not working",
        'mimagery mimage "Xylem" --regenerate --deck "Botany"',
        'mimagery mimage "Stoma" --regenerate --deck "Botany"',
    ]:
        assert expected in text, expected
    assert "█" in text  # the heatmap's busiest day


def test_stats_of_a_deck_without_reviews(run: Run, store: Store) -> None:
    store.import_deck(formats.read(json.dumps(DECK), "json"), now=_day(1, 1))
    result = run("stats", "--at", AT)
    assert result.code == 0, result.err
    assert "No reviews yet" in result.out
    assert "Hardest terms" not in result.out


def test_stats_user_errors(run: Run, store: Store, ids: dict[tuple[str, str], int]) -> None:
    result = run("stats", "--deck", "Zoology")
    assert result.code == 2
    assert result.err.startswith("error: no deck called 'Zoology'")
    result = run("stats", "--at", "yesterday")
    assert result.code == 2
    assert result.err.startswith("error: not an ISO time")


# Optimizing -----------------------------------------------------------------------------


def _many_reviews(store: Store, terms_count: int = 40, days: int = 4) -> int:
    """A deck with ``terms_count`` terms whose every card is reviewed on ``days`` days."""
    deck = {
        "deck": "Big",
        "terms": [{"term": f"Term {n}", "definition": f"Meaning {n}."} for n in range(terms_count)],
    }
    store.import_deck(formats.read(json.dumps(deck), "json"), now=_day(1, 1))
    with store.reading() as connection:
        card_ids = list(connection.execute(select(cards.c.id).order_by(cards.c.id)).scalars())
    count = 0
    for day in range(days):
        for number, card_id in enumerate(card_ids):
            rating = "again" if (number + day) % 5 == 0 else "good"
            study.review(
                store, card_id, rating, _day(1, 2 + 3 * day) + number * timedelta(seconds=5)
            )
            count += 1
    return count


def test_optimize_needs_enough_reviews(
    run: Run, store: Store, ids: dict[tuple[str, str], int]
) -> None:
    result = run("optimize", "--deck", "Botany")
    assert result.code == 2
    assert result.err == (
        "error: 'Botany' has 39 review(s); fitting FSRS parameters needs at least 400: "
        "study more and try again\n"
    )


def test_optimize_without_pytorch_says_what_to_install(
    run: Run, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _many_reviews(store) == 480
    # PyTorch is not installed here; make the test mean the same where it is.
    monkeypatch.setattr(optimizer, "_missing_optimizer_modules", lambda: ["torch"])
    result = run("optimize", "--deck", "Big")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith("error: fitting FSRS parameters needs PyTorch")
    assert "install mimagery[optimizer]" in result.err
    assert study.settings(store, "Big").parameters is None


def test_the_real_check_for_pytorch() -> None:
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        assert "torch" in optimizer._missing_optimizer_modules()
        with pytest.raises(MimageryError, match="install mimagery\\[optimizer\\]"):
            optimizer._optimizer_class()


class FakeOptimizer:
    """Stands in for ``fsrs.Optimizer``: returns fixed parameters."""

    parameters: tuple[float, ...] = ()
    seen: int = 0

    def __init__(self, review_logs: list[Any]) -> None:
        FakeOptimizer.seen = len(review_logs)
        assert all(log.review_datetime.tzinfo is UTC for log in review_logs)

    def compute_optimal_parameters(self, verbose: bool = False) -> list[float]:
        return list(self.parameters)


def _fake_optimizer(monkeypatch: pytest.MonkeyPatch, parameters: tuple[float, ...]) -> None:
    import fsrs.optimizer

    FakeOptimizer.parameters = parameters
    monkeypatch.setattr(optimizer, "_missing_optimizer_modules", lambda: [])
    monkeypatch.setattr(fsrs.optimizer, "Optimizer", FakeOptimizer)


def test_optimize_stores_the_fitted_parameters(
    run: Run, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    _many_reviews(store, days=6)  # 720 reviews, 600 of them days apart
    fitted = (0.3, *DEFAULT_PARAMETERS[1:])
    _fake_optimizer(monkeypatch, fitted)
    result = run("optimize", "--deck", "Big")
    assert result.code == 0, result.err
    assert FakeOptimizer.seen == 720
    assert study.settings(store, "Big").parameters == fitted
    assert "Fitted FSRS parameters to 720 reviews of Big" in result.out
    assert "Predicted recall at 600 reviews" in result.out
    assert "0.2120" in result.out and "0.3000" in result.out


def test_optimize_refuses_too_few_spaced_reviews(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    _many_reviews(store)  # 480 reviews, 360 of them days apart
    _fake_optimizer(monkeypatch, (0.3, *DEFAULT_PARAMETERS[1:]))
    with pytest.raises(MimageryError, match="360 review\\(s\\) made a day or more"):
        optimizer.optimize(store, "Big")
    monkeypatch.setattr(optimizer, "MIN_SPACED_REVIEWS", 100)
    _fake_optimizer(monkeypatch, tuple(DEFAULT_PARAMETERS))
    with pytest.raises(MimageryError, match="kept its default parameters"):
        optimizer.optimize(store, "Big")
    assert study.settings(store, "Big").parameters is None


def test_predicted_recall_replays_each_card() -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from mimagery.store.stats import LoggedReview

    start = datetime(2026, 1, 1, tzinfo=UTC)
    logged = [
        LoggedReview(1, 3, start, None),
        LoggedReview(1, 3, start + timedelta(days=3), None),
        LoggedReview(1, 1, start + timedelta(days=20), None),
        LoggedReview(2, 3, start, None),
        LoggedReview(2, 3, start + timedelta(hours=2), None),  # same day: not measured
    ]
    predicted, actual, measured = optimizer.predicted_recall(logged, DEFAULT_PARAMETERS)
    assert (actual, measured) == (0.5, 2)
    assert predicted is not None and 0.5 < predicted < 1
    weaker = (*DEFAULT_PARAMETERS[:2], 0.5, *DEFAULT_PARAMETERS[3:])  # Good's first stability
    other, _, _ = optimizer.predicted_recall(logged, weaker)
    assert other is not None and other < predicted
    assert optimizer.predicted_recall(logged[3:], DEFAULT_PARAMETERS) == (None, None, 0)
