"""How well `sound` agrees with every English keyword panel's listeners (Spearman).

Each `bench/panels/keywords-*` folder holds (term, keyword) pairs rated 1-5 for sound by
three blind raters (`pairs.tsv`, `ratings_r*.tsv`); with the shared panel and our own
(`bench/sound_panel.py`) they are 13 panels and about 1,800 ratings. The measure's
r-colour and missing-syllable costs were chosen on the tuning panels and the shared one
("tune") and checked on the held-out panels and our own ("check"), which they never saw.

    python bench/sound_pooled.py
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

from keyword_panel import rated
from mimagery.keywords import measure
from sound_panel import PANELS, spearman

HERE = Path(__file__).resolve().parent
TUNE = ("keywords-tuning", "shared")  # panel names starting so are tuning panels


def panels() -> dict[str, list[tuple[str, str, float]]]:
    """Panel name -> (term, keyword, listeners' mean sound) for every rated pair."""
    found: dict[str, list[tuple[str, str, float]]] = {}
    for folder in sorted((HERE / "panels").glob("keywords-*")):
        raters = len(list(folder.glob("ratings_r*.tsv")))
        if not (folder / "pairs.tsv").is_file() or raters < 3:
            continue
        ratings = rated(folder)
        rows = csv.DictReader((folder / "pairs.tsv").open(encoding="utf-8"), delimiter="\t")
        found[folder.name] = [
            (row["term"], row["keyword"], statistics.fmean(float(r["sound"]) for r in mine))
            for row in rows
            if len(mine := ratings.get(row["id"], [])) == raters
        ]
    for name, path in PANELS.items():
        rows = csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")
        key = "shared" if name.startswith("shared") else "own"
        found[key] = [(row["term"], row["keyword"], float(row["mean"])) for row in rows]
    return found


def main() -> None:
    parts: dict[str, list[float]] = {"tune": [], "check": []}
    for name, rows in panels().items():
        ours = [measure(term, keyword)[0] for term, keyword, _ in rows]
        agreement = spearman(ours, [mean for _, _, mean in rows])
        part = "tune" if name.startswith(TUNE) else "check"
        parts[part].append(agreement)
        print(f"{name:24} {part:5} n={len(rows):3}  Spearman {agreement:.3f}")
    for part, values in parts.items():
        print(f"{part}: mean Spearman over {len(values)} panels {statistics.fmean(values):.3f}")


if __name__ == "__main__":
    main()
