"""Sniffing a file's real format from its first bytes (magic numbers), whatever its name says.

>>> sniff(b"%PDF-1.7\\n...")
'pdf'
>>> sniff(b"<!DOCTYPE html><html><body>...")
'html'
>>> describe(sniff(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(8)))
'a legacy Office file (Word .doc / Excel .xls)'
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
)
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                   re.IGNORECASE | re.DOTALL)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

DESCRIPTIONS = {
    "pdf": "a PDF",
    "docx": "a Word .docx document",
    "zip": "a zip archive",
    "xlsx": "an Excel .xlsx workbook",
    "odt": "an OpenDocument file",
    "ole": "a legacy Office file (Word .doc / Excel .xls)",
    "rtf": "an RTF document",
    "html": "HTML (saved web page?)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "executable": "a program (executable)",
    "text": "plain text",
}


def sniff(head: bytes, path: Path | None = None) -> str:
    """The format the first bytes show: pdf, docx/xlsx/odt/zip, ole, rtf, html, an image or archive kind, or text.

    ``path`` lets a zip archive be told apart (.docx, .xlsx, .odt) by its member names.
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path) if path is not None else "zip"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    body = head
    for bom in _BOMS:
        if body.startswith(bom):
            body = body[len(bom):]
            break
    if _HTML.match(body[:4096]) or (b"\x00" in body[:64] and _HTML.match(body[:4096].replace(b"\x00", b""))):
        return "html"
    return "text"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):  # (a damaged directory can
        return "zip"                                                                   # claim any zip version)
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "odt"
    return "zip"


def describe(kind: str) -> str:
    """Words for a sniffed kind, for error messages.

    >>> describe("pdf")
    'a PDF'
    """
    return DESCRIPTIONS.get(kind, kind)
