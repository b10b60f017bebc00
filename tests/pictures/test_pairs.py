"""Pictures for a translation: the meaning's icon with the keyword's, laid out by what
the scene has them do (in, on, under, behind, chasing, tied, together)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mimagery import pictures
from mimagery.keywords import icons
from mimagery.pictures import cards, layouts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("composition", sorted(layouts.PAIRS))
def test_every_pair_draws_the_meaning_and_the_keyword(composition: str) -> None:
    svg = pictures.render_card(
        "pato", "Pot", ["Pot"], "duck", composition=composition, meaning="duck"
    )
    ET.fromstring(svg)
    for word in ("duck", "pot"):
        assert icons.find(word).hexcode in svg  # type: ignore[union-attr]
    staged = layouts.layout(composition, ["Pot"], ["duck"])
    words = [place.word for place in staged.places]
    assert words.count("duck") == 1 and "Pot" in words
    for place in staged.places:  # on the stage
        assert place.x >= layouts.STAGE_LEFT - 1 and place.x + place.size <= layouts.STAGE_RIGHT + 1
        assert (
            place.y >= layouts.STAGE_TOP - 1 and place.y + place.size <= layouts.STAGE_BOTTOM + 12
        )


def _place(composition: str, word: str) -> layouts.Place:
    staged = layouts.layout(composition, ["Pot"], ["duck"])
    return next(place for place in staged.places if place.word == word)


def test_the_layout_acts_the_relation() -> None:
    # In: the duck is drawn first, its lower part behind the pot, inside its box.
    staged = layouts.layout("pair-holds", ["Pot"], ["duck"])
    assert [p.word for p in staged.places][:2] == ["duck", "Pot"]
    duck, pot = _place("pair-holds", "duck"), _place("pair-holds", "Pot")
    assert (
        pot.x < duck.x and duck.x + duck.size < pot.x + pot.size and duck.y < pot.y + pot.size / 2
    )
    # On: the duck above the pot; under: below it.
    assert _place("pair-on", "duck").y < _place("pair-on", "Pot").y
    assert _place("pair-under", "duck").y > _place("pair-under", "Pot").y
    # Chasing: the chaser on the left.
    assert _place("pair-chases", "duck").x < _place("pair-chases", "Pot").x
    assert _place("pair-chased", "duck").x > _place("pair-chased", "Pot").x


def test_a_meaning_without_an_icon_gets_a_badge() -> None:
    svg = pictures.render_card("x", "Pot", ["Pot"], composition="pair-on", meaning="zyzzyva")
    assert ">zyzzyva</text>" in svg


def test_the_meaning_is_escaped() -> None:
    svg = pictures.render_card("x", "Pot", ["Pot"], composition="pair-on", meaning="<b>&")
    ET.fromstring(svg)
    assert "<b>" not in svg


def test_without_a_pair_composition_the_meaning_is_not_drawn() -> None:
    svg = pictures.render_card("x", "Pot", ["Pot"], composition="row", meaning="duck")
    assert icons.find("duck").hexcode not in svg  # type: ignore[union-attr]


@pytest.mark.parametrize("composition", sorted(layouts._COMPOSITIONS))
def test_word_labels_stay_above_the_ground_line(composition: str) -> None:
    """A keyword word's name is drawn under its icon, or beside it when that would put it
    on the ground line or against the keyword (a thing standing on the ground): never
    between the stage and the keyword."""
    pair = composition in layouts.PAIRS
    svg = pictures.render_card(
        "Term",
        "Nut Tent Egg",
        ["nut", "tent", "egg"],
        "a caption",
        composition=composition,
        props=() if pair else ("mountain",),
        meaning="knot" if pair else "",
    )
    labels = [
        element
        for element in ET.fromstring(svg).iter(f"{SVG}text")
        if (element.text or "") in {"nut", "tent", "egg", "knot"}
    ]
    if composition in {"pair-on", "pair-behind", "pair-holds", "top", "scatter"}:
        assert labels, composition  # where the labels used to fall below the ground
    for label in labels:
        assert float(label.get("y", "0")) <= cards.LABEL_FLOOR, (composition, label.text)
