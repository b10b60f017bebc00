"""Supported languages: codes, scripts."""

from __future__ import annotations

import pytest

from mimagery import languages
from mimagery.errors import MimageryError


def test_codes_are_read_leniently_and_default_to_english() -> None:
    assert languages.get(None).code == "en"
    assert languages.get(" ES ").name == "Spanish"


def test_an_unknown_code_is_one_line_listing_the_supported() -> None:
    with pytest.raises(MimageryError) as caught:
        languages.get("klingon")
    assert "\n" not in str(caught.value) and "de (German)" in str(caught.value)


def test_foreign_scripts_are_found() -> None:
    russian = languages.get("ru")
    assert languages.foreign_scripts("собака", russian) == set()
    assert languages.foreign_scripts("sobaka", russian) == {"LATIN"}
    assert languages.foreign_scripts("casa 1", languages.get("es")) == set()
