"""Browser tests: Playwright for Python driving Debian's chromium against ``mimagery serve``.

Off by default (they need chromium and take a while); ``.ci/run`` turns them on with
``MIMAGERY_BROWSER_TESTS=1``. Screenshots go to ``test-output/screenshots`` (or
``$MIMAGERY_TEST_OUTPUT/screenshots``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM, chromium, served

pytestmark = pytest.mark.skipif(
    not os.environ.get("MIMAGERY_BROWSER_TESTS") or not CHROMIUM.exists(),
    reason="browser tests are on with MIMAGERY_BROWSER_TESTS=1 and /usr/bin/chromium",
)
OUTPUT = Path(os.environ.get("MIMAGERY_TEST_OUTPUT", "test-output")) / "screenshots"
DECK = "Data Structures Glossary"
HOSTILE = """# Hostile <script>window.__pwned = 1</script> Deck

Quote from mallory on May 1, 2026

<img src=x onerror="window.__pwned=2">ImgTerm: A definition with <script>window.__pwned=3</script> inside.

Link Term: see <a href="javascript:window.__pwned=4">here</a> and javascript:window.__pwned=5 too.

Svg Term: <svg onload="window.__pwned=6"><script>window.__pwned=7</script></svg> in a definition.

MIMAGES:

ImgTerm: Picture a "<img src=x onerror=window.__pwned=8>" on a hill.Link Term: Imagine a "Java <b onmouseover=window.__pwned=9>Script</b>" dancing.Svg Term: Picture a "Svg <svg/onload=window.__pwned=10>" glowing.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``mimagery serve`` on a free loopback port, with an empty data directory."""
    home = tmp_path_factory.mktemp("browser-home")
    with served(home) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    try:
        yield opened
    finally:
        context.close()


def _shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


def _import_by_paste(page: Any, base: str, text: str, generate: bool) -> None:
    page.goto(base + "/import")
    page.fill("#import-text", text)
    page.set_checked("#import-generate", generate)  # on by default
    page.click("#import-preview")
    page.wait_for_selector("#preview-terms")
    _shot(page, "import-preview")
    page.click("#import-save")
    page.wait_for_selector("#terms")


def _reviews_today(page: Any, base: str) -> int:
    page.goto(f"{base}/decks/{DECK}/stats")
    figure = page.locator("#figures li").nth(1).locator("strong").inner_text()
    return int(figure)


def test_import_view_study_and_regenerate(server: str, page: Any) -> None:
    example = resources.files("mimagery.data").joinpath("example.txt").read_text("utf-8")
    _import_by_paste(page, server, example, generate=True)
    assert page.locator("#deck-name").inner_text() == DECK
    assert page.locator("#terms li").count() == 12
    _shot(page, "deck")

    # The cut-off Trie got a generated mimage with a picture on import.
    page.click("text=Trie")
    page.wait_for_selector("#term-name")
    picture = page.locator("img#picture")
    assert picture.count() == 1
    assert page.evaluate("document.getElementById('picture').naturalWidth") > 0
    _shot(page, "term")

    before = _reviews_today(page, server)
    page.goto(f"{server}/decks/{DECK}/study")
    for number in range(5):
        page.wait_for_selector("#card")
        card = page.locator("#card").get_attribute("data-card")
        page.keyboard.press("Space")
        assert page.locator("#answer").get_attribute("open") is not None
        if number == 0:
            _shot(page, "study-answer")
        with page.expect_navigation():
            page.keyboard.press("3")
        assert page.locator("#card").count() == 0 or (
            page.locator("#card").get_attribute("data-card") != card
        )
    assert _reviews_today(page, server) == before + 5
    _shot(page, "stats")

    # Regenerate a term's mimage: a new generated one is chosen, with a picture.
    page.goto(f"{server}/decks/{DECK}")
    page.click("text=Graph")
    page.wait_for_selector("#term-name")
    with page.expect_navigation():
        page.click("#regenerate")
    assert page.evaluate("document.getElementById('picture').naturalWidth") > 0
    assert page.locator("#keyword").inner_text()
    _shot(page, "regenerated")
    assert page.dialogs == []


def test_a_hostile_glossary_runs_no_script(server: str, page: Any) -> None:
    _import_by_paste(page, server, HOSTILE, generate=True)
    deck_url = page.url
    visited = [deck_url]
    for link in page.locator("#terms a.term-link").all():
        visited.append(link.get_attribute("href"))
    for url in visited:
        page.goto(url if url.startswith("http") else server + url)
        page.mouse.move(10, 10)
        page.mouse.move(400, 300)
        assert page.evaluate("window.__pwned") is None, url
    base_deck = deck_url.rsplit("/", 1)[0] + "/" + deck_url.rsplit("/", 1)[1]
    for suffix in ("/study", "/stats"):
        page.goto(base_deck + suffix)
        page.keyboard.press("Space")
        assert page.evaluate("window.__pwned") is None, suffix
    _shot(page, "hostile")
    assert page.dialogs == []
    # The payloads are on the page as text, escaped, not as elements.
    page.goto(deck_url)
    assert page.locator("#terms script, #terms svg, #terms img[onerror]").count() == 0
    assert "onerror" in page.locator("#terms").inner_text()


def test_an_anki_package_upload_shows_its_picture(server: str, page: Any, tmp_path: Path) -> None:
    genanki = pytest.importorskip("genanki")
    image = pytest.importorskip("PIL.Image")
    green = tmp_path / "green.png"
    image.new("RGB", (300, 200), (0, 170, 60)).save(green)
    model = genanki.Model(
        1_702_003_001,
        "Keyword pictures",
        fields=[{"name": n} for n in ("Word", "Meaning", "Keyword", "Scene", "Picture")],
        templates=[{"name": "Card", "qfmt": "{{Word}}", "afmt": "{{Meaning}}{{Picture}}"}],
    )
    deck = genanki.Deck(1_702_003_002, "Anki Upload")
    fields = ["Verde", "green", "Bird", "A bird painted green.", '<img src="green.png">']
    deck.add_note(genanki.Note(model=model, fields=fields))
    package = tmp_path / "upload.apkg"
    genanki.Package(deck, media_files=[str(green)]).write_to_file(str(package))

    page.goto(server + "/import")
    page.set_input_files("#import-file", str(package))
    page.click("#import-preview")
    page.wait_for_selector("#preview-terms")
    assert page.locator("#preview-count").inner_text() == "1"
    page.click("#import-save")
    page.wait_for_selector("#terms")
    page.click("text=Verde")
    page.wait_for_selector("#term-name")
    page.wait_for_function("document.getElementById('picture').complete")
    # The PNG inside the stored SVG card is drawn: its middle is the package's green.
    pixel = page.evaluate(
        """() => {
            const img = document.getElementById('picture');
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const context = canvas.getContext('2d');
            context.drawImage(img, 0, 0);
            return Array.from(context.getImageData(
                canvas.width / 2, canvas.height / 2, 1, 1).data);
        }"""
    )
    assert pixel[:3] == [0, 170, 60] and pixel[3] == 255
    _shot(page, "anki-upload-term")
    assert page.dialogs == []
