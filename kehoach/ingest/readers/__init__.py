"""Readers: a file -> decoded text (``SourceText``), or a ``ReadError`` with a one-line reason.

Formats: ``.txt`` in any common encoding (``text``, ``legacy``), ``.docx`` (``word``), Word 97–2003 ``.doc``
(``msword``), OpenDocument ``.odt`` (``odf``), ``.rtf`` (``rtf``), ``.pdf`` (``pdf``; scans by OCR, ``ocr``),
``.html``/``.htm`` (``web``). The content is sniffed by its
magic bytes (``sniff``), not only by the suffix:

- the suffix says what the file should be, and the content must agree: a ``.pdf`` that is really HTML is refused
  ("not a PDF: the file is HTML (saved web page?)") — it is usually a failed download or a login page, not the
  document; a ``.docx`` that is a PDF is refused the same way (rename it);
- a ``.txt`` holding HTML markup is read as HTML, with a warning;
- a file with another suffix (or none) is read as whatever its content is;
- Office files other than Word (.xls, .ppt, .ods), Word 6.0/95, images, archives and programs are refused with
  their name.

Limits: files over ``MAX_MB`` (50 MB; ``$KEHOACH_MAX_MB`` overrides) are refused before being read; empty
files, binary data and undecodable text get their own reasons.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_bytes("KẾ HOẠCH".encode("utf-16"))
>>> src = read_document(p)
>>> src.text, src.format, src.encoding
('KẾ HOẠCH', 'txt', 'utf-16-le')
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.ingest.readers.base import MAX_MB, MAX_MB_ENV, ReadError, SourceText, max_bytes, size_text
from kehoach.ingest.readers.inputs import (
    REFUSED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    iter_input_files,
    missing_reason,
    unique_names,
    written_by_kehoach,
)
from kehoach.ingest.readers.sniff import describe, sniff

__all__ = ["ReadError", "SourceText", "read_bytes", "read_document", "iter_input_files", "missing_reason",
           "unique_names", "SUPPORTED_SUFFIXES", "REFUSED_SUFFIXES", "MAX_MB", "MAX_MB_ENV"]

_EXPECTED = {".txt": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".doc": "ole",
             ".odt": "odt", ".rtf": "rtf"}
_NAMES = {".txt": "a text file", ".docx": "a Word .docx", ".pdf": "a PDF", ".html": "a web page",
          ".htm": "a web page", ".doc": "a Word .doc", ".odt": "an OpenDocument .odt", ".rtf": "an RTF document"}


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one file; raise ``ReadError`` with a one-line reason when it cannot be read or is larger
    than the limit (checked before reading).

    >>> try:
    ...     read_bytes("/nonexistent/x.txt")
    ... except ReadError as err:
    ...     print(err.reason)
    no such file
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        limit = max_bytes()
        if size > limit:
            raise ReadError(f"file too large: {size_text(size)} (limit {size_text(limit)}; "
                            f"set {MAX_MB_ENV} to change it)")
        return path.read_bytes()
    except IsADirectoryError:
        raise ReadError("is a folder, not a file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except OSError as err:
        raise ReadError(f"cannot read the file ({err.strerror or err})") from None


def read_document(path: str | Path, data: bytes | None = None) -> SourceText:
    """Read one file as text; raise ``ReadError`` with a one-line reason when it cannot be read. ``data``: the
    file's bytes when the caller has read them already (with :func:`read_bytes`).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.pdf"
    >>> _ = p.write_text("<!DOCTYPE html><html><body>Đăng nhập</body></html>")
    >>> try:
    ...     read_document(p)
    ... except ReadError as err:
    ...     print(err.reason)
    not a PDF: the file is HTML (saved web page?)
    """
    path = Path(path)
    if data is None:
        data = read_bytes(path)
    if not data:
        raise ReadError("empty file")
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise ReadError("empty file (only whitespace)")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data[:8192], path)
    suffix = path.suffix.lower()
    try:
        src = _read(path, data, kind, suffix)
    except RecursionError:  # (the readers walk nested tables, lists and boxes: hundreds of levels deep is hostile)
        raise ReadError("nested too deep (tables, lists or boxes hundreds of levels deep): a damaged or hostile "
                        "file") from None
    src.sha256 = sha
    if not src.text.strip():
        raise ReadError(f"no text in the {src.format} file")
    return src


def _read(path: Path, data: bytes, kind: str, suffix: str) -> SourceText:
    if kind == "rtf":
        from kehoach.ingest.readers.rtf import read_rtf

        text, fonts = read_rtf(data)
        said = [f"the {suffix} file holds RTF; read as RTF"] if suffix in (".txt", ".doc", ".docx") else []
        return _repaired(SourceText(text=text, format="rtf", warnings=said), fonts)
    expected = _EXPECTED.get(suffix)
    warnings: list[str] = []
    if suffix == ".doc" and kind != "ole":  # many ".doc" downloads are really .docx or web pages: read them so
        warnings.append(f"the .doc file is really {describe(kind)}; read as such")
        expected = None
    if expected == "text" and kind == "html":
        warnings.append("the .txt file holds HTML; read as a web page")
    elif expected == "html" and kind == "text":
        pass  # a page without <html> markup is still parsed as HTML
    elif expected and kind != expected:
        raise ReadError(f"not {_NAMES[suffix]}: the file is {_what_it_is(data, kind)}")
    if kind == "ole":
        from kehoach.ingest.readers.msword import read_doc

        text, fonts, notes = read_doc(data)
        return _repaired(SourceText(text=text, format="doc", warnings=warnings + notes), fonts)
    if kind == "pdf":
        from kehoach.ingest.readers.pdf import pdf_text

        text, more = pdf_text(path)
        return _repaired(SourceText(text=text, format="pdf", warnings=warnings + more))
    if kind == "odt":
        from kehoach.ingest.readers.odf import read_odt

        text, fonts = read_odt(path, max_bytes())
        return _repaired(SourceText(text=text, format="odt", warnings=warnings), fonts)
    if kind == "docx":
        from kehoach.ingest.readers.word import check_docx_size, read_docx

        check_docx_size(path, max_bytes())
        text, fonts, notes = read_docx(path)
        return _repaired(SourceText(text=text, format="docx", warnings=warnings + notes), fonts)
    if kind == "html" or expected == "html":
        from kehoach.ingest.readers.web import decode_html, html_text

        if written_by_kehoach(data):
            raise ReadError("a map written by kehoach (kehoach build or viz), not a plan document")

        html, encoding, more = decode_html(data)
        return _repaired(SourceText(text=html_text(html), format="html", encoding=encoding,
                                    warnings=warnings + more))
    if kind != "text":
        raise ReadError(f"{describe(kind)}, not a text document")
    from kehoach.ingest.readers.text import decode_text

    text, encoding, more = decode_text(data)
    return SourceText(text=text, format="txt", encoding=encoding, warnings=warnings + more)


def _repaired(src: SourceText, converted: list[str] = ()) -> SourceText:
    """``src`` with text in a legacy font encoding converted (``legacy.repair_text``; ``converted``: the
    encodings already converted by font), and a warning naming each."""
    from kehoach.ingest.readers.legacy import LEGACY_NAMES, repair_text

    src.text, found = repair_text(src.text)
    for enc in dict.fromkeys([*converted, *([found] if found else [])]):
        how = "by its fonts" if enc in converted else "detected"
        src.warnings.append(f"text in the legacy {LEGACY_NAMES[enc]} encoding converted to Unicode ({how})")
    return src


def _what_it_is(data: bytes, kind: str) -> str:
    """Words for what a mismatched file really holds; "text" only when it decodes as text."""
    from kehoach.ingest.readers.msword import ENCRYPTED, is_encrypted_package

    if kind == "ole" and is_encrypted_package(data):
        return ENCRYPTED
    if kind != "text":
        return describe(kind)
    from kehoach.ingest.readers.text import decode_text

    try:
        decode_text(data)
    except ReadError:
        return "binary data"
    return describe(kind)
