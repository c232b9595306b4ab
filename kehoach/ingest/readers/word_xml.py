"""The text of a .docx read straight from its main part with lxml: what ``word.docx_text`` gives through
python-docx, 10-20 times faster (python-docx parses every part of the package into its object model).

The same reading, element by element: a paragraph is the text of its runs, in links, tracked insertions,
simple fields and content controls too (a run's ``w:t``, ``w:tab``/``w:ptab`` as a tab, a line break
``w:br``/``w:cr`` as a line break, a page or column break as nothing, ``w:noBreakHyphen`` as "-"); a table is
read row by row, a cell spanning columns once per row, a cell continuing a vertical merge as the cell it
continues; content controls and custom XML are opened.
``word.read_docx`` uses python-docx where runs must be read with their fonts (TCVN3 / VNI).

>>> import io, docx
>>> d = docx.Document(); _ = d.add_paragraph("KẾ HOẠCH"); t = d.add_table(rows=2, cols=2)
>>> t.cell(0, 0).text, t.cell(0, 1).text = "Sở Ngoại vụ", "2024"
>>> _ = t.cell(0, 0).merge(t.cell(1, 0)); t.cell(1, 1).text = "2025"
>>> buf = io.BytesIO(); d.save(buf)
>>> list(blocks(main_part(buf)))
['KẾ HOẠCH', 'Sở Ngoại vụ', '2024', 'Sở Ngoại vụ', '2025']
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _R, _HYPERLINK, _TBL, _TR, _TC = (f"{_W}{n}" for n in ("p", "r", "hyperlink", "tbl", "tr", "tc"))
_OPEN = {f"{_W}{n}" for n in ("sdt", "sdtContent", "customXml", "smartTag")}
_RUN_HOLDERS = {f"{_W}{n}" for n in ("hyperlink", "ins", "moveTo", "fldSimple", "smartTag", "customXml", "sdt",
                                     "sdtContent", "bdo", "dir")}
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_BR, _SYM = f"{_W}br", f"{_W}sym"
_VAL = f"{_W}val"
# the parser python-docx uses: blank text between elements dropped, no entities resolved
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, huge_tree=True)
_OFFICE_DOCUMENT = "/officeDocument"


def main_part(source: str | IO[bytes]):
    """The body element of the package's main document part (``_rels/.rels`` names it)."""
    return package(source)[0]


def package(source: str | IO[bytes]):
    """The body element of the package's main document part (``_rels/.rels`` names it) and its automatic
    numbering (``word_numbering.Numbering``, None when the package has none)."""
    from kehoach.ingest.readers.word_numbering import load_numbering

    with zipfile.ZipFile(source) as z:
        target = "word/document.xml"
        rels = etree.fromstring(z.read("_rels/.rels"), _PARSER)
        for rel in rels:
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                target = posixpath.normpath(rel.get("Target", target).lstrip("/"))
                break
        document = z.read(target)
        root = etree.fromstring(document, _PARSER)
        numbering = load_numbering(z, target, _PARSER, document)
        body = root.find(f"{_W}body")
        if body is None:
            raise KeyError("the main document has no body")
        if b"altChunk" in document:
            from kehoach.ingest.readers.word_chunks import expand_chunks

            expand_chunks(z, target, body, _PARSER)
    return body, numbering


def symbol(sym) -> str:
    """A ``w:sym`` (a character put in with Insert Symbol, in a Symbol or Wingdings font: a typed bullet) as
    text: the bullet it draws (``list_labels.bullet``), "" where it has no character code."""
    from kehoach.ingest.readers.list_labels import bullet

    try:
        return bullet(chr(int(sym.get(f"{_W}char", ""), 16)))
    except (ValueError, OverflowError):
        return ""


def run_text(r) -> str:
    """A run's text: ``w:t``, tabs, text-wrapping breaks, non-breaking hyphens, symbol bullets."""
    out = []
    for e in r:
        tag = e.tag
        if tag in _RUN_TEXT:
            out.append(e.text or "" if _RUN_TEXT[tag] is None else _RUN_TEXT[tag])
        elif tag == _BR and e.get(f"{_W}type", "textWrapping") == "textWrapping":
            out.append("\n")
        elif tag == _SYM:
            out.append(symbol(e))
    return "".join(out)


def runs(parent) -> Iterator:
    """The ``w:r`` runs of a paragraph in order, inside links, tracked insertions and moves, simple fields,
    smart tags, custom XML and content controls too; not those of tracked deletions (``w:del``, ``w:moveFrom``),
    which the document no longer says. (python-docx's ``Paragraph.text`` reads runs and links only: a draft
    with tracked changes lost every inserted word.)"""
    for e in parent:
        if e.tag == _R:
            yield e
        elif e.tag in _RUN_HOLDERS:
            yield from runs(e)


def paragraph(p) -> str:
    """A ``w:p``'s text: its runs' (``runs``)."""
    return "".join(run_text(r) for r in runs(p))


def _span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(span.get(_VAL))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _continues(tc) -> bool:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _rows(tbl) -> Iterator[list]:
    """The root ``w:tc`` of each grid cell of each row (a vertical merge's continuation: the cell above)."""
    above: dict[int, object] = {}
    for tr in tbl.iterchildren(_TR):
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        try:
            offset = int(before.get(_VAL)) if before is not None else 0
        except (TypeError, ValueError):
            offset = 0
        cells, here = [], {}
        for tc in tr.iterchildren(_TC):
            root = above.get(offset, tc) if _continues(tc) else tc
            span = _span(tc)
            for k in range(span):
                here[offset + k] = root
            cells.extend([root] * span)
            offset += span
        above = here
        yield cells


_TXBX = f"{_W}txbxContent"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def text_boxes(p) -> list:
    """The text boxes anchored in paragraph ``p`` (their ``w:txbxContent``), each once: Word writes a box twice,
    as a DrawingML shape and as its VML fallback (``mc:Fallback``), which is left out; a box inside a box is read
    with the box that holds it."""
    out = []
    for box in p.iter(_TXBX):
        at = box.getparent()
        while at is not None and at is not p and at.tag != _TXBX and at.tag != _FALLBACK:
            at = at.getparent()
        if at is p:
            out.append(box)
    return out


def blocks(parent, numbering=None, boxes: bool | None = None) -> Iterator[str]:
    """Paragraph texts of a body or cell element, tables expanded cell by cell, in document order (as
    ``word._blocks``); ``numbering`` (``word_numbering.Numbering``): a numbered paragraph's text starts with
    the number Word prints. A text box (an issuer's block or a document number set apart at the top of a
    plan) is read before the paragraph it is anchored in (``boxes``: whether the part has any)."""
    if boxes is None:
        boxes = parent.find(f".//{_TXBX}") is not None
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P:
            if boxes:
                for box in text_boxes(child):
                    yield from blocks(box, numbering, True)
            yield numbered(paragraph(child), child, numbering)
        elif tag == _TBL:
            for cells in _rows(child):
                seen: set[int] = set()
                for tc in cells:
                    if id(tc) in seen:  # a horizontally merged cell repeats
                        continue
                    seen.add(id(tc))
                    yield "\n".join(t.strip() for t in blocks(tc, numbering, boxes) if t.strip())
        elif tag in _OPEN:
            yield from blocks(child, numbering, boxes)


def numbered(text: str, p, numbering) -> str:
    """``text`` of paragraph ``p`` after the number Word prints for it (counted even where ``text`` is empty:
    Word prints it there too, but an empty item is no item of ours)."""
    if numbering is None:
        return text
    marker = numbering.marker(p)
    return marker + text.lstrip() if marker and text.strip() else text
