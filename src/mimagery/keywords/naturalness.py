"""How natural a keyword reads: one thing to picture, said the way a person would.

Listeners call two unrelated words strung together to match the sounds "word salad"
("Far Cane Eye"), and accept one word ("Rooster"), an adjective they can see on a noun
("Pearly Frost") or a name-like pair. ``score`` estimates the raters' 1–5 naturalness
from the keyword's words alone: how many there are, their parts of speech, how common
and how concrete they are. (Relatedness, which makes "Kitten Ear" natural and "Grass
Mayo" salad, is not measured: no installable package gives it offline.) The weights
are fitted by least squares on a blind panel of the tuning terms
(``bench/panels/keywords-tuning``, ``bench/naturalness.py``), never on held-out terms.
"""

from __future__ import annotations

from mimagery.keywords import lexicon

FEATURES = (
    "one word",
    "three or more words",
    "adjective + noun",
    "noun + noun",
    "rarest word's zipf",
    "least concrete word",
    "a known two-word picture",
)

#: Two things joined by a small word into one scene: the raters' mean naturalness of the
#: joined keywords the search allows, on tuning panel seven
#: (``bench/panels/keywords-tuning7``): a thing in or on a place ("Boy in a Sea", "Ant in
#: a Bottle") reads as one scene; a person's thing ("Nanny's Deck", "Soldier's Lair")
#: nearly, and a gathering ("Herd of Canes") less.
JOINED = {"in": 4.3, "on": 4.3, "of": 3.0, "'s": 3.8}
#: The small words that join two things (``search.GLUE``).
JOINING = frozenset({"of", "on", "in", "a", "an"})

# Fitted on bench/panels/keywords-tuning (see the module's docstring).
INTERCEPT = 0.52
WEIGHTS = (2.30, -0.79, 0.39, -0.29, 0.24, 0.26, 2.12)


def features_of(entries: list[lexicon.Word | None]) -> list[float]:
    """The features ``score`` weighs (``FEATURES``), for a keyword's words (None: a term
    word kept as it is, outside the lexicon)."""
    count = sum(2 if e is not None and " " in e.text else 1 for e in entries)
    known = [e for e in entries if e is not None]
    first, last = entries[0], entries[-1]
    adjective_noun = (
        len(entries) == 2
        and first is not None
        and last is not None
        and first.is_adjective
        and last.is_noun
    )
    noun_noun = (
        len(entries) == 2
        and not adjective_noun
        and first is not None
        and last is not None
        and first.is_noun
        and last.is_noun
    )
    rarest = min((e.zipf for e in known), default=4.0)
    least_concrete = min((e.concreteness for e in known), default=4.0)
    expression = len(entries) == 1 and first is not None and " " in first.text
    return [
        float(count == 1),
        float(count >= 3),
        float(adjective_noun),
        float(noun_noun),
        max(2.0, min(6.0, rarest)),
        least_concrete,
        float(expression),
    ]


def entries(keyword: str) -> list[lexicon.Word | None]:
    """A keyword's words in the lexicon (a two-word expression as one; None: unknown)."""
    lex = lexicon.load()
    words = keyword.split()
    found: list[lexicon.Word | None] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2]).lower() if i + 1 < len(words) else ""
        expression = lex.get(pair) if pair else None
        if expression is not None:
            found.append(expression)
            i += 2
            continue
        found.append(lex.get(lexicon.letters(words[i])))
        i += 1
    return found


def features(keyword: str) -> list[float]:
    """``features_of`` a keyword given as text (its words looked up in the lexicon)."""
    return features_of(entries(keyword))


def score_of(entries: list[lexicon.Word | None]) -> float:
    """The estimated naturalness (about 1–5) of a keyword's words."""
    values = features_of(entries)
    return INTERCEPT + sum(w * v for w, v in zip(WEIGHTS, values, strict=True))


def score(keyword: str) -> float:
    """``score_of`` a keyword given as text; two things joined by a small word as
    ``JOINED`` says."""
    words = keyword.split()
    if len(words) >= 2 and words[0].endswith("'s"):
        return JOINED["'s"]
    small = [w.lower() for w in words[1:-1] if w.lower() in JOINING]
    if small:
        return JOINED.get(small[0], JOINED["of"])
    return score_of(entries(keyword))


def joined(glue: str) -> float:
    """The estimated naturalness of two things joined by ``glue`` ("on a", "'s")."""
    return JOINED[glue.split()[0]]
