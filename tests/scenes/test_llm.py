"""The LLM backend against a real local server speaking the chat-completions protocol."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from mimagery import scenes
from mimagery.scenes import llm
from mimagery.scenes.llm import Backend, LLMError

KEY = "sk-test-0123456789abcdef"
MODEL = "tiny-test-model"
TERM = "Meiosis"
DEFINITION = "Meiosis is a kind of cell division that halves the chromosome count."
KEYWORD = "Mayo Sauce"
WORDS = ["mayo", "sauce"]
GOOD_SCENE = (
    'Picture "Mayo Sauce" in a kitchen: a jar of Mayo splits a pot of Sauce in half, '
    "and each half splits again, just as meiosis halves the chromosome count."
)


def chat_body(content: Any, finish_reason: str = "stop") -> bytes:
    """A chat-completions answer with one choice."""
    message = {"role": "assistant", "content": content}
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": MODEL,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        }
    ).encode()


@dataclass
class Reply:
    """What the server answers next."""

    status: int = 200
    body: bytes = field(default_factory=lambda: chat_body(GOOD_SCENE))
    delay: float = 0.0
    content_type: str = "application/json"


@dataclass
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]
    payload: Any


class ChatServer:
    """A local OpenAI-compatible chat endpoint that checks each request."""

    def __init__(self) -> None:
        self.reply = Reply()
        self.seen: list[Seen] = []
        self.expect_key: str | None = None
        self.problems: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    payload = json.loads(raw)
                except ValueError:
                    payload = None
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.seen.append(Seen(self.path, headers, payload))
                problem = server.check(self.path, headers, payload)
                reply = server.reply
                if reply.delay:
                    time.sleep(reply.delay)
                status, body = (
                    (400, b'{"error": {"message": "%s"}}' % problem.encode())
                    if problem
                    else (reply.status, reply.body)
                )
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (the time-out tests)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        # A short poll interval: shutdown() waits for one poll, and there are many tests.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def check(self, path: str, headers: dict[str, str], payload: Any) -> str | None:
        """Why a request breaks the protocol, or None."""
        if path != "/v1/chat/completions":
            return f"wrong path {path}"
        if headers.get("content-type") != "application/json":
            return "not JSON"
        if not isinstance(payload, dict) or payload.get("model") != MODEL:
            return "wrong model"
        messages = payload.get("messages")
        if not isinstance(messages, list) or not messages:
            return "no messages"
        for message in messages:
            if not isinstance(message, dict) or message.get("role") not in ("system", "user"):
                return "bad message"
            if not isinstance(message.get("content"), str) or not message["content"]:
                return "empty message"
        if messages[-1]["role"] != "user":
            return "the last message is not the user's"
        wanted = f"Bearer {self.expect_key}" if self.expect_key else None
        if headers.get("authorization") != wanted:
            return "wrong authorization"
        return None

    def backend(self, key: str | None = None, timeout: float = 5.0) -> Backend:
        self.expect_key = key
        env = {"MIMAGERY_LLM_URL": self.base, "MIMAGERY_LLM_MODEL": MODEL}
        if key:
            env["MIMAGERY_LLM_KEY"] = key
        env["MIMAGERY_LLM_TIMEOUT"] = str(timeout)
        backend = Backend.from_env(env)
        assert backend is not None
        return backend


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatServer]:
    """A chat server on 127.0.0.1 (port chosen by the OS), stopped after the test."""
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    chat = ChatServer()
    chat.thread.start()
    try:
        yield chat
    finally:
        chat.httpd.shutdown()
        chat.httpd.server_close()


def write(backend: Backend) -> tuple[str, str, list[str]]:
    warnings: list[str] = []
    scene, source = scenes.write_scene(
        TERM, DEFINITION, KEYWORD, WORDS, seed=0, backend=backend, warn=warnings.append
    )
    return scene, source, warnings


# Scenes -----------------------------------------------------------------------------


def test_a_good_scene_is_used(server: ChatServer) -> None:
    scene, source, warnings = write(server.backend(key=KEY))
    assert (scene, source, warnings) == (GOOD_SCENE, "llm", [])
    [request] = server.seen
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.payload["model"] == MODEL
    [system, user] = request.payload["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    for part in (TERM, DEFINITION, KEYWORD, scenes.key_idea(TERM, DEFINITION)):
        assert part in user["content"]


def test_no_key_no_authorization_header(server: ChatServer) -> None:
    _, source, _ = write(server.backend(key=None))
    assert source == "llm"
    assert "authorization" not in server.seen[0].headers


def test_a_wrong_key_is_a_fallback_that_never_shows_the_key(server: ChatServer) -> None:
    backend = server.backend(key=KEY)
    server.reply = Reply(401, json.dumps({"error": {"message": f"bad key {KEY}"}}).encode())
    scene, source, warnings = write(backend)
    assert source == "offline"
    assert scene == scenes.compose(TERM, DEFINITION, KEYWORD, WORDS)
    assert len(warnings) == 1
    assert "HTTP 401" in warnings[0] and "bad key ***" in warnings[0]
    assert KEY not in warnings[0]
    assert KEY not in repr(backend)


def test_time_out_falls_back(server: ChatServer) -> None:
    server.reply = Reply(delay=1.5)
    started = time.monotonic()
    scene, source, warnings = write(server.backend(timeout=0.3))
    assert source == "offline"
    assert scene == scenes.compose(TERM, DEFINITION, KEYWORD, WORDS)
    assert len(warnings) == 1 and "did not answer within 0.3 s" in warnings[0]
    assert time.monotonic() - started < 1.5  # it did not wait for the server


def test_http_500_falls_back(server: ChatServer) -> None:
    server.reply = Reply(500, b"upstream exploded")
    _, source, warnings = write(server.backend())
    assert source == "offline"
    assert len(warnings) == 1
    assert "HTTP 500" in warnings[0] and "upstream exploded" in warnings[0]


def test_unreachable_server_falls_back(server: ChatServer) -> None:
    backend = server.backend()
    server.httpd.shutdown()
    server.httpd.server_close()
    _, source, warnings = write(backend)
    assert source == "offline"
    assert len(warnings) == 1 and "cannot reach" in warnings[0]


INVALID = [
    (
        "markup",
        chat_body('**Picture** "Mayo Sauce" in a kitchen, spilling over everything in sight.'),
        "markup",
    ),
    (
        "heading",
        chat_body('# Picture "Mayo Sauce" in a kitchen, spilling over everything in sight.'),
        "markup",
    ),
    (
        "link",
        chat_body('Picture "Mayo Sauce" at https://example.com spilling over everything there.'),
        "URL",
    ),
    (
        "no keyword",
        chat_body("Picture a jar of mustard in a kitchen, spilling over everything in sight."),
        "does not mention the keyword",
    ),
    ("too short", chat_body('"Mayo Sauce" spills.'), "too short"),
    (
        "too long",
        chat_body('Picture "Mayo Sauce". ' + "It spills everywhere and on everything. " * 20),
        "too long",
    ),
    (
        "too many sentences",
        chat_body('Picture "Mayo Sauce". It spills. It drips. It oozes. It splits.'),
        "too many sentences",
    ),
    ("not JSON", b"<html>Bad gateway</html>", "not JSON"),
    ("not UTF-8", b"\xff\xfe\x00", "not JSON"),
    ("empty choices", json.dumps({"choices": []}).encode(), "no choices"),
    ("no choices", json.dumps({"error": "nope"}).encode(), "no choices"),
    ("a list", json.dumps([1, 2]).encode(), "no choices"),
    ("empty content", chat_body(""), "no message content"),
    ("null content", chat_body(None), "no message content"),
    ("cut off", chat_body('Picture "Mayo Sauce" in a kitchen, spilling', "length"), "cut off"),
]


@pytest.mark.parametrize(
    ("body", "reason"), [(b, r) for _, b, r in INVALID], ids=[i for i, _, _ in INVALID]
)
def test_invalid_output_falls_back_with_a_warning(
    server: ChatServer, body: bytes, reason: str
) -> None:
    server.reply = Reply(body=body)
    scene, source, warnings = write(server.backend())
    assert source == "offline"
    assert scene == scenes.compose(TERM, DEFINITION, KEYWORD, WORDS)
    assert len(warnings) == 1
    assert reason in warnings[0]
    assert "\n" not in warnings[0]


TIDY = [
    # (what the model says, the scene kept)
    (
        "Picture “Mayo Sauce” in a kitchen, spilling over a chopping board.",
        'Picture "Mayo Sauce" in a kitchen, spilling over a chopping board.',
    ),
    (
        "Picture mayo sauce in a kitchen, spilling over a chopping board",
        'Picture "Mayo Sauce" in a kitchen, spilling over a chopping board.',
    ),
    (
        "Scene: Picture 'Mayo Sauce' in a kitchen, spilling over a chopping board.",
        'Picture "Mayo Sauce" in a kitchen, spilling over a chopping board.',
    ),
    (
        '"Picture Mayo Sauce in a kitchen, spilling over a chopping board."',
        'Picture "Mayo Sauce" in a kitchen, spilling over a chopping board.',
    ),
    (
        '"Mayo Sauce" spills over a chopping board in a kitchen, as meiosis splits.',
        '"Mayo Sauce" spills over a chopping board in a kitchen, as meiosis splits.',
    ),
    (
        '<think>The user wants a scene.</think>\n\nPicture "Mayo Sauce" in a\nkitchen,\tspilling over a board.',
        'Picture "Mayo Sauce" in a kitchen, spilling over a board.',
    ),
    (
        '```\nPicture "Mayo Sauce" in a kitchen, spilling over a board.\n```',
        'Picture "Mayo Sauce" in a kitchen, spilling over a board.',
    ),
    (
        'Picture "Mayo Sauce"\x07 in a kitchen\u202e, spilling over a board.',
        'Picture "Mayo Sauce" in a kitchen, spilling over a board.',
    ),
    (
        [
            {"type": "text", "text": 'Picture "Mayo Sauce" in a kitchen, '},
            {"type": "text", "text": "spilling over a board."},
        ],
        'Picture "Mayo Sauce" in a kitchen, spilling over a board.',
    ),
]


@pytest.mark.parametrize(("content", "kept"), TIDY)
def test_replies_are_tidied(server: ChatServer, content: Any, kept: str) -> None:
    server.reply = Reply(body=chat_body(content))
    scene, source, warnings = write(server.backend())
    assert (scene, source, warnings) == (kept, "llm", [])


# Keywords ---------------------------------------------------------------------------

KEYWORD_REPLIES = [
    ('["Mayo Sauce", "My Oasis", "Mayo Sauce", "mayo sauce"]', ["Mayo Sauce", "My Oasis"]),
    ('```json\n["Mayo Sauce", "Mile Ocean"]\n```', ["Mayo Sauce", "Mile Ocean"]),
    ('Here you go: ["Mayo Sauce", 3, "My Oasis"] enjoy', ["Mayo Sauce", "My Oasis"]),
    (
        '1. Mayo Sauce – a jar of mayo\n2) My Oasis: a desert pool\n- "Mile Ocean"\n* Mice (plural)',
        ["Mayo Sauce", "My Oasis", "Mile Ocean", "Mice"],
    ),
    (
        "Mayo Sauce\n\nMy Oasis\nThese are all great choices for remembering the term meiosis today.",
        ["Mayo Sauce", "My Oasis"],
    ),
    ('["Mayo <b>Sauce</b>", "http://x.y", "My Oasis"]', ["My Oasis"]),
]


@pytest.mark.parametrize(("content", "phrases"), KEYWORD_REPLIES)
def test_keywords_are_parsed(server: ChatServer, content: str, phrases: list[str]) -> None:
    server.reply = Reply(body=chat_body(content))
    assert server.backend().keywords(TERM, DEFINITION, n=5) == phrases
    prompt = server.seen[0].payload["messages"][-1]["content"]
    assert TERM in prompt and "5" in prompt


def test_keywords_are_capped_at_n(server: ChatServer) -> None:
    server.reply = Reply(body=chat_body(json.dumps([f"Word {c}" for c in "abcdefgh"])))
    assert server.backend().keywords(TERM, DEFINITION, n=3) == ["Word a", "Word b", "Word c"]


@pytest.mark.parametrize("content", ["", "!!!", "[]", "1. 2. 3."])
def test_no_keywords_is_an_error(server: ChatServer, content: str) -> None:
    server.reply = Reply(body=chat_body(content or "..."))
    with pytest.raises(LLMError):
        server.backend().keywords(TERM, DEFINITION)


def test_keyword_request_errors_are_llm_errors(server: ChatServer) -> None:
    server.reply = Reply(503, b"{}")
    with pytest.raises(LLMError, match="HTTP 503"):
        server.backend().keywords(TERM, DEFINITION)


# Settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"MIMAGERY_LLM_URL": "http://localhost:11434"},
        {"MIMAGERY_LLM_MODEL": MODEL},
        {"MIMAGERY_LLM_URL": "  ", "MIMAGERY_LLM_MODEL": MODEL},
        {"MIMAGERY_LLM_URL": "http://localhost:11434", "MIMAGERY_LLM_MODEL": ""},
        {"MIMAGERY_LLM_KEY": KEY},
    ],
)
def test_from_env_without_url_or_model_is_none(env: dict[str, str]) -> None:
    assert Backend.from_env(env) is None


def test_from_env_reads_every_setting() -> None:
    backend = Backend.from_env(
        {
            "MIMAGERY_LLM_URL": "https://api.example.com/v1/",
            "MIMAGERY_LLM_MODEL": " m-1 ",
            "MIMAGERY_LLM_KEY": KEY,
            "MIMAGERY_LLM_TIMEOUT": "7.5",
        }
    )
    assert backend == Backend("https://api.example.com/v1/chat/completions", "m-1", KEY, 7.5)
    assert Backend.from_env({"MIMAGERY_LLM_URL": "http://h", "MIMAGERY_LLM_MODEL": "m"}) == Backend(
        "http://h/v1/chat/completions", "m", None, llm.DEFAULT_TIMEOUT
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MIMAGERY_LLM_URL": "localhost:11434"}, "http:// or https://"),
        ({"MIMAGERY_LLM_URL": "ftp://host/v1"}, "http:// or https://"),
        ({"MIMAGERY_LLM_URL": "http://"}, "http:// or https://"),
        ({"MIMAGERY_LLM_URL": "http://h", "MIMAGERY_LLM_TIMEOUT": "soon"}, "number of seconds"),
        ({"MIMAGERY_LLM_URL": "http://h", "MIMAGERY_LLM_TIMEOUT": "0"}, "more than 0"),
        ({"MIMAGERY_LLM_URL": "http://h", "MIMAGERY_LLM_TIMEOUT": "-3"}, "more than 0"),
        ({"MIMAGERY_LLM_URL": "http://h", "MIMAGERY_LLM_TIMEOUT": "nan"}, "more than 0"),
    ],
)
def test_from_env_rejects_bad_settings(env: dict[str, str], message: str) -> None:
    with pytest.raises(LLMError, match=message):
        Backend.from_env({"MIMAGERY_LLM_MODEL": MODEL, **env})


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("http://localhost:11434", "http://localhost:11434/v1/chat/completions"),
        ("http://localhost:11434/", "http://localhost:11434/v1/chat/completions"),
        ("http://localhost:8000/v1", "http://localhost:8000/v1/chat/completions"),
        ("http://localhost:8000/v1/", "http://localhost:8000/v1/chat/completions"),
        ("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions"),
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1/chat/completions"),
        (
            "https://generativelanguage.googleapis.com/v1beta/openai",
            "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
        ),
        ("https://h/v1/chat/completions", "https://h/v1/chat/completions"),
        ("https://h/proxy", "https://h/proxy/v1/chat/completions"),
        ("https://h/v1?api-version=2", "https://h/v1/chat/completions?api-version=2"),
    ],
)
def test_chat_url(base: str, url: str) -> None:
    assert llm.chat_url(base) == url


def test_the_server_checks_requests(server: ChatServer) -> None:
    """The fixture itself: a request with the wrong model is refused."""
    backend = Backend(server.base + "/chat/completions", "another-model")
    with pytest.raises(LLMError, match=r"HTTP 400.*wrong model"):
        backend.scene(TERM, DEFINITION, KEYWORD, "")


def test_backend_repr_hides_the_key() -> None:
    backend = Backend("http://h/v1/chat/completions", MODEL, KEY)
    assert KEY not in repr(backend) and KEY not in str(backend)


def test_errors_are_mimagery_errors() -> None:
    from mimagery.errors import MimageryError

    assert issubclass(LLMError, MimageryError)


# Keywords through mimages.make -------------------------------------------------------


def test_llm_keywords_are_ranked_and_rejected_by_the_offline_scorer(server: ChatServer) -> None:
    from mimagery import mimages
    from mimagery.model import Term

    # The same reply answers the keyword request and then the scene request, where it is
    # not a valid scene: the scene falls back to the offline composer with a warning.
    server.reply = Reply(body=chat_body("Justice Freedom\nMeiosis\nMy Oasis Sauce\nMayo Sauce"))
    warnings: list[str] = []
    made = mimages.make(
        Term(TERM, DEFINITION), backend=server.backend(), warn=warnings.append, limit=8
    )
    assert made is not None
    offered = [made.mimage.keyword, *(k.keyword for k in made.alternatives)]
    assert "Mayo Sauce" in offered  # sounds alike and is picturable: kept
    assert "Justice Freedom" not in offered  # abstract and unlike the term: rejected
    assert "Meiosis" not in offered  # the term itself: rejected
    assert made.scene_source == "offline" and len(warnings) == 1
    assert f'"{made.mimage.keyword}"' in made.mimage.scene


def test_llm_failing_on_keywords_warns_and_uses_the_engine(server: ChatServer) -> None:
    from mimagery import mimages
    from mimagery.model import Term

    server.reply = Reply(status=500, body=b"{}")
    warnings: list[str] = []
    made = mimages.make(Term(TERM, DEFINITION), backend=server.backend(), warn=warnings.append)
    assert made is not None and made.mimage.origin == "generated"
    assert len(warnings) == 2  # keywords, then the scene
    assert "offline" in warnings[0]
