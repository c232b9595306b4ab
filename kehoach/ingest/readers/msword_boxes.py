"""Text boxes of a Word 97–2003 .doc: a plan's number, date or issuer's block set apart in a floating box, read
before the paragraph the box is anchored in (as the .docx reader reads ``w:txbxContent``).

A .doc keeps the text of its boxes in a story of its own after the main document (and the footnote, header,
comment and endnote stories): ``PlcftxbxTxt`` cuts it into one story per box, each naming its shape (``lid``);
``PlcSpaMom`` gives each shape of the main document its anchor position. ``with_boxes`` puts each story's pieces
before the paragraph that holds its anchor, ending in a paragraph mark: the stages after it (deletions, list
numbers, fonts) read them as the main text's.

>>> with_boxes_at([("Thực hiện\\rCăn cứ\\x08 luật\\r", 0, 2)], {10: [("Số: 12", 100, 1)]})
[('Thực hiện\\r', 0, 2), ('Số: 12', 100, 1), ('Căn cứ\\x08 luật\\r', 20, 2)]
"""

from __future__ import annotations

import struct

FIB_PLC_SPA_MOM, FIB_PLCF_TXBX_TXT = 40, 56  # pairs of FibRgFcLcb97
_SPA, _FTXBXS = 26, 22  # sizes of a shape anchor and of a text box story's record


def anchors(table: bytes, fc: int, lcb: int) -> dict[int, int]:
    """The main document's shapes: anchor position by shape id (``PlcSpaMom``)."""
    plc = table[fc:fc + lcb]
    n = (len(plc) - 4) // (4 + _SPA)
    if n <= 0:
        return {}
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    return {struct.unpack_from("<i", plc, 4 * (n + 1) + _SPA * k)[0]: cps[k] for k in range(n)}


def stories(table: bytes, fc: int, lcb: int) -> list[tuple[int, int, int]]:
    """The text box stories: ``(start, end, shape id)``, positions within the text box document
    (``PlcftxbxTxt``)."""
    plc = table[fc:fc + lcb]
    n = (len(plc) - 4) // (4 + _FTXBXS)
    if n <= 0:
        return []
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    return [(cps[k], cps[k + 1], struct.unpack_from("<i", plc, 4 * (n + 1) + _FTXBXS * k + 14)[0])
            for k in range(n)]


def with_boxes_at(pieces: list[tuple[str, int, int]], boxes: dict[int, list[tuple[str, int, int]]]
                  ) -> list[tuple[str, int, int]]:
    """``pieces`` with the pieces of ``boxes`` (by main-document position) inserted there."""
    out: list[tuple[str, int, int]] = []
    cp = 0
    for text, fc, width in pieces:
        at = 0
        for cut in sorted(c for c in boxes if cp <= c < cp + len(text)):
            if cut - cp > at:
                out.append((text[at:cut - cp], fc + at * width, width))
                at = cut - cp
            out.extend(boxes.pop(cut))
        if at < len(text):
            out.append((text[at:], fc + at * width, width))
        cp += len(text)
    return out


def with_boxes(word: bytes, table: bytes, fib: dict, clx: bytes, pieces: list[tuple[str, int, int]]
               ) -> list[tuple[str, int, int]]:
    """The main document's ``pieces`` with each text box's pieces before the paragraph of its anchor."""
    from kehoach.ingest.readers.msword import _pieces

    pairs, lengths = fib["pairs"], fib.get("stories") or []
    if len(lengths) < 6 or not lengths[5] or len(pairs) <= FIB_PLCF_TXBX_TXT:
        return pieces
    base = fib["ccp_text"] + sum(max(0, k) for k in lengths[:5])  # where the text box document begins
    where = anchors(table, *pairs[FIB_PLC_SPA_MOM])
    main = "".join(t for t, _, _ in pieces)
    boxes: dict[int, list[tuple[str, int, int]]] = {}
    for start, end, lid in stories(table, *pairs[FIB_PLCF_TXBX_TXT]):
        cp = where.get(lid)
        if cp is None or not 0 <= cp < len(main) or not 0 <= start < end <= lengths[5]:
            continue
        paragraph = max(main.rfind("\r", 0, cp), main.rfind("\x07", 0, cp)) + 1
        boxes.setdefault(paragraph, []).extend([*_pieces(word, clx, base + end, base + start), ("\r", -1, 0)])
    return with_boxes_at(pieces, boxes) if boxes else pieces
