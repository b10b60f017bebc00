"""Merging an imported deck into a stored one, by term name: the writes are planned
first, then sent in a few bulk statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    func,
    select,
    update,
)

from mimagery.model import Deck, Mimage, Term, key
from mimagery.store import study as study_sql
from mimagery.store.decks import mimage_row
from mimagery.store.engine import bulk_insert
from mimagery.store.tables import mimages, terms


@dataclass
class _Plan:
    """The writes one import makes, worked out before any of them is sent."""

    new_terms: list[dict[str, Any]] = field(default_factory=list)
    new_terms_mimages: list[tuple[str, list[Mimage]]] = field(default_factory=list)
    new_mimages: list[dict[str, Any]] = field(default_factory=list)
    term_updates: list[dict[str, Any]] = field(default_factory=list)
    mimage_updates: list[dict[str, Any]] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def _existing_mimages(connection: Connection, deck_id: int) -> dict[int, dict[str, Any]]:
    by_term: dict[int, dict[str, Any]] = {}
    query = (
        select(
            mimages.c.id,
            mimages.c.term_id,
            mimages.c.keyword_key,
            mimages.c.scene,
            mimages.c.complete,
            mimages.c.picture,
            mimages.c.chosen,
            mimages.c.position,
        )
        .join(terms, terms.c.id == mimages.c.term_id)
        .where(terms.c.deck_id == deck_id)
    )
    for row in connection.execute(query):
        by_term.setdefault(row.term_id, {})[row.keyword_key] = row
    return by_term


def _plan_known_term(
    plan: _Plan, old: Any, term: Term, olds: dict[str, Any], now: datetime
) -> None:
    """Merge an imported term into the stored one of the same name."""
    changed = False
    definition = old.definition
    if term.definition and term.definition != old.definition:
        definition, changed = term.definition, True
    aliases = list(old.aliases or [])
    known = {key(alias) for alias in aliases}
    for alias in term.aliases:
        if key(alias) not in known:
            known.add(key(alias))
            aliases.append(alias)
            changed = True
    if changed:
        plan.term_updates.append(
            {"b_id": old.id, "b_definition": definition, "b_aliases": aliases, "b_now": now}
        )
    has_chosen = any(row.chosen for row in olds.values())
    position = max((row.position for row in olds.values()), default=0)
    for mimage in term.mimages:
        previous = olds.get(key(mimage.keyword))
        if previous is None:
            position += 1
            new_row = mimage_row(old.id, position, mimage, now)
            # The stored choice stands; an import only chooses for a term that had none.
            new_row["chosen"] = mimage.chosen and not has_chosen
            has_chosen = has_chosen or new_row["chosen"]
            plan.new_mimages.append(new_row)
            changed = True
        elif mimage.scene and (
            mimage.scene != previous.scene
            or mimage.complete != previous.complete
            or (mimage.picture is not None and mimage.picture != previous.picture)
        ):
            plan.mimage_updates.append(
                {
                    "b_id": previous.id,
                    "b_scene": mimage.scene,
                    "b_complete": mimage.complete,
                    "b_picture": mimage.picture or previous.picture,
                }
            )
            changed = True
    if changed:
        plan.updated += 1
    else:
        plan.unchanged += 1


def merge_deck(
    connection: Connection, deck_id: int, deck: Deck, now: datetime
) -> tuple[int, int, int]:
    """Write ``deck`` into the stored deck; returns (added, updated, unchanged)."""
    existing = {
        row.name_key: row
        for row in connection.execute(
            select(terms.c.id, terms.c.name_key, terms.c.definition, terms.c.aliases).where(
                terms.c.deck_id == deck_id
            )
        )
    }
    last = connection.execute(
        select(func.max(terms.c.position)).where(terms.c.deck_id == deck_id)
    ).scalar()
    position = int(last or 0)
    known_mimages = _existing_mimages(connection, deck_id) if existing else {}
    plan = _Plan()
    for term in deck.terms:
        name_key = key(term.name)
        old = existing.get(name_key)
        if old is not None:
            _plan_known_term(plan, old, term, known_mimages.get(old.id, {}), now)
            continue
        position += 1
        plan.added += 1
        plan.new_terms.append(
            {
                "deck_id": deck_id,
                "position": position,
                "name": term.name,
                "name_key": name_key,
                "aliases": list(term.aliases),
                "definition": term.definition,
                "created": now,
                "updated": now,
            }
        )
        plan.new_terms_mimages.append((name_key, term.mimages))

    if plan.new_terms:
        bulk_insert(connection, terms, plan.new_terms)
        first_new = position - len(plan.new_terms)
        ids = dict(
            connection.execute(
                select(terms.c.name_key, terms.c.id).where(
                    terms.c.deck_id == deck_id, terms.c.position > first_new
                )
            ).all()
        )
        study_sql.add_cards(connection, deck_id, first_new)
        for name_key, term_mimages in plan.new_terms_mimages:
            for index, mimage in enumerate(term_mimages, start=1):
                plan.new_mimages.append(mimage_row(ids[name_key], index, mimage, now))
    if plan.new_mimages:
        bulk_insert(connection, mimages, plan.new_mimages)
    if plan.term_updates:
        connection.execute(
            update(terms)
            .where(terms.c.id == bindparam("b_id"))
            .values(
                definition=bindparam("b_definition"),
                aliases=bindparam("b_aliases", type_=terms.c.aliases.type),
                updated=bindparam("b_now"),
            ),
            plan.term_updates,
        )
    if plan.mimage_updates:
        connection.execute(
            update(mimages)
            .where(mimages.c.id == bindparam("b_id"))
            .values(
                scene=bindparam("b_scene"),
                complete=bindparam("b_complete"),
                picture=bindparam("b_picture"),
            ),
            plan.mimage_updates,
        )
    return plan.added, plan.updated, plan.unchanged
