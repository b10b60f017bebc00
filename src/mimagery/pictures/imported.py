"""Pictures from elsewhere (an Anki package's media) as safe SVG cards.

A picture is decoded and written again as a PNG, which drops whatever else the file
carried, and held as a ``data:`` image by an SVG of ours, so it is shown and exported
like the cards mimagery draws.
"""

from __future__ import annotations

import base64
import io
import re

from mimagery.pictures.cards import escape

#: The longest side, in pixels, of a picture brought in by an import.
IMPORTED_SIDE = 640
#: Pictures with more pixels than this are refused before they are decoded.
MAX_PIXELS = 40_000_000
_RASTER_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP", "BMP"})


def _looks_like_svg(data: bytes, name: str) -> bool:
    if name.lower().endswith(".svg"):
        return True
    head = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg"))


def _holding(width: int, height: int, media_type: str, data: bytes, desc: str = "") -> str:
    """An SVG of ``width`` × ``height`` whose only drawing is ``data`` as a ``data:`` image."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{f"<desc>{escape(desc)}</desc>" if desc else ""}'
        f'<image width="{width}" height="{height}" href="data:{media_type};base64,{encoded}"/>'
        "</svg>\n"
    )


#: An SVG costing more than this to draw is left out: its size, its filter primitives,
#: and the largest blur radius (resvg's blur time grows with the radius times the area).
MAX_SVG_BYTES = 1024 * 1024
MAX_SVG_FILTERS = 16
MAX_BLUR = 16.0
_FILTER_PRIMITIVE = re.compile(rb"<\s*(?:[\w-]+:)?fe[A-Z]\w*")
_BLUR = re.compile(rb"stdDeviation\s*=\s*[\"']([^\"']*)[\"']")
_BLUR_CSS = re.compile(rb"blur\(\s*([\d.eE+-]+)")


def svg_too_costly(data: bytes) -> str | None:
    """Why drawing this SVG would cost too much time or memory, or None when it is in
    budget. Only what the drawing costs is judged; a bad SVG is resvg's to refuse."""
    if len(data) > MAX_SVG_BYTES:
        return f"it is larger than {MAX_SVG_BYTES // 1024} KB"
    if len(_FILTER_PRIMITIVE.findall(data)) > MAX_SVG_FILTERS:
        return f"it has more than {MAX_SVG_FILTERS} filter steps"
    radii: list[float] = []
    for found in [*_BLUR.findall(data), *_BLUR_CSS.findall(data)]:
        for part in re.split(rb"[\s,]+", found.strip()):
            try:
                radii.append(abs(float(part)))
            except ValueError:
                continue
    if any(radius > MAX_BLUR or radius != radius for radius in radii):
        return f"it blurs by more than {MAX_BLUR:g}"
    return None


def _svg_to_png(data: bytes) -> bytes:
    """Draw an untrusted SVG at a fixed size; it can reach no file and run no script.

    It is drawn as an image inside an SVG of ours: resvg then renders it into our box
    (however large it claims to be) and loads nothing it refers to.
    """
    import resvg_py

    wrapper = _holding(IMPORTED_SIDE, IMPORTED_SIDE, "image/svg+xml", data)
    return bytes(resvg_py.svg_to_bytes(svg_string=wrapper))


def imported_card(data: bytes, name: str = "") -> str | None:
    """A picture from elsewhere (an Anki package's media) as a safe SVG card, or None
    when it is not a usable picture (``picture_card`` says why)."""
    return picture_card(data, name)[0]


def picture_card(data: bytes, name: str = "") -> tuple[str | None, str]:
    """A picture from elsewhere as a safe SVG card and "", or None and why it was left out.

    PNG, JPEG, GIF, WebP and BMP pictures are decoded with Pillow (refused above
    ``MAX_PIXELS`` before decoding), scaled to at most ``IMPORTED_SIDE`` pixels and
    written again as PNG, which drops whatever else the file carried; an SVG is first
    drawn by resvg (see ``_svg_to_png``; one over the drawing budget, ``svg_too_costly``,
    is not drawn) and trimmed to what it shows. The card is an SVG holding that PNG as a
    ``data:`` image and nothing else, so it is shown and exported like the cards
    mimagery draws.
    """
    import warnings

    from PIL import Image

    try:
        svg = _looks_like_svg(data, name)
        costly = svg_too_costly(data) if svg else None
        if costly is not None:
            return None, f"too costly to draw: {costly}"
        raw = _svg_to_png(data) if svg else data
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                if image.format not in _RASTER_FORMATS:
                    return None, f"not a picture format we show ({image.format})"
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    return None, f"{width} × {height} pixels is too large"
                image.draft("RGB", (IMPORTED_SIDE, IMPORTED_SIDE))  # JPEG: decode smaller
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                picture = image.convert("RGBA" if has_alpha else "RGB")
        if svg:
            box = picture.getbbox()
            if box is None:
                return None, "the drawing is empty"
            picture = picture.crop(box)
        picture.thumbnail((IMPORTED_SIDE, IMPORTED_SIDE))
        out = io.BytesIO()
        picture.save(out, format="PNG")
    except Exception:  # Pillow and resvg raise many kinds for a bad file: all mean "skip it"
        return None, "not a readable picture"
    width, height = picture.size
    card = _holding(
        width, height, "image/png", out.getvalue(), "A picture brought in with an import."
    )
    return card, ""
