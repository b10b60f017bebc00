"""Which English keyword raters accept, from what the engine can measure (issue 12).

Reads every blind English keyword panel under ``bench/panels/keywords-*`` (each pair's
term, keyword and the three raters' sound, picture and naturalness), measures each
keyword as the engine does (``features``) and fits a logistic model of
*accepted* (the raters' means of sound, picture and natural all >= 3) on the tuning
panels only. Prints:

- the fit's weights;
- its discrimination (AUC) on the tuning panels, cross-validated by term (five folds),
  and on the held-out panels, never fitted on;
- the *choice* test on ``keywords-tuning`` (each of 60 terms with its top five keywords
  rated): the share of terms whose chosen keyword raters accepted when the engine's own
  rank 1 is chosen, when the model's most likely is (cross-validated by term), and the
  best possible (any of the five accepted).

Run from the repository's root: ``python bench/keyword_choice.py``.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import sys
from pathlib import Path

import numpy as np

from mimagery.keywords import lexicon, naturalness, phonetics, search, sound
from mimagery.keywords.phonetics import VOWELS, Phone

PANELS = Path(__file__).resolve().parent / "panels"
TUNING = ("keywords-tuning", "keywords-tuning2", "keywords-tuning3", "keywords-tuning4")
HELDOUT = ("keywords-heldout", "keywords-heldout2", "keywords-heldout3")


def load(name: str) -> list[dict[str, object]]:
    folder = PANELS / name
    key = list(csv.DictReader((folder / "key.tsv").open(encoding="utf-8"), delimiter="\t"))
    ratings = [
        {r["id"]: r for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")}
        for path in sorted(folder.glob("ratings_r*.tsv"))
    ]
    rows = []
    for row in key:
        number = row["id"]
        means = {
            scale: statistics.fmean(float(rated[number][scale]) for rated in ratings)
            for scale in ("sound", "picture", "natural")
        }
        rows.append(
            {
                "panel": name,
                "term": row["term"],
                "keyword": row["keyword"],
                "rank": row.get("rank", ""),
                "accepted": all(v >= 3 for v in means.values()),
                **means,
            }
        )
    return rows


FEATURES = (
    "sound",
    "picture",
    *naturalness.FEATURES,
    "syllables missing",
    "syllables extra",
)


def features_of(
    heard: float,
    term: list[Phone],
    keyword: list[Phone],
    entries: list[lexicon.Word | None],
    kept: list[bool],
) -> list[float]:
    """The model's inputs (``FEATURES``) for one keyword: its sound measure, its most
    concrete new word, the naturalness estimate's features, and how many syllables it
    lacks or adds."""
    new = [e for e, own in zip(entries, kept, strict=True) if e is not None and not own]
    picture = max((e.concreteness for e in new), default=0.0)
    term_syllables = sum(p.symbol in VOWELS for p in term)
    keyword_syllables = sum(p.symbol in VOWELS for p in keyword)
    return [
        heard,
        picture,
        *naturalness.features_of(entries),
        float(max(0, term_syllables - keyword_syllables)),
        float(max(0, keyword_syllables - term_syllables)),
    ]


def features(term: str, keyword: str) -> list[float]:
    """``features_of`` a keyword written as text, against the term's reading that it
    sounds most like."""
    heard, _ = search.measure(term, keyword)
    spoken = [p for w in phonetics.pronounce(keyword)[0] for p in w.phones]
    reading = max(
        ([p for w in r for p in w.phones] for r in phonetics.pronounce(term)),
        key=lambda phones: sound.similarity(phones, spoken),
    )
    entries = naturalness.entries(keyword)
    term_words = {lexicon.letters(w.casefold()) for w in term.split()}
    kept = [e is not None and e.text in term_words for e in entries]
    return features_of(heard, reading, spoken, entries, kept)


def auc(scores: list[float], labels: list[bool]) -> float:
    positive = [s for s, y in zip(scores, labels, strict=True) if y]
    negative = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positive or not negative:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def fit(x: np.ndarray, y: np.ndarray, ridge: float = 1.0) -> np.ndarray:
    """Logistic regression by Newton's method, an L2 ridge on all weights but the intercept."""
    design = np.hstack([np.ones((len(x), 1)), x])
    weights = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * ridge
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def predict(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.hstack([np.ones((len(x), 1)), x]) @ weights


def main() -> None:
    tuning = [row for name in TUNING for row in load(name)]
    heldout = [row for name in HELDOUT for row in load(name)]
    dropped = {int(i) for i in os.environ.get("DROP", "").split(",") if i}
    for row in tuning + heldout:
        values = features(str(row["term"]), str(row["keyword"]))
        row["x"] = [v for i, v in enumerate(values) if i not in dropped]
    names = [n for i, n in enumerate(FEATURES) if i not in dropped]
    x = np.array([row["x"] for row in tuning])
    y = np.array([float(row["accepted"]) for row in tuning])
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    weights = fit((x - mean) / spread, y)
    raw = weights[1:] / spread
    intercept = weights[0] - float(raw @ mean)
    print("weights (raw units):")
    print(f"  intercept {intercept:+.3f}")
    for name, w in zip(names, raw, strict=True):
        print(f"  {name:<28} {w:+.3f}")
    # Cross-validated by term on the tuning panels.
    terms = sorted({str(row["term"]) for row in tuning})
    random.Random(20261203).shuffle(terms)
    fold_of = {term: i % 5 for i, term in enumerate(terms)}
    predicted = np.zeros(len(tuning))
    for fold in range(5):
        train = np.array([fold_of[str(r["term"])] != fold for r in tuning])
        w = fit((x[train] - mean) / spread, y[train])
        predicted[~train] = predict(w, (x[~train] - mean) / spread)
    print(f"AUC, tuning panels, cross-validated by term: {auc(list(predicted), list(y > 0)):.3f}")
    hx = np.array([row["x"] for row in heldout])
    scores = predict(weights, (hx - mean) / spread)
    labels = [bool(row["accepted"]) for row in heldout]
    print(f"AUC, held-out panels (never fitted): {auc(list(scores), labels):.3f}")
    for feature, column in zip(names, hx.T, strict=True):
        print(f"  alone: {feature:<28} AUC {auc(list(column), labels):.3f}")
    # The choice among each term's rated top five (keywords-tuning).
    first = [r for r in tuning if r["panel"] == "keywords-tuning"]
    by_term: dict[str, list[int]] = {}
    for i, row in enumerate(tuning):
        if row["panel"] == "keywords-tuning":
            by_term.setdefault(str(row["term"]), []).append(i)
    rank_one = sum(
        any(tuning[i]["accepted"] and tuning[i]["rank"] == "1" for i in rows)
        for rows in by_term.values()
    )
    model = sum(
        bool(tuning[max(rows, key=lambda i: predicted[i])]["accepted"]) for rows in by_term.values()
    )
    best = sum(any(tuning[i]["accepted"] for i in rows) for rows in by_term.values())
    n = len(by_term)
    print(
        f"choice among the top five, {n} tuning terms ({len(first)} pairs): engine's rank 1 "
        f"{rank_one / n:.0%}, the fitted model (cross-validated) {model / n:.0%}, "
        f"best possible {best / n:.0%}"
    )
    # The same choice on each held-out panel, between the keywords rated for a term (two
    # engines' tops).
    for name in HELDOUT:
        rows = [(i, r) for i, r in enumerate(heldout) if r["panel"] == name]
        terms_here: dict[str, list[int]] = {}
        for i, row in rows:
            terms_here.setdefault(str(row["term"]), []).append(i)
        mixed = {t: v for t, v in terms_here.items() if len(v) > 1}
        chosen = sum(
            bool(heldout[max(v, key=lambda i: scores[i])]["accepted"]) for v in mixed.values()
        )
        either = sum(any(heldout[i]["accepted"] for i in v) for v in mixed.values())
        each = [sum(bool(heldout[v[k]]["accepted"]) for v in mixed.values()) for k in (0, 1)]
        print(
            f"{name}: {len(mixed)} terms with two keywords; the model's choice accepted "
            f"{chosen}, either {either}, first / second listed {each[0]} / {each[1]}"
        )


if __name__ == "__main__":
    sys.exit(main())
