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
import re
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


# a plan names itself (or, in a news article, the plan it reports) as "Kế hoạch"/"KẾ HOẠCH" — capitalized: the
# common noun "kế hoạch" (a plan, a schedule) appears in any administrative text
# "Kế hoạch", or an article's "… đề ra kế hoạch triển khai …" in lower case
_PLAN_WORD = re.compile(r"\b(?:Kế hoạch|KẾ HOẠCH|Kế Hoạch)\b|\b(?:ban hành|đề ra|xây dựng|có|triển khai) kế hoạch\b")
_PLAN_NUMBER = re.compile(r"\b\d+\s*/\s*KH\s*[-–]|\b\d+-KH/")
_STRUCTURE = {"header", "title", "preamble", "purpose", "content", "funding", "implementation", "recipients",
              "signature", "appendix"}


def plan_signals(rec: ExtractedDocument, doc: Document) -> list[str]:
    """What makes the record look like a plan (or news about one); an empty list means it is not one.

    >>> text = "Thời tiết hôm nay: trời nắng, có mưa rào vào buổi chiều."
    >>> doc = Document.from_text(text, file="x.txt")
    >>> plan_signals(extract_document(doc), doc)
    []
    >>> doc = Document.from_text("KẾ HOẠCH\\nThông tin đối ngoại năm 2024\\n", file="k.txt")
    >>> "plan word" in plan_signals(extract_document(doc), doc)
    True
    """
    found = []
    if rec.plan.number:
        found.append("number")
    if rec.plan.title:
        found.append("title")
    if doc.layout is not None and any(s.kind in _STRUCTURE for s in doc.layout.sections):
        found.append("sections")
    if rec.cites:
        found.append("citations")
    if rec.tasks:
        found.append("tasks")
    if _PLAN_WORD.search(doc.text):
        found.append("plan word")
    if _PLAN_NUMBER.search(doc.text):
        found.append("plan number")
    return found


def extract_file(path: str | Path, data: bytes | None = None, name: str | None = None) -> ExtractedDocument:
    """Read and extract one file (.txt in any common encoding, .docx, .pdf, .html); ``data``: its bytes, when
    already read (``kehoach.ingest.readers.read_bytes``); ``name``: what the record and its evidence call the
    file (default: its file name; see ``kehoach.ingest.readers.unique_names``).

    Raises ``ExtractionError`` for unreadable input (empty, binary, wrong format, too large, undecodable) and for
    a readable file that is not a plan: no "Kế hoạch" title, plan number, sections, citations or tasks.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"
    >>> _ = p.write_bytes(b"")
    >>> try:
    ...     extract_file(p)
    ... except ExtractionError as err:
    ...     print(err.reason)
    empty file
    """
    p = Path(path)
    try:
        src = read_document(p, data)
    except ReadError as err:
        raise ExtractionError(str(p), err.reason) from None
    doc = Document.from_text(src.text, file=name or p.name, path=str(p))
    rec = extract_document(doc)
    if not plan_signals(rec, doc):
        raise ExtractionError(str(p), "not a plan document: no 'Kế hoạch' title, plan number, sections, "
                                      "citations or tasks found")
    rec.source_format = src.format
    rec.encoding = src.encoding
    rec.warnings.extend(src.warnings)
    rec.sha256 = src.sha256
    return rec
