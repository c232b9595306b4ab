"""A news article about a plan: the plan it reports ("Ngày 01/11/2023, UBND tỉnh đã ban hành kế hoạch số
210/KH-UBND …") and the headline ("Kế hoạch hoạt động …").

>>> text = "Kế hoạch tuyên truyền năm 2024\\nNgày 01/11/2023, UBND tỉnh đã ban hành kế hoạchsố 210/KH-UBND về việc.\\n"
>>> r = reported_plan(text, 0, len(text))
>>> r["number"], r["date"], r["title"]
('210/KH-UBND', '2023-11-01', 'tuyên truyền năm 2024')
"""

from __future__ import annotations

import re

from kehoach.ingest.metadata.dates import DATE, date_of
from kehoach.ingest.metadata.header import clean_number

_REPORTED = re.compile(
    r"(?i)kế\s*hoạch\s*(?:số\s*)?(?P<num>\d+\s*/\s*(?:\d{4}\s*/\s*)?[^\W\d_]+(?:\s*-\s*[^\W\d_]+)*)")
_HEADLINE = re.compile(r"(?m)^Kế hoạch\s+(?P<title>[^\n]+?)\s*$")


def reported_plan(text: str, start: int, end: int) -> dict:
    """Fields of the plan a news text reports, each with its span under ``spans``."""
    out: dict = {"spans": {}}
    m = _REPORTED.search(text, start, end)
    if m:
        out["number"] = clean_number(m.group("num"))
        out["spans"]["number"] = m.span("num")
        sent_start = max(text.rfind(".", start, m.start()), text.rfind("\n", start, m.start())) + 1
        sent_end = text.find("\n", m.end())
        sent_end = end if sent_end < 0 else sent_end
        d = DATE.search(text, sent_start, sent_end)
        if d:
            out["date"], out["date_partial"] = date_of(d)
            out["spans"]["date"] = d.span()
    h = _HEADLINE.search(text, start, end)
    if h and (m is None or h.start() < m.start()):
        out["title"] = h.group("title")
        out["spans"]["title"] = h.span("title")
    return out
