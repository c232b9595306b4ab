"""Word's automatic numbering: the "1.", "a)", "II." and bullets a .docx paragraph shows but does not contain.

A plan typed with Word's numbered lists keeps its item numbers in ``word/numbering.xml``, not in the text: read
as text alone, its "1. Tuyên truyền …" is "Tuyên truyền …", and the layout finds no items. ``Numbering``
computes each numbered paragraph's marker in document order, as Word prints it (ECMA-376 §17.9):

* a paragraph is numbered by its own ``w:numPr`` or its paragraph style's (through ``w:basedOn``); ``numId`` 0
  takes the numbering away; a style without a level is the level whose ``w:pStyle`` names it;
* a ``w:num`` points at a ``w:abstractNum`` (through ``w:numStyleLink`` where it is a numbering style's);
  counters belong to the abstract definition, so every ``w:num`` of one definition continues one sequence,
  and a ``w:startOverride`` restarts its level where that ``w:num`` is first used (what Word does; the
  standard's text reads otherwise);
* a level restarts after any earlier level is used, unless ``w:lvlRestart`` says otherwise (0: never); a level
  used before the levels above it sets them to their start, so the next item above prints start + 1;
* ``w:lvlText`` "%1.%2." prints the levels' counters in their formats (decimal with ``w:isLgl``); a bullet
  prints its glyph, one a Symbol/Wingdings font draws (a private-use code) as "•" (but a Symbol "+" or "-" as
  itself); then ``w:suff`` (tab,
  space or nothing: a tab is printed as a space, as in the .txt copies of plans).

>>> import io, docx
>>> from kehoach.ingest.readers.word_xml import blocks, package
>>> d = docx.Document()
>>> for text, style in [("Tuyên truyền", "List Number"), ("Sở Ngoại vụ", "List Bullet"), ("Quảng bá", "List Number")]:
...     _ = d.add_paragraph(text, style=style)
>>> buf = io.BytesIO(); d.save(buf)
>>> body, numbering = package(buf)
>>> list(blocks(body, numbering))
['1. Tuyên truyền', '• Sở Ngoại vụ', '2. Quảng bá']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_PPR, _NUMPR, _PSTYLE = f"{_W}pPr", f"{_W}numPr", f"{_W}pStyle"
LEVELS = 9
BULLETS = "-–—+*•"  # bullet glyphs kept as printed; any other (private-use Symbol codes, "o", "§", "▪") is "•"
_FIELD = re.compile(r"%([1-9])")


def _int(e, default: int | None = None) -> int | None:
    try:
        return int(e.get(_VAL)) if e is not None else default
    except (TypeError, ValueError):
        return default


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
    """``n`` in a ``w:numFmt``: Word's letters go a … z, aa … zz; formats not listed print decimal.

    >>> [format_number(n, f) for n, f in [(3, "lowerLetter"), (27, "lowerLetter"), (9, "upperRoman"), (7, "decimalZero")]]
    ['c', 'aa', 'IX', '07']
    """
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
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

    @classmethod
    def parse(cls, lvl) -> Level:
        suff = lvl.find(f"{_W}suff")
        kind = suff.get(_VAL, "tab") if suff is not None else "tab"
        fmt = lvl.find(f"{_W}numFmt")
        text = lvl.find(f"{_W}lvlText")
        style = lvl.find(f"{_W}pStyle")
        vanish = lvl.find(f"{_W}rPr/{_W}vanish")
        return cls(start=_int(lvl.find(f"{_W}start"), 1), fmt=fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                   text=text.get(_VAL, "") if text is not None else "", restart=_int(lvl.find(f"{_W}lvlRestart")),
                   legal=lvl.find(f"{_W}isLgl") is not None and lvl.find(f"{_W}isLgl").get(_VAL) not in ("0", "false"),
                   suffix="" if kind == "nothing" else " ", style=style.get(_VAL) if style is not None else None,
                   hidden=vanish is not None and vanish.get(_VAL) not in ("0", "false"))


def _levels(parent) -> dict[int, Level]:
    out = {}
    for lvl in parent.iterchildren(f"{_W}lvl"):
        ilvl = _int_attr(lvl, "ilvl")
        if ilvl is not None and 0 <= ilvl < LEVELS:
            out[ilvl] = Level.parse(lvl)
    return out


def _int_attr(e, name: str) -> int | None:
    try:
        return int(e.get(f"{_W}{name}"))
    except (TypeError, ValueError):
        return None


@dataclass
class _Num:
    abstract: int
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride by level
    levels: dict[int, Level] = field(default_factory=dict)  # whole levels overridden (w:lvlOverride/w:lvl)


class Numbering:
    """The numbering of one .docx: ``marker(p)`` gives each paragraph's printed number (with its separator), in
    document order (it counts: call it once per paragraph, in order)."""

    def __init__(self, numbering_root, styles_root=None):
        self.abstracts: dict[int, dict[int, Level]] = {}
        links: dict[int, str] = {}  # abstract -> the numbering style it takes its levels from
        for a in numbering_root.iterchildren(f"{_W}abstractNum"):
            aid = _int_attr(a, "abstractNumId")
            if aid is None:
                continue
            self.abstracts[aid] = _levels(a)
            link = a.find(f"{_W}numStyleLink")
            if link is not None and link.get(_VAL):
                links[aid] = link.get(_VAL)
        self.nums: dict[int, _Num] = {}
        for n in numbering_root.iterchildren(f"{_W}num"):
            nid, aid = _int_attr(n, "numId"), _int(n.find(f"{_W}abstractNumId"))
            if nid is None or aid is None:
                continue
            num = _Num(aid)
            for o in n.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int_attr(o, "ilvl")
                if ilvl is None or not 0 <= ilvl < LEVELS:
                    continue
                start = _int(o.find(f"{_W}startOverride"))
                if start is not None:
                    num.starts[ilvl] = start
                lvl = o.find(f"{_W}lvl")
                if lvl is not None:
                    num.levels[ilvl] = Level.parse(lvl)
            self.nums[nid] = num
        self.styles: dict[str, tuple[int | None, int | None]] = {}  # style -> (numId, ilvl), through basedOn
        based: dict[str, str] = {}
        own: dict[str, tuple[int | None, int | None]] = {}
        for s in (styles_root.iterchildren(f"{_W}style") if styles_root is not None else ()):
            sid = s.get(f"{_W}styleId")
            if not sid:
                continue
            numpr = s.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                own[sid] = (_int(numpr.find(f"{_W}numId")), _int(numpr.find(f"{_W}ilvl")))
            base = s.find(f"{_W}basedOn")
            if base is not None and base.get(_VAL):
                based[sid] = base.get(_VAL)
        for sid in set(own) | set(based):
            at, seen = sid, 0
            while at is not None and at not in own and seen < 20:  # a loop of based-on styles ends
                at, seen = based.get(at), seen + 1
            if at in own:
                self.styles[sid] = own[at]
        # a numbering style's abstract: the one its w:num points at (which names it with w:styleLink)
        self.resolved = {aid: self._linked(aid, links) for aid in self.abstracts}
        self.counters = Counters()
        self.printed: dict = {}  # paragraph -> its marker (a vertically merged cell is read once per row)

    def _linked(self, aid: int, links: dict[int, str]) -> int:
        for _ in range(4):
            style = links.get(aid)
            num_id = self.styles.get(style, (None, None))[0] if style else None
            if num_id is None or num_id not in self.nums or self.nums[num_id].abstract == aid:
                return aid
            aid = self.nums[num_id].abstract
        return aid

    def _reference(self, p) -> tuple[int, int] | None:
        """(numId, ilvl) of a paragraph: its own ``w:numPr``, else its style's."""
        ppr = p.find(f"{_W}pPr")
        if ppr is None:
            return None
        numpr = ppr.find(f"{_W}numPr")
        pstyle = ppr.find(f"{_W}pStyle")
        style = pstyle.get(_VAL) if pstyle is not None else None
        by_style = self.styles.get(style, (None, None)) if style else (None, None)
        num_id = ilvl = None
        if numpr is not None:
            num_id, ilvl = _int(numpr.find(f"{_W}numId")), _int(numpr.find(f"{_W}ilvl"))
        if num_id is None:
            num_id = by_style[0]
        if ilvl is None:
            ilvl = by_style[1]
        if not num_id or num_id not in self.nums:
            return None
        if ilvl is None:  # a style bound to a level of the list
            levels = self.abstracts.get(self.resolved.get(self.nums[num_id].abstract, -1), {})
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        return (num_id, ilvl) if 0 <= ilvl < LEVELS else None

    def marker(self, p) -> str:
        """The number paragraph ``p`` prints before its text, with its separator ("" when not numbered)."""
        if p in self.printed:
            return self.printed[p]
        self.printed[p] = out = self._count(p)
        return out

    def _count(self, p) -> str:
        ref = self._reference(p)
        if ref is None:
            return ""
        num_id, ilvl = ref
        num = self.nums[num_id]
        aid = self.resolved.get(num.abstract, num.abstract)
        base = self.abstracts.get(aid, {})
        levels = {i: num.levels.get(i) or base.get(i) for i in range(LEVELS)}
        return self.counters.label(num_id, aid, levels, num.starts, ilvl)


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


def load_numbering(z, target: str, parser, document: bytes | None = None) -> LazyNumbering | None:
    """The numbering of the package open in zip ``z`` whose main part is ``target`` (None when it has none, or
    when its parts cannot be read: list numbers are a help, the text is read without them). ``document``: the
    main part's bytes; where no paragraph there names a numbering or a style, none is looked up (Word's
    template has a numbering part and a 350 KB styles part whether or not a document uses them)."""
    if document is not None and b"numPr" not in document and b"pStyle" not in document:
        return None
    try:
        return _load(z, target, parser, document)
    except Exception:  # a damaged relationship, numbering or styles part (bad XML, bad deflate data)
        return None


def _load(z, target: str, parser, document: bytes | None) -> LazyNumbering | None:
    import posixpath

    from lxml import etree

    folder = posixpath.dirname(target)
    parts = {"numbering": posixpath.join(folder, "numbering.xml"), "styles": posixpath.join(folder, "styles.xml")}
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(target) + ".rels")
    names = set(z.namelist())
    if rels_name in names:
        for rel in etree.fromstring(z.read(rels_name), parser):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in parts and rel.get("TargetMode") != "External":
                ref = rel.get("Target", "")
                parts[kind] = posixpath.normpath(ref.lstrip("/") if ref.startswith("/") else posixpath.join(folder, ref))
    if parts["numbering"] not in names:
        return None
    numbering = z.read(parts["numbering"])
    if b"abstractNum" not in numbering:
        return None
    by_style = parts["styles"] in names and (document is None or b"pStyle" in document)
    return LazyNumbering(numbering, z.read(parts["styles"]) if by_style else None, parser)


class LazyNumbering:
    """A ``Numbering`` parsed where a paragraph first needs it: most paragraphs of most files are not numbered
    (a paragraph without ``w:numPr``, and without a paragraph style where no style numbers, is not), and the
    numbering and style parts of Word's template take longer to parse than a plan's text."""

    def __init__(self, numbering: bytes, styles: bytes | None, parser):
        self._parts = (numbering, styles, parser)
        self._numbering: Numbering | None = None
        self._by_style = styles is not None and b"numPr" in styles

    def marker(self, p) -> str:
        """As ``Numbering.marker``."""
        ppr = p.find(_PPR)
        if ppr is None or (ppr.find(_NUMPR) is None and (not self._by_style or ppr.find(_PSTYLE) is None)):
            return ""
        if self._numbering is None:
            from lxml import etree

            numbering, styles, parser = self._parts
            try:
                self._numbering = Numbering(etree.fromstring(numbering, parser),
                                            paragraph_styles(styles, parser) if styles is not None else None)
            except etree.XMLSyntaxError:  # a damaged part: the text without its list numbers
                self._by_style, self._parts = False, (b"<w:numbering/>", None, parser)
                self._numbering = Numbering(etree.fromstring(b"<numbering/>"))
        return self._numbering.marker(p)


_STYLE_START = re.compile(rb"<w:style[\s/>]")
_ROOT = re.compile(rb"<w:styles\b[^>]*>")
_KINDS = (b'w:type="paragraph"', b'w:type="numbering"')


def paragraph_styles(styles: bytes, parser):
    """The styles part parsed with only its paragraph and numbering styles: Word's template holds hundreds of
    table and character styles and latent-style entries (python-docx's: 350 KB, 7 ms to parse) that numbering
    never looks at. A part that does not use the usual ``w:`` prefix is parsed whole.

    >>> root = paragraph_styles(b'<w:styles xmlns:w="%s"><w:latentStyles/><w:style w:type="table" w:styleId="T">'
    ...     b'</w:style><w:style w:type="paragraph" w:styleId="P"/></w:styles>' % _W[1:-1].encode(), None)
    >>> [s.get(f"{_W}styleId") for s in root]
    ['P']
    """
    from lxml import etree

    root = _ROOT.search(styles)
    end = styles.rfind(b"</w:styles>")
    if root is not None and end > 0:
        # each style runs from its start tag to the next style's (styles are siblings, none holds another)
        starts = [m.start() for m in _STYLE_START.finditer(styles, root.end(), end)]
        chunks = [styles[a:b] for a, b in zip(starts, [*starts[1:], end])]
        kept = [c for c in chunks if any(k in c[:c.find(b">") + 1] for k in _KINDS)]
        try:
            return etree.fromstring(root.group() + b"".join(kept) + b"</w:styles>", parser)
        except etree.XMLSyntaxError:
            pass
    return etree.fromstring(styles, parser)
