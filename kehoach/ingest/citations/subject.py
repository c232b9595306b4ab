"""What a cited document is about: its "về việc …" subject, read from the citation or the text after it.

A decision cited as "Quyết định số 1466/QĐ-UBND ngày 29/9/2023 về việc ban hành Kế hoạch …" tells what it
issues (the graph links the decision to the plan it issues). The subject is read from the citation as printed,
else from the text that follows it, up to 300 characters or the next citation.

>>> subject_from_text("Quyết định số 1466/QĐ-UBND ngày 29/9/2023 về việc ban hành Kế hoạch X năm 2024. Tiếp")
'ban hành Kế hoạch X năm 2024'
"""

from __future__ import annotations

import re

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


def cite_subject(c: Citation, cites: list[Citation], original: str) -> str:
    """The subject of ``c`` ("" when none is printed): in its printed form, else in ``original`` (the text as
    read, where evidence offsets point) from the citation up to ``WINDOW`` characters or the next of ``cites``.

    >>> from kehoach.ingest.models import Evidence
    >>> text = "Theo Quyết định số 5/QĐ-UBND ngày 1/2/2024 của UBND tỉnh về việc ban hành Quy chế A; Luật B."
    >>> c = Citation(number="5/QĐ-UBND", as_written="Quyết định số 5/QĐ-UBND", evidence=Evidence("a.txt", 5, 28, ""))
    >>> cite_subject(c, [c], text)
    'ban hành Quy chế A'
    """
    s = subject_from_text(c.as_written) or (subject_from_text(c.evidence.text) if c.evidence else None)
    if not s and c.evidence:
        start = c.evidence.start
        later = [x.evidence.start for x in cites if x.evidence and x.evidence.start > start]
        s = subject_from_text(original[start:min([start + WINDOW, *later])])
    return s or ""
