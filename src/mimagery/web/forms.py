"""Forms and uploads: a POSTed form read after its token is checked, its fields, and an
uploaded Anki package kept between the import preview and the save."""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from pathlib import Path

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from mimagery import paths
from mimagery.errors import MimageryError
from mimagery.web.security import FORM_FIELD, MAX_BODY, MAX_SMALL_BODY
from mimagery.web.views import web

__all__ = ["Refused", "field", "keep_upload", "read_form", "upload", "upload_path"]


class Refused(Exception):
    """A request refused for safety (answered with 403)."""


async def read_form(request: Request, *, upload: bool = False) -> FormData:
    """A POSTed form, after checking its token (Refused without a valid one)."""
    form = await request.form(max_part_size=MAX_BODY if upload else MAX_SMALL_BODY)
    if not web(request).tokens.valid(form.get(FORM_FIELD)):
        raise Refused(
            "the form has no valid token (it came from another site, or from a server with "
            "another key): reload the page and try again"
        )
    return form


def field(form: FormData, name: str) -> str:
    """A text field of a form ("" when missing or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def upload(form: FormData, name: str) -> UploadFile | None:
    """A file field with a file in it, or None."""
    value = form.get(name)
    if isinstance(value, UploadFile) and (value.filename or value.size):
        return value
    return None


# What an import preview read waits in the data directory under a random name until it
# is saved (or an hour), so that the preview page does not carry it back to the browser
# and back again: an Anki package as uploaded, a text as decoded (which may be 20 MB).
UPLOADS = "uploads"
UPLOAD_HOURS = 1
_UPLOAD_NAME = re.compile(r"[A-Za-z0-9_-]{32}")
#: The kinds of file kept: an Anki package, a decoded glossary text (UTF-8).
KEPT_SUFFIXES = (".apkg", ".txt")


def keep_upload(
    data_dir: Path, data: bytes, *, suffix: str = ".apkg", now: float | None = None
) -> str:
    """Keep an upload (``.apkg``) or a decoded text (``.txt``) for the save step; its name.
    Older ones are removed."""
    if suffix not in KEPT_SUFFIXES:
        raise ValueError(f"cannot keep a {suffix} file")
    folder = data_dir / UPLOADS
    cutoff = (time.time() if now is None else now) - UPLOAD_HOURS * 3600
    for old in folder.iterdir() if folder.is_dir() else []:
        with contextlib.suppress(OSError):
            if old.suffix in KEPT_SUFFIXES and old.stat().st_mtime < cutoff:
                old.unlink()
    name = secrets.token_urlsafe(24)
    paths.write_atomically(folder / f"{name}{suffix}", data)
    return name


def upload_path(data_dir: Path, name: str) -> Path:
    """The kept file called ``name``; MimageryError when there is none (any more)."""
    if _UPLOAD_NAME.fullmatch(name):
        for suffix in KEPT_SUFFIXES:
            path = data_dir / UPLOADS / f"{name}{suffix}"
            if path.is_file():
                return path
    raise MimageryError(
        "the uploaded glossary is no longer here: choose the file again (or paste the text again)"
    )
