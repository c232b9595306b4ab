"""OpenDocument text (.odt, LibreOffice's own format and one of the open standards Vietnamese agencies must
accept) -> paragraphs, as ``word_xml`` reads a .docx.

``content.xml`` is read with lxml: a paragraph or heading (``text:p``, ``text:h``) is its text with ``text:s``
as its count of spaces, ``text:tab`` as a tab and ``text:line-break`` as a line break, spans, links and fields
opened; footnotes, comments and tracked deletions left out, as the .docx reader leaves them; a text box (a
frame's or a shape's paragraphs) read before the paragraph it is anchored in, as the .docx reader reads them. Sections are opened, list items and headings numbered as they print (``odf_lists``); a table is
read row by row, a cell once (a cell covered by a merge is left). Text in the legacy TCVN3 / VNI fonts is converted by its font: a span's, else its paragraph style's
(with the styles it inherits from), else the document's default.

>>> import io, zipfile
>>> content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
...            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
...            '<text:h>KẾ HOẠCH</text:h><text:p>Số:<text:s text:c="2"/>12/KH-UBND<text:note><text:note-body>'
...            '<text:p>chú thích</text:p></text:note-body></text:note></text:p></office:text></office:body>'
...            '</office:document-content>')
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("mimetype", "application/vnd.oasis.opendocument.text"); z.writestr("content.xml", content)
>>> read_odt(buf)
('KẾ HOẠCH\\n\\nSố:  12/KH-UBND', [])
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from kehoach.ingest.readers.base import ReadError
from kehoach.ingest.readers.odf_lists import Chain, Lists, ListStyles, has_number

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_PARAGRAPHS = {_q("text:p"), _q("text:h")}
_HEADING, _LIST, _ITEM, _HEADER = _q("text:h"), _q("text:list"), _q("text:list-item"), _q("text:list-header")
_TEXTUAL = _PARAGRAPHS | {_LIST, _q("table:table")}
_OPEN = {_q(n) for n in ("text:section", "text:index-body",
                         "text:table-of-content", "text:alphabetical-index", "text:illustration-index",
                         "text:table-index", "text:user-index", "text:bibliography", "text:object-index")}
_TABLE, _CELL, _COVERED = _q("table:table"), _q("table:table-cell"), _q("table:covered-table-cell")
_ROW_GROUPS = {_q(n) for n in ("table:table-header-rows", "table:table-rows", "table:table-row-group")}
_ROW = _q("table:table-row")
_SPACE, _TAB, _BREAK, _SPAN = _q("text:s"), _q("text:tab"), _q("text:line-break"), _q("text:span")
# inside a paragraph: left out with their text (notes, comments, deletions, frames, the TOC's title marks)
_SKIP = {_q(n) for n in ("text:note", "office:annotation", "office:annotation-end", "text:tracked-changes",
                         "text:deletion", "text:change")}
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"  # frames and shapes: read as boxes (_boxes)
_STYLE_NAME, _PARENT = _q("text:style-name"), _q("style:parent-style-name")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
MAX_UNPACKED_FACTOR = 10  # (as for a .docx: content.xml may inflate to ten times the file size limit)


class _Fonts:
    """The font of a span or paragraph: its style's, else the style it inherits from, else the default's."""

    def __init__(self, roots):
        faces: dict[str, str] = {}
        self.styles: dict[str, tuple[str | None, str | None]] = {}  # name -> (font, parent)
        self.default: str | None = None
        for root in roots:
            for face in root.iter(_q("style:font-face")):
                family = face.get(_q("svg:font-family")) or face.get(_q("style:name")) or ""
                faces[face.get(_q("style:name"), "")] = family.strip("'\"")
        for root in roots:
            for style in root.iter(_q("style:style"), _q("style:default-style")):
                props = style.find(_q("style:text-properties"))
                font = None
                if props is not None:
                    name = props.get(_q("style:font-name"))
                    font = faces.get(name, name) if name else props.get(_q("fo:font-family"))
                if style.tag == _q("style:default-style"):
                    if style.get(_q("style:family")) == "paragraph" and font:
                        self.default = font
                else:
                    self.styles[style.get(_q("style:name"), "")] = (font, style.get(_PARENT))
        self.used: set[str] = set()  # the legacy encodings converted

    def of(self, style: str | None) -> str | None:
        seen = 0
        while style and seen < 20:  # (a loop of parent styles ends)
            font, style = self.styles.get(style, (None, None))
            if font:
                return font
            seen += 1
        return None


_WHITE = re.compile(r"[ \t\r\n]+")


def _runs(element, font: str | None, fonts: _Fonts) -> Iterator[tuple[str, str | None]]:
    """``(text, font)`` runs of a paragraph or span, in order; white space in the XML's character data is one
    space, as the standard reads it (spaces, tabs and breaks that count are elements)."""
    if element.text:
        yield _WHITE.sub(" ", element.text), font
    for child in element:
        tag = child.tag
        if tag in _SKIP or (isinstance(tag, str) and tag.startswith(_DRAW)):
            pass
        elif tag == _SPACE:
            try:
                yield " " * max(1, int(child.get(_q("text:c"), "1"))), None
            except ValueError:
                yield " ", None
        elif tag == _TAB:
            yield "\t", None
        elif tag == _BREAK:
            yield "\n", None
        elif isinstance(tag, str):  # a span, a link, a field's result, a bookmark (empty)
            inner = fonts.of(child.get(_STYLE_NAME)) if tag == _SPAN else None
            yield from _runs(child, inner or font, fonts)
        if child.tail:
            yield _WHITE.sub(" ", child.tail), font


def _paragraph(p, fonts: _Fonts) -> str:
    from kehoach.ingest.readers.legacy import from_tcvn3, from_vni
    from kehoach.ingest.readers.word import legacy_font

    out = []
    for text, font in _runs(p, fonts.of(p.get(_STYLE_NAME)) or fonts.default, fonts):
        legacy = legacy_font(font)
        if legacy is None:
            out.append(text)
            continue
        fonts.used.add(legacy[0])
        out.append(from_tcvn3(text, capitals=legacy[1]) if legacy[0] == "tcvn3" else from_vni(text))
    return "".join(out)


def _rows(table) -> Iterator:
    for child in table:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


@dataclass
class _InList:
    """Where the reading is inside a list: its numbering sequence, list style and level (1 at the top)."""

    chain: Chain
    style: str | None
    level: int


def _labelled(label: str, text: str) -> str:
    return label + text.lstrip() if label and text.strip() else text


def _boxes(element) -> list:
    """The text boxes in ``element`` (frames' ``draw:text-box``, shapes holding paragraphs: Word's text boxes
    come to LibreOffice as shapes), outermost ones only (a box inside a box is read with it)."""
    if element.find(f".//{_DRAW}*") is None:
        return []

    def holds_text(e) -> bool:
        return e.tag.startswith(_DRAW) and any(c.tag in _TEXTUAL for c in e)

    out = []
    for e in element.iter(f"{_DRAW}*"):
        if e is element or not holds_text(e):
            continue
        at = e.getparent()
        while at is not None and at is not element and not (at.tag in _PARAGRAPHS or holds_text(at)):
            at = at.getparent()
        if at is element:
            out.append(e)
    return out


def _paragraph_blocks(p, fonts: _Fonts, lists: Lists, label: str = "") -> Iterator[str]:
    """A paragraph: the text boxes anchored in it (an issuer's block, a document number set apart), then its
    own text after ``label``."""
    for box in _boxes(p):
        yield from _blocks(box, fonts, lists)
    yield _labelled(label, _paragraph(p, fonts))


def _blocks(parent, fonts: _Fonts, lists: Lists, where: _InList | None = None) -> Iterator[str]:
    for child in parent:
        tag = child.tag
        if tag in _PARAGRAPHS:
            label = ""
            if where is None and tag == _HEADING and not has_number(child):
                label = lists.heading(child)
            yield from _paragraph_blocks(child, fonts, lists, label)
        elif isinstance(tag, str) and tag.startswith(_DRAW):  # a frame anchored to the page
            for box in _boxes(child) if not any(c.tag in _TEXTUAL for c in child) else [child]:
                yield from _blocks(box, fonts, lists)
        elif tag == _LIST:
            style = child.get(_STYLE_NAME) or (where.style if where else None)
            inner = (_InList(lists.chain(child), style, 1) if where is None
                     else _InList(where.chain, style, where.level + 1))
            for item in child:
                if item.tag == _ITEM:
                    yield from _item(item, fonts, lists, inner)
                elif item.tag == _HEADER:
                    yield from _blocks(item, fonts, lists, inner)
        elif tag in _OPEN:
            yield from _blocks(child, fonts, lists, where)
        elif tag == _TABLE:
            for row in _rows(child):
                for cell in row:
                    if cell.tag == _CELL:
                        yield "\n".join(t.strip() for t in _blocks(cell, fonts, lists) if t.strip())


def _item(item, fonts: _Fonts, lists: Lists, where: _InList) -> Iterator[str]:
    """A list item: its first paragraph after the item's label (an item that starts with a nested list has
    none), the rest as they are."""
    first = next((c for c in item if c.tag in _PARAGRAPHS or c.tag == _LIST), None)
    label = lists.item(where.chain, where.style, where.level, item) if first is not None and first.tag != _LIST else ""
    for child in item:
        if child is first and label and not has_number(child):
            yield from _paragraph_blocks(child, fonts, lists, label)
        else:
            yield from _blocks([child], fonts, lists, where)


def read_odt(source: str | Path | IO[bytes], limit: int | None = None) -> tuple[str, list[str]]:
    """The text of an .odt file (paragraphs separated by a blank line) and the legacy encodings its fonts were
    converted from; ``ReadError`` for a damaged package or one whose content would inflate past ``limit`` × 10."""
    try:
        with zipfile.ZipFile(source) as z:
            info = z.getinfo("content.xml")
            if limit is not None and info.file_size > MAX_UNPACKED_FACTOR * limit:
                raise ReadError(f"OpenDocument content too large when unpacked ({info.file_size // 2**20} MB)")
            content = etree.fromstring(z.read(info), _PARSER)
            names = set(z.namelist())
            styles = etree.fromstring(z.read("styles.xml"), _PARSER) if "styles.xml" in names else None
    except ReadError:
        raise
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, EOFError) as err:
        raise ReadError(f"damaged or invalid OpenDocument .odt ({type(err).__name__}: {err})") from None
    except Exception as err:  # zlib and other errors of a corrupt package
        raise ReadError(f"damaged OpenDocument .odt ({type(err).__name__}: {err})") from None
    body = content.find(f"{_q('office:body')}/{_q('office:text')}")
    if body is None:
        raise ReadError("not an OpenDocument text (no office:text body: a spreadsheet or a presentation?)")
    roots = [r for r in (styles, content) if r is not None]
    fonts = _Fonts(roots)
    paragraphs = []
    for text in _blocks(body, fonts, Lists(ListStyles(roots))):
        lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
        if any(lines):
            paragraphs.append("\n".join(ln for ln in lines if ln))
    return "\n\n".join(paragraphs), sorted(fonts.used)
