"""Propose lines for ``src/mimagery/data/icon_words.txt`` from WordNet's hypernyms.

A development-time helper, never run by the package: for each lexicon noun without
an icon (concrete enough, most frequent first), it walks up WordNet's kinds from the
word's first sense and prints ``word emoji  # kind: gloss`` when it reaches a kind
that has a safe, general picture (a cobra is a snake 🐍, thyme a herb 🌿, a barge a
boat ⛵). Nothing it prints goes into the table unread: each line is checked by eye,
and a wrong kind (a "hind" is a fish in WordNet's first sense) is dropped.

WordNet comes from Debian's packages (``apt-get install wordnet-base
wordnet-sense-index``) read through NLTK, which wants the files in an NLTK data
folder::

    mkdir -p /tmp/nltk_data/corpora && cp -r /usr/share/wordnet /tmp/nltk_data/corpora/
    # NLTK also wants the list of lexicographer files, "lexnames" (see --lexnames)
    NLTK_DATA=/tmp/nltk_data python tools/propose_icon_words.py --lexnames > /dev/null
    NLTK_DATA=/tmp/nltk_data python tools/propose_icon_words.py --limit 500
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from mimagery.keywords import icons, lexicon

# General kinds with one picture that reads as any of their members.
KINDS = {
    "fish.n.01": "🐟",
    "bird.n.01": "🐦",
    "snake.n.01": "🐍",
    "lizard.n.01": "🦎",
    "dog.n.01": "🐕",
    "wolf.n.01": "🐺",
    "cat.n.01": "🐈",
    "big_cat.n.01": "🐆",
    "monkey.n.01": "🐒",
    "whale.n.02": "🐋",
    "shark.n.01": "🦈",
    "crab.n.01": "🦀",
    "spider.n.01": "🕷️",
    "beetle.n.01": "🪲",
    "butterfly.n.01": "🦋",
    "ant.n.01": "🐜",
    "bee.n.01": "🐝",
    "fly.n.01": "🪰",
    "worm.n.01": "🪱",
    "deer.n.01": "🦌",
    "horse.n.01": "🐎",
    "bovine.n.01": "🐂",
    "sheep.n.01": "🐑",
    "rodent.n.01": "🐀",
    "bear.n.01": "🐻",
    "duck.n.01": "🦆",
    "owl.n.01": "🦉",
    "hawk.n.01": "🦅",
    "parrot.n.01": "🦜",
    "frog.n.01": "🐸",
    "flower.n.01": "🌸",
    "tree.n.01": "🌳",
    "conifer.n.01": "🌲",
    "herb.n.01": "🌿",
    "grass.n.01": "🌾",
    "fungus.n.01": "🍄",
    "cheese.n.01": "🧀",
    "bread.n.01": "🍞",
    "candy.n.01": "🍬",
    "soup.n.01": "🍲",
    "liquor.n.01": "🥃",
    "wine.n.01": "🍷",
    "meat.n.01": "🥩",
    "gem.n.02": "💎",
    "boat.n.01": "⛵",
    "ship.n.01": "🚢",
    "car.n.01": "🚗",
    "aircraft.n.01": "✈️",
    "gun.n.01": "🔫",
    "knife.n.01": "🔪",
    "hat.n.01": "🎩",
    "trouser.n.01": "👖",
    "house.n.01": "🏠",
    "island.n.01": "🏝️",
    "hill.n.01": "⛰️",
}
# Senses whose kinds are things to draw (not people, acts or ideas).
LEXNAMES = ("noun.animal", "noun.plant", "noun.food", "noun.artifact", "noun.object")

# NLTK's WordNet reader needs this list, which Debian's packages do not ship.
_LEXNAMES_FILE = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact
noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling noun.food
noun.group noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant
noun.possession noun.process noun.quantity noun.relation noun.shape noun.state noun.substance
noun.time verb.body verb.change verb.cognition verb.communication verb.competition
verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception
verb.possession verb.social verb.stative verb.weather adj.ppl"""


def write_lexnames() -> Path:
    """Write NLTK's "lexnames" file into the WordNet folder under $NLTK_DATA."""
    folder = Path(os.environ.get("NLTK_DATA", "nltk_data")) / "corpora" / "wordnet"
    kinds = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
    lines = [
        f"{number:02d}\t{name}\t{kinds[name.split('.')[0]]}"
        for number, name in enumerate(_LEXNAMES_FILE.split())
    ]
    path = folder / "lexnames"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def proposals(limit: int, min_concreteness: float) -> list[str]:
    """Table lines for the most frequent lexicon nouns without an icon."""
    from nltk.corpus import wordnet

    nouns = [
        word
        for word in lexicon.load()
        if word.is_noun
        and word.text == word.lemma
        and " " not in word.text
        and word.concreteness >= min_concreteness
        and not icons.has_icon(word.text)
    ]
    nouns.sort(key=lambda word: -word.zipf)
    lines: list[str] = []
    for word in nouns:
        senses = wordnet.synsets(word.text, "n")
        if not senses or senses[0].lexname() not in LEXNAMES:
            continue
        sense = senses[0]
        for path in sense.hypernym_paths():
            kind = next((node for node in reversed(path) if node.name() in KINDS), None)
            if kind is not None:
                name = kind.name().split(".")[0]
                lines.append(f"{word.text} {KINDS[kind.name()]}  # {name}: {sense.definition()}")
                break
        if len(lines) >= limit:
            break
    return lines


def main() -> None:
    """Print proposed table lines, to be checked by eye."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="how many lines to propose")
    parser.add_argument("--concreteness", type=float, default=3.5, help="the lowest rating")
    parser.add_argument("--lexnames", action="store_true", help="write NLTK's lexnames file")
    args = parser.parse_args()
    if args.lexnames:
        print(write_lexnames())
        return
    for line in proposals(args.limit, args.concreteness):
        print(line)


if __name__ == "__main__":
    main()
