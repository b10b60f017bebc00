"""HTML pages for decks, terms and importing. They work without JavaScript: every change
is a POSTed form with a token, answered with a redirect (303) to the page to see next."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mimagery import actions, formats, languages, mimages, scripts, study
from mimagery.errors import MimageryError, NotFound
from mimagery.model import Term, key
from mimagery.store import Store
from mimagery.web import views
from mimagery.web.forms import field, keep_upload, read_form, upload, upload_path
from mimagery.web.security import MAX_UPLOAD, PICTURE_HEADERS
from mimagery.web.views import Web, web

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
    return _decks_page(request, deleted=deleted)


def _decks_page(request: Request, status: int = 200, **values: Any) -> Response:
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
    defaults: dict[str, Any] = {"deleted": None, "error": None, "new_name": ""}
    return context.page(
        request,
        "decks.html",
        status=status,
        decks=rows,
        limit=actions.QUEUE_LIMIT,
        **{**defaults, **values},
    )


@router.post("/decks")
async def create_deck(request: Request) -> Response:
    """Make an empty deck from the form's ``name``; a name that is taken (or empty) is
    said beside the form, the name kept in it."""
    form = await read_form(request)
    context = web(request)
    wanted = field(form, "name")
    try:
        name = await run_in_threadpool(actions.create_deck, context.store, wanted, context.clock())
    except MimageryError as error:
        page = partial(_decks_page, request, 400, error=str(error), new_name=wanted)
        return await run_in_threadpool(page)
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
    saved: bool = False,
) -> Response:
    """A deck's terms with their mimage's picture, searchable with ``q``, and its study
    settings (``saved``: they were just changed)."""
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
        settings=study.settings(context.store, name),
        saved=saved,
        total=len(loaded.terms),
        found=len(found),
        rows=rows,
        q=q,
        page=page,
        pages=pages,
        report=report,
        language=languages.get(loaded.language),
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
    offered = actions.suggestions(found, language=actions.deck_language(context.store, name))
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
        romanised=scripts.romanise(found.name),
        chosen=next((m for m in mimages if m["chosen"]), None),
        alignment=actions.alignment_of(chosen.keyword, offered) if chosen else None,
        mimages=mimages,
        suggestions=suggestions,
        sounds=views.sounds(name, found),
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
    name, found = actions.find_term(
        context.store, views.name_from_path(deck), views.name_from_path(term)
    )
    mimage = found.chosen
    if keyword is not None:
        mimage = next((m for m in found.mimages if key(m.keyword) == key(keyword)), None)
    if mimage is None:
        raise NotFound(f"{found.name!r} has no such mimage")
    return Response(
        mimages.draw_card(found, mimage, language=actions.deck_language(context.store, name)),
        media_type="image/svg+xml",
        headers=PICTURE_HEADERS,
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
    return import_form(web(request), request, status, **values)


def import_form(
    context: Web, request: Request | None, status: int = 200, **values: Any
) -> Response:
    """The import page, with ``values`` (an error, the text, deck, format and generate
    choice) in its form; also what a body too large to read is answered with."""
    defaults: dict[str, Any] = {
        "error": None,
        "text": "",
        "deck": "",
        "fmt": "",
        "language": "",
        "generate": True,  # on unless the learner turns it off
        "decks": context.store.deck_names(),
    }
    return context.page(
        request,
        "import.html",
        status=status,
        formats=(*formats.FORMATS, "apkg"),
        languages=list(languages.SUPPORTED.values()),
        limit_mb=MAX_UPLOAD // (1024 * 1024),
        **{**defaults, **values},
    )


@router.get("/import")
def import_page(request: Request, deck: str = "") -> Response:
    """Paste a glossary or choose a file; the next step shows what would be imported."""
    return _import_page(request, deck=deck)


def _checked(store: Store, parsed: actions.Parsed, deck: str, language: str) -> actions.Parsed:
    """What was read, in the language of the import (``actions.prepare_import``): words
    of another script or alphabet, or without a meaning, left out and reported."""
    return actions.prepare_import(store, parsed, " ".join(deck.split()) or None, language or None)[
        0
    ]


def _preview_page(
    request: Request,
    parsed: actions.Parsed,
    deck: str,
    *,
    generate: bool,
    kept: str,
    language: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    """What would be imported, with the form that saves it: the deck's name (editable,
    the glossary's or file's own name at first) and whether to make mimages."""
    context = web(request)
    store = context.store
    target = parsed.target(" ".join(deck.split()) or None)
    terms: list[Term] = parsed.deck.terms
    names = store.deck_names()
    return context.page(
        request,
        "preview.html",
        status=status,
        error=error,
        parsed=parsed,
        target=target,
        generate=generate,
        upload=kept,
        decks=names,
        exists=any(key(known) == key(target) for known in names),
        language=language,
        deck_language=languages.get(parsed.deck.language),
        languages=list(languages.SUPPORTED.values()),
        count=len(terms),
        mimages=sum(len(t.mimages) for t in terms),
        cut=sum(1 for t in terms for m in t.mimages if not m.complete),
        report=parsed.report,
        first=[
            {
                "display": t.display_name,
                "definition": t.definition,
                "keyword": t.chosen.keyword if t.chosen else None,
            }
            for t in terms[:PREVIEW_TERMS]
        ],
    )


def _keep(data_dir: Path, parsed: actions.Parsed, data: bytes) -> str:
    """Keep what the preview read for the save step: a package as it came, a text as it
    was decoded (so the save reads exactly what was previewed)."""
    if parsed.fmt == "apkg":
        return keep_upload(data_dir, data, suffix=".apkg")
    return keep_upload(data_dir, parsed.text.encode("utf-8"), suffix=".txt")


def _read_kept(data_dir: Path, kept: str, fmt: str, filename: str | None) -> actions.Parsed:
    path = upload_path(data_dir, kept)
    if path.suffix == ".apkg":
        fmt = "apkg"
    elif fmt == "apkg":  # a kept text is never a package, whatever the form says
        fmt = ""
    return actions.parse_glossary(path.read_bytes(), fmt, filename, max_bytes=MAX_UPLOAD)


@router.post("/import/preview")
async def import_preview(request: Request) -> Response:
    """Read the upload or pasted text and show what would be imported, with a form to save
    it. What was read is kept on the server under a random name until it is saved (or an
    hour): the page carries only that name back, never the text."""
    form = await read_form(request, upload=True)
    text, deck, fmt = field(form, "text"), field(form, "deck"), field(form, "format")
    generate, language = bool(field(form, "generate")), field(form, "language")
    file = upload(form, "file")
    if file is not None:
        data = await file.read(MAX_UPLOAD + 1)
        filename: str | None = file.filename or "upload"
    else:
        data, filename = text.encode("utf-8"), None
    context = web(request)
    keep = {
        "text": text if file is None else "",
        "deck": deck,
        "fmt": fmt,
        "generate": generate,
        "language": language,
    }
    if len(data) > MAX_UPLOAD:
        message = f"the file or text is too large: {MAX_UPLOAD // (1024 * 1024)} MB at most"
        # The form stays, with all but the text: sending 20 MB back would cost more than
        # pasting it again.
        return await run_in_threadpool(
            lambda: _import_page(request, 413, error=message, **{**keep, "text": ""})
        )

    def read() -> actions.Parsed:
        parsed = actions.parse_glossary(data, fmt, filename, max_bytes=MAX_UPLOAD)
        return _checked(context.store, parsed, deck, language)

    try:
        parsed = await run_in_threadpool(read)
    except MimageryError as error:
        page = partial(_import_page, request, 400, error=str(error), **keep)
        return await run_in_threadpool(page)
    kept = await run_in_threadpool(_keep, context.store.data_dir, parsed, data)
    return await run_in_threadpool(
        partial(
            _preview_page, request, parsed, deck, generate=generate, kept=kept, language=language
        )
    )


@router.post("/import/save")
async def import_save(request: Request) -> Response:
    """Save a previewed glossary, then show its deck with what the import did. A failure
    is shown on the preview, its form kept (on the import page when the kept glossary is
    gone)."""
    form = await read_form(request, upload=True)
    text, fmt = field(form, "text"), field(form, "format")
    filename = field(form, "filename") or None
    deck, generate = field(form, "deck"), bool(field(form, "generate"))
    kept, language = field(form, "upload"), field(form, "language")
    context = web(request)
    data_dir = context.store.data_dir

    def read() -> actions.Parsed:
        if kept:  # kept since the preview
            return _read_kept(data_dir, kept, fmt, filename)
        # A form that sends the text itself (as the preview did before it was kept).
        return actions.parse_glossary(text.encode("utf-8"), fmt, filename, max_bytes=MAX_UPLOAD)

    def save() -> Response:
        parsed = read()
        try:
            parsed = _checked(context.store, parsed, deck, language)
            report, _ = actions.import_glossary(
                context.store,
                parsed.deck,
                parsed.target(" ".join(deck.split()) or None),
                generate_mimages=generate,
                now=context.clock(),
            )
        except MimageryError as error:
            still = kept or _keep(data_dir, parsed, text.encode("utf-8"))
            return _preview_page(
                request,
                parsed,
                deck,
                generate=generate,
                kept=still,
                language=language,
                error=str(error),
                status=400,
            )
        if kept:
            upload_path(data_dir, kept).unlink(missing_ok=True)
        return _see(
            views.with_query(
                views.deck_url(report.deck),
                added=report.added,
                updated=report.updated,
                unchanged=report.unchanged,
            )
        )

    try:
        return await run_in_threadpool(save)
    except MimageryError as error:
        keep = {"text": "", "deck": deck, "fmt": fmt, "generate": generate, "language": language}
        page = partial(_import_page, request, 400, error=str(error), **keep)
        return await run_in_threadpool(page)
