"""Icon coverage of generated keywords, icon-table load time and card render time.

For the top keyword that ``keywords.suggest`` gives each term of
``bench/icon_heldout.txt`` (terms whose keywords the icon table was never widened
from), ``bench/keyword_heldout.txt``, ``bench/keyword_tuning.txt`` and the example
deck (the words a card draws: the keyword's new words, as ``mimages`` picks them),
prints:

- the share of keywords whose every *picturable* word has a real OpenMoji icon
  (goal >= 98%); a word is picturable when the concreteness norms rate it at least
  ``PICTURABLE`` (1-5) or do not rate it at all, and it is not a function word;
- the share of the keywords' words with a real icon, over all drawn words and over
  the picturable ones, with how each was found (``icons.SOURCES``);
- the share of cards with at least one icon (a keyword with no icon is all badges),
  and, for the example deck, the same counted on the SVG cards that ``mimages.make``
  draws (an icon is a nested ``<svg>``);
- the drawn words without an icon, picturable ones first (what the table lacks);
- the icon table's load time in a fresh interpreter (median of 5), ``has_icon``
  over the whole lexicon, and the median time to render one card.

Run: ``python bench/icons.py [--show]``; ``--show`` also lists every drawn word
with its icon, to check the pictures by eye.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mimagery import formats, keywords, mimages, pictures
from mimagery.keywords import icons, lexicon
from mimagery.model import Term

HERE = Path(__file__).resolve().parent
PICTURABLE = 3.5
SVG = "{http://www.w3.org/2000/svg}"


def picturable(word: str) -> bool:
    """A word a drawing should show: not a function word, not rated abstract."""
    folded = word.casefold()
    if folded in lexicon._CLOSED or not any(char.isalpha() for char in folded):
        return False
    rating = lexicon.concreteness(folded)
    return rating is None or rating >= PICTURABLE


@dataclass
class Drawn:
    """One term's top keyword and the words its card draws."""

    term: str
    keyword: str
    words: list[str]


def _names(path: Path) -> list[Term]:
    lines = path.read_text("utf-8").splitlines()
    return [Term(line.strip(), "") for line in lines if line.strip() and not line.startswith("#")]


def deck_sets() -> dict[str, list[Term]]:
    """The measured term sets: held-out, tuning, the example deck (with definitions)."""
    example = resources.files("mimagery.data").joinpath("example.txt").read_bytes()
    return {
        "icon held-out": _names(HERE / "icon_heldout.txt"),
        "held-out": _names(HERE / "keyword_heldout.txt"),
        "tuning": _names(HERE / "keyword_tuning.txt"),
        "example deck": list(formats.read(example, "pasted").terms),
    }


def top_keywords(terms: list[Term]) -> list[Drawn]:
    """Each term's top keyword and its drawn words (terms without one are left out)."""
    found = []
    for term in terms:
        suggested = keywords.suggest(term.name, limit=1, aliases=term.aliases)
        if suggested:
            top = suggested[0]
            found.append(Drawn(term.name, top.keyword, mimages._drawn_words(top)))
    return found


def report(title: str, drawn: list[Drawn], show: bool) -> dict[str, float]:
    """Print one set's figures; return them by name."""
    words = [word for item in drawn for word in item.words]
    pictured = [word for word in words if picturable(word)]
    has = {word: icons.has_icon(word) for word in words}
    complete = sum(all(has[w] for w in item.words if picturable(w)) for item in drawn)
    with_icon = sum(any(has[w] for w in item.words) for item in drawn)
    figures = {
        "keywords complete": complete / len(drawn),
        "words": sum(has[w] for w in words) / len(words),
        "picturable words": sum(has[w] for w in pictured) / max(1, len(pictured)),
        "cards with an icon": with_icon / len(drawn),
    }
    print(f"{title}: {len(drawn)} top keywords, {len(words)} drawn words")
    print(
        f"    keywords whose every picturable word has an icon: {complete}/{len(drawn)} = "
        f"{figures['keywords complete']:.1%}  (goal >= 98%)"
    )
    print(
        f"    drawn words with an icon: {figures['words']:.1%}; picturable ones "
        f"(concreteness >= {PICTURABLE} or unrated): {figures['picturable words']:.1%} "
        f"of {len(pictured)}"
    )
    print(
        f"    cards with at least one icon: {with_icon}/{len(drawn)} = "
        f"{figures['cards with an icon']:.1%}  (goal >= 95%)"
    )
    by_source = collections.Counter(
        found.how for word in words if (found := icons.find(word)) is not None
    )
    print("    found by: " + ", ".join(f"{how} {by_source[how]}" for how in icons.SOURCES))
    missing = sorted({w.lower() for w in words if not has[w]}, key=lambda w: not picturable(w))
    shown = [f"{w}{'' if picturable(w) else '°'}" for w in missing]
    print(f"    without an icon (° not picturable): {' '.join(shown) or '-'}")
    if show:
        for item in drawn:
            pairs = []
            for word in item.words:
                found = icons.find(word)
                pairs.append(f"{word}={found.emoji} {found.name}" if found else f"{word}=[badge]")
            print(f"      {item.term:28} {item.keyword:24} {'; '.join(pairs)}")
    return figures


def example_cards(terms: list[Term]) -> None:
    """The example deck's real cards: how many draw at least one icon (nested SVG)."""
    cards = [made.svg for term in terms if (made := mimages.make(term)) is not None]
    drawn = sum(bool(ET.fromstring(svg).findall(f"{SVG}svg")) for svg in cards)
    print(f"example deck, SVG cards as generated: {drawn}/{len(cards)} draw at least one icon")


def load_time() -> None:
    """The table's load in a fresh interpreter, then ``has_icon`` over the lexicon."""
    code = (
        "import time; from mimagery.keywords import lexicon; lexicon.is_blocked('x');"
        "t = time.perf_counter(); from mimagery.keywords import icons; icons.load();"
        "print(time.perf_counter() - t)"
    )
    runs = []
    for _ in range(5):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"error: the load-time run failed:\n{done.stderr}")
        runs.append(float(done.stdout))
    print(f"Icon table: import + load {statistics.median(runs) * 1000:.1f} ms (median of 5)")
    words = [word.text for word in lexicon.load()]
    start = time.perf_counter()
    hits = sum(icons.has_icon(word) for word in words)
    elapsed = time.perf_counter() - start
    print(
        f"has_icon over the lexicon: {len(words)} words in {elapsed * 1000:.0f} ms "
        f"({elapsed / len(words) * 1e6:.1f} µs each), {hits} with an icon"
    )


def render_time(drawn: list[Drawn]) -> None:
    """The median time to draw one card."""
    times = []
    for item in drawn:
        start = time.perf_counter()
        pictures.render_card(item.term, item.keyword, item.words, "a short caption")
        times.append(time.perf_counter() - start)
    print(f"render_card: median {statistics.median(times) * 1000:.2f} ms over {len(times)} cards")


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every drawn word's icon")
    args = parser.parse_args()
    sets = deck_sets()
    everything: list[Drawn] = []
    for title, terms in sets.items():
        drawn = top_keywords(terms)
        everything.extend(drawn)
        report(title, drawn, args.show)
        print()
    report("all four sets", everything, show=False)
    example_cards(sets["example deck"])
    print()
    load_time()
    render_time(everything)


if __name__ == "__main__":
    main()
