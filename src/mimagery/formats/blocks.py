"""Pass 1 of reading pasted text and Markdown: lines into blocks.

A block is a title (``# Title``), a heading (``## Section``, ``**Term**`` alone on its
line), the heading of a mimage section (``MIMAGES:``, ``Mnemonic images``…) or a
paragraph of lines. Forum noise ("Quote from NAME on DATE", "Reply") is set aside as
skipped; a table's header row and rule are noted as headings and its rows become
``term<tab>definition`` lines, so the entry grammar reads them like a spreadsheet's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mimagery.formats.report import Ledger
from mimagery.model import clean

_BULLET = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+")
_BULLET_CHARS = frozenset("-*+•0123456789")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
_NOISE = re.compile(
    r"(?:quote from .{1,120} on .{1,80}|quote|reply|reply with quote|share|report|like|likes"
    r"|permalink|edit|edited|posted (?:by|on) .{1,120}|\S.{0,60} wrote:|#\d+"
    r"|\d+ (?:replies|likes|views|comments|points)|[-*_=]{3,})",
)  # matched against the case-folded line: IGNORECASE patterns are slow
# A reply's subject line, "Re: …" or "RE: …", matched as written: "re: aa" in lower case
# is a word list's entry (the Spanish note re), found by the word-list round trip.
_REPLY = re.compile(r"R[Ee]: .{1,150}")
_NOISE_INITIALS = frozenset("qrslpeQRSLPE")
# What clean() trims off the start: white space and the control characters it drops.
_LEAD = re.compile(r"[\s\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")

_HEADER = re.compile(
    r"(?:my |the |our |some )?"
    r"(?:mimages?|mnemonics?|mnemonic (?:images?|pictures?|scenes?|keywords?|devices?|aids?)"
    r"|memory (?:images?|pictures?|aids?|hooks?)|keyword (?:images?|mnemonics?|scenes?)"
    r"|mental images?|visual (?:mnemonics?|images?))(?: for [^:]{1,40})?(?: \([^()]{1,40}\))?",
    re.IGNORECASE,
)


_TERM_HEADS = frozenset(
    "term terms word words vocab vocabulary name concept expression phrase abbreviation "
    "acronym verb noun english spanish french german italian japanese front question".split()
)
_DEF_HEADS = frozenset(
    (
        "definition",
        "definitions",
        "meaning",
        "meanings",
        "what it means",
        "description",
        "explanation",
        "translation",
        "english",
        "gloss",
        "answer",
        "back",
        "stands for",
    )
)
_RULE = re.compile(r"\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?")


@dataclass(slots=True)
class Block:
    """A title, a term heading, a mimage-section header or a paragraph, with the
    numbers of its lines (from 1)."""

    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)


def table_rule(line: str) -> bool:
    """A Markdown table's rule row: ``|---|:---|`` or ``--- | ---``."""
    return _RULE.fullmatch(line) is not None


def table_row(line: str) -> str | None:
    """A Markdown table row as tab-separated cells, or None."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) < 2 or not cells[0]:
        return None
    return "\t".join(cells)


def table_header(line: str) -> bool:
    """A header row pasted from a spreadsheet: ``Term<tab>Meaning``."""
    if len(line) > 80:
        return False
    cells = [" ".join(cell.split()).casefold() for cell in line.split("\t") if cell.strip()]
    return (
        len(cells) >= 2
        and cells[1] in _DEF_HEADS
        and (cells[0] in _TERM_HEADS or len(cells[0].split()) <= 2)
    )


def split_lines(text: str) -> list[str]:
    """The text's lines, cleaned (``model.clean``): Windows and old Mac line ends read
    as line ends, and the blank lines ``clean`` trims off the start still counted, so
    that line numbers are the file's."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lead = _LEAD.match(text)
    lines = [""] * lead.group().count("\n") if lead else []
    lines += clean(text).split("\n")
    return lines


def unbullet(line: str) -> str:
    """A line without its list bullet or number."""
    if line[:1] in _BULLET_CHARS:
        match = _BULLET.match(line)
        if match:
            return line[match.end() :]
    return line


def strip_marks(text: str) -> str:
    """Drop emphasis marks, a list number and a trailing colon from a heading."""
    text = text.strip().strip("*_").strip()
    if text[:1].isdigit():
        text = unbullet(text)
    return text.rstrip(":").strip().strip("*_").strip()


def _may_be_header(text: str) -> bool:
    low = text.casefold()  # spelt out: several times faster than any() or a regex
    return (
        "mimage" in low
        or "mnemonic" in low
        or "memory" in low
        or "keyword" in low
        or "mental" in low
        or "visual" in low
    )


def is_header(text: str) -> bool:
    """A mimage-section header: ``MIMAGES``, ``Mnemonic images``, ``Memory images``…"""
    if len(text) >= 80 or not _may_be_header(text):  # a cheap test first
        return False
    return _HEADER.fullmatch(text.rstrip(" :")) is not None


def heading_block(line: str, number: int) -> Block | None:
    """A title, heading or mimage header made of this line, else None."""
    head = line[0]
    if head == "#" and len(line) < 300:
        match = _HEADING.match(line)
        if match:
            title = strip_marks(match.group(2))
            if is_header(title):
                return Block("header", numbers=[number])
            if title:
                kind = "title" if len(match.group(1)) == 1 else "heading"
                return Block(kind, title, numbers=[number])
    if head in "*_":
        mark = line[:2]
        if mark[1:] != head:
            mark = head if mark[1:] not in (" ", "\t") else ""  # *italic*, not a bullet
        elif line[2:3] == head:
            mark = line[:3]  # ***bold italic***
        end = line.find(mark, len(mark)) if mark else -1
        if end > len(mark) and line[end + len(mark) :].strip() in ("", ":"):
            bold = strip_marks(line[len(mark) : end])  # only **bold** or *italic* on the line
            if bold:
                if is_header(bold):
                    return Block("header", bold, numbers=[number])
                # "**Mitosis.**": the full stop ends the heading, it is not the name's
                # (and a term named like a mimage section is written so: "**Mnemonics.**").
                if bold.endswith(".") and bold.count(".") == 1 and len(bold) > 1:
                    bold = bold[:-1].rstrip()
                return Block("heading", bold, numbers=[number])
    if len(line) < 80 and is_header(strip_marks(line)):
        return Block("header", numbers=[number])
    return None


def read_blocks(lines: list[str], ledger: Ledger) -> list[Block]:
    """Group lines into blocks; headings and headers are blocks of their own. Forum
    noise is skipped, a table's header and rule and the mimages' heading are noted as
    headings, blank lines as blank, in ``ledger``."""
    blocks: list[Block] = []
    para: list[str] = []
    numbers: list[int] = []
    in_table = False
    piped = 0  # the number of the last line holding a "|"
    roles = ledger.roles
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line[:1] == ">":  # a forum quote of the glossary is still the glossary
            line = line.lstrip("> \t")
        if not line:
            roles[number] = " "  # blank
            if para:
                blocks.append(Block("para", lines=para, numbers=numbers))
                para, numbers = [], []
            in_table = False
            continue
        # Most lines are plain text: the cheap signs of a heading or noise come first.
        first = line[0]
        if "|" in line:
            if table_rule(line):
                # The row before a rule is the table's header; the table starts a block.
                if para and piped == number - 1:
                    ledger.header(numbers.pop(), "the header of a table")
                    para.pop()
                if para:
                    blocks.append(Block("para", lines=para, numbers=numbers))
                    para, numbers = [], []
                ledger.header(number, "the rule of a table")
                in_table = True
                continue
            piped = number
            if first == "|" or in_table:
                row = table_row(line)
                if row is not None:
                    line = row
        elif "\t" in line and table_header(line):
            if para:
                blocks.append(Block("para", lines=para, numbers=numbers))
                para, numbers = [], []
            ledger.header(number, "the header of a table")
            continue
        if first in "#*_" or (len(line) < 80 and _may_be_header(line)):
            block = heading_block(line, number)
            if block is not None:
                if para:
                    blocks.append(Block("para", lines=para, numbers=numbers))
                    para, numbers = [], []
                if block.kind == "header":
                    ledger.header(number, "the heading of the mimages")
                blocks.append(block)
                continue
        noisy = first in _NOISE_INITIALS or line[-1] == ":" or not first.isalpha()
        if (
            noisy
            and len(line) < 200
            and (_NOISE.fullmatch(line.casefold()) or _REPLY.fullmatch(line))
        ):
            ledger.skip(number, "forum text")
            continue
        para.append(line)
        numbers.append(number)
    if para:
        blocks.append(Block("para", lines=para, numbers=numbers))
    return blocks
