"""Text normalization with a map back to the offsets of the text as read.

Stages, each a regex substitution that records what it replaced, so any span of the normalized text maps
back to the exact span of the original (evidence always points into the file as read):

1. whitespace characters: CRLF, tabs, no-break and zero-width spaces (first, so that an invisible character
   between a letter and its combining mark does not keep them apart through NFC);
2. Unicode NFC (seed 002 comes from a PDF and is not NFC);
3. old -> new tone placement on the final vowel pair ("Uỷ" -> "Ủy", "hoà" -> "hòa"), never after "q"
   ("quý" stays) and never when a consonant follows ("hoàn" is the same in both conventions);
4. table cells printed with "|" between them put one per line; runs of spaces (a line break where a header's two
   columns were laid out with them), spaces at line ends; quotes unified to ASCII, the look-alike eth "Ð" read as "Đ"; dashes
   are *not* rewritten (canonical names keep the printed "–"), extractors match the class ``DASH`` instead;
5. spaces a copy lost or gained inside words ("PHÁPLUẬT", "c ủa"; ``kehoach.ingest.respace``);
6. a document a copy flattened onto one line given its line breaks back (``kehoach.ingest.relayout``);
7. hard-wrapped lines (PDF copies) joined into their paragraph, when the document is hard-wrapped.

>>> n = normalize("Uỷ ban  nhân dân\\r\\n")
>>> n.text
'Ủy ban nhân dân\\n'
>>> n.original_span(0, 6)
(0, 6)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kehoach.ingest.chars import DASH
from kehoach.ingest.relayout import break_flattened
from kehoach.ingest.respace import apply_edits, find_respacing
from kehoach.ingest.unwrap import find_joins

__all__ = ["DASH", "NormalizedText", "new_style_tones", "normalize"]
_COMBINING = "\u0300-\u036f"


@dataclass
class _Step:
    """Regions replaced by one stage: new [ns, ne) came from old [os, oe)."""

    new_starts: list[int] = field(default_factory=list)
    new_ends: list[int] = field(default_factory=list)
    old_starts: list[int] = field(default_factory=list)
    old_ends: list[int] = field(default_factory=list)

    def to_old(self, pos: int, is_end: bool) -> int:
        # a start maps through regions that begin at or before it, an end through those that begin before it
        i = (bisect_left(self.new_starts, pos) if is_end else bisect_right(self.new_starts, pos)) - 1
        if i < 0:
            return pos
        ne, os_, oe = self.new_ends[i], self.old_starts[i], self.old_ends[i]
        if pos < ne:
            return oe if is_end else os_
        return pos - ne + oe

    def to_new(self, pos: int) -> int:
        """Where old offset ``pos`` went: the start of the region that replaced it, or shifted past them."""
        i = bisect_right(self.old_starts, pos) - 1
        if i < 0:
            return pos
        oe, ns, ne = self.old_ends[i], self.new_starts[i], self.new_ends[i]
        if pos < oe:
            return ns
        return pos - oe + ne


def _anchored(text: str, pattern: re.Pattern[str], gate: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when every match starts where one-character ``gate`` hits."""
    last = 0
    for g in gate.finditer(text):
        if g.start() >= last:
            m = pattern.match(text, g.start())
            if m is not None:
                last = m.end()
                yield m


def _substitute(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None],
                gate: re.Pattern[str] | None = None, anchored: bool = False) -> tuple[str, _Step]:
    """``pattern.sub`` that records every replaced region (``repl`` returning None keeps the match).

    ``gate`` is a cheap pattern (a character class: the regex engine scans for it quickly) that hits at or
    right after the start of every match of ``pattern``: without a hit there is nothing to replace, and the
    scan starts one character before the first hit. With ``anchored`` the gate is one character long and
    every match starts at a hit: ``pattern`` is only tried there.
    """
    step = _Step()
    pos = 0
    if gate is not None:
        first = gate.search(text)
        if first is None:
            return text, step
        pos = max(0, first.start() - 1)
    out: list[str] = []
    last = 0
    delta = 0
    matches = _anchored(text, pattern, gate) if gate is not None and anchored else pattern.finditer(text, pos)
    for m in matches:
        new = repl(m)
        if new is None or new == m.group(0):
            continue
        s, e = m.span()
        out.append(text[last:s])
        ns = s + delta
        out.append(new)
        step.new_starts.append(ns)
        step.new_ends.append(ns + len(new))
        step.old_starts.append(s)
        step.old_ends.append(e)
        delta += len(new) - (e - s)
        last = e
    if not step.new_starts:
        return text, step
    out.append(text[last:])
    return "".join(out), step


@dataclass
class NormalizedText:
    """Normalized ``text`` and the way back to ``original`` offsets."""

    text: str
    original: str
    steps: list[_Step] = field(default_factory=list)

    def original_offset(self, pos: int, is_end: bool = False) -> int:
        for step in reversed(self.steps):
            pos = step.to_old(pos, is_end)
        return max(0, min(pos, len(self.original)))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the span of the original text it was made from.

        >>> n = normalize("a\\u00a0\\u00a0b")
        >>> n.text, n.original_span(0, 3)
        ('a b', (0, 4))
        """
        if end <= start:
            o = self.original_offset(start)
            return o, o
        return self.original_offset(start), self.original_offset(end, is_end=True)

    def normalized_offset(self, pos: int) -> int:
        """Where offset ``pos`` of the original is in the normalized text (the start of what a replaced region
        became): the inverse of :meth:`original_offset` on the offsets it gives.

        >>> n = normalize("a\u00a0\u00a0b")
        >>> n.normalized_offset(3), n.normalized_offset(n.original_offset(2))
        (2, 2)
        """
        for step in self.steps:
            pos = step.to_new(pos)
        return max(0, min(pos, len(self.text)))

    def original_text(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.original[s:e]


# --- stage 1: NFC -----------------------------------------------------------------------------------
_CLUSTER = re.compile(rf"[^{_COMBINING}]?[{_COMBINING}]+", re.DOTALL)  # marks with their base (none at the start)
_MARK = re.compile(rf"[{_COMBINING}]")


def _nfc(text: str) -> tuple[str, _Step]:
    text1, step = _substitute(text, _CLUSTER, lambda m: unicodedata.normalize("NFC", m.group(0)), _MARK)
    if unicodedata.is_normalized("NFC", text1):
        return text1, step
    # rare: singletons or marks outside the common block; fall back to a per-character pass
    text2, step2 = _substitute(text1, re.compile(r".", re.DOTALL), lambda m: unicodedata.normalize("NFC", m.group(0)))
    return text2, _Chain(step, step2)


class _Chain(_Step):
    def __init__(self, first: _Step, second: _Step):
        super().__init__()
        self.first, self.second = first, second

    def to_old(self, pos: int, is_end: bool) -> int:
        return self.first.to_old(self.second.to_old(pos, is_end), is_end)

    def to_new(self, pos: int) -> int:
        return self.second.to_new(self.first.to_new(pos))


# --- stage 2: tone placement ------------------------------------------------------------------------
_TONED_A = "àáảãạ"
_TONED_E = "èéẻẽẹ"
_TONED_Y = "ỳýỷỹỵ"
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below — same order as above
_OLD_STYLE = re.compile(
    rf"(?<![qQ])([oO])([{_TONED_A}{_TONED_E}{_TONED_A.upper()}{_TONED_E.upper()}])(?![^\W\d_])"
    rf"|(?<![qQ])([uU])([{_TONED_Y}{_TONED_Y.upper()}])(?![^\W\d_])"
)
_OLD_STYLE_GATE = re.compile(rf"[oOuU](?=[{_TONED_A}{_TONED_E}{_TONED_Y}{(_TONED_A + _TONED_E + _TONED_Y).upper()}])")


def _move_tone(m: re.Match[str]) -> str:
    first = m.group(1) or m.group(3)
    second = m.group(2) or m.group(4)
    base, *marks = unicodedata.normalize("NFD", second)
    tone = "".join(c for c in marks if c in _TONES)
    if not tone:
        return m.group(0)
    return unicodedata.normalize("NFC", first + tone) + base


def new_style_tones(text: str) -> str:
    """Old ("hoà", "Uỷ") to new ("hòa", "Ủy") tone placement; "quý", "hoàn" unchanged.

    >>> new_style_tones("Uỷ ban, hoà bình, thoả thuận, quý, hoàn thành, UỶ BAN")
    'Ủy ban, hòa bình, thỏa thuận, quý, hoàn thành, ỦY BAN'
    """
    if not _OLD_STYLE_GATE.search(text):
        return text
    return _OLD_STYLE.sub(_move_tone, text)


# --- stage 3/4: whitespace and quotes ---------------------------------------------------------------
_WS = re.compile(r"\r\n?|[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WS_GATE = re.compile(r"[\r\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"(?m) {2,}|^ +| +$")
# quotes, and the Icelandic eth (U+00D0/F0), which Vietnamese never uses: a Latin-1 decoding of a Windows-1258
# "Đ", a keyboard's or an OCR's look-alike of it
_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]|[\u2018\u2019\u201a\u201b\u2032]|[\u00d0\u00f0]")
_QUOTES_GATE = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2018\u2019\u201a\u201b\u2032\u00d0\u00f0]")
_LOOKALIKE = {"\u00d0": "\u0110", "\u00f0": "\u0111"}


def _ws_char(m: re.Match[str]) -> str:
    c = m.group(0)
    if c.startswith("\r"):
        return "\n"
    if c in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        return ""
    return " "


def _space_run(m: re.Match[str]) -> str:
    s = m.group(0)
    start = m.start()
    text = m.string
    at_line_start = start == 0 or text[start - 1] == "\n"
    at_line_end = m.end() == len(text) or text[m.end()] == "\n"
    if at_line_start or at_line_end:
        return ""
    if len(s) >= 4 and _RIGHT_COLUMN.match(text, m.end()):
        return "\n"  # a header's two columns laid out with spaces: "ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI …"
    return " " if len(s) > 1 else s


# what a header's right column prints, after the left column's cell on the same line
_RIGHT_COLUMN = re.compile(r"CỘNG H(?:ÒA|OÀ)|Độc lập|ĐẢNG CỘNG SẢN|[^\n,]{2,40}, ngày\s*\d")


def _has_space_run(text: str) -> bool:
    """Whether ``_SPACES`` can match: two spaces, or a space at the start or end of a line."""
    return "  " in text or " \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" ")


# table cells printed with "|" between them (a web page's table copied as text, a Markdown table): a cell per line
_CELL = re.compile(r" *\| *")
_CELL_GATE = re.compile(r"\|")


def _cell_break(m: re.Match[str]) -> str:
    """Nothing for a "|" that starts or ends its line (a line of it alone is left empty: a paragraph break),
    a line break for one between cells.

    >>> print(normalize("Số: 44/KH-UBND |\\n|\\nHà Tĩnh, ngày 8 | KẾ HOẠCH").text)
    Số: 44/KH-UBND
    <BLANKLINE>
    Hà Tĩnh, ngày 8
    KẾ HOẠCH
    """
    text, s, e = m.string, m.start(), m.end()
    if s == 0 or text[s - 1] == "\n" or e == len(text) or text[e] == "\n":
        return ""
    return "\n"


def _quote(m: re.Match[str]) -> str:
    """ASCII for a typographic quote, "Đ"/"đ" for the eth look-alike.

    >>> normalize("«ÐIỀU» ðó").text
    '"ĐIỀU" đó'
    """
    if m.group(0) in _LOOKALIKE:
        return _LOOKALIKE[m.group(0)]
    return '"' if m.group(0) in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb" else "'"


# --- stages 5 and 7: spaces inside words (kehoach.ingest.respace), hard-wrapped lines (kehoach.ingest.unwrap) ---
def _edited(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, _Step]:
    """``text`` with ``edits`` (start, end, replacement; in order, apart) applied, and the step recording them."""
    step = _Step()
    if not edits:
        return text, step
    delta = 0
    for s, e, new in edits:
        step.new_starts.append(s + delta)
        step.new_ends.append(s + delta + len(new))
        step.old_starts.append(s)
        step.old_ends.append(e)
        delta += len(new) - (e - s)
    return apply_edits(text, edits), step


def _unwrap(text: str) -> tuple[str, _Step]:
    return _edited(text, [(s, e, " ") for s, e in find_joins(text)])


def normalize(text: str, unwrap: bool = True) -> NormalizedText:
    """Normalize decoded document text; see the module docstring for the stages.

    >>> normalize("KẾ HOẠCH\\n").text == "KẾ HOẠCH\\n"
    True
    """
    steps: list[_Step] = []
    cur = text
    stages: Iterable[Callable[[str], tuple[str, _Step]]] = (
        # whitespace and invisible characters first: a zero-width character between a letter and its combining
        # mark ("a\ufeff\u0301") would otherwise keep them apart through NFC
        lambda t: _substitute(t, _WS, _ws_char, _WS_GATE),
        _nfc,
        lambda t: _substitute(t, _OLD_STYLE, _move_tone, _OLD_STYLE_GATE, anchored=True),
        lambda t: _substitute(t, _CELL, _cell_break, _CELL_GATE),
        lambda t: _substitute(t, _SPACES, _space_run) if _has_space_run(t) else (t, _Step()),
        lambda t: _substitute(t, _QUOTES, _quote, _QUOTES_GATE),
        lambda t: _edited(t, find_respacing(t)),
        lambda t: (break_flattened(t), _Step()),  # same length: no offset moves
    )
    for stage in stages:
        cur, step = stage(cur)
        if step.new_starts or isinstance(step, _Chain):
            steps.append(step)
    if unwrap:
        cur, step = _unwrap(cur)
        if step.new_starts:
            steps.append(step)
    return NormalizedText(text=cur, original=text, steps=steps)
