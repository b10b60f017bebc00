"""The SVG card: icons and badges, safety against hostile text and icon content, files."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mimagery import pictures
from mimagery.pictures import cards

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Every element a card may hold: drawing, text and description, nothing active.
ALLOWED = {
    "svg",
    "g",
    "path",
    "circle",
    "ellipse",
    "line",
    "polygon",
    "polyline",
    "rect",
    "defs",
    "clipPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "text",
    "title",
    "desc",
    "metadata",
}
BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_safe(svg: str) -> ET.Element:
    """Parse the card and assert the safety rules on every element and attribute."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    ids: list[str] = []
    references: list[str] = []
    for element in root.iter():
        assert element.tag.startswith(SVG), element.tag  # no other vocabulary
        assert _local(element.tag) in ALLOWED, element.tag
        for name, value in element.attrib.items():
            local = _local(name).lower()
            assert not local.startswith("on"), name
            assert local not in {"href", "style", "src"}, name
            assert "javascript:" not in value.lower()
            assert "@" not in value
            if "url(" in value:
                assert value.count("url(") == value.count("url(#"), value
                references += [part.split(")")[0] for part in value.split("url(#")[1:]]
            if local == "id":
                ids.append(value)
        for text in (element.text or "", element.tail or ""):
            assert not BIDI & set(text)
    assert len(ids) == len(set(ids)), "ids must be unique in a card"
    assert set(references) <= set(ids), "every url(#id) must point inside the card"
    return root


def _icons(root: ET.Element) -> list[ET.Element]:
    return [child for child in root if child.tag == f"{SVG}svg"]


def _texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_mayo_sauce_draws_two_labelled_containers() -> None:
    root = check_safe(pictures.render_card("Meiosis", "Mayo Sauce", ["mayo", "sauce"], "halves"))
    assert len(_icons(root)) == 2  # a jar and a pot, no grey badge
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("rx") == "14"]
    texts = _texts(root)
    assert "Meiosis" in texts and "Mayo Sauce" in texts and "halves" in texts
    # Each container says what it holds, once (no second name under it).
    assert texts.count("mayo") == 1 and texts.count("sauce") == 1
    assert root.get("viewBox") == "0 0 640 400"


def test_a_label_on_a_container_is_masked() -> None:
    root = check_safe(
        pictures.render_card("", "Glue Cat", ["glue", "cat"], mask=["Glue Works"], question=False)
    )
    assert "glue" not in " ".join(_texts(root)).lower()
    assert cards.MASK in _texts(root)


def test_every_word_gets_an_icon_or_a_badge_in_order() -> None:
    root = check_safe(pictures.render_card("T", "Hawk Xyzzy Boxes", ["hawk", "xyzzy", "boxes"]))
    assert len(_icons(root)) == 2
    badges = [r for r in root.iter(f"{SVG}rect") if r.get("rx") == "14"]
    assert len(badges) == 1
    labels = [t for t in _texts(root) if t in {"hawk", "xyzzy", "boxes"}]
    assert labels == ["hawk", "xyzzy", "boxes"]
    xs = [float(icon.get("x", "0")) for icon in _icons(root)]
    assert xs == sorted(xs)


def test_title_metadata_and_attribution() -> None:
    root = check_safe(pictures.render_card("Meiosis", "Mayo Sauce", ["mayo", "sauce"]))
    title = root.find(f"{SVG}title")
    metadata = root.find(f"{SVG}metadata")
    assert title is not None and title.text == "Meiosis: Mayo Sauce"
    assert metadata is not None and metadata.text == pictures.ATTRIBUTION
    assert "OpenMoji" in pictures.ATTRIBUTION and "CC BY-SA 4.0" in pictures.ATTRIBUTION
    assert "emojilib" in pictures.ATTRIBUTION and "emojibase" in pictures.ATTRIBUTION


def test_ids_are_unique_with_the_same_icon_twice() -> None:
    # OpenMoji's SVGs all carry ids such as "color" and "line".
    svg = pictures.render_card("T", "Hawk Eagle Hawk", ["hawk", "eagle", "hawk"])
    root = check_safe(svg)
    assert len(_icons(root)) == 3
    other = pictures.render_card("U", "Hawk", ["hawk"])
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    other_ids = {e.get("id") for e in ET.fromstring(other).iter() if e.get("id")}
    assert ids and not ids & other_ids  # two cards can share one page


HOSTILE = [
    "<script>alert(1)</script>",
    "\"quotes\" & 'apostrophes' & &amp; &#x41; ]]> <!-- -->",
    "x" * 10_000,
    "\u202eevil\u202c \u2066isolate\u2069 \u200fmark",
    "שלום עולם مرحبا",
    "nul\x00 bell\x07 escape\x1b tab\t newline\n del\x7f",
    "\ud800 lone surrogate \ufffe",
    "javascript:alert(1) url(http://evil.example/x.png) onload=alert(1)",
    "<foreignObject><img src=x onerror=alert(1)></foreignObject>",
    "🦅🇯🇵👩🏽‍🚒 東京タワー",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_gives_a_safe_valid_card(text: str) -> None:
    for args in (
        (text, "Mayo Sauce", ["mayo", "sauce"], ""),
        ("Term", text, [text, "hawk"], text),
        (text, text, [text] * 9, text),
    ):
        svg = pictures.render_card(*args)
        root = check_safe(svg)
        assert len(svg) < 60_000
        assert "<script" not in svg and "<foreignObject" not in svg  # only as escaped text
        for line in _texts(root):
            assert len(line) <= 400


def test_long_text_is_cut_with_an_ellipsis() -> None:
    root = check_safe(pictures.render_card("T" * 500, "K", ["hawk"], "word " * 200))
    texts = _texts(root)
    assert any(t.endswith("…") and t.startswith("TTT") for t in texts)
    assert any(t.endswith("…") and t.startswith("word word") for t in texts)


def test_too_many_words_end_in_an_ellipsis_badge() -> None:
    words = ["hawk"] * 10
    root = check_safe(pictures.render_card("T", " ".join(words), words))
    assert len(_icons(root)) == 5
    assert "…" in _texts(root)


def test_icon_content_is_rebuilt_from_an_allow_list() -> None:
    hostile = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<g id="ok" onclick="alert(1)" style="fill:url(http://x)">'
        "<script>alert(1)</script><foreignObject><p>hi</p></foreignObject>"
        '<image xlink:href="http://x/y.png"/><use xlink:href="#ok"/>'
        '<path d="M0 0L1 1" fill="url(http://evil/x)" stroke="url(#ok)"/>'
        '<rect id="bad id" x="1" fill="red" class="c"/>'
        '<circle r="1" fill="url(#ok) url(https://x)"/>'
        "</g></svg>"
    )
    out: list[str] = []
    for child in hostile:
        cards._rebuild(child, out)
    rebuilt = "".join(out)
    assert rebuilt == (
        f'<g id="{cards._PREFIX}ok">'
        f'<path d="M0 0L1 1" stroke="url(#{cards._PREFIX}ok)"/>'
        '<rect x="1" fill="red"/><circle r="1"/></g>'
    )


def test_write_card_is_atomic(tmp_path: Path) -> None:
    svg = pictures.render_card("Meiosis", "Mayo Sauce", ["mayo", "sauce"])
    target = tmp_path / "cards" / "meiosis.svg"
    pictures.write_card("old", target)
    pictures.write_card(svg, target)
    assert target.read_text("utf-8") == svg
    assert [p.name for p in target.parent.iterdir()] == ["meiosis.svg"]  # no temporary left


def test_to_png(tmp_path: Path) -> None:
    svg = pictures.render_card("Meiosis", "Mayo Sauce", ["mayo", "sauce"], "halves")
    target = tmp_path / "meiosis.png"
    pictures.to_png(svg, target, width=320)
    data = target.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (320, 200)
