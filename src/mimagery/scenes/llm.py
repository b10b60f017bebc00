"""An optional language model for scenes and keyword ideas, over any OpenAI-compatible API.

Configured by environment variables, read by :meth:`Backend.from_env`:

``MIMAGERY_LLM_URL``
    The API's base URL. The request goes to ``<base>/chat/completions``; a URL without
    a version segment gets ``/v1`` first, so ``http://localhost:11434`` (Ollama),
    ``http://localhost:8000/v1`` (vLLM, llama.cpp) and ``https://api.openai.com/v1``
    all work. A path that already has a version segment (``/v1``, ``/v1beta``,
    ``/api/v1``) or ends in ``/openai``, or a full ``…/chat/completions`` URL, is used
    as it is.
``MIMAGERY_LLM_MODEL``
    The model name sent with each request.
``MIMAGERY_LLM_KEY``
    Optional; sent as ``Authorization: Bearer …``. It never appears in a message,
    a warning or the backend's ``repr``.
``MIMAGERY_LLM_TIMEOUT``
    Seconds a request may take, 20 by default: the time allowed to connect and for
    each read, and for the whole answer.

Only the standard library is used (``urllib.request``, ``json``). Every failure,
be it a refused connection, a time-out, an HTTP error, a body that is not the
expected JSON or a cut-off reply, raises :class:`LLMError`; ``scenes.write_scene``
checks the scene it gets with ``scenes.validate`` and turns either failure into the
offline scene and one warning. This module never imports ``scenes``.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from mimagery.errors import MimageryError
from mimagery.model import clean
from mimagery.version import __version__

DEFAULT_TIMEOUT = 20.0
MAX_REPLY_BYTES = 1_000_000  # a chat reply is a few kilobytes; more is a wrong endpoint
MAX_DEFINITION_CHARS = 1500  # enough for any real definition, and it bounds the prompt


class LLMError(MimageryError):
    """The language model could not give a usable answer."""


@dataclass(frozen=True)
class Backend:
    """A chat-completions endpoint and model. Make one with :meth:`from_env`."""

    url: str  # the full chat-completions URL
    model: str
    key: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Backend | None:
        """The backend the environment configures, or None when it configures none.

        Args:
            env: the environment (``os.environ``), or any mapping in tests.

        Returns:
            None when ``MIMAGERY_LLM_URL`` or ``MIMAGERY_LLM_MODEL`` is unset or blank.

        Raises:
            LLMError: when the URL is not an http(s) URL or the time-out is not a
                positive number of seconds.
        """
        base = env.get("MIMAGERY_LLM_URL", "").strip()
        model = env.get("MIMAGERY_LLM_MODEL", "").strip()
        if not base or not model:
            return None
        key = env.get("MIMAGERY_LLM_KEY", "").strip() or None
        raw_timeout = env.get("MIMAGERY_LLM_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            raise LLMError(
                f"MIMAGERY_LLM_TIMEOUT must be a number of seconds, not {raw_timeout[:20]!r}"
            ) from None
        if not 0 < timeout <= 600:
            raise LLMError("MIMAGERY_LLM_TIMEOUT must be more than 0 and at most 600 seconds")
        return cls(chat_url(base), model, key, timeout)

    def __post_init__(self) -> None:
        if not 0 < self.timeout <= 600:
            raise LLMError("the time-out must be more than 0 and at most 600 seconds")

    # The two requests ---------------------------------------------------------------

    def scene(self, term: str, definition: str, keyword: str, key_idea: str) -> str:
        """A scene for the mimage, written by the model and checked.

        Args:
            term: the term as written.
            definition: its definition (cut to 1,500 characters for the prompt).
            keyword: the keyword phrase, which the scene must name.
            key_idea: what to act out (the concept's gloss, or the key idea of the
                definition), as a hint.

        Returns:
            The scene, control characters removed, on one line, ending with a sentence
            mark, with the keyword in double quotes; the caller checks it further
            (``scenes.validate``).

        Raises:
            LLMError: on any failure of the request, or a reply that is a list.
        """
        reply = self._chat(_SCENE_SYSTEM, _scene_prompt(term, definition, keyword, key_idea))
        if sum(1 for line in reply.splitlines() if line.strip()) > 3:
            raise LLMError("the model's scene was unusable: a list of lines, not a scene")
        return _tidy_scene(reply, keyword)

    def keywords(self, term: str, definition: str, n: int = 5) -> list[str]:
        """Keyword phrases the model proposes for ``term``, at most ``n``, unranked.

        The reply may be a JSON list of strings (in a code fence or not) or one phrase
        a line, numbered, bulleted or quoted; notes after a dash or colon are dropped.
        The caller ranks and filters the phrases (``keywords.measure``).

        Raises:
            LLMError: on any failure of the request, or a reply with no phrase in it.
        """
        count = max(1, min(n, 20))
        reply = self._chat(_KEYWORD_SYSTEM, _keyword_prompt(term, definition, count))
        phrases = parse_keywords(reply)[:count]
        if not phrases:
            raise LLMError("the model's reply had no keyword phrases in it")
        return phrases

    # The wire -------------------------------------------------------------------------

    def _chat(self, system: str, user: str) -> str:
        """The assistant's reply to one system and one user message."""
        body = json.dumps(
            {
                "model": self.model,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                "stream": False,
            }
        ).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"mimagery/{__version__}",
        }
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        if self.key:
            # Unredirected: a redirect to another host must not carry the key along.
            request.add_unredirected_header("Authorization", f"Bearer {self.key}")
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = _read(response, deadline, self.timeout)
        except urllib.error.HTTPError as error:
            detail = _error_detail(error)
            error.close()
            message = f"HTTP {error.code} from {self._where()}{detail}"
            raise LLMError(self._redact(message)) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise LLMError(self._timed_out()) from None
            raise LLMError(self._redact(f"cannot reach {self._where()}: {error.reason}")) from None
        except TimeoutError:
            raise LLMError(self._timed_out()) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise LLMError(self._redact(f"request to {self._where()} failed: {error}")) from None
        return _content(raw)

    def _where(self) -> str:
        """The endpoint for messages: scheme, host and path, without any user or query."""
        parts = urllib.parse.urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"

    def _timed_out(self) -> str:
        return f"{self._where()} did not answer within {self.timeout:g} s"

    def _redact(self, text: str) -> str:
        """``text`` on one line with the key, should a server echo it, blanked out."""
        if self.key:
            text = text.replace(self.key, "***")
        return " ".join(clean(text).split())


def chat_url(base: str) -> str:
    """The chat-completions URL for an API base URL (see the module's documentation).

    Raises:
        LLMError: when ``base`` is not an http or https URL with a host.
    """
    parts = urllib.parse.urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LLMError("MIMAGERY_LLM_URL must be an http:// or https:// URL with a host")
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        versioned = re.search(r"/v\d+[a-z0-9]*(?:/|$)", path + "/") or path.endswith("/openai")
        path = f"{path}/chat/completions" if versioned else f"{path}/v1/chat/completions"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _read(response: http.client.HTTPResponse, deadline: float, timeout: float) -> bytes:
    """The body, in chunks, so that a server trickling bytes still meets the deadline."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no full answer within {timeout:g} s")
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise ValueError(f"the answer is over {MAX_REPLY_BYTES} bytes")
        chunks.append(chunk)


def _error_detail(error: urllib.error.HTTPError) -> str:
    """The server's message from an error body, as ": <message>", short and on one line."""
    try:
        raw = error.read(4096)
    except (OSError, http.client.HTTPException):
        return ""
    text = raw.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        inner = data.get("error", data)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if isinstance(message, str):
            text = message
    text = " ".join(clean(text).split())
    return f": {text[:200]}" if text else ""


def _content(raw: bytes) -> str:
    """The assistant message's text from a chat-completions body."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise LLMError("the answer is not JSON") from None
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise LLMError("the answer has no choices")
    choice = choices[0]
    if choice.get("finish_reason") == "length":
        raise LLMError("the model's reply was cut off (finish_reason 'length')")
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, list):  # content parts: [{"type": "text", "text": "…"}]
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    if not isinstance(content, str) or not content.strip():
        raise LLMError("the answer has no message content")
    return _THINKING.sub("", content).strip()


# Reasoning models served through Ollama and others put their notes in the content.
_THINKING = re.compile(r"<think(?:ing)?>.*?</think(?:ing)?>", re.DOTALL | re.IGNORECASE)


# Prompts ----------------------------------------------------------------------------

_SCENE_SYSTEM = (
    "You write mnemonic images for the keyword method of vocabulary learning. A keyword is a "
    "concrete phrase that sounds like the term; in the image the keyword's things physically "
    "act out what the term means, so that recalling the picture recalls the meaning. Reply "
    "with the image only: plain text, no Markdown, no lists, no headings, no quotation of the "
    "instructions."
)


def _scene_prompt(term: str, definition: str, keyword: str, key_idea: str) -> str:
    definition = " ".join(definition.split())[:MAX_DEFINITION_CHARS] or "(none given)"
    hint = f"What to act out: {key_idea}\n" if key_idea else ""
    return (
        f"Term: {term}\n"
        f"Definition: {definition}\n"
        f"{hint}"
        f"Keyword: {keyword}\n\n"
        "Write 1 to 3 short, plain sentences (at most 50 words) in which the keyword's words, "
        "as things or people, physically perform the relation the definition names (in the "
        "middle of, far outside, one full circle, step by step down, split in two, ...). "
        f'Name the keyword in double quotes exactly as given ("{keyword}"). Then name the '
        "meaning in a few plain words of your own: never copy 8 or more words in a row from "
        "the definition. No place settings, crowds, confetti, smells or anything else that "
        "does not act out the meaning. If the definition gives nothing to act out (a name, a "
        "bare synonym), say so in one short, honest sentence instead of inventing a link."
    )


_KEYWORD_SYSTEM = (
    "You find keywords for the keyword method of vocabulary learning: short phrases of common, "
    "concrete English words that sound like a term when said aloud and are easy to picture. "
    "Reply with a JSON list of strings and nothing else."
)


def _keyword_prompt(term: str, definition: str, count: int) -> str:
    definition = " ".join(definition.split())[:MAX_DEFINITION_CHARS] or "(none given)"
    return (
        f"Term: {term}\nDefinition: {definition}\n\n"
        f"Give {count} different keyword phrases of one to four words that sound like "
        f'"{term}", for example "Mayo Sauce" for "Meiosis" or "Epic Hawk" for "Epoch". '
        "Do not use the term itself. Answer as a JSON list of strings."
    )


# Parsing replies ------------------------------------------------------------------------

_FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.DOTALL)
_LABEL = re.compile(r"^\s*(?:scene|image|mnemonic(?: image)?|answer)\s*:\s*", re.IGNORECASE)
_QUOTES = "\"'“”‘’"


def _tidy_scene(reply: str, keyword: str) -> str:
    """One line of scene from a reply: no label, no wrapping quotes, keyword quoted."""
    fenced = _FENCE.search(reply)
    text = fenced.group(1) if fenced else reply
    text = _LABEL.sub("", " ".join(clean(text).split()))
    if _wrapped_in_quotes(text, keyword):
        text = text[1:-1].strip()
    if text and text[-1] not in ".!?\"'”’)":
        text += "."
    return _quote_keyword(text, keyword)


def _wrapped_in_quotes(text: str, keyword: str) -> bool:
    """True for a reply that is all one quotation ("\"Picture …\""), not one opening with
    the quoted keyword."""
    if len(text) < 3 or text[0] not in '"“' or text[-1] not in '"”':
        return False
    size = len(keyword)
    opens_with_keyword = bool(keyword) and text[1 : 1 + size].casefold() == keyword.casefold()
    return not (opens_with_keyword and text[1 + size : 2 + size] in '"”')


def _quote_keyword(text: str, keyword: str) -> str:
    """``text`` with its first mention of ``keyword`` as ``"Keyword"``, spelt as given.

    The rest of mimagery names a keyword in straight double quotes, and readers of
    pasted glossaries take the first quoted phrase of a scene as its keyword.
    """
    if not keyword:
        return text
    quoted = re.compile(rf"[\"“'‘]{re.escape(keyword)}[\"”'’](?!\w)", re.IGNORECASE)
    bare = re.compile(rf"(?<!\w){re.escape(keyword)}(?!\w)", re.IGNORECASE)
    match = quoted.search(text) or bare.search(text)
    if match is None:
        return text
    return f'{text[: match.start()]}"{keyword}"{text[match.end() :]}'


_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.):]|\(\d{1,2}\))?\s*(.*?)\s*$")
_NOTE = re.compile(r"\s+(?:[-–—:]|\(|=|->|→)\s*.*$|:\s.*$")
_PHRASE = re.compile(r"^[A-Za-z][A-Za-z' -]*[A-Za-z]$|^[A-Za-z]$")


def parse_keywords(reply: str) -> list[str]:
    """Keyword phrases from a reply: a JSON list of strings, else one phrase a line.

    Phrases are stripped of numbering, bullets, quotes and trailing notes ("Mayo Sauce
    – a jar of mayo"); those of more than 6 words or with other than letters, spaces,
    hyphens and apostrophes are dropped, and repeats (ignoring case) are kept once.
    """
    fenced = _FENCE.search(reply)
    text = (fenced.group(1) if fenced else reply).strip()
    items: list[str] = []
    start, end = text.find("["), text.rfind("]")
    if 0 <= start < end:
        try:
            data = json.loads(text[start : end + 1])
        except ValueError:
            data = None
        if isinstance(data, list):
            items = [item for item in data if isinstance(item, str)]
    if not items:
        items = text.splitlines()
    phrases: list[str] = []
    seen: set[str] = set()
    for item in items:
        match = _ITEM.match(clean(item))
        phrase = match.group(1) if match else ""
        phrase = phrase.strip(_QUOTES + ",.;").strip()
        phrase = _NOTE.sub("", phrase).strip(_QUOTES + ",.;").strip()
        phrase = " ".join(phrase.split())
        if not _PHRASE.match(phrase) or len(phrase.split()) > 6:
            continue
        if phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            phrases.append(phrase)
    return phrases
