"""A glossary checked against its deck's language, once the import knows the language.

A word of a Russian deck is written in Cyrillic, a word of a Spanish one in Latin letters
Spanish uses (``scripts.foreign``), and a word list gives each word its meaning. A term
that is not such a word (a Latin "dog" among Russian words, a Cyrillic one in a Spanish
list, a German "Mädchen" among Spanish words, "perro –" with its meaning left out) is left
out, and the read report lists it as a skipped line saying why, so an import stores the
rest and ``import --strict`` refuses the whole file. English decks are glossaries as often
as word lists: there a term may have no definition (a mimage brings it), and only
another language's script (Cyrillic) is out of place.

When most of the words do not fit, the language itself is likely wrong (a Spanish list
imported with ``--lang ru``): the import is refused in one line rather than skipping most
of the file.
"""

from __future__ import annotations

from mimagery import languages, scripts
from mimagery.errors import MimageryError
from mimagery.formats.report import Line, ReadReport
from mimagery.languages import Language
from mimagery.model import Deck, Term, key

#: Problems a refusal names; the rest are counted.
_NAMED = 3


def _problem(term: Term, language: Language) -> tuple[str, bool]:
    """What is wrong with a term in a deck of ``language`` ("" when nothing), and whether
    it is the word's script or alphabet (rather than its missing meaning)."""
    why = scripts.foreign(term.name, language)
    if why:
        if why.startswith(("a ", "an ")) and why.endswith(" word"):  # "a Latin word"
            article = "an" if language.name[0] in "AEIOU" else "a"
            why += f" in {article} {language.name} deck"
        return why, True
    if language.code != languages.DEFAULT and not term.definition and not term.mimages:
        return "a word without its meaning", False
    return "", False


def _line(term: Term, report: ReadReport, why: str) -> Line:
    source = report.sources.get(key(term.name))
    if source is None:
        return Line(0, term.name, why, place=f"the term {term.name!r}")
    return Line(source.number, source.text, why, source.place)


def _listed(lines: list[Line]) -> str:
    named = "; ".join(f"{line.where}: {line.text[:40]!r}: {line.note}" for line in lines[:_NAMED])
    more = len(lines) - _NAMED
    return named + (f"; and {more} more" if more > 0 else "")


def check(deck: Deck, report: ReadReport, language: Language) -> Deck:
    """``deck`` in ``language``, without the terms that are not words of it (each added
    to ``report.skipped`` with why).

    Raises:
        MimageryError: (one line) when most words are in another script or alphabet, or
            when no word is left to import.
    """
    kept: list[Term] = []
    foreign: list[Line] = []
    skipped: list[Line] = []
    for term in deck.terms:
        why, alien = _problem(term, language)
        if not why:
            kept.append(term)
            continue
        line = _line(term, report, why)
        skipped.append(line)
        if alien:
            foreign.append(line)
    if len(foreign) >= 2 and len(foreign) * 2 > len(deck.terms):
        raise MimageryError(
            f"{len(foreign)} of {len(deck.terms)} words are not {language.name} "
            f"({_listed(foreign)}): choose the language they are in (--lang CODE)"
        )
    if skipped and not kept:
        raise MimageryError(f"no word to import: {_listed(skipped)}")
    if skipped:
        report.skipped = sorted([*report.skipped, *skipped], key=lambda line: line.number)
    return Deck(deck.name, kept, deck.left_out, language.code)
