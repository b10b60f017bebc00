"""mimagery's own JSON format: the whole deck, nothing lost.

Schema (stable; new optional keys may be added, unknown keys are ignored)::

    {
      "deck": "Spanish verbs",
      "language": "es",
      "terms": [
        {
          "term": "Epoch",
          "aliases": ["era"],
          "definition": "One full pass over the training data.",
          "mimages": [
            {
              "keyword": "Epic Hawk",
              "scene": "An epic hawk circles the data once per lap.",
              "origin": "imported",
              "complete": true,
              "picture": "pictures/epoch.png",
              "chosen": true
            }
          ]
        }
      ]
    }

Required: the top-level object, ``terms`` (a list), each term's ``term`` (a
non-blank string) and each mimage's ``keyword`` (a string, may be empty).
Optional, with defaults: ``deck`` (""), ``language`` ("en": an ISO 639-1 code of
``mimagery.languages``, an unknown one refused), ``aliases`` ([]), ``definition`` (""),
``mimages`` ([]), ``scene`` (""), ``origin`` ("imported"; else "generated" or
"user"), ``complete`` (true), ``picture`` (null: no picture; else a path
relative to the data directory, or absolute) and ``chosen`` (false; when no
mimage of a term is chosen the first complete one is, see
``model.normalise``). Every text is passed through ``model.clean``.

Word lists as people write them in JSON are read too: an object of words and their
meanings (``{"gato": "cat", "perro": "dog"}``), and a list of ``["gato", "cat"]`` pairs
or of term objects; a term object may say ``word`` for ``term`` and ``meaning`` or
``translation`` for ``definition``.

The writer emits exactly ``json.dumps(..., ensure_ascii=False, indent=2)``
plus a newline, terms in deck order, every key present and the chosen mimage
flagged. It assembles the text itself because the indenting encoder of the
standard library is pure Python and too slow for big decks.
"""

from __future__ import annotations

import json
import unicodedata
from json.encoder import encode_basestring
from typing import Any

from mimagery import languages
from mimagery.errors import MimageryError
from mimagery.formats.report import Line
from mimagery.model import ORIGINS, Deck, Mimage, Origin, Term, clean, key, no_gc

_TYPE_NAMES = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    type(None): "null",
}

# The fast paths' default for a missing list: shared, so never mutated.
_NO_LIST: list[Any] = []

# Where a value sits, e.g. ("terms", 3, "definition"). Kept as a tuple and
# only formatted for an error message, because formatting the place of every
# value up front cost a good part of the time to read a big deck.
_Place = tuple[str | int, ...]


def _where(place: _Place) -> str:
    """``("terms", 3, "definition")`` as ``terms[3].definition``."""
    out = ""
    for part in place:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _kind(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _clean(text: str) -> str:
    """model.clean, skipping the work for text that is already clean.

    Printable text holds none of the characters clean removes, so for NFC
    printable text clean comes down to strip; most glossary text is like that.
    """
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        return text.strip()
    return clean(text)


def _text(value: object, place: _Place) -> str:
    if isinstance(value, str):
        return _clean(value)
    raise MimageryError(f"{_where(place)} must be a string, not {_kind(value)}")


def _flag(value: object, place: _Place) -> bool:
    if isinstance(value, bool):
        return value
    raise MimageryError(f"{_where(place)} must be true or false, not {_kind(value)}")


def _list(value: object, place: _Place) -> list[Any]:
    if isinstance(value, list):
        return value
    raise MimageryError(f"{_where(place)} must be a list, not {_kind(value)}")


def _object(value: object, place: _Place) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise MimageryError(f"{_where(place)} must be an object, not {_kind(value)}")


# Maps each origin to itself, typed: a dict lookup both checks and narrows.
_ORIGINS: dict[object, Origin] = {origin: origin for origin in ORIGINS}


def _origin(value: object, place: _Place) -> Origin:
    if isinstance(value, str) and value in _ORIGINS:
        return _ORIGINS[value]
    given = repr(value) if isinstance(value, str) else _kind(value)
    raise MimageryError(f"{_where(place)} must be one of {', '.join(ORIGINS)}, not {given}")


def _mimage(raw: object, t: int, m: int) -> Mimage:
    # The common case, every value of the right type, checked in one go:
    # a checker call per field is measurably slower on a big deck.
    if type(raw) is dict:
        keyword = raw.get("keyword")
        scene = raw.get("scene", "")
        origin = raw.get("origin", "imported")
        complete = raw.get("complete", True)
        picture = raw.get("picture")
        chosen = raw.get("chosen", False)
        if (
            type(keyword) is str
            and type(scene) is str
            and type(complete) is bool
            and type(chosen) is bool
            and (picture is None or type(picture) is str)
            and type(origin) is str
            and origin in _ORIGINS
        ):
            return Mimage(
                _clean(keyword),
                _clean(scene),
                _ORIGINS[origin],
                complete,
                # A blank picture is no picture, like null.
                _clean(picture) or None if picture is not None else None,
                chosen,
            )
    return _checked_mimage(raw, t, m)


def _checked_mimage(raw: object, t: int, m: int) -> Mimage:
    """A mimage checked field by field, to name the first wrong one."""
    data = _object(raw, ("terms", t, "mimages", m))
    if "keyword" not in data:
        raise MimageryError(f"{_where(('terms', t, 'mimages', m, 'keyword'))} is missing")
    picture = data.get("picture")
    if picture is not None:
        picture = _text(picture, ("terms", t, "mimages", m, "picture")) or None
    return Mimage(
        keyword=_text(data["keyword"], ("terms", t, "mimages", m, "keyword")),
        scene=_text(data.get("scene", ""), ("terms", t, "mimages", m, "scene")),
        origin=_origin(data.get("origin", "imported"), ("terms", t, "mimages", m, "origin")),
        complete=_flag(data.get("complete", True), ("terms", t, "mimages", m, "complete")),
        picture=picture,
        chosen=_flag(data.get("chosen", False), ("terms", t, "mimages", m, "chosen")),
    )


def _term(raw: object, t: int) -> Term:
    # Fast path as for mimages; _checked_term names what is wrong.
    if type(raw) is dict:
        name = raw.get("term")
        aliases = raw.get("aliases", _NO_LIST)
        definition = raw.get("definition", "")
        mimages = raw.get("mimages", _NO_LIST)
        if (
            type(name) is str
            and type(aliases) is list
            and type(definition) is str
            and type(mimages) is list
            and all(type(alias) is str for alias in aliases)
        ):
            name = _clean(name)
            if name:
                return Term(
                    name,
                    _clean(definition),
                    # Blank aliases carry nothing; dropping them is kinder than failing.
                    [alias for alias in map(_clean, aliases) if alias],
                    [_mimage(mimage, t, m) for m, mimage in enumerate(mimages)],
                )
    return _checked_term(raw, t)


# A word list's names for a term object's fields.
_TERM_KEYS = ("word",)
_DEFINITION_KEYS = ("meaning", "translation")


def _checked_term(raw: object, t: int) -> Term:
    """A term checked field by field, to name the first wrong one."""
    data = _object(raw, ("terms", t))
    if "term" not in data:
        data = _renamed(data)
    if "term" not in data:
        raise MimageryError(f"terms[{t}].term is missing")
    name = _text(data["term"], ("terms", t, "term"))
    if not name:
        raise MimageryError(f"terms[{t}].term is blank")
    aliases = [
        _text(alias, ("terms", t, "aliases", a))
        for a, alias in enumerate(_list(data.get("aliases", []), ("terms", t, "aliases")))
    ]
    return Term(
        name=name,
        definition=_text(data.get("definition", ""), ("terms", t, "definition")),
        aliases=[alias for alias in aliases if alias],
        mimages=[
            _mimage(mimage, t, m)
            for m, mimage in enumerate(_list(data.get("mimages", []), ("terms", t, "mimages")))
        ],
    )


def _renamed(data: dict[str, Any]) -> dict[str, Any]:
    """A word list's term object (``{"word": …, "meaning": …}``) with mimagery's keys."""
    renamed = dict(data)
    for wanted, names in (("term", _TERM_KEYS), ("definition", _DEFINITION_KEYS)):
        if wanted not in renamed:
            found = next((name for name in names if name in renamed), None)
            if found is not None:
                renamed[wanted] = renamed.pop(found)
    return renamed


def _pair(raw: object, t: int) -> object:
    """A ``["gato", "cat"]`` pair of a word list as a term object; anything else as it is."""
    if type(raw) is list and 1 <= len(raw) <= 2 and all(type(v) is str for v in raw):
        return {"term": raw[0], "definition": raw[1] if len(raw) > 1 else ""}
    if type(raw) is list:
        raise MimageryError(f"[{t}] must be a word and its meaning, or an object")
    return raw


def _word_list(data: dict[str, Any]) -> bool:
    """An object of words and their meanings, rather than a deck missing its terms."""
    return (
        bool(data)
        and "deck" not in data
        and "language" not in data
        and all(type(value) is str for value in data.values())
    )


def read(text: str, sources: dict[str, Line] | None = None) -> Deck:
    """Parse mimagery JSON (or a word list in JSON) into a deck, validating every field.

    ``sources``, when given, takes where each term is (``terms[3]``), by ``model.key`` of
    its name, for messages about the term later. Raises MimageryError with the line and
    column of a syntax error, or the place of a wrong or missing value
    (``terms[3].definition must be a string``) or an unknown language.
    """
    with no_gc():
        deck, places = _read(text)
    if sources is not None:
        for term, place in zip(deck.terms, places, strict=True):
            sources.setdefault(key(term.name), Line(0, term.name, place=place))
    return deck


def _read(text: str) -> tuple[Deck, list[str]]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise MimageryError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except ValueError as exc:  # e.g. an integer too long to convert
        raise MimageryError(f"invalid JSON: {exc}") from exc
    except RecursionError as exc:
        raise MimageryError("invalid JSON: nested too deeply") from exc
    if isinstance(data, list) and data:  # a word list: pairs or term objects
        terms = [_term(_pair(raw, t), t) for t, raw in enumerate(data)]
        return Deck("", terms), [f"[{t}]" for t in range(len(terms))]
    if not isinstance(data, dict):
        raise MimageryError(
            f'the JSON top level must be an object with "deck" and "terms", not {_kind(data)}'
        )
    if "terms" not in data and _word_list(data):
        terms = [Term(_clean(word), _clean(meaning)) for word, meaning in data.items()]
        blank = next((word for word, term in zip(data, terms, strict=True) if not term.name), None)
        if blank is not None:
            raise MimageryError(f"the word {blank!r} is blank")
        return Deck("", terms), [f"the word {word!r}" for word in data]
    if "terms" not in data:
        raise MimageryError('terms is missing: not a mimagery JSON deck (expected "terms": [...])')
    name = _text(data.get("deck", ""), ("deck",))
    language = languages.get(_text(data.get("language", "en"), ("language",))).code
    terms = [_term(term, t) for t, term in enumerate(_list(data["terms"], ("terms",)))]
    return Deck(name, terms, language=language), [f"terms[{t}]" for t in range(len(terms))]


def _flag_text(flag: bool) -> str:
    return "true" if flag else "false"


def _mimage_lines(mimage: Mimage, chosen: bool) -> str:
    picture = "null" if mimage.picture is None else encode_basestring(mimage.picture)
    return (
        "        {\n"
        f'          "keyword": {encode_basestring(mimage.keyword)},\n'
        f'          "scene": {encode_basestring(mimage.scene)},\n'
        f'          "origin": {encode_basestring(mimage.origin)},\n'
        f'          "complete": {_flag_text(mimage.complete)},\n'
        f'          "picture": {picture},\n'
        f'          "chosen": {_flag_text(chosen)}\n'
        "        }"
    )


def _term_lines(term: Term) -> str:
    if term.aliases:
        aliases = (
            "[\n"
            + ",\n".join(f"        {encode_basestring(alias)}" for alias in term.aliases)
            + "\n      ]"
        )
    else:
        aliases = "[]"
    if term.mimages:
        chosen = term.chosen
        mimages = (
            "[\n"
            + ",\n".join(_mimage_lines(mimage, mimage is chosen) for mimage in term.mimages)
            + "\n      ]"
        )
    else:
        mimages = "[]"
    return (
        "    {\n"
        f'      "term": {encode_basestring(term.name)},\n'
        f'      "aliases": {aliases},\n'
        f'      "definition": {encode_basestring(term.definition)},\n'
        f'      "mimages": {mimages}\n'
        "    }"
    )


def write(deck: Deck) -> str:
    """Serialise a deck as mimagery JSON (indented, UTF-8 text, newline-terminated)."""
    if deck.terms:
        terms = "[\n" + ",\n".join(_term_lines(term) for term in deck.terms) + "\n  ]"
    else:
        terms = "[]"
    return (
        '{\n  "deck": '
        + encode_basestring(deck.name)
        + ',\n  "language": '
        + encode_basestring(deck.language)
        + ',\n  "terms": '
        + terms
        + "\n}\n"
    )
