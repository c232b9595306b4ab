"""What a cited document is about: its "về việc …" subject, read from the citation or the text after it.

A decision cited as "Quyết định số 1466/QĐ-UBND ngày 29/9/2023 về việc ban hành Kế hoạch …" tells what it
issues (the graph links the decision to the plan it issues). The subject is read from the citation as printed,
else from the text that follows it, up to 300 characters or the next citation.

>>> subject_from_text("Quyết định số 1466/QĐ-UBND ngày 29/9/2023 về việc ban hành Kế hoạch X năm 2024. Tiếp")
'ban hành Kế hoạch X năm 2024'
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Document
from kehoach.ingest.models import Citation

_SUBJECT = re.compile(r"\bvề\s+việc\s+(?P<s>[^.;\n]+)", re.I)
WINDOW = 300
"""Characters after a citation's start where its subject may be printed."""


def subject_from_text(text: str | None) -> str | None:
    """The "về việc …" subject inside a citation's text or its sentence, if printed (spaces collapsed).

    >>> subject_from_text("Kế hoạch số 12/KH-UBND") is None
    True
    """
    m = _SUBJECT.search(text or "")
    return " ".join(m.group("s").split()) if m else None


def cite_subject(c: Citation, cites: list[Citation], doc: Document) -> str:
    """The subject of ``c`` ("" when none is printed): in the citation itself, else in the normalized text of
    ``doc`` from the citation up to ``WINDOW`` characters or the next of ``cites``, whatever the file's
    format (decomposed tone marks, hard-wrapped lines).

    >>> from kehoach.ingest.document import Document
    >>> doc = Document.from_text("Theo Quyết định số 5/QĐ-UBND của UBND tỉnh về việc ban hành Quy chế A; Luật B.")
    >>> c = Citation(number="5/QĐ-UBND", as_written="Quyết định số 5/QĐ-UBND", evidence=doc.evidence(5, 28))
    >>> cite_subject(c, [c], doc)
    'ban hành Quy chế A'
    """
    if c.evidence is None:
        return subject_from_text(c.as_written) or ""
    norm = doc.norm
    start, end = norm.normalized_offset(c.evidence.start), norm.normalized_offset(c.evidence.end)
    s = subject_from_text(doc.text[start:end])
    if not s:
        later = [x.evidence.start for x in cites if x.evidence and x.evidence.start > c.evidence.start]
        stop = min([start + WINDOW, *(norm.normalized_offset(p) for p in later)])
        s = subject_from_text(doc.text[start:stop])
    return s or ""
