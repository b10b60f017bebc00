"""Compositions: the icons are staged by what the scene does."""

from __future__ import annotations

import pytest
from test_pictures import _texts, check_safe

from mimagery import pictures
from mimagery.pictures import layouts
from mimagery.scenes import concepts


def test_every_concept_composition_has_a_layout() -> None:
    assert concepts.COMPOSITIONS <= layouts.NAMES


@pytest.mark.parametrize("composition", sorted(layouts.NAMES))
@pytest.mark.parametrize("actors", [["hawk"], ["mayo", "sauce"], ["gradient", "dish", "ant"]])
def test_each_layout_stays_on_the_stage_and_draws_every_word(
    composition: str, actors: list[str]
) -> None:
    staged = layouts.layout(composition, actors, ["person"], seed="x")
    words = {place.word for place in staged.places}
    assert set(actors) <= words, (composition, words)
    for place in staged.places:
        assert place.x >= layouts.STAGE_LEFT - 30, (composition, place)
        assert place.x + place.size <= layouts.STAGE_RIGHT + 30, (composition, place)
        assert place.y >= 60 and place.y + place.size <= 320, (composition, place)
    svg = pictures.render_card(
        "Term", " ".join(actors), actors, "a gloss", composition=composition, props=["person"]
    )
    check_safe(svg)


def test_compositions_differ() -> None:
    def shape(name: str) -> tuple[tuple[int, int, int], ...]:
        staged = layouts.layout(name, ["hawk"], ["person"], seed="x")
        return tuple((round(p.x), round(p.y), round(p.size)) for p in staged.places)

    shapes = {shape(name) for name in layouts.NAMES}
    assert len(shapes) >= len(layouts.NAMES) - 2


def test_icons_are_large() -> None:
    for name in layouts.NAMES:
        staged = layouts.layout(name, ["hawk", "owl"], ["person"], seed="x")
        biggest = max(place.size for place in staged.places if place.actor)
        assert biggest >= 70, name


def test_a_masked_word_is_drawn_but_never_written() -> None:
    svg = pictures.render_card(
        "", "Boat Gradient", ["boat", "gradient"], "", composition="chase", mask=["Gradient"]
    )
    root = check_safe(svg)
    texts = " ".join(_texts(root)).casefold()
    assert "gradient" not in texts
    assert "boat" in texts
    assert pictures.MASK in " ".join(_texts(root))
