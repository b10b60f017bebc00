"""The picture on the front of a mimage → term card: no term, no caption, and no keyword
word that repeats a term word (or an inflection of one), neither written nor drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from test_pictures import SVG, _icons, _texts, check_safe

from mimagery import mimages, pictures
from mimagery.model import Mimage, Term


def _all_text(root: ET.Element) -> str:
    parts = [*_texts(root)]
    parts += [element.text or "" for element in root.iter(f"{SVG}title")]
    parts += [element.text or "" for element in root.iter(f"{SVG}desc")]
    return " ".join(parts)


def test_a_question_card_drops_the_term_caption_and_masked_words() -> None:
    words = ["Buy", "Nearly", "Search", "Tree"]
    mask = ["Binary", "Search", "Tree", "BST"]
    plain = check_safe(
        pictures.render_card("Binary Search Tree", "Buy Nearly Search Tree", words, "searching")
    )
    question = check_safe(
        pictures.render_card(
            "Binary Search Tree", "Buy Nearly Search Tree", words, "searching for something",
            mask=mask, question=True,
        )
    )  # fmt: skip
    texts = _all_text(question).casefold()
    for word in ("binary", "search", "tree", "bst"):
        assert word not in texts, word
    assert f"Buy Nearly {pictures.MASK} {pictures.MASK}" in _texts(question)
    assert len(_icons(question)) < len(_icons(plain))  # the tree is not drawn either


def test_inflections_of_term_words_are_masked_in_the_picture() -> None:
    svg = pictures.render_card(
        "", "Trees Searching", ["Trees", "Searching"], mask=["Search", "Tree"]
    )
    texts = _all_text(check_safe(svg)).casefold()
    assert "trees" not in texts and "searching" not in texts


@pytest.mark.parametrize(
    ("term", "keyword", "gone"),
    [
        (Term("Binary Search Tree", "A tree for search.", ["BST"]), "Buy Nearly Search Tree",
         ("binary", "search", "tree", "bst")),
        (Term("Hash Table", "Maps keys to values.", []), "Hash Brown Tables",
         ("hash", "table")),
        (Term("Linked List", "A chain of nodes.", []), "Linking Lizard", ("link", "list")),
    ],
)  # fmt: skip
def test_the_front_card_of_a_stored_mimage(term: Term, keyword: str, gone: tuple[str, ...]) -> None:
    mimage = Mimage(keyword, f'A "{keyword}" scene.', "generated")
    front = check_safe(mimages.draw_card(term, mimage, hide=True))
    texts = _all_text(front).casefold()
    for word in gone:
        assert word not in texts, word
    assert pictures.MASK in texts
    answer = _all_text(check_safe(mimages.draw_card(term, mimage, bare=True)))
    assert keyword in answer and term.name not in answer  # the page writes the term
    full = _all_text(check_safe(mimages.draw_card(term, mimage)))
    assert term.name in full
