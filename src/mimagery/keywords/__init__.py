"""Sound-alike, picturable keywords for a term: ``suggest(term)``.

The pieces, each a module of its own, in the order the data flows:

- ``phonetics``: how a term is said (CMUdict, gruut for unknown words, acronyms);
- ``lexicon``: the candidate English words with their pronunciation, frequency,
  concreteness and parts of speech, built once from installed packages;
- ``sound``: how alike two pronunciations sound, as listeners hear them (checked against
  listening panels); the search's phone costs;
- ``icons``: which OpenMoji icon pictures a word;
- ``rules``: what a keyword word may be (not the term again, not abstract, its shape);
- ``index``: the lexicon as arrays for the search, with each word's prior cost;
- ``search``: the search itself, which joins words into keyword phrases.

``suggest`` and ``measure`` are the entry points; the rest is for the search.
"""

from __future__ import annotations

from mimagery.keywords.search import MAX_WORDS, PICTURABLE, Keyword, measure, suggest

__all__ = ["MAX_WORDS", "PICTURABLE", "Keyword", "measure", "suggest"]
