"""Typed list markers as Word's automatic numbering: what ``render.render_docx(..., numbered=True)`` writes.

A writer who lets Word number a plan's items leaves "II.", "1.", "2.1.", "a)", "-" and "+" out of the text:
Word prints them from ``numbering.xml``. ``Outline`` turns each block's leading marker into such a numbered
paragraph, as that writer would: one multilevel list for the outline (Roman headings, "1.", "1.1.", "1.1.1.",
"a)", "a.", "1)"), one for the bullets; a number the list would not print next (a plan that skips or restarts
its numbers) starts a new list instance from it (``w:startOverride``), and a marker Word cannot print (a
Vietnamese "đ)", no space after it) stays typed. The counting is Word's (``word_numbering``), and a test
checks it against LibreOffice's own reading of the file.

>>> o = Outline()
>>> [o.place(t) for t in ["I. MỤC ĐÍCH", "1. Tuyên truyền", "a) Nội dung", "đ) Khác", "2.1. Báo chí", "3. Quảng bá"]]
... # doctest: +NORMALIZE_WHITESPACE
[(900, 0, 'MỤC ĐÍCH'), (900, 1, 'Tuyên truyền'), (900, 5, 'Nội dung'), None, None, (901, 1, 'Quảng bá')]
"""

from __future__ import annotations

import re

from kehoach.ingest.readers.list_labels import LEVELS, format_number

OUTLINE, BULLETS = 90, 91  # abstractNumId of each list
# (shape of the printed marker, abstract, level); the outline's levels and how each prints
SHAPES = [
    (re.compile(r"[IVXLC]+\."), OUTLINE, 0), (re.compile(r"\d+\."), OUTLINE, 1),
    (re.compile(r"\d+\.\d+\."), OUTLINE, 2), (re.compile(r"\d+\.\d+\.\d+\."), OUTLINE, 3),
    (re.compile(r"\d+\.\d+\.\d+\.\d+\."), OUTLINE, 4), (re.compile(r"[a-z]\)"), OUTLINE, 5),
    (re.compile(r"[a-z]\."), OUTLINE, 6), (re.compile(r"\d+\)"), OUTLINE, 7),
    (re.compile(r"-"), BULLETS, 0), (re.compile(r"\+"), BULLETS, 1), (re.compile(r"•"), BULLETS, 2),
    (re.compile(r"–"), BULLETS, 3),
]
OUTLINE_LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("decimal", "%2.%3.%4."),
                  ("decimal", "%2.%3.%4.%5."), ("lowerLetter", "%6)"), ("lowerLetter", "%7."), ("decimal", "%8)"),
                  ("decimal", "%9.")]
# "•" in the Symbol font, as Word writes its default bullet: a private-use code the reader must map back
BULLET_LEVELS = ["-", "+", "\uf0b7", "–"]
_FIELD = re.compile(r"%([1-9])")


class Outline:
    """Places blocks in the two lists, counting as Word does; ``nums`` are the list instances made:
    ``(numId, abstractNumId, {level: start})``."""

    def __init__(self):
        self.nums: list[tuple[int, int, dict[int, int]]] = []
        self.current: dict[int, int] = {}  # abstract -> its numId in use
        self.counters = {OUTLINE: [None] * LEVELS, BULLETS: [None] * LEVELS}
        self.used: set[tuple[int, int]] = set()

    def _new(self, abstract: int, starts: dict[int, int]) -> int:
        num_id = 900 + len(self.nums)
        self.nums.append((num_id, abstract, starts))
        self.current[abstract] = num_id
        return num_id

    def _prints(self, abstract: int, level: int, counters: list) -> str:
        if abstract == BULLETS:
            return {"\uf0b7": "•"}.get(BULLET_LEVELS[level], BULLET_LEVELS[level])
        fmt, text = OUTLINE_LEVELS[level]

        def field(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            return format_number(counters[k] if counters[k] is not None else 1, OUTLINE_LEVELS[k][0])

        return _FIELD.sub(field, text)

    def _count(self, abstract: int, level: int, start: int | None) -> list:
        state = list(self.counters[abstract])
        state[level] = start if start is not None else (1 if state[level] is None else state[level] + 1)
        state[:level] = [1 if v is None else v for v in state[:level]]  # (as word_numbering.Counters)
        for deeper in range(level + 1, LEVELS):
            state[deeper] = None
        return state

    def place(self, line: str) -> tuple[int, int, str] | None:
        """``(numId, level, text after the marker)`` for a line that starts with a marker the lists print; None
        for one that stays typed."""
        m = re.match(r"(\S+) (?=\S)", line)
        if not m:
            return None
        printed = m.group(1)
        shape = next(((a, lv) for rx, a, lv in SHAPES if rx.fullmatch(printed)), None)
        if shape is None:
            return None
        abstract, level = shape
        num_id = self.current.get(abstract)
        state = self._count(abstract, level, None)
        if num_id is None or (num_id, level) in self.used and self._prints(abstract, level, state) != printed:
            value = marker_value(printed, level) if abstract == OUTLINE else 1
            state = self._count(abstract, level, value)
            if self._prints(abstract, level, state) != printed:
                return None  # its parents' numbers are not the list's: typed
            num_id = self._new(abstract, {level: value})
        elif (num_id, level) not in self.used:  # the instance's first use of a level restarts it at its start
            starts = dict(self.nums[num_id - 900][2])
            state = self._count(abstract, level, starts.get(level))
            if self._prints(abstract, level, state) != printed:
                value = marker_value(printed, level) if abstract == OUTLINE else 1
                state = self._count(abstract, level, value)
                if self._prints(abstract, level, state) != printed:
                    return None
                num_id = self._new(abstract, {level: value})
        self.used.add((num_id, level))
        self.counters[abstract] = state
        return num_id, level, line[m.end():]


def marker_value(printed: str, level: int) -> int:
    """The counter a printed marker shows at its own level: "2.3." -> 3, "c)" -> 3, "IV." -> 4."""
    last = re.findall(r"[0-9]+|[a-z]|[IVXLC]+", printed)[-1]
    if last.isdigit():
        return int(last)
    if level == 0:
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
        total = 0
        for a, b in zip(last, last[1:] + " "):
            total += -values[a] if b != " " and values[a] < values[b] else values[a]
        return total
    return ord(last) - ord("a") + 1


def numbering_xml(outline: Outline) -> tuple[list[str], list[str]]:
    """The ``w:abstractNum`` and ``w:num`` elements of ``outline``'s lists, as XML strings (namespace prefix
    ``w``)."""
    def lvl(i: int, fmt: str, text: str, font: str | None = None) -> str:
        rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
        return (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>')

    outline_levels = "".join(lvl(i, f, t) for i, (f, t) in enumerate(OUTLINE_LEVELS))
    bullet_levels = "".join(lvl(i, "bullet", g, "Symbol" if g == "\uf0b7" else None)
                            for i, g in enumerate(BULLET_LEVELS))
    abstracts = [f'<w:abstractNum w:abstractNumId="{OUTLINE}"><w:multiLevelType w:val="multilevel"/>{outline_levels}'
                 "</w:abstractNum>",
                 f'<w:abstractNum w:abstractNumId="{BULLETS}"><w:multiLevelType w:val="multilevel"/>{bullet_levels}'
                 "</w:abstractNum>"]
    nums = []
    for num_id, abstract, starts in outline.nums:
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                            for i, v in sorted(starts.items()))
        nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>')
    return abstracts, nums
