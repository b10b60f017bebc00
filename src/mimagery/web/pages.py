"""HTML pages for decks, terms and importing. They work without JavaScript: every change
is a POSTed form with a token, answered with a redirect (303) to the page to see next."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mimagery import actions, formats, mimages
from mimagery.errors import MimageryError, NotFound
from mimagery.model import Term, key
from mimagery.web import views
from mimagery.web.forms import field, keep_upload, read_form, upload, upload_path
from mimagery.web.security import MAX_UPLOAD, PICTURE_HEADERS
from mimagery.web.views import web

router = APIRouter(include_in_schema=False)

#: Terms on one page of a deck.
PAGE_SIZE = 100
#: Terms a preview lists.
PREVIEW_TERMS = 20


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# Decks ---------------------------------------------------------------------------------


@router.get("/")
def decks_page(request: Request, deleted: str | None = None) -> Response:
    """The decks, with counts and what is due, a form to make one, and links."""
    context = web(request)
    now = context.clock()
    rows = [
        {
            "name": summary.name,
            "terms": summary.terms,
            "mimages": summary.mimages,
            "incomplete": summary.incomplete,
            "due": actions.due_count(context.store, summary.name, now),
        }
        for summary in context.store.decks()
    ]
    return context.page(
        request, "decks.html", decks=rows, deleted=deleted, limit=actions.QUEUE_LIMIT
    )


@router.post("/decks")
async def create_deck(request: Request) -> Response:
    """Make an empty deck from the form's ``name``."""
    form = await read_form(request)
    context = web(request)
    name = await run_in_threadpool(
        actions.create_deck, context.store, field(form, "name"), context.clock()
    )
    return _see(views.deck_url(name))


@router.get("/decks/{deck}")
def deck_page(
    request: Request,
    deck: str,
    q: str = "",
    page: int = Query(1, ge=1, le=1_000_000),
    added: int | None = None,
    updated: int | None = None,
    unchanged: int | None = None,
) -> Response:
    """A deck's terms with their mimage's picture, searchable with ``q``."""
    context = web(request)
    name = actions.resolve_deck(context.store, views.name_from_path(deck))
    loaded = context.store.load_deck(name)
    found = [term for term in loaded.terms if views.matches(term, q)]
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(page, pages)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [
        {
            "name": term.name,
            "display": term.display_name,
            "definition": term.definition,
            "keyword": term.chosen.keyword if term.chosen else None,
            "complete": term.chosen.complete if term.chosen else True,
            "picture": views.picture_url(context.store, name, term, term.chosen),
        }
        for term in shown
    ]
    report = None if added is None else {"added": added, "updated": updated, "unchanged": unchanged}
    return context.page(
        request,
        "deck.html",
        deck=name,
        total=len(loaded.terms),
        found=len(found),
        rows=rows,
        q=q,
        page=page,
        pages=pages,
        report=report,
    )


@router.get("/decks/{deck}/delete")
def confirm_delete_page(request: Request, deck: str) -> Response:
    """The step before deleting: what goes, and the button that does it."""
    context = web(request)
    name = actions.resolve_deck(context.store, views.name_from_path(deck))
    summary = next(s for s in context.store.decks() if s.name == name)
    return context.page(request, "delete.html", deck=name, summary=summary)


@router.post("/decks/{deck}/delete")
async def delete_deck(request: Request, deck: str) -> Response:
    """Delete a deck (after an automatic backup) and go back to the decks."""
    await read_form(request)
    context = web(request)

    def run() -> str:
        name = actions.resolve_deck(context.store, views.name_from_path(deck))
        context.store.delete_deck(name, now=context.clock())
        return name

    return _see(views.with_query("/", deleted=await run_in_threadpool(run)))


# Terms ---------------------------------------------------------------------------------


def _term_page(
    request: Request,
    deck: str,
    term: str,
    *,
    status: int = 200,
    error: str | None = None,
    notice: str | None = None,
    own: dict[str, str] | None = None,
) -> Response:
    context = web(request)
    name, found = actions.find_term(context.store, deck, term)
    offered = actions.suggestions(found)
    chosen = found.chosen
    have = {key(m.keyword) for m in found.mimages}
    mimages = [
        {
            "keyword": mimage.keyword,
            "scene": mimage.scene,
            "origin": mimage.origin,
            "complete": mimage.complete,
            "chosen": mimage is chosen,
            "picture": views.picture_url(context.store, name, found, mimage),
        }
        for mimage in found.mimages
    ]
    suggestions = [
        {
            "keyword": k.keyword,
            "alignment": k.alignment,
            "sound": k.sound,
            "picture": k.picture,
            "score": k.score,
            "have": key(k.keyword) in have,
            "chosen": chosen is not None and key(k.keyword) == key(chosen.keyword),
        }
        for k in offered
    ]
    return context.page(
        request,
        "term.html",
        status=status,
        deck=name,
        term=found,
        chosen=next((m for m in mimages if m["chosen"]), None),
        alignment=actions.alignment_of(chosen.keyword, offered) if chosen else None,
        mimages=mimages,
        suggestions=suggestions,
        error=error,
        notice=notice,
        own=own or {"keyword": "", "scene": ""},
    )


@router.get("/decks/{deck}/terms/{term}")
def term_page(
    request: Request, deck: str, term: str, made: str | None = None, offline: bool = False
) -> Response:
    """A term: definition, the chosen mimage's picture, scene and keyword alignment, the
    other keywords the engine offers, and forms to regenerate or write one's own.
    ``offline`` says the configured LLM failed and the offline engine made the mimage."""
    notice = f"Chosen: “{made}”." if made else None
    if notice and offline:
        notice += " The LLM gave no usable answer, so the offline engine made it."
    return _term_page(
        request, views.name_from_path(deck), views.name_from_path(term), notice=notice
    )


@router.get("/decks/{deck}/terms/{term}/card.svg")
def term_card(request: Request, deck: str, term: str, keyword: str | None = None) -> Response:
    """A term's mimage card drawn now (for mimages without a stored picture)."""
    context = web(request)
    _, found = actions.find_term(
        context.store, views.name_from_path(deck), views.name_from_path(term)
    )
    mimage = found.chosen
    if keyword is not None:
        mimage = next((m for m in found.mimages if key(m.keyword) == key(keyword)), None)
    if mimage is None:
        raise NotFound(f"{found.name!r} has no such mimage")
    return Response(
        mimages.draw_card(found, mimage), media_type="image/svg+xml", headers=PICTURE_HEADERS
    )


async def _term_action(
    request: Request, deck: str, term: str, act: str, form_fields: tuple[str, ...] = ()
) -> Response:
    """Run one mimage action from a form; the term's page again, with the error, on failure."""
    form = await read_form(request)
    values = {name: field(form, name) for name in form_fields}
    context = web(request)
    deck_name, term_name = views.name_from_path(deck), views.name_from_path(term)

    def run() -> actions.Outcome:
        name, found = actions.find_term(context.store, deck_name, term_name)
        now = context.clock()
        if act == "regenerate":
            return actions.regenerate(context.store, name, found, now)
        if act == "choose":
            return actions.choose(context.store, name, found, values["keyword"])
        return actions.own_mimage(
            context.store, name, found, values.get("keyword"), values.get("scene"), now
        )

    try:
        outcome = await run_in_threadpool(run)
    except MimageryError as error:
        own = {"keyword": values.get("keyword", ""), "scene": values.get("scene", "")}
        page = partial(_term_page, status=400, error=str(error), own=own)
        return await run_in_threadpool(page, request, deck_name, term_name)
    name, found = await run_in_threadpool(actions.find_term, context.store, deck_name, term_name)
    query: dict[str, Any] = {"made": outcome.keyword}
    if outcome.warnings:
        query["offline"] = 1
    return _see(views.with_query(views.term_url(name, found.name), **query))


@router.post("/decks/{deck}/terms/{term}/regenerate")
async def regenerate(request: Request, deck: str, term: str) -> Response:
    """Make a new generated mimage for the term and choose it."""
    return await _term_action(request, deck, term, "regenerate")


@router.post("/decks/{deck}/terms/{term}/keyword")
async def use_keyword(request: Request, deck: str, term: str) -> Response:
    """Make a mimage for one of the offered keywords (like ``mimagery mimage --keyword``)."""
    return await _term_action(request, deck, term, "own", ("keyword",))


@router.post("/decks/{deck}/terms/{term}/own")
async def own_mimage(request: Request, deck: str, term: str) -> Response:
    """The user's own keyword and/or scene."""
    return await _term_action(request, deck, term, "own", ("keyword", "scene"))


@router.post("/decks/{deck}/terms/{term}/choose")
async def choose_mimage(request: Request, deck: str, term: str) -> Response:
    """Choose another of the term's mimages."""
    return await _term_action(request, deck, term, "choose", ("keyword",))


# Import --------------------------------------------------------------------------------


def _import_page(request: Request, status: int = 200, **values: Any) -> Response:
    context = web(request)
    defaults: dict[str, Any] = {
        "error": None,
        "text": "",
        "deck": "",
        "fmt": "",
        "generate": False,
        "decks": context.store.deck_names(),
    }
    return context.page(
        request,
        "import.html",
        status=status,
        formats=(*formats.FORMATS, "apkg"),
        limit_mb=MAX_UPLOAD // (1024 * 1024),
        **{**defaults, **values},
    )


@router.get("/import")
def import_page(request: Request, deck: str = "") -> Response:
    """Paste a glossary or choose a file; the next step shows what would be imported."""
    return _import_page(request, deck=deck)


def _preview_values(store: Any, parsed: actions.Parsed, deck: str) -> dict[str, Any]:
    target = parsed.target(" ".join(deck.split()) or None)
    terms: list[Term] = parsed.deck.terms
    return {
        "target": target,
        "exists": any(key(known) == key(target) for known in store.deck_names()),
        "count": len(terms),
        "mimages": sum(len(t.mimages) for t in terms),
        "cut": sum(1 for t in terms for m in t.mimages if not m.complete),
        "report": parsed.report,
        "first": [
            {
                "display": t.display_name,
                "definition": t.definition,
                "keyword": t.chosen.keyword if t.chosen else None,
            }
            for t in terms[:PREVIEW_TERMS]
        ],
    }


@router.post("/import/preview")
async def import_preview(request: Request) -> Response:
    """Read the upload or pasted text and show what would be imported, with a form to save
    it (the text travels in a hidden field, so nothing is kept on the server meanwhile)."""
    form = await read_form(request, upload=True)
    text, deck, fmt = field(form, "text"), field(form, "deck"), field(form, "format")
    generate = bool(field(form, "generate"))
    file = upload(form, "file")
    if file is not None:
        data = await file.read(MAX_UPLOAD + 1)
        filename: str | None = file.filename or "upload"
    else:
        data, filename = text.encode("utf-8"), None
    context = web(request)
    keep = {"text": text if file is None else "", "deck": deck, "fmt": fmt, "generate": generate}
    if len(data) > MAX_UPLOAD:
        message = f"the file or text is too large: {MAX_UPLOAD // (1024 * 1024)} MB at most"
        return await run_in_threadpool(
            lambda: _import_page(request, 413, error=message, **{**keep, "text": ""})
        )
    try:
        parsed = await run_in_threadpool(
            partial(actions.parse_glossary, data, fmt, filename, max_bytes=MAX_UPLOAD)
        )
    except MimageryError as error:
        page = partial(_import_page, request, 400, error=str(error), **keep)
        return await run_in_threadpool(page)
    values = await run_in_threadpool(_preview_values, context.store, parsed, deck)
    kept = ""
    if parsed.fmt == "apkg":
        kept = await run_in_threadpool(keep_upload, context.store.data_dir, data)
    return context.page(
        request,
        "preview.html",
        parsed=parsed,
        deck=deck,
        generate=generate,
        upload=kept,
        **values,
    )


@router.post("/import/save")
async def import_save(request: Request) -> Response:
    """Save a previewed glossary, then show its deck with what the import did."""
    form = await read_form(request, upload=True)
    text, fmt = field(form, "text"), field(form, "format")
    filename = field(form, "filename") or None
    deck, generate = field(form, "deck"), bool(field(form, "generate"))
    kept = field(form, "upload")
    context = web(request)

    def save() -> str:
        if kept:  # an Anki package, kept since the preview
            package = upload_path(context.store.data_dir, kept)
            parsed = actions.parse_glossary(
                package.read_bytes(), "apkg", filename, max_bytes=MAX_UPLOAD
            )
        else:
            parsed = actions.parse_glossary(
                text.encode("utf-8"), fmt, filename, max_bytes=MAX_UPLOAD
            )
        report, _ = actions.import_glossary(
            context.store,
            parsed.deck,
            deck,
            generate_mimages=generate,
            now=context.clock(),
        )
        if kept:
            package.unlink(missing_ok=True)
        return views.with_query(
            views.deck_url(report.deck),
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
        )

    try:
        return _see(await run_in_threadpool(save))
    except MimageryError as error:
        keep = {"text": text, "deck": deck, "fmt": fmt, "generate": generate}
        page = partial(_import_page, request, 400, error=str(error), **keep)
        return await run_in_threadpool(page)
