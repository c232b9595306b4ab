"""OpenDocument's automatic numbering: the "1.", "a)", "II." and bullets an .odt list item shows but does not
contain (as ``word_numbering`` for a .docx).

A list's items are numbered by its list style (``text:list-style``, in ``content.xml`` or ``styles.xml``): per
level a ``text:list-level-style-number`` (``style:num-format`` "1", "a", "A", "i", "I"; prefix, suffix, and
``text:display-levels`` upper levels shown, or LibreOffice's Word-style ``loext:num-list-format`` "%2%.%3%.")
or a ``text:list-level-style-bullet`` (its ``text:bullet-char``). A nested ``text:list`` is the next level.

Counting: a top-level list starts its own numbering unless it continues another (``text:continue-list`` names
it by ``xml:id``; ``text:continue-numbering="true"``: the last list of its style); an item with a paragraph
first counts at its level (``text:start-value`` restarts it) and restarts the deeper levels; an item holding
only a nested list, and a ``text:list-header``, are not numbered. A heading with ``text:outline-level`` is
numbered by the ``text:outline-style``. A paragraph that carries its number already (``text:number``) keeps it.

>>> styles = ListStyles([etree.fromstring(
...     '<r xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
...     'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><text:list-style style:name="L1">'
...     '<text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."/>'
...     '<text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."/>'
...     '<text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="." '
...     'text:display-levels="2"/></text:list-style></r>')])
>>> chain = Chain()
>>> [styles.label("L1", chain.count(level, None, styles.level("L1", level)), level)
...  for level in (1, 2, 3, 3, 2, 1)]
['I. ', '1. ', '1.1. ', '1.2. ', '2. ', 'II. ']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from kehoach.ingest.readers.list_labels import bullet, format_number

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_FIELD = re.compile(r"%(\d+)%")
MAX_LEVEL = 10


def _t(name: str) -> str:
    return f"{{{_TEXT}}}{name}"


def _s(name: str) -> str:
    return f"{{{_STYLE}}}{name}"


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class LevelStyle:
    """How one level of a list style prints its label."""

    kind: str = "number"  # "number" | "bullet" | "image"
    fmt: str = ""  # a w:numFmt value ("decimal", "lowerLetter", …); "" prints no number
    prefix: str = ""
    suffix: str = ""
    display: int = 1
    start: int = 1
    glyph: str = ""
    template: str | None = None  # loext:num-list-format
    sync: bool = False  # letters past z: "aa, bb" (true) or "aa, ab"
    separator: str = " "

    @classmethod
    def parse(cls, e) -> LevelStyle:
        tag = etree.QName(e).localname
        kind = "bullet" if tag.endswith("bullet") else "image" if tag.endswith("image") else "number"
        align = e.find(f"{_s('list-level-properties')}/{_s('list-level-label-alignment')}")
        followed = align.get(_t("label-followed-by"), "listtab") if align is not None else "listtab"
        num = e.get(_s("num-format"))
        return cls(kind=kind, fmt=FORMATS.get(num, "decimal") if num else "", prefix=e.get(_s("num-prefix"), ""),
                   suffix=e.get(_s("num-suffix"), ""), display=max(1, _int(e.get(_t("display-levels")), 1)),
                   start=_int(e.get(_t("start-value")), 1), glyph=e.get(_t("bullet-char"), ""),
                   template=e.get(f"{{{_LOEXT}}}num-list-format"),
                   sync=e.get(_s("num-letter-sync")) == "true", separator="" if followed == "nothing" else " ")

    def number(self, n: int) -> str:
        if self.fmt in ("lowerLetter", "upperLetter") and not self.sync and n > 26:
            out, k = "", n
            while k > 0:  # "z, aa, ab, …": bijective base 26
                k, r = divmod(k - 1, 26)
                out = chr(ord("a") + r) + out
            return out if self.fmt == "lowerLetter" else out.upper()
        return format_number(n, self.fmt) if self.fmt else ""


class Chain:
    """The counters of one numbering sequence (a list and the lists that continue it, or the outline)."""

    def __init__(self):
        self.counters: dict[int, int] = {}

    def count(self, level: int, start: int | None, style: LevelStyle | None) -> dict[int, int]:
        """Count an item at ``level`` (``start``: its ``text:start-value``); the counters after it."""
        c = self.counters
        if start is not None:
            c[level] = start
        else:
            c[level] = c[level] + 1 if level in c else (style.start if style else 1)
        for deeper in [k for k in c if k > level]:
            del c[deeper]
        return c


class ListStyles:
    """The list styles and the outline style of a document (``roots``: styles.xml and content.xml)."""

    def __init__(self, roots):
        self.styles: dict[str, dict[int, LevelStyle]] = {}
        self.outline: dict[int, LevelStyle] = {}
        for root in roots:
            for ls in root.iter(_t("list-style"), _t("outline-style")):
                levels = {}
                for e in ls:
                    if isinstance(e.tag, str) and etree.QName(e).localname.startswith(("list-level-style",
                                                                                        "outline-level-style")):
                        levels[_int(e.get(_t("level")), 1)] = LevelStyle.parse(e)
                if ls.tag == _t("outline-style"):
                    self.outline = levels
                else:
                    self.styles[ls.get(_s("name"), "")] = levels

    def level(self, style: str | None, level: int) -> LevelStyle | None:
        return (self.outline if style is None else self.styles.get(style, {})).get(level)

    def label(self, style: str | None, counters: dict[int, int], level: int) -> str:
        """The label an item at ``level`` prints with its separator ("" for none); ``style`` None: the outline."""
        this = self.level(style, level)
        if this is None:
            return ""
        if this.kind != "number":
            glyph = bullet(this.glyph) if this.kind == "bullet" else "•"
            return glyph + this.separator if glyph else ""

        def shown(k: int) -> str:
            lv = self.level(style, k) or LevelStyle(fmt="decimal")
            return lv.number(counters.get(k, lv.start))

        if this.template:
            text = _FIELD.sub(lambda m: shown(int(m.group(1))), this.template)
        else:
            if not this.fmt:
                return ""
            parts = [shown(k) for k in range(max(1, level - this.display + 1), level + 1)]
            text = this.prefix + ".".join(p for p in parts if p) + this.suffix
        text = text.strip()
        return text + this.separator if text else ""


class Lists:
    """The numbering state of one document as it is read in order."""

    def __init__(self, styles: ListStyles):
        self.styles = styles
        self.by_id: dict[str, Chain] = {}
        self.last_by_style: dict[str | None, Chain] = {}
        self.outline = Chain()

    def chain(self, lst) -> Chain:
        """The numbering sequence a top-level ``text:list`` belongs to."""
        style = lst.get(_t("style-name"))
        target = lst.get(_t("continue-list"))
        if target and target in self.by_id:
            chain = self.by_id[target]
        elif lst.get(_t("continue-numbering")) == "true" and style in self.last_by_style:
            chain = self.last_by_style[style]
        else:
            chain = Chain()
        if lst.get(_XML_ID):
            self.by_id[lst.get(_XML_ID)] = chain
        self.last_by_style[style] = chain
        return chain

    def item(self, chain: Chain, style: str | None, level: int, item) -> str:
        """Count a list item that starts with a paragraph; its label."""
        start = item.get(_t("start-value"))
        counters = chain.count(min(level, MAX_LEVEL), _int(start, 1) if start is not None else None,
                               self.styles.level(style, level))
        return self.styles.label(style, counters, min(level, MAX_LEVEL))

    def heading(self, h) -> str:
        """Count a heading outside lists by the outline style; its label."""
        level = _int(h.get(_t("outline-level")), 0)
        if not 1 <= level <= MAX_LEVEL or h.get(_t("is-list-header")) == "true" or not self.styles.outline:
            return ""
        style = self.styles.level(None, level)
        start = None
        if h.get(_t("restart-numbering")) == "true":
            start = _int(h.get(_t("start-value")), style.start if style else 1)
        counters = self.outline.count(level, start, style)
        return self.styles.label(None, counters, level)


def has_number(p) -> bool:
    """Whether a paragraph or heading carries its printed number (``text:number``)."""
    return p.find(_t("number")) is not None
