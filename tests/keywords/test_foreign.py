"""Keywords for words of other languages: eSpeak NG's IPA heard with an English ear, the
same search and sound measure, and keywords that are neither the meaning nor a cognate
that only looks like the term."""

from __future__ import annotations

import re

import pytest

from mimagery import keywords, speech
from mimagery.errors import MimageryError
from mimagery.keywords import foreign, phonetics, rules, sound


def heard(term: str, language: str, reading: int = 0) -> str:
    """One reading as ``symbol`` + stress digit per vowel, words spaced: ``pɑ1toʊ2``."""
    words = foreign.pronounce(term, language)[reading]
    return " ".join(
        "".join(
            p.symbol + (str(p.stress) if p.symbol in phonetics.VOWELS else "") for p in w.phones
        )
        for w in words
    )


@pytest.mark.parametrize(
    ("term", "language", "expected"),
    [
        # The pure vowels a, e, o are sounds of their own, which the sound measure hears
        # as their English near-twins ("pato": "pot" or "pat"); an unstressed vowel is
        # unstressed, full or not.
        ("pato", "es", "pa1to0"),
        ("mesa", "es", "me1sa0"),
        ("leche", "es", "le1t͡ʃe0"),  # "ch" is one sound
        ("perro", "es", "pe1ɹo0"),  # the trill is the English r
        ("pero", "es", "pe1ɹo0"),  # the tap is an r too: raters heard "veranda" in verano
        ("jugar", "es", "hu0ɡa1ʁ"),  # Spanish x is h; an r ending a syllable is ʁ
        ("caballo", "es", "ka0ba1jo0"),  # β is b, ʎ is "y"
        ("niño", "es", "ni1njo0"),  # ɲ is "ny"
        ("falda", "es", "fa1lda0"),  # Spanish ð is heard as d
        ("vin", "fr", "væ1n"),  # a nasal vowel is the vowel and an n
        ("lune", "fr", "ly1n"),  # front rounded y and ø are sounds of their own
        ("feu", "fr", "fø1"),
        ("sœur", "fr", "sø1ʁ"),  # œ is ø; a final r many English speakers drop
        ("livre", "fr", "li1və˞0"),  # a final r after a consonant is "-er"
        ("ich", "de", "ɪ1ʃ"),  # ç is "sh"; a lone syllable is stressed
        ("Buch", "de", "bu1x"),  # the ach-sound: k or h to an English ear
        ("Rock", "de", "ɹɒ1k"),  # open o: "rock" as either side of the Atlantic says it
        ("Käse", "de", "keɪ1zə0"),  # long ɛː is "ay"; schwa stays schwa
        ("huis", "nl", "haʊ1s"),  # œy is "ow"
        ("goed", "nl", "ɡu1t"),  # Dutch ɣ is g
        ("gatto", "it", "ɡa1to0"),  # a geminate is one sound
        ("figlio", "it", "fi1ljo0"),  # Italian ʎ is "ly"
        ("pão", "pt", "paʊ1n"),  # a nasal diphthong: "pown"
        ("leite", "pt", "leɪ1t͡ʃi0"),  # a reduced final vowel stays unstressed
        ("мыло", "ru", "mɨ1lə0"),  # ы is its own; reduced o is schwa
        ("глаз", "ru", "ɡla1s"),  # eSpeak's ɑ is the same open a
        ("люди", "ru", "lju1dɪ0"),  # a palatalised l before u: "lyoo"
        ("день", "ru", "de1n"),  # ... before e: plain
        ("el perro", "es", "e1l pe1ɹo0"),  # one spoken word per written word
    ],
)
def test_sounds_without_an_english_twin_are_mapped_by_hand(
    term: str, language: str, expected: str
) -> None:
    assert heard(term, language) == expected


def test_spanish_is_read_with_seseo_first_then_with_spains_theta() -> None:
    assert [heard("cerveza", "es", n) for n in range(2)] == ["se0ʁbe1sa0", "θe0ʁbe1θa0"]
    assert len(foreign.pronounce("pero", "es")) == 1  # no θ: one reading


def test_espeaks_language_marks_are_not_sounds() -> None:
    # eSpeak's French dictionary says "dos" (back) as the English "DOS", marked
    # "(en)dˈɒs(fr)": a fault of its dictionary we live with; the marks must not become
    # the sounds e, n, f, r.
    assert heard("dos", "fr") == "dɒ1s"
    # ... nor part of the IPA shown beside the word.
    assert speech.ipa("dos", "fr") == "dˈɒs"


def test_stress_comes_from_espeak() -> None:
    phones = [p for w in foreign.pronounce("cuchara", "es")[0] for p in w.phones]
    vowels = [p for p in phones if p.symbol in phonetics.VOWELS]
    assert [v.stress for v in vowels] == [0, 1, 0]


def test_an_unsupported_language_is_a_clean_error() -> None:
    with pytest.raises(MimageryError, match="supported are"):
        keywords.suggest("pato", language="xx")


def test_english_is_read_as_before() -> None:
    assert keywords.suggest("Epoch") == keywords.suggest("Epoch", language="en", meaning="time")


@pytest.mark.parametrize(
    ("term", "language", "keyword"),
    [
        ("flor", "es", "Floor"),
        ("vin", "fr", "Van"),
        ("lune", "fr", "Loon"),
        ("arbre", "fr", "Arbor"),
        ("Stuhl", "de", "Stool"),
        ("дом", "ru", "Dome"),
        ("линкор", "ru", "Lean Coal"),
    ],
)
def test_a_foreign_word_gets_an_english_sound_alike(term: str, language: str, keyword: str) -> None:
    found = keywords.suggest(term, language=language, limit=3)
    assert keyword in [k.keyword for k in found]


def test_the_foreign_reading_is_what_the_keyword_is_measured_against() -> None:
    top = keywords.suggest("chien", language="fr", limit=1)[0]
    assert top.term_ipa.startswith("ʃ")  # "chien" read as English is "chin"
    sound, _ = keywords.measure("chien", top.keyword, language="fr")
    assert sound == pytest.approx(top.sound)
    # Listeners of the foreign panels hear a keyword's extra sounds: "Patio" and "Potter"
    # are nearer "pato" than "Pot Hole" is.
    patio = keywords.measure("pato", "Patio", language="es")[0]
    assert patio > 0.8 and patio > keywords.measure("pato", "Pot Hole", language="es")[0] + 0.1


# The keyword is not the meaning, nor a cognate that only looks like the term ---------


def _letters(keyword: keywords.Keyword) -> list[str]:
    return [re.sub(r"[^a-z]", "", w.lower()) for w in keyword.keyword.split()]


@pytest.mark.parametrize(
    ("term", "language", "meaning", "given_away"),
    [
        ("teléfono", "es", "telephone", ("telephone", "phone")),
        ("teléfono", "es", "phone", ("telephone", "phone")),
        ("pato", "es", "duck", ("duck",)),
        ("Buch", "de", "book", ("book",)),
        ("Milch", "de", "milk", ("milk",)),
        ("main", "fr", "hand", ("hand",)),
    ],
)
def test_no_keyword_word_is_the_meaning_in_any_form(
    term: str, language: str, meaning: str, given_away: tuple[str, ...]
) -> None:
    found = keywords.suggest(term, language=language, meaning=meaning, limit=8)
    assert found
    for keyword in found:
        for word in _letters(keyword):
            assert not any(word.startswith(g) or word.endswith((g, g + "s")) for g in given_away)


def test_without_the_rule_the_meaning_would_be_offered() -> None:
    """The cases above are not empty by chance: without a meaning the give-away comes."""
    assert "Book" in [k.keyword for k in keywords.suggest("Buch", language="de", limit=8)]


def test_a_cognate_stays_only_as_a_true_sound_alike() -> None:
    # "Telephone …" looks like "teléfono" but sounds unlike it: never offered.
    for keyword in keywords.suggest("teléfono", language="es", limit=8):
        assert not any(w.startswith("telephone") for w in _letters(keyword))
    # "Floor" is spelled like "flor" and sounds just like it: it stays.
    top = keywords.suggest("flor", language="es", limit=1)[0]
    assert top.keyword == "Floor" and top.sound >= keywords.search.COGNATE_SOUND


@pytest.mark.parametrize(
    ("word", "term", "expected"),
    [
        ("Telephone", "teléfono", True),
        ("University", "universidad", True),
        ("Cart", "carta", True),
        ("Telephone Pole", "teléfono", True),
        ("Potter", "pato", False),
        ("Parrot", "perro", False),
        ("Order", "ordenador", False),
        ("Dome", "дом", False),
    ],
)
def test_cognates_are_told_by_spelling(word: str, term: str, expected: bool) -> None:
    assert rules.cognate(word, term) is expected


def test_the_meaning_words_are_the_definitions_content_words() -> None:
    assert rules.meaning_words("a duck (the bird)") == ["duck", "bird"]
    assert rules.meaning_words("to eat; to dine") == ["eat", "dine"]
    assert rules.meaning_words("") == []


def test_a_foreign_sound_is_heard_as_its_english_near_twins() -> None:
    # The pure a of "pato" is the vowel of "father", and near that of "cat"; an English
    # a (æ) and ɑ are far apart to the English measure.
    assert sound.substitution_cost("a", "ɑ") == 0.0
    assert sound.substitution_cost("a", "æ") < 0.2 < sound.substitution_cost("ɑ", "æ")
    assert sound.substitution_cost("æ", "a") == sound.substitution_cost("a", "æ")
    # A syllable-final r is an r, or nothing for those who drop theirs: cheap to leave out.
    assert sound.substitution_cost("ʁ", "ɹ") == 0.0
    assert sound.gap_cost(phonetics.Phone("ʁ")) < sound.gap_cost(phonetics.Phone("ɹ"))
    assert (
        keywords.measure("sœur", "Sir", language="fr")[0]
        > keywords.measure("sœur", "Skull", language="fr")[0]
    )


def test_no_interjection_fills_in_a_sound() -> None:
    for word in ("рука", "нога", "голова"):
        found = keywords.suggest(word, language="ru", limit=5)
        assert found and not any("Ah" in k.keyword.split() for k in found)


@pytest.mark.parametrize(
    ("term", "language", "meaning", "keyword"),
    [("mes", "nl", "knife", "Mess"), ("Hund", "de", "dog", "Hunt"), ("melk", "nl", "milk", "Melt")],
)
def test_a_foreign_word_may_take_a_less_concrete_sound_alike(
    term: str, language: str, meaning: str, keyword: str
) -> None:
    """The words people pick for these ("mess", "hunt", "melt") are rated under 4.0 for
    concreteness; a foreign word's keyword needs a new word of 3.5 (its scene brings the
    meaning's own thing), an English term's still 4.0."""
    found = keywords.suggest(term, language=language, meaning=meaning)
    assert found[0].keyword == keyword
    assert 3.5 <= found[0].picture < 4.0
    assert all(k.picture >= 3.5 for k in found)
    assert all(k.picture >= 4.0 for k in keywords.suggest("Mesh Network"))
