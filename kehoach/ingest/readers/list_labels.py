"""List labels shared by every reader of automatic numbering (.docx, .doc, .odt, web pages): number formats,
bullet glyphs, and Word's counting of a list's levels.

>>> levels = {0: Level(fmt="upperRoman", text="%1."), 1: Level(text="%1.%2.", legal=True)}
>>> c = Counters()
>>> [c.label(1, 1, levels, {}, lvl) for lvl in (0, 1, 1, 0, 1)]
['I. ', '1.1. ', '1.2. ', 'II. ', '2.1. ']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = 9
BULLETS = "-–—+*•"  # bullet glyphs kept as printed; any other (private-use Symbol codes, "o", "§", "▪") is "•"
_FIELD = re.compile(r"%([1-9])")
MAX_LETTERS = 26 * 30  # "zzz…" thirty letters long: past it letters print decimal


def roman(n: int) -> str:
    """Upper-case Roman numeral (decimal where Roman has none).

    >>> roman(4), roman(14), roman(0)
    ('IV', 'XIV', '0')
    """
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in a ``w:numFmt``: Word's letters go a … z, aa … zz (a letter repeated, so a number past
    ``MAX_LETTERS`` prints decimal: a hostile start value must not make a label millions of letters long);
    formats not listed print decimal.

    >>> [format_number(n, f) for n, f in [(3, "lowerLetter"), (27, "lowerLetter"), (9, "upperRoman"), (7, "decimalZero")]]
    ['c', 'aa', 'IX', '07']
    >>> format_number(99_999_999, "lowerLetter")
    '99999999'
    """
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= MAX_LETTERS:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "decimalZero" and 0 <= n < 10:
        return f"0{n}"
    if fmt == "none":
        return ""
    return str(n)


def bullet(text: str) -> str:
    """The glyph a bullet level prints, as text.

    >>> bullet("-"), bullet("\\uf0b7"), bullet("\\uf02b"), bullet("o"), bullet("")
    ('-', '•', '+', '•', '')
    """
    # a Symbol-font code for an ASCII sign (U+F020-F07E: "+" is U+F02B) is that sign
    text = "".join(chr(ord(c) - 0xF000) if "\uf020" <= c <= "\uf07e" else c for c in text).strip()
    if not text:
        return ""
    return text if all(c in BULLETS for c in text) else "•"


@dataclass
class Level:
    """One level of a numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # None: after any earlier level; 0: never; N: after level N (1-based) or earlier
    legal: bool = False
    suffix: str = " "
    hidden: bool = False
    style: str | None = None  # the paragraph style linked to this level


class Counters:
    """Word's list counters, shared by every instance of one list definition (a .docx ``w:abstractNum``, a .doc
    list ``LSTF``): ``label`` counts a paragraph and gives the number it prints, with its separator."""

    def __init__(self):
        self.state: dict[int, list[int | None]] = {}
        self.used: set[tuple[int, int]] = set()

    def label(self, instance: int, definition: int, levels: dict[int, Level | None], starts: dict[int, int],
              ilvl: int) -> str:
        """Count a paragraph at level ``ilvl`` of list ``instance`` (a ``w:num``, a .doc ``LFO``) of
        ``definition``, whose levels are ``levels``; ``starts``: the instance's start overrides by level."""
        level = levels.get(ilvl)
        if level is None:
            return ""
        state = self.state.setdefault(definition, [None] * LEVELS)
        first = (instance, ilvl) not in self.used
        self.used.add((instance, ilvl))
        if first and ilvl in starts:
            state[ilvl] = starts[ilvl]
        else:
            state[ilvl] = level.start if state[ilvl] is None else state[ilvl] + 1
        for upper in range(ilvl):  # a level used before its parents sets them to their start: the next
            if state[upper] is None:  # parent item prints start + 1 (Word's and LibreOffice's counting)
                lv = levels.get(upper)
                state[upper] = lv.start if lv else 1
        for deeper in range(ilvl + 1, LEVELS):
            lv = levels.get(deeper)
            restart = lv.restart if lv else None
            if restart is None or (restart > 0 and ilvl < restart):
                state[deeper] = None
        if level.hidden:
            return ""
        if level.fmt == "bullet":
            glyph = bullet(level.text)
            return glyph + level.suffix if glyph else ""

        def field(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k) or Level()
            value = state[k] if state[k] is not None else lv.start
            return format_number(value, "decimal" if level.legal and lv.fmt != "none" else lv.fmt)

        text = _FIELD.sub(field, level.text).strip()
        return text + level.suffix if text else ""
