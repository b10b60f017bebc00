"""What pages and JSON answers are made of: the app's context, URLs, templates, and core
objects (terms, mimages, cards) turned into plain values to show.

Names go into URL paths as one segment each: ``%`` and ``/`` are written as ``%25`` and
``%2F`` first and the result is percent-encoded as usual (so a term "TCP/IP" is
``TCP%252FIP`` on the wire), because servers decode ``%2F`` before routing.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from mimagery import mimages, speech
from mimagery.model import Mimage, Term, key
from mimagery.store import Store
from mimagery.text import clip_clause, percent, shorten
from mimagery.web.security import PAGE_HEADERS, Tokens

__all__ = [
    "Sound",
    "Web",
    "deck_url",
    "mimage_dict",
    "name_from_path",
    "name_to_path",
    "picture_url",
    "sounds",
    "term_dict",
    "term_url",
    "web",
]

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

Clock = Callable[[], datetime]


@dataclass
class Web:
    """What every request handler shares: the store, the clock, form tokens, templates."""

    store: Store
    clock: Clock
    tokens: Tokens
    env: jinja2.Environment

    def page(
        self, request: Request | None, name: str, status: int = 200, **values: Any
    ) -> HTMLResponse:
        """Render a template to an HTML response (autoescaped; every form gets a token)."""
        html = self.env.get_template(name).render(
            request=request, csrf=self.tokens.issue(), **values
        )
        return HTMLResponse(html, status_code=status)

    def error_page(self, status: int, message: str) -> HTMLResponse:
        """The page that says plainly what went wrong."""
        html = self.env.get_template("error.html").render(
            request=None, csrf="", status=status, message=message
        )
        response = HTMLResponse(html, status_code=status)
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def web(request: Request) -> Web:
    """The app's shared context, from a request."""
    found: Web = request.app.state.web
    return found


# URLs -------------------------------------------------------------------------------

_ESCAPED = re.compile(r"%(25|2F)", re.IGNORECASE)


def name_to_path(name: str) -> str:
    """A deck or term name as one URL path segment (see the module docstring)."""
    return quote(name.replace("%", "%25").replace("/", "%2F"), safe="")


def name_from_path(segment: str) -> str:
    """The name a (server-decoded) path segment stands for."""
    return _ESCAPED.sub(lambda match: "%" if match.group(1) == "25" else "/", segment)


def deck_url(deck: str, tail: str = "") -> str:
    """The URL of a deck's page, or of a page under it (``tail`` like ``/study``)."""
    return f"/decks/{name_to_path(deck)}{tail}"


def term_url(deck: str, term: str, tail: str = "") -> str:
    """The URL of a term's page, or of something under it."""
    return f"{deck_url(deck)}/terms/{name_to_path(term)}{tail}"


def with_query(url: str, **values: object) -> str:
    """``url`` with query parameters (None values left out)."""
    kept = {name: str(value) for name, value in values.items() if value is not None}
    return f"{url}?{urlencode(kept)}" if kept else url


def stored_picture(store: Store, mimage: Mimage | None) -> str | None:
    """The path of the mimage's card under ``pictures/`` when the file is there, else None.

    Only relative paths inside the data directory's ``pictures/`` count: a picture path
    an imported file set to somewhere else is never served.
    """
    found = mimages.stored_card(store.data_dir, mimage)
    if found is None:
        return None
    return "/".join(found.relative_to(store.data_dir / "pictures").parts)


def picture_url(store: Store, deck: str, term: Term, mimage: Mimage | None) -> str | None:
    """Where a page shows a mimage's picture: its stored card (``/pictures/…``), else the
    card drawn on the fly; None without a mimage."""
    if mimage is None:
        return None
    stored = stored_picture(store, mimage)
    if stored is not None:
        return "/pictures/" + "/".join(quote(part, safe="") for part in stored.split("/"))
    return with_query(term_url(deck, term.name, "/card.svg"), keyword=mimage.keyword)


# Sound ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sound:
    """A spoken word's URL for an ``<audio>`` element, or why there is none."""

    url: str | None
    problem: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """As JSON: ``{"url", "problem"}``."""
        return {"url": self.url, "problem": self.problem}


def sounds(deck: str, term: Term) -> dict[str, Sound]:
    """Where a page plays the term (said in its deck's language) and the chosen
    mimage's keyword (in English): ``{"term": …, "keyword": …}``, no ``keyword``
    without a mimage. The sound is made when the browser first asks for it; without
    the engine each one says why there is none."""
    problem = speech.problem()
    if problem is not None:
        missing = Sound(None, f"No sound: {problem}")
        return {"term": missing, "keyword": missing}
    url = term_url(deck, term.name, "/sound.wav")
    found = {"term": Sound(url)}
    mimage = term.chosen
    if mimage is not None and mimage.keyword.strip():
        found["keyword"] = Sound(with_query(url, keyword=mimage.keyword))
    return found


# Cards drawn on the fly -------------------------------------------------------------


def data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URL for an ``<img>`` (never run as a document)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# Plain values -----------------------------------------------------------------------


def mimage_dict(store: Store, deck: str, term: Term, mimage: Mimage) -> dict[str, Any]:
    """A mimage as JSON: the export schema's fields plus ``picture_url``."""
    return {
        "keyword": mimage.keyword,
        "scene": mimage.scene,
        "origin": mimage.origin,
        "complete": mimage.complete,
        "picture": mimage.picture,
        "picture_url": picture_url(store, deck, term, mimage),
        "chosen": mimage is term.chosen,
    }


def term_dict(store: Store, deck: str, term: Term) -> dict[str, Any]:
    """A term as JSON: the export schema's fields plus its page's URL."""
    return {
        "term": term.name,
        "aliases": list(term.aliases),
        "definition": term.definition,
        "url": term_url(deck, term.name),
        "mimages": [mimage_dict(store, deck, term, m) for m in term.mimages],
    }


def matches(term: Term, query: str) -> bool:
    """Whether a term's name, aliases, definition or keywords contain ``query``."""
    wanted = key(query)
    if not wanted:
        return True
    texts = [term.name, *term.aliases, term.definition, *(m.keyword for m in term.mimages)]
    return any(wanted in key(text) for text in texts)


def environment() -> jinja2.Environment:
    """The template environment: autoescaping everywhere, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,  # templates are package files: no stat() of each one per page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(deck_url=deck_url, term_url=term_url, with_query=with_query)
    env.filters.update(shorten=shorten, clip=clip_clause, percent=percent, number=_number)
    return env


def _number(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{value:.{places}f}"
