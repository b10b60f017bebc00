"""A deck's terms and mimages as rows: reading them back, and the small writes that
add a mimage or choose one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    func,
    insert,
    select,
    update,
)

from mimagery.errors import MimageryError
from mimagery.model import Mimage, Term, key
from mimagery.store.engine import (
    stored_utc,
)
from mimagery.store.tables import mimages, terms

_MIMAGE_COLUMNS = (
    mimages.c.keyword,
    mimages.c.scene,
    mimages.c.origin,
    mimages.c.complete,
    mimages.c.picture,
    mimages.c.chosen,
    mimages.c.created,
)
# Built once: a study page reads one term each time (see ``store.study``).
_TERM = select(terms.c.name, terms.c.definition, terms.c.aliases).where(
    terms.c.id == bindparam("term_id")
)
_TERM_MIMAGES = (
    select(*_MIMAGE_COLUMNS)
    .where(mimages.c.term_id == bindparam("term_id"))
    .order_by(mimages.c.position)
)


def mimage_row(term_id: int, position: int, mimage: Mimage, now: datetime) -> dict[str, Any]:
    return {
        "term_id": term_id,
        "position": position,
        "keyword": mimage.keyword,
        "keyword_key": key(mimage.keyword),
        "scene": mimage.scene,
        "origin": mimage.origin,
        "complete": mimage.complete,
        "picture": mimage.picture,
        "chosen": mimage.chosen,
        "created": mimage.created or now,
    }


def mimage_of(row: Any) -> Mimage:
    keyword, scene, origin, complete, picture, chosen, created = row
    return Mimage(
        keyword, scene, origin, bool(complete), picture, bool(chosen), stored_utc(created)
    )


def load_terms(connection: Connection, deck_id: int) -> list[Term]:
    """A deck's terms with their mimages, in glossary order, mimages in the order they
    were added."""
    rows = connection.execute(
        select(terms.c.id, terms.c.name, terms.c.definition, terms.c.aliases)
        .where(terms.c.deck_id == deck_id)
        .order_by(terms.c.position)
    ).all()
    by_id: dict[int, Term] = {}
    for term_id, term_name, definition, aliases in rows:
        by_id[term_id] = Term(term_name, definition, list(aliases or []), [])
    mimage_rows = connection.execute(
        select(mimages.c.term_id, *_MIMAGE_COLUMNS)
        .join(terms, terms.c.id == mimages.c.term_id)
        .where(terms.c.deck_id == deck_id)
        .order_by(mimages.c.term_id, mimages.c.position)
    )
    for row in mimage_rows:
        by_id[row[0]].mimages.append(mimage_of(row[1:]))
    return list(by_id.values())


def load_term(connection: Connection, term_id: int) -> Term:
    """One term with its mimages (in the order they were added)."""
    name, definition, aliases = connection.execute(_TERM, {"term_id": term_id}).one()
    found = Term(name, definition, list(aliases or []))
    found.mimages = [
        mimage_of(row) for row in connection.execute(_TERM_MIMAGES, {"term_id": term_id})
    ]
    return found


def find_term_id(connection: Connection, deck_id: int, name: str) -> int:
    wanted = key(name)
    found = connection.execute(
        select(terms.c.id).where(terms.c.deck_id == deck_id, terms.c.name_key == wanted)
    ).scalar_one_or_none()
    if found is not None:  # the usual case, through the unique index
        return int(found)
    rows = connection.execute(
        select(terms.c.id, terms.c.aliases).where(terms.c.deck_id == deck_id)
    ).all()
    for term_id, aliases in rows:  # then by alias
        if any(key(alias) == wanted for alias in aliases or []):
            return int(term_id)
    raise MimageryError(f"no term {name!r} in this deck")


def choose(connection: Connection, term_id: int, mimage_id: int) -> None:
    connection.execute(
        update(mimages).where(mimages.c.term_id == term_id).values(chosen=mimages.c.id == mimage_id)
    )


def add_mimage(connection: Connection, term_id: int, mimage: Mimage, now: datetime) -> bool:
    keyword_key = key(mimage.keyword)
    old = connection.execute(
        select(mimages.c.id, mimages.c.origin).where(
            mimages.c.term_id == term_id, mimages.c.keyword_key == keyword_key
        )
    ).first()
    if old is not None:
        if old.origin != "generated" or mimage.origin != "generated":
            return False
        connection.execute(
            update(mimages)
            .where(mimages.c.id == old.id)
            .values(scene=mimage.scene, complete=mimage.complete, picture=mimage.picture)
        )
        mimage_id = int(old.id)
    else:
        last = connection.execute(
            select(func.max(mimages.c.position)).where(mimages.c.term_id == term_id)
        ).scalar()
        row = mimage_row(term_id, int(last or 0) + 1, mimage, now)
        row["chosen"] = False
        inserted = connection.execute(insert(mimages).values(**row)).inserted_primary_key
        assert inserted is not None
        mimage_id = int(inserted[0])
        has_chosen = connection.execute(
            select(func.count())
            .select_from(mimages)
            .where(mimages.c.term_id == term_id, mimages.c.chosen.is_(True))
        ).scalar_one()
        if not has_chosen:
            choose(connection, term_id, mimage_id)
    if mimage.chosen:
        choose(connection, term_id, mimage_id)
    return True
