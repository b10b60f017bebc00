"""Two things doing something together: the keyword's thing and a meaning's thing.

The keyword method pairs a keyword's picture with the meaning's ("pato", duck, keyword
"Pot": a duck sitting in a pot). ``meaning_of`` reads the thing a short definition names,
``pairing`` chooses what the two do by what they are (``icons.kind``: an animal can chase
or ride, a pot can hold something, food can be eaten) and a few hand-written lists
(containers, seats); ``frame`` gives the hand-written frames of the meanings learners meet
most (``data/meaning_frames.txt``). ``translation`` writes a foreign word's scene from
them, and ``composer`` a glossary term's when the term is a thing to draw
(``thing_scene``: a knot and a "Beau Line").
"""

from __future__ import annotations

import functools
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from mimagery.keywords import icons, lexicon
from mimagery.scenes import actors
from mimagery.scenes.actors import _plural_verb, _quote
from mimagery.text import plain

#: A meaning is named in at most this many words.
MEANING_WORDS = 4
#: A meaning has at most this many frames in ``data/meaning_frames.txt``.
MAX_FRAMES = 4

# Things that hold another: a duck sits *in* them.
CONTAINERS = frozenset(
    """pot pan bowl cup mug jar box bag basket bucket cart wagon boat canoe car truck van
    bus tub bathtub sink barrel can crate nest hat boot shoe sock pocket purse backpack
    suitcase drawer oven fridge teapot kettle vase glass bottle cage tent house hut igloo
    castle barn shed garage pool pond well cave hole sack envelope cradle chest trunk
    closet cupboard bin mailbox locker wheelbarrow tractor taxi train tram rocket plane
    ship shopping cart coffin bath bed""".split()
)
# Things one sits or stands on.
SEATS = frozenset(
    "chair bench sofa couch stool throne bed table desk saddle bike bicycle horse".split()
)
NOUN_FIRST = 4.5  # concreteness from which a word that is both is pictured as a noun
# Colours are nouns too ("a red"), but a translation "red" means the adjective.
COLOURS = frozenset(
    "red blue green yellow black white brown grey gray pink purple orange golden".split()
)
_ANIMATE = frozenset({"animal", "person"})
_SMALL = frozenset({"food", "dishware", "clothing", "object", "plant", "body", ""})


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a translation names: its words as written ("duck", "to eat"), the word the
    picture shows ("duck", "eat") and its part of speech ("noun", "verb", "adjective")."""

    text: str
    word: str
    part: str


_ARTICLES = re.compile(r"^(?:a|an|the|some)\s+", re.IGNORECASE)
_TO = re.compile(r"^to\s+", re.IGNORECASE)


def meaning_of(definition: str) -> Meaning | None:
    """The meaning a translation names, from its first alternative ("a duck; drake" →
    duck, "to eat (food)" → eat); None when the definition is empty or too long to be a
    translation (more than :data:`MEANING_WORDS` words)."""
    text = plain(definition)
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)
    first = re.split(r"[;,/:.!?]|\s+or\s+", text, maxsplit=1)[0]
    first = " ".join(first.split())
    verb = bool(_TO.match(first))
    article = bool(_ARTICLES.match(first))
    first = _TO.sub("", _ARTICLES.sub("", first)).strip(" '\"-")
    words = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", first)
    if not words or len(words) > MEANING_WORDS:
        return None
    phrase = " ".join(words)
    pictured = [w for w in words if icons.has_icon(w)]
    # A verb is its first word ("to look for" is looking); a noun phrase its last
    # pictured one ("ice cream", "a pair of shoes").
    word = words[0] if verb else pictured[-1] if pictured else words[-1]
    entry = lexicon.load().get(word)
    if verb:
        part = "verb"
    elif word.lower() in COLOURS or (
        # A bare one-word translation that can be an adjective is one ("cold", "fast"),
        # unless as a noun it is a thing to picture ("orange" the fruit).
        entry is not None
        and entry.is_adjective
        and (
            not entry.is_noun
            or (len(words) == 1 and not article and entry.concreteness < NOUN_FIRST)
        )
    ):
        part = "adjective"
    else:
        part = "noun"
    text = f"to {phrase}" if verb else phrase
    return Meaning(text, word.lower() if word.islower() or len(word) > 1 else word, part)


@dataclass(frozen=True, slots=True)
class Pairing:
    """What the two things do together: ``relation`` (an id), the picture's
    ``composition`` (one of ``pictures.layouts.PAIRS``) and the sentences it can be
    written as (``{m}`` the meaning's thing, ``{k}`` the keyword's, verbs marked ``~``
    agree with the first thing, ``{its}`` is its pronoun)."""

    relation: str
    composition: str
    wordings: tuple[str, ...]
    #: A pairing that only these two things can have (a duck in a pot, a dog chasing a
    #: hat) is chosen twice as often as one any two things can (tied, glued, behind).
    weight: int = 2


def _pairings(meaning_kind: str, keyword_kind: str, meaning: str, keyword: str) -> list[Pairing]:
    """Every pairing that suits the two things, in a fixed order."""
    found: list[Pairing] = []
    m_alive, k_alive = meaning_kind in _ANIMATE, keyword_kind in _ANIMATE
    k_holds = keyword in CONTAINERS or keyword_kind == "vehicle"
    m_holds = meaning in CONTAINERS or meaning_kind in ("place", "vehicle")
    m_place = meaning_kind == "place"
    if k_holds and not m_place and meaning_kind != "sky":
        found.append(
            Pairing(
                "in",
                "pair-holds",
                (
                    "{m} ~sits in {k}, only {its} top sticking out",
                    "{m} ~has climbed into {k} and ~will not come out",
                ),
                4,  # what a container is for
            )
        )
    if m_holds and keyword_kind not in ("place", "sky"):
        found.append(
            Pairing(
                "holds",
                "pair-held",
                ("{k} ~is stuck inside {m}", "someone has squeezed {k} into {m}"),
            )
        )
    if meaning_kind == "sky":
        found.append(
            Pairing(
                "sky",
                "pair-on",
                ("{m} ~hangs right over {k} all day", "{m} ~comes down on {k} and nothing else"),
            )
        )
    if m_alive and (keyword in SEATS or keyword_kind in ("vehicle", "animal")):
        found.append(Pairing("ride", "pair-on", ("{m} ~rides {k} down the street",)))
    if m_alive:
        found.append(
            Pairing(
                "chase",
                "pair-chases",
                ("{m} ~chases {k} across the floor", "{m} ~runs after {k}, faster and faster"),
            )
        )
        if keyword_kind in _SMALL or keyword in CONTAINERS:
            found.append(Pairing("wear", "pair-under", ("{m} ~wears {k} as a hat",)))
            found.append(Pairing("carry", "pair-under", ("{m} ~carries {k} on {its} back",)))
    if k_alive and not m_place and meaning_kind != "sky":
        found.append(
            Pairing("chased", "pair-chased", ("{k} ~chases {m} round and round the room",))
        )
    if meaning_kind == "food" and k_alive:
        found.append(Pairing("eaten", "pair-together", ("{k} ~gobbles up {m} in one bite",)))
    sky = meaning_kind == "sky"
    if not m_place and not sky:
        found += [
            Pairing(
                "on",
                "pair-on",
                ("{m} ~balances on top of {k}", "{m} ~sits on {k} as if it were a throne"),
                1,
            ),
            Pairing("under", "pair-under", ("{m} ~lies flat under {k}",), 1),
            Pairing("glued", "pair-together", ("{m} ~is glued fast to {k}",), 1),
            Pairing("drags", "pair-tied", ("{m} ~drags {k} along on a long chain",), 1),
            Pairing("falls", "pair-under", ("{k} ~falls from the sky onto {m}",), 1),
            Pairing("swings", "pair-under", ("{m} ~swings from {k} on a string",), 1),
            Pairing("stacked", "pair-under", ("{k} ~is piled high on top of {m}",), 1),
        ]
    if m_alive:
        found += [
            Pairing("hugs", "pair-together", ("{m} ~hugs {k} tight and ~will not let go",), 1),
            Pairing("pushes", "pair-chases", ("{m} ~pushes {k} up a steep hill",), 1),
            Pairing("kicks", "pair-chases", ("{m} ~kicks {k} across the room",), 1),
        ]
    if not m_place:
        found.append(Pairing("behind", "pair-behind", ("{m} ~peeks out from behind {k}",), 1))
    found += [
        Pairing("tied", "pair-tied", ("a rope ties {m} to {k}",), 1),
        Pairing("bounces", "pair-chased", ("{k} ~bounces off {m} again and again",), 1),
    ]
    if m_place:
        found.append(Pairing("blocks", "pair-behind", ("{k} ~blocks the way into {m}",)))
    return found


def _key(term: str, keyword: str) -> int:
    return zlib.crc32(f"{term}\x00{keyword}".casefold().encode("utf-8", "surrogatepass"))


def _lead(keyword: str) -> str:
    """The keyword word the pairing is about: its first one with an icon (the one the
    picture draws large), else its first."""
    shown = [w for w in keyword.split() if lexicon.letters(w)] or [keyword]
    return next((w for w in shown if icons.has_icon(w)), shown[0])


def pairing(term: str, definition: str, keyword: str, words: Sequence[str]) -> Pairing | None:
    """What the meaning's thing and the keyword's thing do together, or None when the
    definition names no short meaning or the meaning is a verb or an adjective (the
    keyword's thing does or is it alone). The same for the same term and keyword (its
    ``words`` do not change it, so that a card drawn again from the stored keyword
    shows the same)."""
    meaning = meaning_of(definition)
    if meaning is None or meaning.part != "noun":
        return None
    lead = _lead(keyword)
    options = _pairings(
        icons.kind(meaning.word), icons.kind(lead), meaning.word.lower(), lead.lower()
    )
    weighted = [option for option in options for _ in range(option.weight)]
    return weighted[_key(term, keyword) % len(weighted)]


@dataclass(frozen=True, slots=True)
class Frame:
    """A meaning's own frames (``data/meaning_frames.txt``): its ``word`` and ``part``
    ("noun", "verb", "adjective"), the picture's ``composition`` (one of
    ``pictures.layouts.PAIRS``) and one to four ``wordings`` (``{k}`` the keyword's thing,
    verbs marked ``~`` agree with it, ``{its}``, ``{it}`` and ``{itself}`` its pronouns).
    ``alive[i]`` says that wording ``i`` needs a living keyword thing (marked ``@`` in the
    table): for a verb or a noun it acts as only a person or an animal can ("a Bear
    drinks", never "a Rope drinks"); for an adjective it has a quality no lifeless thing
    shows at a glance ("a Laser is quiet as a mouse")."""

    word: str
    part: str
    composition: str
    wordings: tuple[str, ...]
    alive: tuple[bool, ...]

    def for_thing(self, alive: bool) -> tuple[str, ...]:
        """The wordings that suit a keyword thing that is ``alive`` or not: for a person
        or an animal doing a verb or meeting a noun's thing, the marked ones, in which it
        acts (raters liked "a Frog asks the way" and "a Vendor sells apples"); for one
        with an adjective, all (an Ostrich is not "sharp as a needle", but a bearer may
        hold it); the unmarked ones for a lifeless thing."""
        marked = tuple(w for w, only in zip(self.wordings, self.alive, strict=True) if only)
        if alive:
            return (marked if self.part != "adjective" else ()) or self.wordings
        return tuple(w for w, only in zip(self.wordings, self.alive, strict=True) if not only)


_PARTS = {"n": "noun", "v": "verb", "a": "adjective"}
_PLACEHOLDERS = re.compile(r"\{(\w+)\}")


@functools.cache
def frames() -> dict[tuple[str, str], Frame]:
    """The frames table, by (word, part of speech); the word may be a phrase ("ice
    cream", "wake up"). A malformed line is a programming error: it raises ValueError."""
    text = resources.files("mimagery.data").joinpath("meaning_frames.txt").read_text("utf-8")
    return parse_frames(text)


def parse_frames(text: str) -> dict[tuple[str, str], Frame]:
    """:func:`frames` from the table's ``text``.

    Raises:
        ValueError: for a malformed line (its number and text): not four fields, an
            unknown part of speech, no wording or more than :data:`MAX_FRAMES`, every
            wording marked ``@`` (a lifeless keyword thing would have none), an unknown
            placeholder, a wording without ``{k}`` exactly once, or a word listed twice.
    """
    table: dict[tuple[str, str], Frame] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split(" | ")]
        if len(fields) != 4 or fields[1] not in _PARTS:
            raise ValueError(f"meaning_frames.txt line {number}: {line!r}")
        word, part, composition, wordings = fields
        marked = [w.strip() for w in wordings.split(" / ") if w.strip()]
        only_alive = tuple(w.startswith("@") for w in marked)
        found = tuple(w.removeprefix("@").strip() for w in marked)
        names = {name for w in found for name in _PLACEHOLDERS.findall(w)}
        key = (word.casefold(), _PARTS[part])
        if (
            not 1 <= len(found) <= MAX_FRAMES
            or all(only_alive)  # a lifeless keyword thing needs a wording too
            or names - {"k", "its", "it", "itself"}
            or any(w.count("{k}") != 1 or "@" in w for w in found)
            or key in table
        ):
            raise ValueError(f"meaning_frames.txt line {number}: {line!r}")
        table[key] = Frame(key[0], key[1], f"pair-{composition}", found, only_alive)
    return table


def frame(meaning: Meaning) -> Frame | None:
    """The meaning's own frames, or None: looked up by its phrase ("ice cream"), then by
    its pictured word, then a noun's singular ("shoes" → shoe); a word listed under one
    other part of speech only is taken too ("a cold" → cold, the adjective)."""
    table = frames()
    phrase = _TO.sub("", meaning.text).casefold()
    words = [phrase, meaning.word.casefold()]
    if meaning.part == "noun":
        words += [_singular(w) for w in words]
    for word in words:
        found = table.get((word, meaning.part))
        if found is not None:
            return found
    for word in words:
        others = [f for part in _PARTS.values() if (f := table.get((word, part))) is not None]
        if len(others) == 1:
            return others[0]
    return None


def _singular(word: str) -> str:
    import lemminflect  # type: ignore[import-untyped]

    lemmas = lemminflect.getLemma(word, upos="NOUN")
    return lemmas[0].casefold() if lemmas else word


def act(wording: str, thing: str, plural: bool) -> str:
    """A frame's wording with the keyword's ``thing`` in it, its verbs and pronouns
    agreeing (``plural``)."""
    pronouns = (
        {"its": "their", "it": "them", "itself": "themselves"}
        if plural
        else {"its": "its", "it": "it", "itself": "itself"}
    )
    if plural:  # "{it} ~is" is a subject ("they are"); any other {it} an object ("them")
        wording = re.sub(r"\{it\}(?= ~)", "they", wording)
    text = _agree(wording, plural)
    return _PLACEHOLDERS.sub(lambda m: thing if m[1] == "k" else pronouns[m[1]], text)


def _framed(term: str, meaning: Meaning, keyword: str) -> tuple[Frame, str] | None:
    """The meaning's frame and the wording chosen for this term and keyword (one that
    suits a lifeless keyword thing unless it is a person or an animal), or None."""
    found = frame(meaning)
    if found is None:
        return None
    wordings = found.for_thing(alive(keyword))
    return found, wordings[_key(term, keyword) % len(wordings)]


def alive(keyword: str) -> bool:
    """Whether the keyword's thing, the one its picture draws large, is a person or an
    animal (``icons.kind``; or a word of ``data/person_words.txt``, for the people whose
    icon is a thing: an attorney's scales), which may act as one in a scene."""
    lead = _lead(keyword)
    if icons.kind(lead) in _ANIMATE:
        return True
    word = lexicon.letters(lead)
    entry = lexicon.load().get(word)
    persons = lexicon.persons()
    return word in persons or (entry is not None and entry.lemma in persons)


def staging(
    term: str, definition: str, keyword: str, words: Sequence[str]
) -> tuple[str, tuple[str, ...]]:
    """The picture's composition and the meaning's word, for ``pictures.render_card``
    (``composition=…, meaning=…``): a pair composition, or a row with the meaning beside
    the keyword's things for a verb or an adjective; ``("row", ())`` without a meaning."""
    meaning = meaning_of(definition)
    if meaning is None:
        return "row", ()
    framed = _framed(term, meaning, keyword)
    if framed is not None:
        return framed[0].composition, (meaning.word,)
    found = pairing(term, definition, keyword, words)
    return (found.composition if found else "pair-together"), (meaning.word,)


def _agree(text: str, plural: bool) -> str:
    """``text`` with each verb marked ``~`` in the plural when ``plural``."""
    return re.sub(r"~([A-Za-z']+)", lambda m: _plural_verb(m[1]) if plural else m[1], text)


_PLURAL_LEAD = ("two ", "three ", "a few ", "dozens of ", "a dozen ")


def _keyword_thing(
    term: str, keyword: str, words: Sequence[str], rng: random.Random
) -> tuple[str, bool]:
    """The keyword as one thing, quoted, and whether it is plural: as ``actors`` names
    it when its one thing spells the keyword ("a jar of "Mayo"", "three "Cots""), else
    the whole keyword as one odd thing ("a "Car Sock"", some "Shy Vines"")."""
    things = actors.things(term, keyword, words, rng, vivid=False)
    if len(things) == 1 and not things[0].doing:
        quoted = _quote(things[0].text, keyword)
        if not quoted.startswith(f'"{keyword}": '):
            return quoted, things[0].plural
    last = lexicon.load().get(lexicon.letters(keyword.split()[-1])) if keyword.split() else None
    plural = last is not None and bool(last.pos & lexicon.PLURAL) and not last.pos & lexicon.NOUN
    if plural:
        return f'some "{keyword}"', True
    return f'{actors._article(keyword)} "{keyword}"', False


def _action(
    term: str,
    definition: str,
    meaning: Meaning,
    keyword: str,
    words: Sequence[str],
    thing: str,
    plural_k: bool,
    rng: random.Random,
) -> tuple[str, str]:
    """What the keyword's ``thing`` and the meaning do (the action clause) and the
    relation's id: a hand-written frame, a verb done, an adjective worn, or a pairing."""
    framed = _framed(term, meaning, keyword)
    if framed is not None:
        action, relation = act(framed[1], thing, plural_k), f"frame:{framed[0].word}"
    elif meaning.part == "verb":
        verb = _ing(meaning.word)
        if alive(keyword):
            choices = (f"{thing} ~is busy {verb}", f"{thing} ~keeps {verb} all day long")
        else:  # a lifeless thing does not act: someone does it with it
            choices = (
                f"a small man is busy {verb} on top of {thing}",
                f"a girl keeps {verb} all day long, with {thing} always beside her",
            )
        action, relation = _agree(rng.choice(choices), plural_k), "does"
    elif meaning.part == "adjective":
        action = rng.choice(
            (
                f"{thing}, very {meaning.text}, ~stands out from the rest",
                f"everything about {thing} is {meaning.text}",
            )
        )
        action, relation = _agree(action, plural_k), "is"
    else:
        found = pairing(term, definition, keyword, words)
        assert found is not None
        m_thing, m_plural = _meaning_thing(meaning, rng)
        pattern = rng.choice(found.wordings)
        plural = m_plural if pattern.startswith("{m}") else plural_k
        its = "their" if plural else "its"
        action = _agree(pattern, plural).format(m=m_thing, k=thing, its=its)
        relation = found.relation
    return action, relation


def thing_scene(
    term: str, thing: str, keyword: str, words: Sequence[str], seed: int = 0
) -> str | None:
    """The action clause of a scene in which the keyword's thing and ``thing`` (a concrete
    noun that a term of any language is: "sail" for a jib) do something together, as for
    a translation; None when ``thing`` is not a noun to picture."""
    meaning = meaning_of(thing)
    if meaning is None or meaning.part != "noun":
        return None
    rng = random.Random(zlib.crc32(f"{term}\x00{seed}".encode("utf-8", "surrogatepass")))
    name = " ".join(plain(term).split())[:80] or "the word"
    shown, plural_k = _keyword_thing(name, keyword, words, rng)
    action, _ = _action(term, thing, meaning, keyword, words, shown, plural_k, rng)
    return _capital(action)


def _meaning_thing(meaning: Meaning, rng: random.Random) -> tuple[str, bool]:
    """The meaning as a thing: "a duck", "a jug of milk", "the moon" (sky and weather
    are one of a kind), "two shoes"."""
    if icons.kind(meaning.word) == "sky":
        return f"the {meaning.text}", False
    things = actors.things("", meaning.text, meaning.text.split(), rng, vivid=False)
    if not things:
        return f"{actors._article(meaning.text)} {meaning.text}", False
    return things[0].text, things[0].plural


def _ing(verb: str) -> str:
    import lemminflect  # type: ignore[import-untyped]

    forms = lemminflect.getInflection(verb, tag="VBG")
    return forms[0] if forms else f"{verb}ing"


def _capital(text: str) -> str:
    return text if text.startswith('"') else text[:1].upper() + text[1:]
