"""The JSON API under ``/api/``: the pages' twins, for scripts and tests.

Bodies are JSON only (``Content-Type: application/json``; anything else is 415 before a
handler runs). Errors are ``{"error": "…"}``: 400 for bad input, 404 for a deck, term
or card that is not there. Names in paths are written as the pages write them (see
``views.name_to_path``); plain names without ``/`` or ``%`` work as they are.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from mimagery import actions, study
from mimagery.study import stats
from mimagery.web import views
from mimagery.web.security import MAX_UPLOAD
from mimagery.web.views import web

router = APIRouter(prefix="/api", tags=["api"])

#: Terms an import preview lists.
PREVIEW_TERMS = 20


class NewDeck(BaseModel):
    """A deck to make."""

    name: str = Field(max_length=400)


class MimageRequest(BaseModel):
    """A new mimage for a term: regenerate (the default), or the user's keyword and/or
    scene, or choose one of the term's mimages by keyword."""

    regenerate: bool = False
    keyword: str | None = Field(default=None, max_length=400)
    scene: str | None = Field(default=None, max_length=10_000)
    choose: str | None = Field(default=None, max_length=400)
    seed: int | None = Field(default=None, ge=0, le=2**31)


class ReviewRequest(BaseModel):
    """One grade for one card."""

    card: int = Field(ge=1, le=2**63 - 1)
    grade: str = Field(max_length=20, description="again, hard, good or easy")
    review_key: str | None = Field(
        default=None,
        max_length=64,
        description="a retried request with the same key is stored once",
    )
    duration_ms: int | None = Field(default=None, ge=0)


class UndoRequest(BaseModel):
    """A review to take back (the deck's last one without ``review_key``)."""

    deck: str = Field(max_length=400)
    review_key: str | None = Field(default=None, max_length=64)


class ImportRequest(BaseModel):
    """A glossary as text, to import (or only to preview)."""

    text: str
    format: str | None = Field(default=None, description="pasted, md, csv, tsv or json; detected")
    deck: str | None = Field(default=None, max_length=400, description="deck to import into")
    filename: str | None = Field(
        default=None, max_length=400, description="helps detect the format"
    )
    language: str | None = Field(
        default=None, max_length=16, description="the words' language (ISO 639-1); the deck's"
    )
    preview: bool = Field(default=False, description="only say what would be imported")
    generate: bool = Field(default=False, description="make mimages for terms without one")


def _deck(request: Request, deck: str) -> str:
    return actions.resolve_deck(web(request).store, views.name_from_path(deck))


@router.get("/decks")
def list_decks(request: Request) -> dict[str, Any]:
    """All decks with their term, mimage and due counts."""
    context = web(request)
    now = context.clock()
    return {
        "decks": [
            {
                "name": summary.name,
                "terms": summary.terms,
                "mimages": summary.mimages,
                "incomplete": summary.incomplete,
                "created": summary.created.isoformat(),
                "language": summary.language,
                "due": actions.due_count(context.store, summary.name, now),
                "url": views.deck_url(summary.name),
            }
            for summary in context.store.decks()
        ]
    }


@router.post("/decks", status_code=201)
def create_deck(request: Request, body: NewDeck) -> dict[str, Any]:
    """Make an empty deck."""
    context = web(request)
    name = actions.create_deck(context.store, body.name, context.clock())
    return {"deck": name, "url": views.deck_url(name)}


@router.post("/decks/{deck}/delete")
def delete_deck(request: Request, deck: str) -> dict[str, Any]:
    """Delete a deck and everything in it (an automatic backup is made first)."""
    context = web(request)
    name = _deck(request, deck)
    backup = context.store.delete_deck(name, now=context.clock())
    return {"deleted": name, "backup": str(backup) if backup else None}


@router.get("/decks/{deck}")
def get_deck(request: Request, deck: str, q: str = "") -> dict[str, Any]:
    """A deck's terms with their mimages (those matching ``q`` when given)."""
    store = web(request).store
    loaded = store.load_deck(_deck(request, deck))
    return {
        "deck": loaded.name,
        "language": loaded.language,
        "terms": [
            views.term_dict(store, loaded.name, term)
            for term in loaded.terms
            if views.matches(term, q)
        ],
    }


def _term_document(request: Request, deck: str, term: str) -> dict[str, Any]:
    store = web(request).store
    name, found = actions.find_term(store, deck, term)
    offered = actions.suggestions(found, language=actions.deck_language(store, name))
    chosen = found.chosen
    return {
        "deck": name,
        **views.term_dict(store, name, found),
        "alignment": (
            [list(pair) for pair in actions.alignment_of(chosen.keyword, offered) or []]
            if chosen
            else []
        ),
        "suggestions": [k.to_dict() for k in offered],
        "sounds": {which: s.to_dict() for which, s in views.sounds(name, found).items()},
    }


@router.get("/decks/{deck}/terms/{term}")
def get_term(request: Request, deck: str, term: str) -> dict[str, Any]:
    """A term with its mimages, the chosen one's alignment and the keywords offered."""
    return _term_document(request, views.name_from_path(deck), views.name_from_path(term))


@router.post("/decks/{deck}/terms/{term}/mimages", status_code=201)
def make_mimage(
    request: Request, deck: str, term: str, body: MimageRequest | None = None
) -> dict[str, Any]:
    """Regenerate the term's mimage, make one for the user's keyword and/or scene, or
    choose one of its mimages; answers the term as ``GET`` does, with ``made``."""
    body = body or MimageRequest()
    context = web(request)
    deck_name, term_name = views.name_from_path(deck), views.name_from_path(term)
    name, found = actions.find_term(context.store, deck_name, term_name)
    now = context.clock()
    if body.choose:
        outcome = actions.choose(context.store, name, found, body.choose)
    elif body.keyword or body.scene:
        outcome = actions.own_mimage(context.store, name, found, body.keyword, body.scene, now)
    else:
        outcome = actions.regenerate(context.store, name, found, now, body.seed)
    return {
        **_term_document(request, name, found.name),
        "made": {"keyword": outcome.keyword, "new": outcome.made, "warnings": outcome.warnings},
    }


@router.get("/decks/{deck}/due")
def due_cards(
    request: Request, deck: str, limit: int = Query(100, ge=1, le=10_000)
) -> dict[str, Any]:
    """The cards due now, as ``mimagery due --json`` lists them."""
    context = web(request)
    name = _deck(request, deck)
    found = study.due(context.store, name, context.clock(), limit)
    return {
        "deck": name,
        "new_left": found.new_left,
        "reviews_left": found.reviews_left,
        "cards": [card.to_dict() for card in found.cards],
    }


def _review_dict(result: study.ReviewResult) -> dict[str, Any]:
    return {
        "review_key": result.review_key,
        "card": result.card_id,
        "term": result.term,
        "grade": result.rating,
        "state": result.state,
        "due": result.due.isoformat() if result.due else None,
        "repeated": result.repeated,
    }


@router.post("/reviews")
def review(request: Request, body: ReviewRequest) -> dict[str, Any]:
    """Grade a card; answers when it is due next. A repeated ``review_key`` stores nothing
    new and answers the first review again (``"repeated": true``)."""
    context = web(request)
    result = study.review(
        context.store,
        body.card,
        body.grade,
        context.clock(),
        review_key=body.review_key,
        duration_ms=body.duration_ms,
    )
    return _review_dict(result)


@router.post("/undo")
def undo(request: Request, body: UndoRequest) -> dict[str, Any]:
    """Take back a review; the card returns to its state before it."""
    context = web(request)
    result = study.undo(context.store, _deck(request, body.deck), body.review_key)
    return _review_dict(result)


@router.post("/import")
def import_glossary(request: Request, body: ImportRequest) -> dict[str, Any]:
    """Import a glossary given as text (or, with ``preview``, only read it)."""
    context = web(request)
    parsed = actions.parse_glossary(
        body.text.encode("utf-8"), body.format, body.filename, max_bytes=MAX_UPLOAD
    )
    parsed, target = actions.prepare_import(context.store, parsed, body.deck, body.language)
    document: dict[str, Any] = {
        "deck": target,
        "language": parsed.deck.language,
        "format": parsed.fmt,
        "terms_read": len(parsed.deck.terms),
        "mimages_read": sum(len(t.mimages) for t in parsed.deck.terms),
        **parsed.report.to_dict(),  # lines skipped, headings, guesses: {line, text, note}
    }
    if body.preview:
        document["terms"] = [
            {
                "term": term.name,
                "aliases": list(term.aliases),
                "definition": term.definition,
                "keyword": term.chosen.keyword if term.chosen else None,
            }
            for term in parsed.deck.terms[:PREVIEW_TERMS]
        ]
        return document
    report, made = actions.import_glossary(
        context.store, parsed.deck, body.deck, generate_mimages=body.generate, now=context.clock()
    )
    document.update(
        deck=report.deck,
        added=report.added,
        updated=report.updated,
        unchanged=report.unchanged,
        created_deck=report.created_deck,
        generated=made.added if made else 0,
        url=views.deck_url(report.deck),
    )
    return document


@router.get("/decks/{deck}/settings")
def deck_settings(request: Request, deck: str) -> dict[str, Any]:
    """The deck's study settings, as ``mimagery settings`` shows them."""
    return study.settings(web(request).store, _deck(request, deck)).to_dict()


@router.post("/decks/{deck}/settings")
def change_deck_settings(request: Request, deck: str, body: dict[str, Any]) -> dict[str, Any]:
    """Change some of the deck's study settings (``{"bury_siblings": false}``, any of the
    names ``GET`` gives); answers with all of them. Unknown names or bad values: 400."""
    name = _deck(request, deck)
    return study.change_settings(web(request).store, name, **body).to_dict()


@router.get("/decks/{deck}/stats")
def deck_stats(request: Request, deck: str) -> dict[str, Any]:
    """The deck's statistics, as ``mimagery stats --json`` gives them."""
    context = web(request)
    return stats.deck_stats(context.store, _deck(request, deck), context.clock()).to_dict()
