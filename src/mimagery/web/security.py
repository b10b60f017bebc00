"""What keeps the web app safe to run: CSRF checks, body limits and security headers.

The app is local and single-user, with no login; what it must refuse is another site
driving the browser that has it open. So every state change is a POST, and a POST is
refused when

- the browser says it came from another site (``Sec-Fetch-Site`` present and not
  ``same-origin`` or ``none``), or its ``Origin`` names another host than ``Host``;
- it is a form without a valid token (an HMAC of a random nonce with a secret key,
  written into every form as the hidden input ``csrf``; ``mimagery serve`` keeps the
  key in the data directory, so that every worker process signs alike);
- it goes to the JSON API (``/api/``) with another body type than ``application/json``
  (which a page on another site cannot send without a CORS preflight, and there is no
  CORS here).

The ``Host`` header must name the server (``allowed_hosts``), which stops DNS-rebinding
pages from talking to it under their own name. Every answer carries a content security
policy without inline scripts, ``nosniff``, ``same-origin`` referrers and no framing.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mimagery.errors import MimageryError

__all__ = [
    "AUDIO_HEADERS",
    "FORM_FIELD",
    "KEY_FILE",
    "MAX_BODY",
    "MAX_UPLOAD",
    "PAGE_HEADERS",
    "PICTURE_HEADERS",
    "BodyTooLarge",
    "Guard",
    "Tokens",
    "stored_key",
]

#: A glossary upload (or pasted text) may be this large.
MAX_UPLOAD = 20 * 1024 * 1024
#: The largest request body: an upload plus the form around it.
MAX_BODY = MAX_UPLOAD + 256 * 1024
#: Other POSTs (a grade, a keyword, a scene) are small.
MAX_SMALL_BODY = 256 * 1024
#: The hidden form input that carries the token.
FORM_FIELD = "csrf"
#: The file in the data directory holding the key form tokens are signed with.
KEY_FILE = "web-key"
_KEY_BYTES = 32

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PAGE_HEADERS = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
_PAGE_HEADER_PAIRS = [
    (name.encode("latin-1"), value.encode("latin-1")) for name, value in PAGE_HEADERS.items()
]
#: Picture cards are shown as images only: no scripts, whatever a file holds.
PICTURE_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "x-content-type-options": "nosniff",
}
#: Spoken words are sounds only: nothing in them runs, whatever a file holds.
AUDIO_HEADERS = {
    "content-security-policy": "default-src 'none'",
    "x-content-type-options": "nosniff",
}

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SAME_SITE = frozenset({"same-origin", "none"})
_UPLOAD_PATHS = ("/import", "/api/import")


class BodyTooLarge(Exception):
    """A request body over the limit for its path."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request is larger than {limit // (1024 * 1024) or 1} MB")
        self.limit = limit


def stored_key(path: Path) -> bytes:
    """The form-token key kept in the file ``path``, made on first use: 32 random bytes,
    readable by the user only (mode 0600).

    The key is written to a temporary file and hard-linked into place, so no process
    reads half a key, and of several processes starting at once the first one's key
    is the one they all use.
    """
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = _make_key(path)
    except OSError as error:
        raise MimageryError(f"cannot read the web key {path}: {error.strerror}") from error
    if len(key) != _KEY_BYTES:
        raise MimageryError(f"{path} is not a web key: delete it and start again")
    return key


def _make_key(path: Path) -> bytes:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:  # mkstemp made the file for this user only
            with os.fdopen(handle, "wb") as out:
                out.write(secrets.token_bytes(_KEY_BYTES))
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(FileExistsError):  # another process was first: use its
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
        return path.read_bytes()
    except OSError as error:
        raise MimageryError(f"cannot write the web key {path}: {error.strerror}") from error


class Tokens:
    """Form tokens: a random nonce and its HMAC under a secret key."""

    def __init__(self, secret: bytes | None = None) -> None:
        """Use ``secret``, or a new random one (tokens then last as long as the process)."""
        self._secret = secret or secrets.token_bytes(_KEY_BYTES)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        """A new token for one form."""
        nonce = secrets.token_urlsafe(12)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: object) -> bool:
        """Whether ``token`` was issued under this key."""
        if not isinstance(token, str) or len(token) > 200 or token.count(".") != 1:
            return False
        nonce, signature = token.split(".")
        if not nonce.isascii() or not signature.isascii():
            return False
        return hmac.compare_digest(self._sign(nonce), signature)


def cross_site_reason(headers: Headers) -> str | None:
    """Why a state-changing request looks cross-site, or None when it does not."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.strip().lower() not in _SAME_SITE:
        return "the request came from another site"
    origin = headers.get("origin")
    if origin is not None:
        host = (headers.get("host") or "").strip().lower()
        parts = urlsplit(origin.strip())
        if not parts.scheme or parts.netloc.lower() != host:
            return "the request came from another origin"
    return None


def host_allowed(headers: Headers, allowed: frozenset[str] | None) -> bool:
    """Whether the ``Host`` header names this server (``None`` allows any)."""
    if allowed is None:
        return True
    host = (headers.get("host") or "").strip().lower()
    if host.startswith("["):  # [::1]:8000
        name = host.split("]", 1)[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in allowed


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


#: Makes the page a refused browser request is answered with: (status, message, path).
PageMaker = Callable[[int, str, str], Response]


def _plain_page(status: int, message: str, path: str) -> Response:
    return PlainTextResponse(f"{message}\n", status_code=status)


class Guard:
    """ASGI middleware: host check, CSRF origin checks, the JSON-only API, body limits
    and security headers on every answer."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str] | None = None,
        page: PageMaker | None = None,
    ) -> None:
        """Wrap ``app``; ``allowed_hosts`` are host names (no port), None for any; ``page``
        makes the HTML answer to a refused browser request (the API answers JSON)."""
        self.app = app
        self.page = page or _plain_page
        self.allowed = (
            None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then pass it on with a counted body and added headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET").upper()
        if not host_allowed(headers, self.allowed):
            await self._refusal(path, 400, "unknown host name")(scope, receive, send)
            return
        limit = MAX_BODY if path.startswith(_UPLOAD_PATHS) else MAX_SMALL_BODY
        if method not in _SAFE_METHODS:
            refusal = self._check_post(path, headers, limit)
            if refusal is not None:
                await refusal(scope, receive, send)
                return

        started = False
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [pair for pair in _PAGE_HEADER_PAIRS if pair[0] not in present]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge as error:
            if started:
                raise
            await self._refusal(path, 413, too_large_message(error.limit))(scope, receive, send)

    def _check_post(self, path: str, headers: Headers, limit: int) -> Response | None:
        reason = cross_site_reason(headers)
        if reason is not None:
            return self._refusal(path, 403, f"refused: {reason}")
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return self._refusal(path, 413, too_large_message(limit))
        if _is_api(path):
            media = (headers.get("content-type") or "").split(";", 1)[0].strip().lower()
            if media != "application/json":
                message = "the API takes JSON bodies (Content-Type: application/json)"
                return self._refusal(path, 415, message)
        return None

    def _refusal(self, path: str, status: int, message: str) -> Response:
        if _is_api(path):
            response: Response = JSONResponse({"error": message}, status_code=status)
        else:
            response = self.page(status, message, path)
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def too_large_message(limit: int) -> str:
    """What a user is told about a body over ``limit``."""
    if limit >= MAX_UPLOAD:
        return f"the file or text is too large: {MAX_UPLOAD // (1024 * 1024)} MB at most"
    return f"the request is too large: {limit // 1024} KB at most"
