"""The extraction pipeline: one file in, one ``ExtractedDocument`` out.

read (readers) -> normalize -> segment (layout) -> metadata -> citations -> agencies -> tasks

Every stage is a pure function; ``extract_text`` runs the stages on decoded text, ``extract_file`` reads a
file first. Expected failures raise ``ExtractionError`` with a one-line, user-facing reason.

>>> rec = extract_text("KẾ HOẠCH\\nHoạt động thông tin đối ngoại năm 2024\\n", file="a.txt")
>>> rec.kind
'plan'
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.ingest.agencies import extract_agencies
from kehoach.ingest.citations import extract_citations
from kehoach.ingest.document import Document
from kehoach.ingest.layout import segment
from kehoach.ingest.metadata import extract_metadata
from kehoach.ingest.models import ExtractedDocument
from kehoach.ingest.readers import ReadError, read_document
from kehoach.ingest.tasks import extract_tasks


class ExtractionError(Exception):
    """A file could not be extracted; ``str(err)`` is a one-line reason for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def extract_document(doc: Document) -> ExtractedDocument:
    """Run the extractors over a ``Document`` (its layout is computed when missing)."""
    if doc.layout is None:
        doc.layout = segment(doc.text)
    kind, plan = extract_metadata(doc)
    cites, derives = extract_citations(doc, plan)
    agencies = extract_agencies(doc, plan)
    tasks = extract_tasks(doc, plan, agencies)
    return ExtractedDocument(file=doc.file, kind=kind, plan=plan, cites=cites, derives_from=derives,
                             tasks=tasks, agencies=agencies, path=doc.path)


def extract_text(text: str, file: str = "<text>", path: str | None = None) -> ExtractedDocument:
    """Extract a record from already decoded text.

    >>> extract_text("", file="empty.txt").plan.number is None
    True
    """
    rec = extract_document(Document.from_text(text, file=file, path=path))
    rec.sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return rec


def extract_file(path: str | Path) -> ExtractedDocument:
    """Read and extract one file (.txt in any common encoding, .docx, .pdf, .html).

    Raises ``ExtractionError`` for unreadable input (empty, binary, wrong format, too large, not a plan).
    """
    p = Path(path)
    try:
        src = read_document(p)
    except ReadError as err:
        raise ExtractionError(str(p), err.reason) from None
    rec = extract_text(src.text, file=p.name, path=str(p))
    rec.source_format = src.format
    rec.encoding = src.encoding
    rec.warnings.extend(src.warnings)
    rec.sha256 = src.sha256
    return rec
