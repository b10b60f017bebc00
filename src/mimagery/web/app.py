"""The web app: ``create_app`` builds it around one store, a clock and form tokens.

Pages (``pages``, ``studying``) and the JSON API (``api``) call the same core functions
the command line calls, through ``actions``. Errors a user can cause never come back as
500: ``MimageryError`` is 400, a missing deck, term or file 404, a refused request 403,
413 or 415; the API answers ``{"error": "…"}`` and pages say it plainly.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mimagery import actions, formats, languages, speech
from mimagery.errors import MimageryError, NotFound
from mimagery.model import key
from mimagery.speech import cache as sound_cache
from mimagery.store import Store
from mimagery.version import __version__
from mimagery.web import api, pages, studying, views
from mimagery.web.forms import Refused
from mimagery.web.security import (
    AUDIO_HEADERS,
    MAX_BODY,
    PICTURE_HEADERS,
    BodyTooLarge,
    Guard,
    Tokens,
    too_large_message,
)
from mimagery.web.views import Web, web

__all__ = ["LOCAL_HOSTS", "create_app", "local_now"]

#: Host names a browser uses for this machine (and TestClient's own).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1", "testserver")

_MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


def local_now() -> datetime:
    """The real clock, aware, in the local timezone (study days start in it)."""
    return datetime.now().astimezone()


def create_app(
    store_url: str | None = None,
    data_dir: Path | None = None,
    clock: views.Clock = local_now,
    *,
    allowed_hosts: Sequence[str] | None = LOCAL_HOSTS,
    secret: bytes | None = None,
) -> FastAPI:
    """The web app over the database at ``store_url`` (default: the data directory's).

    Args:
        store_url: a database URL, as ``--db`` takes; None for the data directory's.
        data_dir: where pictures (and the default database) live; None for ``$MIMAGERY_HOME``
            or the user data directory.
        clock: gives the current time (timezone-aware); study and stats read it here.
        allowed_hosts: host names the ``Host`` header may carry; None allows any.
        secret: the key form tokens are signed with; a random one per process by default.
    """
    store = Store.open(store_url, data_dir)
    context = Web(store, clock, Tokens(secret), views.environment())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="mimagery",
        version=__version__,
        summary="Learn vocabulary with mnemonic imagery: decks, mimages and study.",
        docs_url=None,  # Swagger UI needs inline scripts and a CDN; /openapi.json stays
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = context
    app.add_middleware(Guard, allowed_hosts=allowed_hosts, page=partial(_refusal_page, context))
    _add_error_handlers(app, context)
    app.mount("/static", StaticFiles(directory=views.STATIC), name="static")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(studying.router)
    _add_files(app)
    return app


# Errors -------------------------------------------------------------------------------


def _refusal_page(context: Web, status: int, message: str, path: str) -> Response:
    """The page a request refused before it was read is answered with: an import too
    large gets the import form back with the error beside it, anything else the error."""
    if status == 413 and path == "/import/preview":
        return pages.import_form(context, None, status, error=message)
    return context.error_page(status, message)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


def _answer(request: Request, context: Web, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return _refusal_page(context, status, message, request.url.path)


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors()[:3]:
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
        parts.append(f"{where}: {problem.get('msg', 'invalid')}" if where else problem["msg"])
    return "; ".join(parts) or "the request is not valid"


def _add_error_handlers(app: FastAPI, context: Web) -> None:
    async def mimagery_error(request: Request, error: Exception) -> Response:
        return _answer(request, context, 400, str(error))

    async def not_found(request: Request, error: Exception) -> Response:
        return _answer(request, context, 404, str(error) or "not found")

    async def refused(request: Request, error: Exception) -> Response:
        return _answer(request, context, 403, f"refused: {error}")

    async def too_large(request: Request, error: Exception) -> Response:
        limit = error.limit if isinstance(error, BodyTooLarge) else MAX_BODY
        return _answer(request, context, 413, too_large_message(limit))

    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return _answer(request, context, 400, _validation_message(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if isinstance(error.__cause__, BodyTooLarge):  # FastAPI wraps errors reading a body
            return await too_large(request, error.__cause__)
        messages = {404: "not found", 405: "method not allowed"}
        detail = error.detail if isinstance(error.detail, str) else None
        message = messages.get(error.status_code) if detail in (None, "Not Found") else detail
        response = _answer(request, context, error.status_code, message or "request refused")
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    app.add_exception_handler(MimageryError, mimagery_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Refused, refused)
    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)


# Files ---------------------------------------------------------------------------------


_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(filename: str) -> str:
    """A Content-Disposition value for a download, safe for any name."""
    fallback = _ASCII_NAME.sub("-", filename).strip("-.") or "deck"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _add_files(app: FastAPI) -> None:
    @app.get("/pictures/{path:path}", include_in_schema=False)
    def picture(request: Request, path: str) -> Response:
        """A stored picture card from the data directory's ``pictures/`` folder only."""
        root = (web(request).store.data_dir / "pictures").resolve()
        relative = PurePosixPath(path)
        if (
            not path
            or "\\" in path
            or "\x00" in path
            or relative.is_absolute()
            or ".." in relative.parts
            or relative.suffix.lower() != ".svg"
        ):
            raise NotFound("no such picture")
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise NotFound("no such picture")
        return FileResponse(target, media_type="image/svg+xml", headers=PICTURE_HEADERS)

    @app.get("/decks/{deck}/terms/{term}/sound.wav", include_in_schema=False)
    def term_sound(
        request: Request, deck: str, term: str, keyword: str | None = Query(None, max_length=400)
    ) -> Response:
        """The term said in its deck's language, or (``keyword``) one of its mimages' keywords
        said in English: a WAV file from the data directory's audio cache, made there when
        first asked for. Only a term's own words are said, never text from the request."""
        context = web(request)
        name, found = actions.find_term(
            context.store, views.name_from_path(deck), views.name_from_path(term)
        )
        if keyword is None:
            text, language = found.name, context.store.deck_language(name)
        else:
            mimage = next((m for m in found.mimages if key(m.keyword) == key(keyword)), None)
            if mimage is None:
                raise NotFound(f"{found.name!r} has no mimage with that keyword")
            text, language = mimage.keyword, languages.DEFAULT
        root = sound_cache.folder(context.store.data_dir).resolve()
        target = speech.audio_file(context.store.data_dir, text, language).resolve()
        if not target.is_relative_to(root) or not target.is_file():  # a link out of the cache
            raise NotFound("no such sound")
        return FileResponse(target, media_type="audio/wav", headers=AUDIO_HEADERS)

    @app.get("/decks/{deck}/export.{fmt}", include_in_schema=False)
    def export(request: Request, deck: str, fmt: str, svg: bool = False) -> Response:
        """A deck as a JSON, Markdown, CSV, TSV or Anki package download (``svg``: the
        package's pictures as SVG cards instead of PNGs, much quicker to make)."""
        known = (*formats.WRITABLE, *formats.BINARY)
        if fmt not in known:
            raise NotFound(f"no export as {fmt!r}; choose one of {', '.join(known)}")
        store = web(request).store
        loaded = store.load_deck(actions.resolve_deck(store, views.name_from_path(deck)))
        if fmt == "apkg":
            from mimagery.formats import apkg

            with tempfile.TemporaryDirectory(prefix="mimagery-export-") as scratch:
                package = Path(scratch) / "deck.apkg"
                apkg.write(loaded, store.data_dir, package, svg=svg)
                data = package.read_bytes()
            disposition = attachment(f"{loaded.name}.apkg")
            return Response(data, media_type="application/octet-stream",
                            headers={"content-disposition": disposition})  # fmt: skip
        body = formats.write(loaded, fmt)
        return Response(
            body.encode("utf-8"),
            media_type=_MEDIA_TYPES[fmt],
            headers={"content-disposition": attachment(f"{loaded.name}.{fmt}")},
        )
