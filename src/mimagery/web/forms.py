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


# An Anki package is binary, so it cannot travel back in the preview's form as text does:
# it waits in the data directory under a random name until it is saved (or an hour).
UPLOADS = "uploads"
UPLOAD_HOURS = 1
_UPLOAD_NAME = re.compile(r"[A-Za-z0-9_-]{32}")


def keep_upload(data_dir: Path, data: bytes, *, now: float | None = None) -> str:
    """Keep an uploaded package for the save step; its name. Older ones are removed."""
    folder = data_dir / UPLOADS
    cutoff = (time.time() if now is None else now) - UPLOAD_HOURS * 3600
    for old in folder.glob("*.apkg") if folder.is_dir() else []:
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
    name = secrets.token_urlsafe(24)
    paths.write_atomically(folder / f"{name}.apkg", data)
    return name


def upload_path(data_dir: Path, name: str) -> Path:
    """The kept package called ``name``; MimageryError when there is none (any more)."""
    path = data_dir / UPLOADS / f"{name}.apkg"
    if not _UPLOAD_NAME.fullmatch(name) or not path.is_file():
        raise MimageryError("the uploaded package is no longer here: choose the file again")
    return path
