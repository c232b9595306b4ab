"""Legacy Word .doc files (Word 97–2003 binary format, [MS-DOC]): the main document's text.

Stages: open the compound file (olefile) -> read the FIB at the start of the ``WordDocument`` stream (which
table stream, where the piece table is, how many characters the main document has) -> read the piece table
(``Clx``: runs of character positions stored as Windows-1252 bytes or UTF-16) -> turn Word's control characters
into the .docx reader's layout: a paragraph per line, a blank line between paragraphs, each table cell a
paragraph of its own, field codes dropped and their results kept. Footnotes, headers and comments follow the
main document in the stream and are not read; text boxes are read before the paragraph they are anchored in
(``msword_boxes``); tracked deletions (``sprmCFRMarkDel``) are left out. Automatic list numbers, which are
formatting, are put before their paragraphs as they print (``msword_lists``).

Word 6.0/95 files (another FIB) and encrypted files are refused with their reason.

>>> paragraphs_of("KẾ HOẠCH\\rNăm 2024\\x0bI. MỤC ĐÍCH\\r\\x13 PAGE \\x142\\x15\\rSở A\\x07Sở B\\x07\\x07")
'KẾ HOẠCH\\n\\nNăm 2024\\nI. MỤC ĐÍCH\\n\\n2\\n\\nSở A\\n\\nSở B'
"""

from __future__ import annotations

import io
import logging
import re
import struct

from kehoach.ingest.readers.base import ReadError

_WORD_97 = 0x00C1  # nFib of Word 97 and later (Word 2000..2019 keep it in FibBase)
_CP1252_HIGH = {b: bytes([b]).decode("cp1252", "replace").replace("\ufffd", chr(b)) for b in range(0x80, 0xA0)}
# (keys are code points: a Latin-1 decoded byte b is chr(b))
# a paragraph mark, a table cell or row end, a page or section break end a paragraph; a manual line break a line
_BREAKS = {ord("\r"): "\n\x00", 0x07: "\n\x00", 0x0C: "\n\x00", 0x0B: "\n"}
_FIELD_MARKS = re.compile("([\x13\x14\x15])")  # a field's start, the end of its instruction, its end
# an optional hyphen stays U+00AD (which normalization removes): TCVN3's "ư" is that byte, stored as one
_DROPPED = {c: None for c in range(0x20) if chr(c) not in "\t\n"} | {0x1F: "\xad", 0x1E: "-"}


# a password-protected Word 2007+ file is an OLE container holding the encrypted package, not a zip
ENCRYPTED = "a password-protected (encrypted) Office file: save it without a password"
_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")


def is_encrypted_package(data: bytes) -> bool:
    """Whether an OLE container holds an encrypted Office 2007+ package (a directory entry named so).

    >>> is_encrypted_package(b"\\xd0\\xcf" + "EncryptedPackage".encode("utf-16-le")), is_encrypted_package(b"")
    (True, False)
    """
    return _ENCRYPTED_NAME in data


def doc_text(data: bytes) -> str:
    """The text of a Word 97–2003 .doc file's main document; raises ``ReadError`` with a one-line reason."""
    return read_doc(data)[0]


def read_doc(data: bytes) -> tuple[str, list[str], list[str]]:
    """The text of a .doc's main document, runs in TCVN3 / VNI fonts converted by their font, the legacy
    encodings converted and what could not be read of it (warnings: damaged list, box or revision tables)
    (``doc_text``)."""
    import olefile

    logging.getLogger("olefile").setLevel(logging.ERROR)
    notes: list[str] = []
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))  # (short bytes would be taken for a file name)
    except (OSError, ValueError, struct.error):
        raise ReadError("damaged Word .doc (not a readable Office compound file)") from None
    try:
        if not ole.exists("WordDocument"):
            if ole.exists("EncryptedPackage"):
                raise ReadError(ENCRYPTED)
            raise ReadError("a legacy Office file that is not a Word document (Excel .xls, PowerPoint .ppt?)")
        word = ole.openstream("WordDocument").read()
        fib = _read_fib(word)
        table = "1Table" if fib["table1"] else "0Table"
        if not ole.exists(table):
            raise ReadError(f"damaged Word .doc (no {table} stream)")
        stream = ole.openstream(table).read()
        clx = stream[fib["fc_clx"]:fib["fc_clx"] + fib["lcb_clx"]]
        pieces = _pieces(word, clx, fib["ccp_text"])
        from kehoach.ingest.readers.msword_boxes import with_boxes
        from kehoach.ingest.readers.msword_fonts import FIB_PLCF_BTE_CHPX, deleted_runs
        from kehoach.ingest.readers.msword_lists import labelled

        # (each a help to the text: where its tables are damaged, the text is read without it, and said so)
        try:
            pieces = with_boxes(word, stream, fib, clx, pieces)
        except (struct.error, IndexError, ValueError, ReadError):
            notes.append("text boxes not read: the drawing tables are damaged (a boxed number or date may be missing)")
        try:
            pieces = without(pieces, deleted_runs(word, stream, *fib["pairs"][FIB_PLCF_BTE_CHPX]))
        except (struct.error, IndexError, ValueError):
            notes.append("tracked deletions not told apart: the character properties are damaged (deleted text may "
                         "be read)")
        try:
            pieces = labelled(word, stream, fib, pieces)
        except (struct.error, IndexError, ValueError):
            notes.append("list numbers not read: the list tables are damaged (item numbers Word prints may be "
                         "missing)")
        try:
            text, used = _by_fonts(word, stream, fib, pieces)
        except (struct.error, IndexError, ValueError):  # fonts are a help: damaged properties read as detected
            text, used = "".join(t for t, _, _ in pieces), []
    except ReadError:
        raise
    except (OSError, ValueError, struct.error, IndexError) as err:
        raise ReadError(f"damaged Word .doc ({type(err).__name__}: {err})") from None
    finally:
        ole.close()
    return paragraphs_of(text), used, notes


def _read_fib(word: bytes) -> dict:
    """What the reader needs of the FIB (File Information Block)."""
    if len(word) < 34:
        raise ReadError("damaged Word .doc (the WordDocument stream is too short)")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != 0xA5EC:
        raise ReadError("damaged Word .doc (no Word 97-2003 file information block)")
    if nfib < _WORD_97:
        raise ReadError("Word 6.0/95 .doc is not supported; save it as .docx")
    (flags,) = struct.unpack_from("<H", word, 0x0A)
    if flags & 0x0100:
        raise ReadError("the Word .doc is password-protected")
    pos = 32
    (csw,) = struct.unpack_from("<H", word, pos)
    pos += 2 + 2 * csw
    (cslw,) = struct.unpack_from("<H", word, pos)
    lw = pos + 2
    pos = lw + 4 * cslw
    (cb_fc,) = struct.unpack_from("<H", word, pos)
    if cslw < 4 or cb_fc < 34:
        raise ReadError("damaged Word .doc (a file information block too short for Word 97)")
    (ccp_text,) = struct.unpack_from("<i", word, lw + 4 * 3)
    # the other stories' lengths (footnotes, headers, macros, comments, endnotes, text boxes), in stream order
    stories = [struct.unpack_from("<i", word, lw + 4 * k)[0] for k in range(4, 10)] if cslw >= 10 else []
    # (the pairs this reader uses: the piece table's, the fonts', the styles' and the lists' at 73-74)
    pairs = [struct.unpack_from("<II", word, pos + 2 + 8 * k)
             for k in range(max(34, min(cb_fc, 75))) if k < 34 or pos + 10 + 8 * k <= len(word)]
    fc_clx, lcb_clx = pairs[33]
    if lcb_clx == 0 or ccp_text < 0:
        raise ReadError("damaged Word .doc (no piece table)")
    return {"table1": bool(flags & 0x0200), "ccp_text": ccp_text, "stories": stories, "fc_clx": fc_clx,
            "lcb_clx": lcb_clx,
            "pairs": pairs}


def _piece_text(word: bytes, clx: bytes, ccp_text: int) -> str:
    """The first ``ccp_text`` characters, piece by piece: 8-bit pieces are Windows-1252 at half their offset."""
    return "".join(text for text, _, _ in _pieces(word, clx, ccp_text))


def _pieces(word: bytes, clx: bytes, ccp_text: int, start_cp: int = 0) -> list[tuple[str, int, int]]:
    """``(text, stream offset of its first character, bytes per character)`` of each piece of the main
    document (``start_cp``, ``ccp_text``: of the characters between those positions, a text box story's)."""
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers, skipped
        (cb,) = struct.unpack_from("<h", clx, i + 1)
        i += 3 + max(cb, 0)
    if i >= len(clx) or clx[i] != 0x02:
        raise ReadError("damaged Word .doc (no piece table)")
    (lcb,) = struct.unpack_from("<I", clx, i + 1)
    plc = clx[i + 5:i + 5 + lcb]
    n = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out: list[tuple[str, int, int]] = []
    for k in range(n):
        start, end = max(cps[k], start_cp), min(cps[k + 1], ccp_text)
        if cps[k] >= ccp_text:
            break
        if start >= end:
            continue
        (fc,) = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)
        count, skip = end - start, start - cps[k]
        if fc & 0x40000000:
            at = (fc & 0x3FFFFFFF) // 2 + skip
            out.append((word[at:at + count].decode("latin-1").translate(_CP1252_HIGH), at, 1))
        else:
            at = fc + 2 * skip
            out.append((word[at:at + 2 * count].decode("utf-16-le", errors="replace"), at, 2))
    return out


def without(pieces: list[tuple[str, int, int]], spans: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """``pieces`` without the characters in ``spans`` (stream offsets: tracked deletions).

    >>> without([("Sở Nội vụ Ngoại vụ", 100, 2)], [(106, 120)])
    [('Sở ', 100, 2), ('Ngoại vụ', 120, 2)]
    """
    if not spans:
        return pieces
    out: list[tuple[str, int, int]] = []
    for text, fc, width in pieces:
        end, cut = fc + len(text) * width, 0
        for start, stop in spans:
            if stop <= fc or start >= end:
                continue
            a, b = (max(start, fc) - fc) // width, (min(stop, end) - fc + width - 1) // width
            if a > cut:
                out.append((text[cut:a], fc + cut * width, width))
            cut = max(cut, b)
        if cut < len(text):
            out.append((text[cut:], fc + cut * width, width))
    return out


def _by_fonts(word: bytes, table: bytes, fib: dict, pieces: list[tuple[str, int, int]]) -> tuple[str, list[str]]:
    """The pieces' text with the runs in TCVN3 or VNI fonts converted, and the encodings converted from."""
    from kehoach.ingest.readers.legacy import from_tcvn3, from_vni
    from kehoach.ingest.readers.msword_fonts import (
        FIB_PLCF_BTE_CHPX,
        FIB_PLCF_BTE_PAPX,
        FIB_STSHF,
        char_runs,
        paragraph_styles,
        split_by_runs,
        style_fonts,
    )
    from kehoach.ingest.readers.word import legacy_font

    names = font_names_of(table, fib)
    legacy = {i: legacy_font(name) for i, name in enumerate(names) if legacy_font(name)}
    if not legacy:
        return "".join(text for text, _, _ in pieces), []
    runs = char_runs(word, table, *fib["pairs"][FIB_PLCF_BTE_CHPX])
    paragraphs = paragraph_styles(word, table, *fib["pairs"][FIB_PLCF_BTE_PAPX])
    styles, default = style_fonts(table, *fib["pairs"][FIB_STSHF])
    out, used = [], set()
    for text, fc, width in pieces:
        if not width:  # a list label (msword_lists)
            out.append(text)
            continue
        for part, font in split_by_runs(text, fc, width, runs, paragraphs, styles, default):
            enc = legacy.get(font)
            if enc is None:
                out.append(part)
            elif enc[0] == "tcvn3":  # Word keeps TCVN3's "ư" (U+00AD) as an optional hyphen
                out.append(from_tcvn3(part.replace("\x1f", "\xad"), capitals=enc[1]))
            else:
                out.append(from_vni(part))
            used.update([enc[0]] if enc else [])
    return "".join(out), sorted(used)


def font_names_of(table: bytes, fib: dict) -> list[str]:
    """The names of the fonts of the document (its font table)."""
    from kehoach.ingest.readers.msword_fonts import FIB_STTBF_FFN, font_names

    return font_names(table, *fib["pairs"][FIB_STTBF_FFN])


def paragraphs_of(text: str) -> str:
    """Word's characters -> lines: fields reduced to their results, paragraph marks, cell and row ends and page
    breaks end a paragraph (paragraphs are joined by a blank line), a manual line break (``\\x0b``) stays a line
    break; other control characters are dropped (a non-breaking hyphen becomes "-", an optional one U+00AD)."""
    if "\x13" in text:
        kept: list[str] = []
        fields: list[bool] = []  # per open field: True while in its instruction (before its separator)
        for part in _FIELD_MARKS.split(text):
            if part == "\x13":
                fields.append(True)
            elif part == "\x14":
                if fields:
                    fields[-1] = False
            elif part == "\x15":
                if fields:
                    fields.pop()
            elif not any(fields):
                kept.append(part)
        text = "".join(kept)
    paragraphs = []
    for block in text.translate(_BREAKS).split("\n\x00"):
        lines = [ln.strip() for ln in block.translate(_DROPPED).split("\n")]
        if any(lines):
            paragraphs.append("\n".join(ln for ln in lines if ln))
    return "\n\n".join(paragraphs)
