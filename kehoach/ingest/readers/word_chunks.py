"""Imported chunks of a .docx (``w:altChunk``): a web page, an RTF or another .docx that a document system put
into the file whole, for Word to convert when it opens it. A .docx a system generated from an HTML template can
be nothing but one such chunk: read without it, it is empty.

``expand_chunks`` replaces each ``w:altChunk`` of the body by paragraphs of the chunk's text, read by the reader
of what the chunk holds (sniffed from its bytes: RTF, a zip package, a MIME web archive, HTML, else text).

>>> chunk_text(b"<html><body><p>K\\xe1\\xba\\xbe HO\\xe1\\xba\\xa0CH</p><p>N\\xc4\\x83m 2024</p></body></html>")
'KẾ HOẠCH\\n\\nNăm 2024'
"""

from __future__ import annotations

import io
import posixpath
import re

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_HTML = re.compile(rb"<(?:!doctype\s+html|html|body|p|div|table)\b", re.IGNORECASE)


def chunk_text(data: bytes) -> str:
    """The text of one chunk, whatever it holds."""
    from kehoach.ingest.readers.text import decode_text
    from kehoach.ingest.readers.web import decode_html, html_text

    head = data[:2048].lstrip()
    if head.startswith(b"{\\rtf"):
        from kehoach.ingest.readers.rtf import read_rtf

        return read_rtf(data)[0]
    if head.startswith(b"PK\x03\x04"):
        from kehoach.ingest.readers.word import read_docx

        return read_docx(io.BytesIO(data))[0]
    if b"MIME-Version" in head[:512]:  # a web archive (.mht): its HTML part
        import email

        for part in email.message_from_bytes(data).walk():
            if part.get_content_type() == "text/html":
                return html_text(decode_html(part.get_payload(decode=True) or b"")[0])
        return ""
    if _HTML.search(head):
        return html_text(decode_html(data)[0])
    return decode_text(data)[0]


def _relationships(z, target: str, parser) -> dict[str, str]:
    """The part each relationship id of ``target`` names, inside the package."""
    from lxml import etree

    folder = posixpath.dirname(target)
    name = posixpath.join(folder, "_rels", posixpath.basename(target) + ".rels")
    if name not in z.namelist():
        return {}
    out = {}
    for rel in etree.fromstring(z.read(name), parser):
        ref = rel.get("Target", "")
        if rel.get("TargetMode") != "External" and rel.get("Id"):
            out[rel.get("Id")] = posixpath.normpath(ref.lstrip("/") if ref.startswith("/") else posixpath.join(folder, ref))
    return out


def expand_chunks(z, target: str, body, parser) -> None:
    """Replace each ``w:altChunk`` under ``body`` by its text's paragraphs (a chunk that cannot be read is
    dropped: the rest of the document is still read)."""
    from lxml import etree

    chunks = list(body.iter(f"{_W}altChunk"))
    if not chunks:
        return
    parts = _relationships(z, target, parser)
    names = set(z.namelist())
    for chunk in chunks:
        name = parts.get(chunk.get(_R_ID, ""))
        try:
            text = chunk_text(z.read(name)) if name in names else ""
        except Exception:  # a damaged chunk (bad RTF, bad zip, undecodable bytes)
            text = ""
        parent, at = chunk.getparent(), chunk.getparent().index(chunk)
        parent.remove(chunk)
        for k, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            p = etree.Element(f"{_W}p")
            r = etree.SubElement(p, f"{_W}r")
            for i, line in enumerate(paragraph.split("\n")):
                if i:
                    etree.SubElement(r, f"{_W}br")
                t = etree.SubElement(r, f"{_W}t")
                t.text = line
                t.set(_XML_SPACE, "preserve")
            parent.insert(at + k, p)
