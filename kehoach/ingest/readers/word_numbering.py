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

from kehoach.ingest.readers.list_labels import LEVELS, Counters, Level

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_PPR, _NUMPR, _PSTYLE = f"{_W}pPr", f"{_W}numPr", f"{_W}pStyle"


def _int(e, default: int | None = None) -> int | None:
    try:
        return int(e.get(_VAL)) if e is not None else default
    except (TypeError, ValueError):
        return default


def _level(lvl) -> Level:
    """A ``w:lvl`` as a ``Level``."""
    suff = lvl.find(f"{_W}suff")
    kind = suff.get(_VAL, "tab") if suff is not None else "tab"
    fmt = lvl.find(f"{_W}numFmt")
    text = lvl.find(f"{_W}lvlText")
    style = lvl.find(f"{_W}pStyle")
    vanish = lvl.find(f"{_W}rPr/{_W}vanish")
    return Level(start=_int(lvl.find(f"{_W}start"), 1), fmt=fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                 text=text.get(_VAL, "") if text is not None else "", restart=_int(lvl.find(f"{_W}lvlRestart")),
                 legal=lvl.find(f"{_W}isLgl") is not None and lvl.find(f"{_W}isLgl").get(_VAL) not in ("0", "false"),
                 suffix="" if kind == "nothing" else " ", style=style.get(_VAL) if style is not None else None,
                 hidden=vanish is not None and vanish.get(_VAL) not in ("0", "false"))


def _levels(parent) -> dict[int, Level]:
    out = {}
    for lvl in parent.iterchildren(f"{_W}lvl"):
        ilvl = _int_attr(lvl, "ilvl")
        if ilvl is not None and 0 <= ilvl < LEVELS:
            out[ilvl] = _level(lvl)
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
                    num.levels[ilvl] = _level(lvl)
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
        return LazyNumbering(b"", None, parser, damaged=True)


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


LOST = "list numbers not read: the numbering or styles part is damaged (item numbers Word prints may be missing)"


class LazyNumbering:
    """A ``Numbering`` parsed where a paragraph first needs it: most paragraphs of most files are not numbered
    (a paragraph without ``w:numPr``, and without a paragraph style where no style numbers, is not), and the
    numbering and style parts of Word's template take longer to parse than a plan's text."""

    def __init__(self, numbering: bytes, styles: bytes | None, parser, damaged: bool = False):
        self._parts = (numbering, styles, parser)
        self._numbering: Numbering | None = None
        self._by_style = styles is not None and b"numPr" in styles
        self.damaged = damaged  # a part could not be read: the text is read without its list numbers (LOST)

    def marker(self, p) -> str:
        """As ``Numbering.marker``."""
        if self.damaged:
            return ""
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
                self.damaged = True
                return ""
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
