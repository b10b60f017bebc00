"""A deck's study settings (stored per deck, defaults for a new one) and the FSRS
scheduler they make."""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import Any

from fsrs import Scheduler
from sqlalchemy import Connection

from mimagery.errors import MimageryError
from mimagery.store import Store
from mimagery.store import study as sql
from mimagery.store.study import DIRECTIONS


@dataclass(frozen=True)
class StudySettings:
    """How a deck is studied; stored per deck, defaults for a new one."""

    desired_retention: float = 0.9
    learning_steps: tuple[float, ...] = (1.0, 10.0)  # minutes
    relearning_steps: tuple[float, ...] = (10.0,)  # minutes
    maximum_interval: int = 36500  # days
    fuzz: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    new_order: str = "glossary"  # or "random"
    directions: tuple[str, ...] = DIRECTIONS
    day_starts_hour: int = 4
    bury_siblings: bool = True  # a term's other directions wait for the next day
    parameters: tuple[float, ...] | None = None  # personal FSRS weights (``optimize``)

    def __post_init__(self) -> None:
        problems = []
        if not 0.7 <= self.desired_retention <= 0.99:
            problems.append("desired retention must be between 0.7 and 0.99")
        if any(
            not 0 < step <= 1440 * 30 for step in (*self.learning_steps, *self.relearning_steps)
        ):
            problems.append("steps are minutes between 0 and 43200")
        if not 1 <= self.maximum_interval <= 36500:
            problems.append("the maximum interval is 1 to 36500 days")
        if not 0 <= self.new_per_day <= 10_000 or not 0 <= self.reviews_per_day <= 100_000:
            problems.append("daily limits must be between 0 and 10000 (new), 100000 (reviews)")
        if self.new_order not in ("glossary", "random"):
            problems.append("the new-card order is 'glossary' or 'random'")
        if not self.directions or any(d not in DIRECTIONS for d in self.directions):
            problems.append(f"directions are some of {', '.join(DIRECTIONS)}")
        if not 0 <= self.day_starts_hour <= 23:
            problems.append("the day starts at an hour from 0 to 23")
        if not isinstance(self.bury_siblings, bool) or not isinstance(self.fuzz, bool):
            problems.append("bury_siblings and fuzz are true or false")
        if problems:
            raise MimageryError("; ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in the database."""
        values = asdict(self)
        for name in ("learning_steps", "relearning_steps", "directions", "parameters"):
            if values[name] is not None:
                values[name] = list(values[name])
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> StudySettings:
        """Settings from their JSON form; unknown keys are ignored, missing ones default."""
        known = {f.name for f in fields(cls)}
        kept: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                continue
            if isinstance(value, list):
                value = tuple(value)
            kept[name] = value
        try:
            return cls(**kept)
        except TypeError as error:
            raise MimageryError(f"bad study settings: {error}") from error

    def scheduler(self, *, fuzz: bool | None = None) -> Scheduler:
        """The FSRS scheduler for these settings (``fuzz`` overrides the setting: the
        intervals a study page previews are the ones without the random spread)."""
        return _scheduler(
            self.parameters,
            self.desired_retention,
            self.learning_steps,
            self.relearning_steps,
            self.maximum_interval,
            self.fuzz if fuzz is None else fuzz,
        )


@functools.lru_cache(maxsize=32)
def _scheduler(
    parameters: tuple[float, ...] | None,
    retention: float,
    learning: tuple[float, ...],
    relearning: tuple[float, ...],
    maximum: int,
    fuzz: bool,
) -> Scheduler:
    extra: dict[str, Any] = {"parameters": parameters} if parameters else {}
    return Scheduler(
        desired_retention=retention,
        learning_steps=tuple(timedelta(minutes=m) for m in learning),
        relearning_steps=tuple(timedelta(minutes=m) for m in relearning),
        maximum_interval=maximum,
        enable_fuzzing=fuzz,
        **extra,
    )


def settings(store: Store, deck: str) -> StudySettings:
    """A deck's study settings."""
    with store.reading() as connection:
        return settings_in(connection, store.deck_id(connection, deck))


def settings_in(connection: Connection, deck_id: int) -> StudySettings:
    stored = sql.settings(connection, deck_id)
    return StudySettings.from_dict(stored) if stored else StudySettings()


def change_settings(store: Store, deck: str, **changes: Any) -> StudySettings:
    """Change some of a deck's study settings; returns the new settings."""
    with store.writing() as connection:
        deck_id = store.deck_id(connection, deck)
        stored = sql.settings(connection, deck_id) or StudySettings().to_dict()
        unknown = set(changes) - {f.name for f in fields(StudySettings)}
        if unknown:
            raise MimageryError(f"unknown study setting(s): {', '.join(sorted(unknown))}")
        updated = StudySettings.from_dict({**stored, **changes})
        sql.put_settings(connection, deck_id, updated.to_dict())
    return updated
