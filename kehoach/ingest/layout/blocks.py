"""Lines and blocks: the text split into non-blank lines, list markers parsed, wrapped lines re-attached.

A block is one paragraph or list item. Its ``marker`` is printed without punctuation ("II", "2.1", "a", "-",
"+"); ``level`` is the nesting depth (Roman 0, "1." 1, "2.1." 2, letters and bullets one deeper than the item
they sit under); ``body_start`` is where the text after the marker begins.

>>> text = "II. NỘI DUNG\\n2.1. Tuyên truyền\\n- Đơn vị chủ trì: Sở Ngoại vụ\\n"
>>> [(b.kind, b.marker, b.level) for b in make_blocks(text, lines(text))]
[('heading', 'II', 0), ('item', '2.1', 2), ('bullet', '-', 3)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.ingest.document import Block
from kehoach.ingest.normalize import DASH

_LINE = re.compile(r"[^\n]*\S[^\n]*")
_ROMAN = re.compile(r"(?P<m>[IVXLC]{1,6})\s*(?:[.)]|[-–](?= ))\s*(?=\S)")  # "I." and "I- MỤC TIÊU"
_NUMBER = re.compile(r"(?P<m>\d{1,2}(?:\.\d{1,2}){0,4})(?:[.)]\s*|\s+|$)(?![\d/])")
# "5,2. Cung cấp …": a scan's (or a typist's) comma for the point of a sub-item's number, the marker's end
# printed ("5,2 tỷ đồng" at a line's start stays a number)
_COMMA_NUMBER = re.compile(r"(?P<m>\d{1,2}(?:[.,]\d{1,2}){1,4})[.)]\s+(?=\S)")
_LETTER = re.compile(r"(?P<m>[a-zđ])\s*[.)]\s+")
_BULLET = re.compile(rf"(?P<m>[{DASH}•*+])\s*(?=\S)(?![*])")
_MARKUP = re.compile(r"\*\*|__")
_BULLET_FIRST = f"{DASH}•*+"


@dataclass
class Line:
    """A non-blank line: ``text[start:end]`` with surrounding spaces and ``**`` markup left out of ``stripped``."""

    start: int
    end: int
    stripped: str


def lines(text: str) -> list[Line]:
    """Non-blank lines of ``text`` with their offsets.

    >>> [(ln.start, ln.stripped) for ln in lines("a\\n\\n **b**\\n")]
    [(0, 'a'), (4, 'b')]
    """
    out = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        bare = _MARKUP.sub("", raw) if "**" in raw or "__" in raw else raw
        out.append(Line(s + lead, e - (len(raw) - len(raw.rstrip())), bare.strip()))
    return out


def parse_marker(line: str) -> tuple[str | None, str, int]:
    """(kind, marker, length of the marker with its punctuation) of a line; kind None for plain text.

    >>> parse_marker("2.2.1. Nội dung"), parse_marker("a) Căn cứ"), parse_marker("+ Báo cáo viên")
    (('item', '2.2.1', 7), ('item', 'a', 3), ('bullet', '+', 2))
    >>> parse_marker("2024")[0] is None, parse_marker("13/12/2023 là ngày")[0] is None
    (True, True)
    >>> parse_marker("5,2. Cung cấp thông tin"), parse_marker("5,2 tỷ đồng")[0] is None
    (('item', '5.2', 5), True)
    >>> parse_marker("I- MỤC TIÊU"), parse_marker("II - NHIỆM VỤ"), parse_marker("V-League")[0] is None
    (('heading', 'I', 3), ('heading', 'II', 5), True)
    """
    first = line[:1]  # each marker pattern starts with a character of its own class: try only that one
    if not first:
        return None, "", 0
    if first in "IVXLC" and (m := _ROMAN.match(line)):
        rest = line[m.end():]
        if rest[:1].isupper():
            return "heading", m.group("m"), m.end()
    if first.isdecimal() and (m := _NUMBER.match(line)):  # isdecimal is exactly the regex \d
        return "item", m.group("m"), m.end()
    if first.isdecimal() and "," in line[:12] and (m := _COMMA_NUMBER.match(line)) and line[m.end()].isupper():
        return "item", m.group("m").replace(",", "."), m.end()
    if ("a" <= first <= "z" or first == "đ") and (m := _LETTER.match(line)):
        return "item", m.group("m"), m.end()
    if first in _BULLET_FIRST and (m := _BULLET.match(line)):
        mk = m.group("m")
        return "bullet", "+" if mk == "+" else "-", m.end()
    return None, "", 0


def _continues(prev: Block | None, line: Line, text: str) -> bool:
    """A wrapped line (PDF copies): starts in lower case and the previous block is not a heading."""
    if prev is None or prev.kind == "heading":
        return False
    first = line.stripped[:1]
    return first.isalpha() and first.islower()


def make_blocks(text: str, section_lines: list[Line], plain_kind: str = "paragraph") -> list[Block]:
    """Blocks of the given lines: one per line, wrapped continuation lines joined to the block before."""
    blocks: list[Block] = []
    levels: dict[str, int] = {}  # marker family -> level last seen
    item_level = 0
    for ln in section_lines:
        kind, marker, size = parse_marker(ln.stripped)
        prev = blocks[-1] if blocks else None
        if kind is None and _continues(prev, ln, text):
            prev.end = ln.end
            continue
        offset = text.find(ln.stripped[:1], ln.start) if ln.stripped else ln.start
        body_start = offset + size if kind else None
        if kind == "heading":
            level, item_level, levels = 0, 0, {}
        elif kind == "item" and marker[0].isdigit():
            level = marker.count(".") + 1
            item_level = level
            levels = {"digit": level}
        elif kind == "item":
            level = item_level + 1
            levels["letter"] = level
            levels.pop("-", None)
            levels.pop("+", None)
        elif kind == "bullet":
            base = levels.get("letter", item_level)
            if marker == "+" and "-" in levels:
                level = levels["-"] + 1
            else:
                level = base + 1
                levels[marker] = level
        else:
            level = item_level + 1 if item_level else 0  # plain paragraph inside an item
        if body_start is not None:
            while body_start < ln.end and text[body_start] in " *":
                body_start += 1
        blocks.append(Block(start=ln.start, end=ln.end, kind=kind or plain_kind, marker=marker or None,
                            level=level, body_start=body_start))
    return blocks
