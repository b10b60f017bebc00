"""Compositions: where a scene's icons go, so that the picture shows what the scene does.

A composition ("middle", "outside", "down", "split", …; see ``scenes.concepts``) lays
out two kinds of icon on the card's stage (640 × 220, from y = 80): the keyword's
words (the actors, large) and the concept's props (smaller), and adds a few plain
strokes the icons cannot draw: a fence, steps, a circular track, a cut, an arrow, a
seesaw. ``layout`` only computes positions and shapes; ``cards`` draws them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

STAGE_LEFT, STAGE_RIGHT = 28.0, 612.0
STAGE_TOP, STAGE_BOTTOM = 82.0, 300.0
_LINE = "#7b8794"


@dataclass(frozen=True, slots=True)
class Place:
    """One icon on the stage.

    Attributes:
        word: the keyword word (an actor) or icon word (a prop) to draw.
        x, y: the icon's top-left corner.
        size: its width and height.
        actor: True for a keyword word (labelled under it), False for a prop.
        flip: drawn mirrored.
        faded: drawn pale (a crowd, a container, the ones not picked).
        half: "" or "left"/"right": only that half of the icon is drawn (a split).
    """

    word: str
    x: float
    y: float
    size: float
    actor: bool = True
    flip: bool = False
    faded: bool = False
    half: str = ""


@dataclass(slots=True)
class Layout:
    """A composition's icons (drawn in order) and strokes (SVG elements, drawn first)."""

    places: list[Place] = field(default_factory=list)
    strokes: list[str] = field(default_factory=list)


def _row(
    words: Sequence[str], cx: float, cy: float, size: float, actor: bool = True, gap: float = -8
) -> list[Place]:
    """Icons side by side, centred on (cx, cy); a negative gap makes them touch. They
    shrink to stay on the stage."""
    room = 2 * min(cx - STAGE_LEFT, STAGE_RIGHT - cx)
    size = min(size, (room - (len(words) - 1) * gap) / len(words))
    width = len(words) * size + (len(words) - 1) * gap
    left = cx - width / 2
    return [
        Place(word, left + i * (size + gap), cy - size / 2, size, actor)
        for i, word in enumerate(words)
    ]


def _arrow(x1: float, y1: float, x2: float, y2: float, dashed: bool = False) -> str:
    angle = math.atan2(y2 - y1, x2 - x1)
    head = [
        (x2 - 16 * math.cos(angle - 0.45), y2 - 16 * math.sin(angle - 0.45)),
        (x2 - 16 * math.cos(angle + 0.45), y2 - 16 * math.sin(angle + 0.45)),
    ]
    dash = ' stroke-dasharray="10 8"' if dashed else ""
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in [head[0], (x2, y2), head[1]])
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_LINE}" '
        f'stroke-width="5" stroke-linecap="round"{dash}/>'
        f'<polyline points="{points}" fill="none" stroke="{_LINE}" stroke-width="5" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def _ground(y: float = 292) -> str:
    return (
        f'<line x1="{STAGE_LEFT + 20}" y1="{y}" x2="{STAGE_RIGHT - 20}" y2="{y}" '
        'stroke="#d9cfbf" stroke-width="3" stroke-linecap="round"/>'
    )


def _split_roles(actors: Sequence[str], props: Sequence[str]) -> tuple[list[str], list[str]]:
    """(A, B): the first word and the rest; a one-word keyword gets the main prop as B."""
    if len(actors) > 1:
        return [actors[0]], list(actors[1:3])
    return list(actors[:1]), list(props[:1])


def _b_places(
    b: Sequence[str], actors: Sequence[str], cx: float, cy: float, size: float
) -> list[Place]:
    return [Place(p.word, p.x, p.y, p.size, p.word in actors[1:]) for p in _row(b, cx, cy, size)]


# One function per composition ------------------------------------------------------


def _middle(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    crowd = (list(props) or ["person"])[:1] * 4
    size, big = 78.0, 128.0
    left = _row(crowd[:2], 150, 215, size, actor=False, gap=8)
    right = _row(crowd[2:], 490, 215, size, actor=False, gap=8)
    middle = _row(actors, 320, 190, big)
    return Layout([*left, *middle, *right], [_ground(256)])


def _inside(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    box = (
        f'<rect x="190" y="92" width="260" height="196" rx="30" fill="#f3ede2" '
        f'stroke="{_LINE}" stroke-width="5"/>'
    )
    places = [Place(props[0], 470, 100, 90, actor=False)] if props else []
    return Layout([*places, *_row(actors, 320, 192, 120)], [box])


def _outside(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    crowd = (list(props) or ["person"])[:1] * 3
    pickets = "".join(
        f'<rect x="{x}" y="140" width="12" height="130" rx="4" fill="#c8a97e"/>'
        for x in range(60, 330, 34)
    )
    rails = (
        '<rect x="50" y="170" width="290" height="10" fill="#b08a5a"/>'
        '<rect x="50" y="230" width="290" height="10" fill="#b08a5a"/>'
    )
    inside = [
        Place(word, 70 + i * 85, 170, 86, actor=False, faded=True) for i, word in enumerate(crowd)
    ]
    return Layout([*inside, *_row(actors, 505, 175, 130)], [pickets + rails, _ground()])


def _top(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    below = _b_places(b or a, actors, 320, 238, 110)
    return Layout([*below, *_row(a, 320, 140, 104)], [_ground()])


def _stack(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    tower = [*actors[:3], *props[:1]][:4]
    size = min(96.0, 220 / len(tower))
    places = [
        Place(word, 320 - size / 2, 292 - size * (i + 1), size, word in actors)
        for i, word in enumerate(reversed(tower))
    ]
    return Layout(places, [_ground()])


def _chase(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    lines = "".join(
        f'<line x1="{40}" y1="{y}" x2="{110}" y2="{y}" stroke="#b8c2cc" stroke-width="5" '
        'stroke-linecap="round"/>'
        for y in (160, 190, 220)
    )
    return Layout(
        [*_row(a, 200, 190, 130), *_b_places(b, actors, 470, 190, 110)],
        [lines, _arrow(280, 120, 400, 120), _ground()],
    )


def _circle(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    track = (
        '<ellipse cx="320" cy="206" rx="236" ry="82" fill="none" stroke="#b8c2cc" '
        'stroke-width="8" stroke-dasharray="18 12"/>'
        + _arrow(116, 250, 96, 214)
        + _arrow(524, 160, 546, 198)
    )
    centre = [Place(props[0], 288, 214, 64, actor=False)] if props else []
    size = 96.0 if len(actors) == 1 else 74.0
    return Layout([*centre, *_row(actors, 320, 124, size)], [track])


def _steps(down: bool) -> str:
    points = []
    for i in range(5):
        x0, x1 = 40 + i * 112, 40 + (i + 1) * 112
        y = 176 + i * 26 if down else 280 - i * 26
        points += [(x0, y), (x1, y)]
    path = " ".join(f"{x},{y}" for x, y in points)
    return (
        f'<polyline points="{path}" fill="none" stroke="#b08a5a" stroke-width="8" '
        'stroke-linejoin="round"/>'
    )


def _climber(actors: Sequence[str], cx: float, floor: float) -> list[Place]:
    """The actors standing on a step whose top is at ``floor``."""
    size = 96.0 if len(actors) == 1 else 70.0
    return _row(actors, cx, floor - size / 2, size)


def _down(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    goal = [Place(props[0], 500, 214, 66, actor=False)] if props else []
    return Layout(
        [*goal, *_climber(actors, 100, 176)],
        [_steps(True), _arrow(180, 170, 450, 262, dashed=True)],
    )


def _up(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    goal = [Place(props[0], 500, 110, 66, actor=False)] if props else []
    return Layout(
        [*goal, *_climber(actors, 100, 280)],
        [_steps(False), _arrow(180, 250, 450, 160, dashed=True)],
    )


def _split(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    word, size = actors[0], 170.0
    halves = [
        Place(word, 320 - size / 2 - 26, 100, size, half="left"),
        Place(word, 320 - size / 2 + 26, 100, size, half="right"),
    ]
    cut = (
        '<line x1="320" y1="86" x2="320" y2="296" stroke="#c0392b" stroke-width="4" '
        'stroke-dasharray="12 9"/>'
    )
    rest = _b_places(actors[1:3], actors, 520, 190, 80) if len(actors) > 1 else []
    tool = [Place(props[0], 60, 110, 76, actor=False)] if props else []
    return Layout([*tool, *halves, *rest], [cut])


def _join(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    sign = [Place(props[0], 290, 86, 60, actor=False)] if props and len(actors) > 1 else []
    return Layout([*sign, *_row([*a, *b], 320, 200, 135, gap=-34)], [_ground()])


def _link(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    chain = "".join(
        f'<ellipse cx="{x}" cy="190" rx="18" ry="10" fill="none" stroke="{_LINE}" '
        'stroke-width="5"/>'
        for x in range(226, 420, 30)
    )
    return Layout([*_row(a, 130, 190, 120), *_b_places(b, actors, 510, 190, 120)], [chain])


def _grow(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    small = _row(actors, 130, 240, 56)
    big = _row(actors, 450, 180, 170)
    return Layout([*small, *big], [_arrow(200, 230, 320, 200), _ground(296)])


def _shrink(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    big = _row(actors, 170, 180, 170)
    small = _row(actors, 500, 240, 56)
    return Layout([*big, *small], [_arrow(310, 200, 440, 230), _ground(296)])


def _turn(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    return Layout(
        [*_row(a, 150, 190, 130), *_b_places(b or a, actors, 490, 190, 130)],
        [_arrow(250, 190, 380, 190)],
    )


def _scatter(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    places: list[Place] = []
    spots = [(90, 100), (250, 180), (420, 96), (520, 200), (150, 210), (340, 100)]
    rng.shuffle(spots)
    for i, (x, y) in enumerate(spots[:5]):
        word = actors[i % len(actors)]
        places.append(Place(word, x, y, rng.uniform(62, 96), flip=rng.random() < 0.5))
    if props:
        places.append(Place(props[0], 280, 210, 70, actor=False))
    return Layout(places)


def _filter(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    sieve = (
        '<path d="M170 170 L470 170 L380 250 L260 250 Z" fill="#eef2f7" stroke="#7b8794" '
        'stroke-width="5" stroke-dasharray="14 6"/>'
        + "".join(
            f'<circle cx="{x}" cy="{y}" r="6" fill="#b8c2cc"/>'
            for x, y in ((300, 272), (330, 286), (350, 268))
        )
    )
    above = _row(actors, 320, 118, 96)
    aside = [Place(props[0], 520, 190, 80, actor=False)] if props else []
    return Layout([*above, *aside], [sieve])


def _shield(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = actors[:1], list(actors[1:3])
    shield = [Place((list(props) or ["shield"])[0], 300, 120, 120, actor=False)]
    attacker = _b_places(b, actors, 520, 180, 100) if b else []
    return Layout(
        [*_row(a, 150, 190, 130), *shield, *attacker],
        [_arrow(470, 130, 440, 150), _ground()],
    )


def _repeat(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    word = actors[0]
    copies = [Place(word, 70 + i * 180, 150, 120) for i in range(3)]
    loop = (
        '<path d="M120 140 C 200 70, 440 70, 520 140" fill="none" stroke="#b8c2cc" '
        'stroke-width="6" stroke-dasharray="14 10"/>' + _arrow(500, 120, 522, 142)
    )
    rest = _b_places(actors[1:3], actors, 560, 110, 60) if len(actors) > 1 else []
    return Layout([*copies, *rest], [loop, _ground()])


def _balance(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    plank = (
        '<polygon points="320,290 290,292 350,292 320,250" fill="#b08a5a"/>'
        '<rect x="130" y="244" width="380" height="12" rx="6" fill="#c8a97e"/>'
    )
    return Layout([*_row(a, 180, 190, 110), *_b_places(b or a, actors, 460, 190, 110)], [plank])


def _far(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    return Layout(
        [*_row(a, 100, 190, 120), *_b_places(b or a, actors, 560, 220, 56)],
        [_arrow(180, 250, 520, 250, dashed=True), _ground()],
    )


def _mirror(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    line = (
        '<line x1="320" y1="90" x2="320" y2="292" stroke="#9aa5b1" stroke-width="4" '
        'stroke-dasharray="6 6"/>'
    )
    left = _row(actors, 190, 190, 120)
    right = [Place(p.word, 640 - p.x - p.size, p.y, p.size, flip=True) for p in left]
    return Layout([*left, *right], [line, _ground()])


def _row_layout(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    words = [*actors, *props[:1]]
    places = _row(words, 320, 190, min(150.0, 540 / len(words)), gap=6)
    places = [Place(p.word, p.x, p.y, p.size, p.word in actors) for p in places]
    return Layout(places, [_ground(270)])


def _swap(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    a, b = _split_roles(actors, props)
    arrows = (
        '<path d="M230 150 C 290 100, 350 100, 410 150" fill="none" stroke="#7b8794" '
        'stroke-width="5"/>'
        + _arrow(396, 138, 412, 152)
        + '<path d="M410 240 C 350 290, 290 290, 230 240" fill="none" stroke="#7b8794" '
        'stroke-width="5"/>' + _arrow(244, 252, 228, 238)
    )
    return Layout([*_row(a, 140, 190, 120), *_b_places(b or a, actors, 500, 190, 120)], [arrows])


def _pick(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    spot = '<ellipse cx="320" cy="196" rx="110" ry="100" fill="#fff3c4"/>'
    others = (list(props) or ["person"])[:1] * 2
    sides = [
        Place(others[0], 60, 170, 84, actor=False, faded=True),
        Place(others[1], 500, 170, 84, actor=False, faded=True),
    ]
    return Layout([*sides, *_row(actors, 320, 190, 136)], [spot])


def _flow(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    wave = (
        '<path d="M40 260 C 120 220, 200 300, 280 260 S 440 220, 520 260 S 600 280, 610 262" '
        'fill="none" stroke="#5dade2" stroke-width="10" stroke-linecap="round"/>'
    )
    end = [Place(props[0], 520, 150, 80, actor=False)] if props else []
    return Layout([*_row(actors, 220, 190, 120), *end], [wave, _arrow(330, 150, 480, 170)])


def _burst(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    rays = "".join(
        f'<line x1="{320 + 110 * math.cos(a):.1f}" y1="{190 + 95 * math.sin(a):.1f}" '
        f'x2="{320 + 150 * math.cos(a):.1f}" y2="{190 + 110 * math.sin(a):.1f}" '
        'stroke="#f5b041" stroke-width="7" stroke-linecap="round"/>'
        for a in (i * math.pi / 6 for i in range(12))
    )
    side = [Place(props[0], 520, 100, 70, actor=False)] if props else []
    return Layout([*_row(actors, 320, 190, 140), *side], [rays])


# Two things together: a translation's meaning (``props[0]``, drawn as large as the
# keyword's things and labelled) with the keyword's things, as the scene has them act.


def _others(actors: Sequence[str]) -> list[Place]:
    """The keyword's other words, smaller, at the stage's right."""
    return _row(actors[1:3], 540, 230, 76) if len(actors) > 1 else []


def _meaning(props: Sequence[str]) -> str:
    return props[0] if props else "?"


# The keyword's thing is drawn a little larger than the meaning's: it is what the learner
# must bring back.
_MEANING_SCALE = 0.88


def _holds(outer: str, inner: str, rest: list[Place], keyword_outside: bool) -> Layout:
    """``inner`` sitting in ``outer``: drawn first, its lower part hidden by the holder."""
    outer_size = 170.0 if keyword_outside else 190.0  # a place or a vehicle is big
    inner_size = 110.0 * (_MEANING_SCALE if keyword_outside else 1.0)
    left = 320 - outer_size / 2
    return Layout(
        [
            Place(inner, 320 - inner_size / 2, 146, inner_size),
            Place(outer, left, 300 - outer_size, outer_size),
            *rest,
        ],
        [_ground(296)],
    )


def _pair_holds(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    return _holds(actors[0], _meaning(props), _others(actors), keyword_outside=True)


def _pair_held(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    """The keyword's thing inside the meaning's (a house, a car): drawn over its middle,
    as if seen through its door."""
    size = 190.0
    return Layout(
        [
            Place(_meaning(props), 320 - size / 2, 300 - size, size),
            Place(actors[0], 320 - 45, 300 - size / 2 - 10, 90),
            *_others(actors),
        ],
        [_ground(296)],
    )


def _stacked(top: str, bottom: str, rest: list[Place], keyword_on_top: bool) -> Layout:
    """``top`` on ``bottom``, touching."""
    bottom_size = 140.0 if not keyword_on_top else 140.0 * _MEANING_SCALE
    top_size = 100.0 if keyword_on_top else 100.0 * _MEANING_SCALE
    top_y = 300 - bottom_size - top_size + 40
    return Layout(
        [
            Place(bottom, 320 - bottom_size / 2, 300 - bottom_size, bottom_size),
            Place(top, 320 - top_size / 2, top_y, top_size),
            *rest,
        ],
        [_ground(296)],
    )


def _pair_on(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    return _stacked(_meaning(props), actors[0], _others(actors), keyword_on_top=False)


def _pair_under(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    return _stacked(actors[0], _meaning(props), _others(actors), keyword_on_top=True)


def _runs_after(chaser: str, chased: str, rest: list[Place], keyword_chases: bool) -> Layout:
    lines = "".join(
        f'<line x1="40" y1="{y}" x2="100" y2="{y}" stroke="#b8c2cc" stroke-width="5" '
        'stroke-linecap="round"/>'
        for y in (170, 200, 230)
    )
    big, small = 130.0, 130.0 * _MEANING_SCALE
    chaser_size, chased_size = (big, small) if keyword_chases else (small, big)
    return Layout(
        [
            Place(chaser, 110, 270 - chaser_size, chaser_size),
            Place(chased, 370, 270 - chased_size, chased_size),
            *rest,
        ],
        [lines, _arrow(250, 120, 360, 120), _ground()],
    )


def _above_right(actors: Sequence[str]) -> list[Place]:
    """The keyword's other words, small, up at the stage's right corner."""
    return _row(actors[1:3], 545, 118, 62) if len(actors) > 1 else []


def _pair_chases(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    return _runs_after(_meaning(props), actors[0], _above_right(actors), keyword_chases=False)


def _pair_chased(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    return _runs_after(actors[0], _meaning(props), _above_right(actors), keyword_chases=True)


def _pair_behind(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    """The meaning peeking out from behind the keyword's thing."""
    return Layout(
        # The keyword's thing stands clear of the ground line, so that its label (shown
        # when the keyword has other words) stays above it.
        [Place(_meaning(props), 288, 86, 116), Place(actors[0], 192, 118, 148), *_others(actors)],
        [_ground(296)],
    )


def _pair_tied(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    tied = _link([actors[0]], [_meaning(props)], rng)
    above = _row(actors[1:3], 320, 120, 62) if len(actors) > 1 else []  # over the chain
    return Layout([*tied.places, *above], tied.strokes)


def _pair_together(actors: Sequence[str], props: Sequence[str], rng: random.Random) -> Layout:
    """Two things overlapping in a row (one eating, meeting or shining on the other)."""
    return Layout(
        [*_row([_meaning(props), actors[0]], 300, 200, 140, gap=-30), *_others(actors)],
        [_ground()],
    )


_COMPOSITIONS: dict[str, Callable[[Sequence[str], Sequence[str], random.Random], Layout]] = {
    "middle": _middle,
    "inside": _inside,
    "outside": _outside,
    "top": _top,
    "stack": _stack,
    "chase": _chase,
    "circle": _circle,
    "down": _down,
    "up": _up,
    "split": _split,
    "join": _join,
    "link": _link,
    "grow": _grow,
    "shrink": _shrink,
    "turn": _turn,
    "scatter": _scatter,
    "filter": _filter,
    "shield": _shield,
    "repeat": _repeat,
    "balance": _balance,
    "far": _far,
    "mirror": _mirror,
    "row": _row_layout,
    "swap": _swap,
    "pick": _pick,
    "flow": _flow,
    "burst": _burst,
    "pair-holds": _pair_holds,
    "pair-held": _pair_held,
    "pair-on": _pair_on,
    "pair-under": _pair_under,
    "pair-chases": _pair_chases,
    "pair-chased": _pair_chased,
    "pair-behind": _pair_behind,
    "pair-tied": _pair_tied,
    "pair-together": _pair_together,
}

#: The compositions of a translation's two things (``props[0]`` is the meaning).
PAIRS = frozenset(name for name in _COMPOSITIONS if name.startswith("pair-"))

#: The compositions ``layout`` knows.
NAMES = frozenset(_COMPOSITIONS)


def layout(composition: str, actors: Sequence[str], props: Sequence[str], seed: str = "") -> Layout:
    """Where the icons go for a composition.

    Args:
        composition: one of ``NAMES``; anything else lays the words out in a row.
        actors: the keyword's words to draw (at least one), in order.
        props: the concept's icon words, main one first.
        seed: makes a scattered layout the same for the same card.
    """
    actors = list(actors[:6]) or ["?"]
    build = _COMPOSITIONS.get(composition, _row_layout)
    return build(actors, list(props), random.Random(seed))
