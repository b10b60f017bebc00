"""The web app (``mimagery serve``): pages, the JSON API, import, study, and its safety.

Every test runs the app in process (FastAPI's TestClient) over a real SQLite database in
a private data directory, with a clock the test sets.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import socket
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from conftest import Result, free_port
from mimagery import formats
from mimagery import web as web_package
from mimagery.actions import load_demo
from mimagery.formats import apkg
from mimagery.model import Deck, Mimage, Term
from mimagery.web import create_app, forms
from mimagery.web.views import name_from_path, name_to_path

DECK = "Data Structures Glossary"
DECK_URL = "/decks/" + quote(DECK)
START = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
NASTY = {
    "term": "<script>alert('term')</script>Zebra",
    "definition": 'A definition <img src=x onerror=alert(1)> with "quotes" & javascript:alert(2)',
    "keyword": "<script>alert(3)</script> Zebu",
    "scene": 'Picture a zebu <a href="javascript:alert(4)">click</a> onerror=alert(5).',
}


@dataclass
class Clock:
    """A clock the test moves."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(home: Path, clock: Clock) -> FastAPI:
    """The app over a fresh data directory holding the demo deck."""
    made = create_app(clock=clock)
    load_demo(made.state.web.store, clock())
    return made


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def token(client: TestClient, url: str = "/") -> str:
    """The form token a page carries."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(url).text)
    assert found, f"no form token on {url}"
    return found.group(1)


def hidden(page: str, name: str) -> str:
    """The value of a hidden input on a page (unescaped)."""
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name}"
    return html.unescape(found.group(1))


def reviews_total(client: TestClient, deck: str = DECK) -> int:
    response = client.get(f"/api/decks/{quote(name_to_path(deck))}/stats")
    assert response.status_code == 200
    return int(response.json()["reviews"]["total"])


def term_url(deck: str, term: str, tail: str = "") -> str:
    return f"/decks/{name_to_path(deck)}/terms/{name_to_path(term)}{tail}"


def wire(url: str) -> str:
    """A URL as TestClient must be given it for the app to see the path a browser's request
    would show it: TestClient decodes paths twice (httpx, then Starlette), servers once."""
    path, _, query = url.partition("?")
    return quote(path, safe="/") + (f"?{query}" if query else "")


# Pages ----------------------------------------------------------------------------------


def test_every_page_renders_for_the_demo_deck(client: TestClient) -> None:
    decks = client.get("/api/decks").json()["decks"]
    assert [d["name"] for d in decks] == [DECK]
    terms = client.get(f"/api/decks/{quote(DECK)}").json()["terms"]
    assert len(terms) == 12
    pages = ["/", DECK_URL, f"{DECK_URL}?q=tree", "/import", f"{DECK_URL}/study"]
    pages += [f"{DECK_URL}/study?reveal=1", f"{DECK_URL}/stats", f"{DECK_URL}/delete"]
    pages += [term["url"] for term in terms]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        assert "<title>" in response.text
    home = client.get("/").text
    assert DECK in home and 'id="new-deck-form"' in home
    deck = client.get(DECK_URL).text
    assert 'src="/pictures/' in deck  # the generated card of Trie
    assert "/card.svg?keyword=" in deck  # imported mimages are drawn on the fly


def test_term_page_shows_the_picture_alignment_and_the_offered_keywords(
    client: TestClient,
) -> None:
    page = client.get(term_url(DECK, "Trie")).text
    assert 'id="picture"' in page and 'src="/pictures/' in page
    assert 'id="suggestions"' in page and 'class="use-keyword"' in page
    assert 'class="pair"' in page  # which part of the term each keyword word covers
    assert 'id="regenerate"' in page and 'id="own-form"' in page
    document = client.get(f"/api/decks/{quote(DECK)}/terms/Trie").json()
    chosen = next(m for m in document["mimages"] if m["chosen"])
    if any(s["keyword"] == chosen["keyword"] for s in document["suggestions"]):
        assert document["alignment"]
    imported = client.get(term_url(DECK, "Graph")).text
    assert "“Giraffe”" in imported  # not among the suggestions: the keyword alone


def test_exports_are_attachments_in_every_format(client: TestClient) -> None:
    for fmt, media in [("json", "application/json"), ("md", "text/markdown"), ("csv", "text/csv")]:
        response = client.get(f"{DECK_URL}/export.{fmt}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.headers["content-disposition"].startswith("attachment;")
        assert "Data-Structures-Glossary" in response.headers["content-disposition"]
    exported = client.get(f"{DECK_URL}/export.json").json()
    assert exported["deck"] == DECK and len(exported["terms"]) == 12
    assert client.get(f"{DECK_URL}/export.exe").status_code == 404
    assert 'id="export-apkg"' in client.get(DECK_URL).text
    for query, picture in [("", ".png"), ("?svg=1", ".svg")]:
        package = client.get(f"{DECK_URL}/export.apkg{query}")
        assert package.status_code == 200 and package.content.startswith(b"PK")
        assert package.headers["content-disposition"].startswith("attachment;")
        assert ".apkg" in package.headers["content-disposition"]
        deck = formats.read(package.content, "apkg", "deck.apkg")
        assert deck.name == DECK and len(deck.terms) == 12
        with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
            listed = json.loads(archive.read("media"))
        assert listed and all(name.endswith((picture, ".wav")) for name in listed.values())
        assert any(name.endswith(".wav") for name in listed.values())  # the words, said


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for url in ["/", DECK_URL, "/api/decks", "/nowhere", "/static/style.css"]:
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"


# The JSON API ---------------------------------------------------------------------------


def test_api_shapes(client: TestClient) -> None:
    (deck,) = client.get("/api/decks").json()["decks"]
    assert set(deck) == {
        "name", "terms", "mimages", "incomplete", "created", "language", "due", "url"
    }  # fmt: skip
    assert deck["terms"] == 12 and deck["due"] > 0
    terms = client.get(f"/api/decks/{quote(DECK)}?q=tree").json()["terms"]
    assert {t["term"] for t in terms} >= {"Binary Search Tree", "Trie", "Heap"}
    mimage = terms[0]["mimages"][0]
    assert set(mimage) == {
        "keyword", "scene", "origin", "complete", "picture", "picture_url", "chosen"
    }  # fmt: skip
    term = client.get(f"/api/decks/{quote(DECK)}/terms/bst").json()  # by alias
    assert term["term"] == "Binary Search Tree" and term["aliases"] == ["BST"]
    assert set(term["suggestions"][0]) == {"keyword", "score", "sound", "picture", "alignment"}
    due = client.get(f"/api/decks/{quote(DECK)}/due?limit=5").json()
    assert set(due) == {"deck", "new_left", "reviews_left", "cards"}
    assert len(due["cards"]) == 5
    assert set(due["cards"][0]) == {"card", "term", "direction", "state", "due"}
    stats = client.get(f"/api/decks/{quote(DECK)}/stats").json()
    assert stats["cards"]["total"] == 36  # 12 terms, 3 directions each
    schema = client.get("/openapi.json").json()
    assert "/api/reviews" in schema["paths"] and "/api/import" in schema["paths"]
    assert not any(path.startswith("/decks") for path in schema["paths"])


def test_api_review_with_the_same_key_twice_is_stored_once(client: TestClient) -> None:
    card = client.get(f"/api/decks/{quote(DECK)}/due?limit=1").json()["cards"][0]["card"]
    body = {"card": card, "grade": "good", "review_key": "retry-me"}
    first = client.post("/api/reviews", json=body)
    again = client.post("/api/reviews", json=body)
    assert first.status_code == again.status_code == 200
    assert first.json()["repeated"] is False and again.json()["repeated"] is True
    assert first.json()["due"] == again.json()["due"]
    assert datetime.fromisoformat(first.json()["due"]) > START
    assert reviews_total(client) == 1
    undone = client.post("/api/undo", json={"deck": DECK, "review_key": "retry-me"})
    assert undone.status_code == 200 and undone.json()["state"] == "new"
    assert reviews_total(client) == 0


def test_api_makes_mimages(client: TestClient) -> None:
    url = f"/api/decks/{quote(DECK)}/terms/Graph/mimages"
    own = client.post(url, json={"keyword": "Graf Zeppelin", "scene": "A zeppelin maps roads."})
    assert own.status_code == 201
    chosen = next(m for m in own.json()["mimages"] if m["chosen"])
    assert chosen == {**chosen, "keyword": "Graf Zeppelin", "origin": "user"}
    assert chosen["scene"] == "A zeppelin maps roads."
    assert chosen["picture_url"].startswith("/pictures/")
    assert client.get(chosen["picture_url"]).status_code == 200
    again = client.post(url, json={"regenerate": True, "seed": 3})
    assert again.status_code == 201 and again.json()["made"]["new"] is True
    chosen = next(m for m in again.json()["mimages"] if m["chosen"])
    assert chosen["origin"] == "generated"
    third = client.post(url, json={"regenerate": True})
    newest = next(m for m in third.json()["mimages"] if m["chosen"])
    assert newest["origin"] == "generated" and newest["keyword"] != chosen["keyword"]
    back = client.post(url, json={"choose": "Giraffe"})
    assert next(m for m in back.json()["mimages"] if m["chosen"])["keyword"] == "Giraffe"


def test_api_import_previews_then_saves(client: TestClient) -> None:
    text = "# Botany\n\n**Xylem**: carries water up.\n\n**Phloem**: carries sugars.\n"
    preview = client.post("/api/import", json={"text": text, "preview": True})
    assert preview.status_code == 200
    assert preview.json()["terms_read"] == 2 and "added" not in preview.json()
    assert [d["name"] for d in client.get("/api/decks").json()["decks"]] == [DECK]
    saved = client.post("/api/import", json={"text": text, "deck": "Plants"})
    assert saved.status_code == 200
    assert saved.json() == {**saved.json(), "deck": "Plants", "added": 2, "created_deck": True}
    assert client.get("/api/decks/Plants").json()["terms"][0]["term"] == "Xylem"


# Import through the pages ------------------------------------------------------------------


def field_value(page: str, element_id: str) -> str:
    """The value of the input with this id (unescaped)."""
    found = re.search(rf'<input id="{element_id}"[^>]* value="([^"]*)"', page)
    assert found, f"no input #{element_id}"
    return html.unescape(found.group(1))


def save_fields(page: str) -> dict[str, str]:
    """What the preview's save form sends: its hidden fields and the deck's name."""
    fields = {name: hidden(page, name) for name in ("csrf", "upload", "format", "filename")}
    return {**fields, "deck": field_value(page, "save-deck")}


def test_import_preview_then_save(client: TestClient, home: Path) -> None:
    text = "Mitosis: a cell divides into two.\nMeiosis: a cell divides into four.\n"
    form = {"csrf": token(client, "/import"), "text": text, "deck": "Biology", "format": ""}
    preview = client.post("/import/preview", data=form, files={"file": ("", b"")})
    assert preview.status_code == 200, preview.text
    page = preview.text
    assert 'id="preview-deck">Biology<' in page and 'id="preview-count">2<' in page
    assert "Mitosis" in page and "a cell divides into two." in page
    assert 'id="import-save"' in page
    assert [d["name"] for d in client.get("/api/decks").json()["decks"]] == [DECK]
    # The text stays on the server: the page carries only its name back.
    assert 'name="text"' not in page
    fields = save_fields(page)
    kept = home / "uploads" / f"{fields['upload']}.txt"
    assert kept.read_text(encoding="utf-8") == text
    assert fields["deck"] == "Biology"  # editable: the learner renames it here
    fields["deck"] = "Cell Biology"
    saved = client.post("/import/save", files={k: (None, v) for k, v in fields.items()})
    assert saved.status_code == 303
    assert saved.headers["location"].startswith("/decks/Cell%20Biology?added=2")
    deck = client.get(saved.headers["location"]).text
    assert 'id="import-report"' in deck and "Meiosis" in deck
    assert not kept.exists()
    assert "Biology" not in [d["name"] for d in client.get("/api/decks").json()["decks"]]


def test_a_large_paste_does_not_travel_back_to_the_browser(client: TestClient) -> None:
    text = "".join(f"Term{n}: the definition of term number {n}.\n" for n in range(25_000))
    assert len(text) > 1_000_000
    form = {"csrf": token(client, "/import"), "text": text, "format": ""}
    preview = client.post("/import/preview", data=form, files={"file": ("", b"")})
    assert preview.status_code == 200
    assert 'id="preview-count">25000<' in preview.text
    assert len(preview.content) < 100_000  # the 20 terms listed, not the text
    saved = client.post("/import/save", data=save_fields(preview.text))
    assert saved.status_code == 303
    assert saved.headers["location"].startswith("/decks/Imported?added=25000")


def test_making_mimages_is_on_by_default(client: TestClient) -> None:
    page = client.get("/import").text
    assert re.search(r'<input type="checkbox" id="import-generate"[^>]* checked>', page)
    # Unticked, it stays unticked on the preview and the save makes none.
    text = "Osmosis: water moves across a membrane.\n"
    form = {"csrf": token(client, "/import"), "text": text, "deck": "Cells"}
    preview = client.post("/import/preview", data=form, files={"file": ("", b"")})
    assert re.search(r'id="save-generate"[^>]*value="1">', preview.text)
    saved = client.post("/import/save", data=save_fields(preview.text))
    assert saved.status_code == 303
    (term,) = client.get("/api/decks/Cells").json()["terms"]
    assert term["mimages"] == []


WILD = (
    "Building & Camera Words — my <b>study</b> list\n\n"
    "Posted by ana on 3 May 2024\n\n"
    "Buttress A mass of masonry built against a wall.\n"
    "Hubble's Law Edwin Hubble found it.\n"
    "Boyle's Law: a gas law.\nOhm's Law: about current.\nHooke's Law: about springs.\n\n"
    "<script>alert(1)</script> thanks all!\n"
)


def test_import_preview_shows_the_report_and_the_title(client: TestClient) -> None:
    form = {"csrf": token(client, "/import"), "text": WILD, "deck": "", "format": ""}
    preview = client.post("/import/preview", data=form, files={"file": ("", b"")})
    assert preview.status_code == 200, preview.text
    page = preview.text
    assert 'id="preview-deck">Building &amp; Camera Words<' in page  # the title, not "Imported"
    assert 'id="preview-skipped"' in page and "line 3: <q>Posted by ana on 3 May 2024</q>" in page
    assert "line 11: <q>&lt;script&gt;alert(1)&lt;/script&gt; thanks all!</q>" in page
    assert "<script>alert" not in page
    assert 'id="preview-guesses"' in page and "line 6:" in page
    saved = client.post("/import/save", data=save_fields(page))
    assert saved.status_code == 303
    assert saved.headers["location"].startswith("/decks/Building%20%26%20Camera%20Words?added=5")


def test_api_import_carries_the_report(client: TestClient) -> None:
    answer = client.post("/api/import", json={"text": WILD, "preview": True}).json()
    assert answer["deck"] == "Building & Camera Words"
    assert [(line["line"], line["note"]) for line in answer["skipped"]] == [
        (3, "forum text"),
        (11, "not a term or definition"),
    ]
    assert [line["line"] for line in answer["guesses"]] == [6]
    assert answer["headings"] == []


def test_import_a_file_and_make_mimages(client: TestClient) -> None:
    data = b"term,definition\nOsmosis,water moves across a membrane\n"
    form = {"csrf": token(client, "/import"), "text": "", "generate": "1"}
    preview = client.post("/import/preview", data=form, files={"file": ("cell_biology.csv", data)})
    assert preview.status_code == 200
    # A CSV names no deck: the file does.
    assert "<code>csv</code>" in preview.text
    assert 'id="preview-deck">cell biology<' in preview.text
    assert re.search(r'id="save-generate"[^>]*checked>', preview.text)
    saved = client.post("/import/save", data={**save_fields(preview.text), "generate": "1"})
    assert saved.status_code == 303
    (term,) = client.get("/api/decks/cell%20biology").json()["terms"]
    assert term["mimages"][0]["origin"] == "generated"


def test_a_failed_save_is_shown_on_the_kept_preview(client: TestClient, home: Path) -> None:
    text = "Mitosis: a cell divides into two.\n"
    form = {"csrf": token(client, "/import"), "text": text, "generate": "1"}
    preview = client.post("/import/preview", data=form, files={"file": ("", b"")})
    fields = {**save_fields(preview.text), "deck": "x" * 450, "generate": "1"}
    refused = client.post("/import/save", data=fields)
    assert refused.status_code == 400
    page = refused.text
    assert 'id="import-error"' in page and "400 characters" in page
    assert 'id="save-form"' in page and 'id="preview-count">1<' in page
    assert field_value(page, "save-deck") == "x" * 450
    assert re.search(r'id="save-generate"[^>]*checked>', page)
    again = client.post("/import/save", data={**save_fields(page), "deck": "Cells"})
    assert again.status_code == 303 and again.headers["location"].startswith("/decks/Cells?")


def test_a_taken_deck_name_is_said_beside_the_kept_form(client: TestClient) -> None:
    form = {"csrf": token(client), "name": DECK.upper()}
    refused = client.post("/decks", data=form)
    assert refused.status_code == 400
    page = refused.text
    assert 'id="new-deck-error"' in page and "there is a deck called" in page
    assert 'id="new-deck-form"' in page and 'id="decks"' in page
    assert field_value(page, "new-deck-name") == DECK.upper()
    made = client.post("/decks", data={"csrf": token(client), "name": "Botany"})
    assert made.status_code == 303


def test_import_an_anki_package_with_its_pictures(client: TestClient, home: Path) -> None:
    anki = Deck(
        "Botany from Anki",
        [
            Term("Auxin", "A hormone that bends shoots to the light.", [],
                 [Mimage("Ox in", "An ox leans into the sun.", chosen=True)]),
            Term("Xylem", "Tissue that lifts water.", [], []),
        ],
    )  # fmt: skip
    package = home.parent / "botany.apkg"
    apkg.write(anki, home, package)
    form = {"csrf": token(client, "/import"), "text": ""}
    files = {"file": ("botany.apkg", package.read_bytes())}
    preview = client.post("/import/preview", data=form, files=files)
    assert preview.status_code == 200, preview.text[:300]
    assert "<code>apkg</code>" in preview.text and 'id="preview-count">2<' in preview.text
    fields = save_fields(preview.text)
    kept = fields["upload"]
    assert (home / "uploads" / f"{kept}.apkg").is_file()
    assert fields["deck"] == "Botany from Anki"
    saved = client.post("/import/save", data=fields)
    assert saved.status_code == 303, saved.text[:300]
    assert not (home / "uploads" / f"{kept}.apkg").exists()
    terms = client.get(f"/api/decks/{quote('Botany from Anki')}").json()["terms"]
    assert [t["term"] for t in terms] == ["Auxin", "Xylem"]
    mimage = terms[0]["mimages"][0]
    assert mimage["picture"].startswith("pictures/imported/")
    served = client.get(mimage["picture_url"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/svg+xml"
    # Saved once: the same form again finds no package.
    again = client.post("/import/save", data=fields)
    assert again.status_code == 400 and "choose the file again" in again.text
    assert 'id="import-form"' in again.text  # the import form, to choose it again
    forged = client.post("/import/save", data={**fields, "upload": "../../mimagery.sqlite3"})
    assert forged.status_code == 400 and "choose the file again" in forged.text


def test_old_kept_packages_are_removed(home: Path) -> None:
    first = forms.keep_upload(home, b"PK old", now=1_000_000.0)
    os.utime(home / "uploads" / f"{first}.apkg", (1_000_000.0, 1_000_000.0))
    second = forms.keep_upload(home, b"PK new", now=1_000_000.0 + 2 * 3600)
    assert not (home / "uploads" / f"{first}.apkg").exists()
    assert forms.upload_path(home, second).read_bytes() == b"PK new"
    assert os.stat(home / "uploads" / f"{second}.apkg").st_mode & 0o077 == 0


# Bad input: 4xx with a message, never 500 --------------------------------------------------


def test_bad_imports_are_refused_plainly(client: TestClient) -> None:
    csrf = token(client, "/import")
    cases = [
        ({"text": ""}, None, 400, "empty"),
        ({"text": "   \n  "}, None, 400, "empty"),
        ({"text": "Epoch: one pass", "format": "docx"}, None, 400, "unknown format"),
        ({"text": ""}, ("notes.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), 400, "PNG image"),
        ({"text": ""}, ("blob.bin", b"abc\x00def" * 10), 400, "binary"),
        ({"text": ""}, ("deck.apkg", b"PK\x03\x04collection.anki2"), 400, "Anki"),
        ({"text": '{"deck": '}, None, 400, "JSON"),
    ]
    for fields, file, status, words in cases:
        files = {"file": file or ("", b"")}
        response = client.post("/import/preview", data={"csrf": csrf, **fields}, files=files)
        assert response.status_code == status, (fields, response.text[:300])
        assert words.lower() in response.text.lower()
        assert 'id="import-error"' in response.text
    api = client.post("/api/import", json={"text": ""})
    assert api.status_code == 400 and "empty" in api.json()["error"]
    api = client.post("/api/import", json={"text": "Epoch: x", "format": "docx"})
    assert api.status_code == 400 and "unknown format" in api.json()["error"]


def test_an_upload_over_20_mb_is_413(client: TestClient) -> None:
    big = b"Term: definition\n" * (21 * 1024 * 1024 // 17 + 1)
    form = {"csrf": token(client, "/import"), "text": ""}
    response = client.post("/import/preview", data=form, files={"file": ("big.txt", big)})
    assert response.status_code == 413
    assert "20 MB" in response.text and "<html" in response.text
    # Refused before it is read, and answered with the import form, the error beside it.
    assert 'id="import-error"' in response.text and 'id="import-form"' in response.text
    api = client.post("/api/import", json={"text": big.decode()})
    assert api.status_code == 413 and "20 MB" in api.json()["error"]
    # Sent in chunks, without a Content-Length: counted as it arrives.
    chunked = client.post(
        "/api/import",
        content=iter([b'{"text": "', big, b'"}']),
        headers={"content-type": "application/json"},
    )
    assert chunked.status_code == 413 and "20 MB" in chunked.json()["error"]
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{form["csrf"]}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    )
    streamed = client.post(
        "/import/preview",
        content=iter([head.encode(), big, f"\r\n--{boundary}--\r\n".encode()]),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert streamed.status_code == 413 and "20 MB" in streamed.text


def test_unknown_things_are_404_and_bad_values_400(client: TestClient) -> None:
    for url in ["/decks/Nope", "/decks/Nope/study", "/decks/Nope/stats", term_url(DECK, "Nope")]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert 'id="error-message"' in response.text
    for url in ["/api/decks/Nope", "/api/decks/Nope/due", f"/api/decks/{quote(DECK)}/terms/Nope"]:
        response = client.get(url)
        assert response.status_code == 404 and "error" in response.json(), url
    assert client.get("/api/nothing").json() == {"error": "not found"}
    assert client.get(f"/api/decks/{quote(DECK)}/due?limit=0").status_code == 400
    assert client.get(f"/api/decks/{quote(DECK)}/due?limit=x").json()["error"]
    card = client.get(f"/api/decks/{quote(DECK)}/due?limit=1").json()["cards"][0]["card"]
    bad = client.post("/api/reviews", json={"card": card, "grade": "great"})
    assert bad.status_code == 400 and "again, hard, good, easy" in bad.json()["error"]
    assert client.post("/api/reviews", json={"card": 99999, "grade": "good"}).status_code == 400
    broken = client.post("/api/reviews", content=b"{", headers={"content-type": "application/json"})
    assert broken.status_code == 400 and "error" in broken.json()
    form = {"csrf": token(client, f"{DECK_URL}/study"), "card": str(card), "grade": "great"}
    page = client.post(f"{DECK_URL}/study", data=form)
    assert page.status_code == 400 and "again, hard, good, easy" in page.text
    assert reviews_total(client) == 0
    empty = client.post(term_url(DECK, "Graph", "/own"), data={"csrf": form["csrf"]})
    assert empty.status_code == 400 and "write a keyword, a scene or both" in empty.text


# Safety ---------------------------------------------------------------------------------


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    csrf = token(client)
    form = {"csrf": csrf, "name": "Forged"}
    refused = [
        ({"sec-fetch-site": "cross-site"}, form),
        ({"sec-fetch-site": "same-site"}, form),
        ({"origin": "https://evil.example"}, form),
        ({"origin": "null"}, form),
        ({}, {"name": "Forged"}),  # no token
        ({}, {"csrf": "abc.def", "name": "Forged"}),  # a token this app never issued
        ({}, {"csrf": csrf[:-1] + ("0" if csrf[-1] != "0" else "1"), "name": "Forged"}),
    ]
    for headers, data in refused:
        response = client.post("/decks", data=data, headers=headers)
        assert response.status_code == 403, headers
        assert "refused" in response.text
    other = create_app(clock=Clock())  # another process: another secret
    with TestClient(other, follow_redirects=False) as stranger:
        assert stranger.post("/decks", data=form).status_code == 403
    api = client.post("/api/decks", json={"name": "Forged"}, headers={"origin": "http://evil"})
    assert api.status_code == 403 and "error" in api.json()
    as_form = client.post("/api/decks", data={"name": "Forged"})
    assert as_form.status_code == 415 and "application/json" in as_form.json()["error"]
    as_text = client.post(
        "/api/reviews",
        content=b'{"card": 1, "grade": "good"}',
        headers={"content-type": "text/plain"},
    )
    assert as_text.status_code == 415
    assert [d["name"] for d in client.get("/api/decks").json()["decks"]] == [DECK]
    same = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    made = client.post("/decks", data=form, headers=same)
    assert made.status_code == 303 and made.headers["location"] == "/decks/Forged"
    typed = client.post(
        "/decks", data={**form, "name": "Typed"}, headers={"sec-fetch-site": "none"}
    )
    assert typed.status_code == 303


def test_unknown_host_names_are_refused(client: TestClient) -> None:
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert "192.168.1.5" in web_package.allowed_hosts("192.168.1.5")


def test_every_interface_keeps_the_host_check_on() -> None:
    # 0.0.0.0 used to turn the check off; now the machine's own names, or --allow-host.
    everywhere = web_package.allowed_hosts("0.0.0.0")
    assert everywhere is not None and "evil.example" not in everywhere
    assert socket.gethostname().lower() in everywhere
    chosen = web_package.allowed_hosts("0.0.0.0", ["Study.Example"])
    assert "study.example" in chosen and socket.gethostname().lower() not in chosen


def test_out_of_range_numbers_are_a_400_with_the_usual_headers(client: TestClient) -> None:
    huge = 10**23
    for response in (
        client.post("/api/reviews", json={"card": huge, "grade": "good"}),
        client.get(f"/decks/{quote(DECK)}/study?card={huge}"),
    ):
        assert response.status_code == 400, response.text[:200]
        assert "content-security-policy" in response.headers


def test_the_picture_route_serves_cards_only(client: TestClient, home: Path) -> None:
    trie = client.get(f"/api/decks/{quote(DECK)}/terms/Trie").json()
    url = next(m for m in trie["mimages"] if m["chosen"])["picture_url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    assert response.text.startswith("<svg")
    (home / "secret.svg").write_text("<svg>secret</svg>")
    (home / "pictures" / "link.svg").symlink_to(home / "secret.svg")
    for bad in [
        "/pictures/..%2Fsecret.svg",
        "/pictures/%2e%2e/secret.svg",
        "/pictures/x/%2e%2e/%2e%2e/secret.svg",
        "/pictures//etc/passwd",
        "/pictures/%2Fetc%2Fpasswd",
        "/pictures/link.svg",
        "/pictures/missing.svg",
        "/pictures/",
        "/pictures/" + url.split("/pictures/", 1)[1].replace(".svg", ".txt"),
    ]:
        refused = client.get(bad)
        assert refused.status_code == 404, bad
        assert "secret" not in refused.text
    card = client.get(term_url(DECK, "Graph", "/card.svg"))
    assert card.status_code == 200 and card.headers["content-type"] == "image/svg+xml"
    assert "script-src" not in card.headers["content-security-policy"]


def _nasty_deck(client: TestClient) -> str:
    term = {**NASTY, "mimages": [{"keyword": NASTY["keyword"], "scene": NASTY["scene"]}]}
    del term["keyword"], term["scene"]
    document = {"deck": "<script>alert('deck')</script>", "terms": [term]}
    saved = client.post("/api/import", json={"text": json.dumps(document), "format": "json"})
    assert saved.status_code == 200, saved.text
    return str(saved.json()["deck"])


def _assert_escaped(page: str, where: str) -> None:
    for raw in ["<script>alert", "<img src=x", '<a href="javascript:', 'href="javascript:']:
        assert raw not in page, (where, raw)
    assert "&lt;script&gt;alert(" in page, where


def test_user_text_is_escaped_in_every_page(client: TestClient, clock: Clock) -> None:
    deck = _nasty_deck(client)
    term = NASTY["term"]
    deck_path = f"/decks/{name_to_path(deck)}"
    pages = ["/", deck_path, f"{deck_path}?q=zebra", term_url(deck, term), f"{deck_path}/stats"]
    pages += [f"{deck_path}/delete", f"{deck_path}/study?reveal=1", f"/import?deck={quote(deck)}"]
    for url in pages:
        response = client.get(wire(url))
        assert response.status_code == 200, url
        _assert_escaped(response.text, url)
    term_page = client.get(wire(term_url(deck, term))).text
    assert str(escape(NASTY["definition"])) in term_page
    assert "&lt;a href=&#34;javascript:alert(4)&#34;&gt;" in term_page
    # Each direction's front (the term hidden) and answer.
    fronts = set()
    while len(fronts) < 3 and clock.now < START + timedelta(days=3650):
        study = client.get(wire(f"{deck_path}/study?reveal=1")).text
        if 'id="card"' not in study:
            clock.now += timedelta(days=30)
            continue
        _assert_escaped(study, "study")
        fronts.add(re.search(r'data-direction="([^"]+)"', study).group(1))  # type: ignore[union-attr]
        fields = {n: hidden(study, n) for n in ("csrf", "card", "review_key", "shown")}
        graded = client.post(wire(f"{deck_path}/study"), data={**fields, "grade": "easy"})
        assert graded.status_code == 303
        clock.now += timedelta(days=30)
    assert fronts == {"term-definition", "definition-term", "mimage-term"}
    preview = client.post(
        "/import/preview",
        data={
            "csrf": token(client, "/import"),
            "text": f"term\tdefinition\tkeyword\n{term}\t{NASTY['definition']}\t{NASTY['keyword']}\n",
        },
        files={"file": ("", b"")},
    )
    assert preview.status_code == 200, preview.text
    assert 'id="preview-count">1<' in preview.text
    _assert_escaped(preview.text, "preview")
    error = client.get(wire("/decks/" + name_to_path("<script>alert(1)</script>")))
    assert error.status_code == 404
    _assert_escaped(error.text, "error page")


# Studying through the pages -----------------------------------------------------------------


def _study(client: TestClient, query: str = "") -> str:
    response = client.get(f"{DECK_URL}/study{query}")
    assert response.status_code == 200
    return response.text


def test_study_flow_front_reveal_grade_next(client: TestClient, clock: Clock) -> None:
    front = _study(client)
    assert 'id="card"' in front and 'id="reveal"' in front and '<details id="answer">' in front
    assert 'id="reviewed-today">0<' in front
    card = re.search(r'data-card="(\d+)"', front).group(1)  # type: ignore[union-attr]
    # Glossary order, a term's mimage card first: Array's, its term hidden.
    assert 'data-direction="mimage-term"' in front and 'id="front-picture"' in front
    revealed = _study(client, f"?card={card}&reveal=1")
    assert '<details id="answer" open>' in revealed and 'id="answer-term">Array<' in revealed
    assert "“A Ray”" in revealed  # the mimage is on the answer side
    fields = {n: hidden(revealed, n) for n in ("csrf", "card", "review_key", "shown")}
    assert fields["card"] == card
    clock.now += timedelta(seconds=7)
    graded = client.post(f"{DECK_URL}/study", data={**fields, "grade": "good"})
    assert graded.status_code == 303 and "graded=good" in graded.headers["location"]
    following = client.get(graded.headers["location"]).text
    assert 'id="reviewed-today">1<' in following and 'id="undo"' in following
    assert re.search(r'data-card="(\d+)"', following).group(1) != card  # type: ignore[union-attr]
    # A retried POST with the same review key stores nothing new.
    again = client.post(f"{DECK_URL}/study", data={**fields, "grade": "good"})
    assert again.status_code == 303
    assert reviews_total(client) == 1
    # Undo puts the card back in front.
    undo = {"csrf": hidden(following, "csrf"), "review_key": hidden(following, "review_key")}
    undone = client.post(f"{DECK_URL}/study/undo", data=undo)
    assert undone.status_code == 303 and reviews_total(client) == 0
    assert f'data-card="{card}"' in client.get(undone.headers["location"]).text


def test_mimage_front_hides_the_term(client: TestClient, clock: Clock) -> None:
    seen = 0
    for _ in range(60):
        page = _study(client)
        if 'id="card"' not in page:
            clock.now += timedelta(days=1)
            continue
        card = re.search(r'data-card="(\d+)"', page).group(1)  # type: ignore[union-attr]
        if 'data-direction="mimage-term"' in page:
            front = page.split('<details id="answer"', 1)[0]
            revealed = _study(client, f"?card={card}&reveal=1")
            term = html.unescape(re.search(r'id="answer-term">([^<]+)<', revealed).group(1))  # type: ignore[union-attr]
            name = term.split(" (")[0]
            assert name.casefold() not in front.split('id="front"', 1)[1].casefold()
            assert 'src="data:image/svg+xml;base64,' in front
            seen += 1
        fields = {n: hidden(page, n) for n in ("csrf", "card", "review_key", "shown")}
        client.post(f"{DECK_URL}/study", data={**fields, "grade": "easy"})
        if seen >= 3:
            break
    assert seen >= 3


def test_nothing_due_says_when_next(client: TestClient) -> None:
    settings_free = client.post("/api/import", json={"text": "Lone: a term.", "deck": "Tiny"})
    assert settings_free.status_code == 200
    for _ in range(3):
        page = client.get("/decks/Tiny/study").text
        if 'id="card"' not in page:
            break
        fields = {n: hidden(page, n) for n in ("csrf", "card", "review_key", "shown")}
        client.post("/decks/Tiny/study", data={**fields, "grade": "easy"})
    page = client.get("/decks/Tiny/study").text
    assert 'id="done"' in page and 'id="next-due"' in page


# Decks and mimages through the pages ---------------------------------------------------------


def test_create_and_delete_a_deck_with_a_confirm_step(client: TestClient, home: Path) -> None:
    made = client.post("/decks", data={"csrf": token(client), "name": "  Empty  one "})
    assert made.status_code == 303 and made.headers["location"] == "/decks/Empty%20one"
    page = client.get(made.headers["location"]).text
    assert 'id="no-terms"' in page and 'id="import-into"' in page
    twice = client.post("/decks", data={"csrf": token(client), "name": "empty ONE"})
    assert twice.status_code == 400 and "already" in twice.text
    confirm = client.get(f"{DECK_URL}/delete")
    assert 'id="delete-confirm"' in confirm.text
    assert len(client.get("/api/decks").json()["decks"]) == 2  # asking deletes nothing
    deleted = client.post(f"{DECK_URL}/delete", data={"csrf": hidden(confirm.text, "csrf")})
    assert deleted.status_code == 303
    assert "Deleted the deck" in client.get(deleted.headers["location"]).text
    assert [d["name"] for d in client.get("/api/decks").json()["decks"]] == ["Empty one"]
    assert list((home / "backups").iterdir())


def test_term_forms_regenerate_use_write_and_choose(client: TestClient) -> None:
    url = term_url(DECK, "Graph")
    csrf = token(client, url)
    regenerated = client.post(f"{url}/regenerate", data={"csrf": csrf})
    assert regenerated.status_code == 303 and "made=" in regenerated.headers["location"]
    document = client.get(f"/api/decks/{quote(DECK)}/terms/Graph").json()
    assert next(m for m in document["mimages"] if m["chosen"])["origin"] == "generated"
    offered = next(
        s["keyword"]
        for s in document["suggestions"]
        if s["keyword"] not in str(document["mimages"])
    )
    used = client.post(f"{url}/keyword", data={"csrf": csrf, "keyword": offered})
    assert used.status_code == 303
    chosen = next(
        m
        for m in client.get(f"/api/decks/{quote(DECK)}/terms/Graph").json()["mimages"]
        if m["chosen"]
    )
    assert chosen["keyword"] == offered and chosen["origin"] == "user"
    own = client.post(f"{url}/own", data={"csrf": csrf, "keyword": "Grape Hat", "scene": ""})
    assert own.status_code == 303
    scene_only = client.post(f"{url}/own", data={"csrf": csrf, "scene": "My own <b>scene</b>."})
    assert scene_only.status_code == 303
    page = client.get(url).text
    assert "“Grape Hat”" in page and "My own &lt;b&gt;scene&lt;/b&gt;." in page
    chose = client.post(f"{url}/choose", data={"csrf": csrf, "keyword": "Giraffe"})
    assert chose.status_code == 303
    assert 'id="keyword">“Giraffe”' in client.get(url).text
    missing = client.post(f"{url}/choose", data={"csrf": csrf, "keyword": "Nothing Like It"})
    assert missing.status_code == 400 and 'id="error"' in missing.text


def test_api_deletes_a_deck_only_when_asked_properly(client: TestClient) -> None:
    assert client.post("/api/decks", json={"name": "Scratch <Deck>"}).status_code == 201
    forged = client.post(f"/api/decks/{quote('Scratch <Deck>')}/delete",
                         headers={"origin": "http://evil.example"})  # fmt: skip
    assert forged.status_code == 403
    assert "Scratch <Deck>" in [d["name"] for d in client.get("/api/decks").json()["decks"]]
    deleted = client.post(f"/api/decks/{quote('Scratch <Deck>')}/delete", json={})
    assert deleted.status_code == 200 and deleted.json()["deleted"] == "Scratch <Deck>"
    assert "Scratch <Deck>" not in [d["name"] for d in client.get("/api/decks").json()["decks"]]
    missing = client.post(f"/api/decks/{quote('Scratch <Deck>')}/delete", json={})
    assert missing.status_code == 404 and "Scratch" in missing.json()["error"]


def test_regenerate_says_when_the_llm_failed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIMAGERY_LLM_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("MIMAGERY_LLM_MODEL", "none")
    url = term_url(DECK, "Graph")
    regenerated = client.post(f"{url}/regenerate", data={"csrf": token(client, url)})
    assert regenerated.status_code == 303
    assert "offline=1" in regenerated.headers["location"]
    page = client.get(regenerated.headers["location"]).text
    assert "the offline engine made it" in page
    monkeypatch.delenv("MIMAGERY_LLM_URL")
    quiet = client.post(f"{url}/regenerate", data={"csrf": token(client, url)})
    assert "offline" not in quiet.headers["location"]


def test_names_with_slashes_and_percents_have_working_urls(client: TestClient) -> None:
    text = "# Net/Work 100%\n\n**TCP/IP**: the internet's protocols.\n\n**50% Rule**: half.\n"
    assert client.post("/api/import", json={"text": text}).json()["deck"] == "Net/Work 100%"
    assert name_from_path(unquote(name_to_path("a/b%2Fc%25"))) == "a/b%2Fc%25"
    deck = client.get(wire("/decks/" + name_to_path("Net/Work 100%")))
    assert deck.status_code == 200
    for term in ("TCP/IP", "50% Rule"):
        link = term_url("Net/Work 100%", term)
        assert f'href="{link}"' in deck.text
        assert client.get(wire(link)).status_code == 200
        assert client.get(wire(f"/api{link}")).json()["term"] == term


def test_serve_is_a_command(run: Callable[..., Result]) -> None:
    result = run("serve", "--help")
    assert result.code == 0 and "--demo" in result.out and "--port" in result.out
