"""Shared wording: cutting a definition at a clause boundary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mimagery.text import clip_clause

OVERFITTING = (
    "Overfitting occurs when a model performs well on the training data but fails to "
    "generalize to new, unseen data. It is essential to avoid it."
)
POOLING = (
    "Pooling layers reduce the spatial dimensions of the input data, reducing "
    "computational complexity and helping the model focus on important features."
)
HISTOGRAM = (
    "A histogram is a chart that shows how many observations fall into each of a set of "
    "ranges, drawn as bars whose heights are the counts."
)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("A short one.", 90, "A short one."),
        # Whole sentences first.
        (OVERFITTING, 130, OVERFITTING.split(" It ")[0]),
        # Never before "but": the contrast is the meaning, so the clause stays whole
        # even when it is longer than asked.
        (OVERFITTING, 60, OVERFITTING.split(" It ")[0]),
        (POOLING, 90, "Pooling layers reduce the spatial dimensions of the input data…"),
        (
            HISTOGRAM,
            100,
            "A histogram is a chart that shows how many observations fall into each of a set "
            "of ranges…",
        ),
        ("Tort: a civil wrong; the court may award money for it.", 30, "Tort: a civil wrong…"),
    ],
)
def test_clip_clause_cuts_only_at_clause_boundaries(text: str, width: int, expected: str) -> None:
    assert clip_clause(text, width) == expected


@given(st.text(max_size=300), st.integers(10, 200))
def test_clip_clause_returns_a_prefix_of_whole_words(text: str, width: int) -> None:
    clipped = clip_clause(text, width)
    flat = " ".join(text.split())
    assert flat.startswith(clipped.removesuffix("…").rstrip(" ,;:–—-"))
    if len(flat) <= width:
        assert clipped == flat
