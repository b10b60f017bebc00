"""What raters want of a keyword for a foreign word, beyond its sound: one word or two.

The blind foreign panels rate each keyword for sound, picture, link and overall (1-5).
For the engine's keywords this fits, by least squares, each rating on the sound measure
(``keywords.measure`` with the word's language) and whether the keyword is one word, on
the panels of the first held-out lists (the *calibration* set, as in
``bench/foreign_sound.py``), and checks the fit on the panels of the second held-out
lists (Spearman of the fitted rating with the raters' mean; never fitted on).

The fit behind ``search.FOREIGN_ONE_WORD``: raters' overall is about 1.7 x sound + 0.5
for one word, so a one-word keyword is worth about 0.3 of sound, in the search's costs
(``SOUND_WEIGHT`` 3 per unit of sound) about 0.6 once the naturalness estimate's own
preference for one word is counted.

Then, on the tuning lists (``bench/foreign/tuning-people``, people's keywords written
blind), for a few values of ``FOREIGN_ONE_WORD``: the share of top keywords that are one
word (people's: 81%), their mean sound, and how often the top keyword is the person's.

Run: ``python bench/foreign_choice.py``.
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import numpy as np

from foreign_sound import SETS, _rows
from mimagery import keywords
from mimagery.keywords import measure, search
from sound_panel import spearman

HERE = Path(__file__).resolve().parent
PEOPLE = HERE / "foreign" / "tuning-people"
CRITERIA = ("sound", "picture", "link", "overall")


def rated(panels: list[Path], lists: Path) -> list[tuple[str, str, str, list[float]]]:
    """(language, word, keyword, mean ratings a-d) of every engine keyword rated."""
    found: dict[tuple[str, str, str], list[list[float]]] = {}
    for panel in panels:
        made = {(r["language"], r["word"]): r["keyword"] for r in _rows(panel / "generated.tsv")}
        key = {r["item"]: r for r in _rows(panel / "key.tsv")}
        for path in sorted(panel.glob("ratings_r*.tsv")):
            for row in _rows(path):
                item = key[row["item"]]
                if item[row["side"]] != "generated":
                    continue
                word = (item["language"], item["word"])
                scores = [float(row[c]) for c in "abcd"]
                found.setdefault((*word, made[word]), []).append(scores)
    return [(*pair, list(np.mean(v, axis=0))) for pair, v in sorted(found.items())]


def features(language: str, word: str, keyword: str) -> list[float]:
    return [1.0, measure(word, keyword, language=language)[0], float(len(keyword.split()) == 1)]


def fit() -> None:
    (_, calibration, first), (_, check, second) = SETS
    train, test = rated(calibration, first), rated(check, second)
    x = np.array([features(*row[:3]) for row in train])
    x_check = np.array([features(*row[:3]) for row in test])
    print(f"engine keywords rated: {len(train)} calibration, {len(test)} check")
    for column, name in enumerate(CRITERIA):
        y = np.array([row[3][column] for row in train])
        y_check = [row[3][column] for row in test]
        coef, *_ = np.linalg.lstsq(x, y, rcond=None)
        alone = spearman(list(x_check[:, 1]), y_check)
        fitted = spearman(list(x_check @ coef), y_check)
        print(
            f"  {name:8} = {coef[0]:.2f} + {coef[1]:.2f} x sound + {coef[2]:.2f} x one word;"
            f" check Spearman {fitted:.3f} (sound alone {alone:.3f})"
        )


def tuning(credits: tuple[float, ...] = (0.0, 0.3, 0.6, 0.9)) -> None:
    words = [
        (path.stem, row["word"], row["meaning"], row["keyword"].casefold())
        for path in sorted(PEOPLE.glob("*.tsv"))
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")
    ]
    kept = search.FOREIGN_ONE_WORD
    try:
        for credit in credits:
            search.FOREIGN_ONE_WORD = credit
            tops = [
                found[0]
                for language, word, meaning, _ in words
                if (found := keywords.suggest(word, 1, language=language, meaning=meaning))
            ]
            one = sum(len(top.words) == 1 for top in tops) / len(tops)
            same = sum(
                top.keyword.casefold() == person
                for top, (*_, person) in zip(tops, words, strict=False)
            )
            print(
                f"  FOREIGN_ONE_WORD {credit:.1f}: one word {one:.0%}, mean sound "
                f"{statistics.fmean(t.sound for t in tops):.3f}, the person's keyword {same}"
            )
    finally:
        search.FOREIGN_ONE_WORD = kept
    people = [len(person.split()) == 1 for *_, person in words]
    print(f"  people: one word {sum(people) / len(people):.0%} of {len(words)}")


if __name__ == "__main__":
    fit()
    print(f"tuning lists ({PEOPLE.relative_to(HERE.parent)}):")
    tuning()
