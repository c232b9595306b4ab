"""Plan metadata: number, type, issuer and jurisdiction, place, date, title, year, level, signer.

Stages over the layout: header ("Số:", place/date line) -> title -> issuer (header block or the issuing
sentence) -> signer (signature block); a news article (no title section) yields the plan it reports.

>>> from kehoach.ingest.document import Document
>>> from kehoach.ingest.layout import segment
>>> doc = Document.from_text("Số: 12/KH-UBND\\nHà Giang, ngày 05 tháng 3 năm 2024\\nKẾ HOẠCH\\n"
...                          "Thông tin đối ngoại năm 2024\\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:\\n")
>>> doc.layout = segment(doc.text)
>>> kind, plan = extract_metadata(doc)
>>> kind, plan.number, plan.date, plan.issuer.jurisdiction, plan.level
('plan', '12/KH-UBND', '2024-03-05', 'tỉnh Hà Giang', 'province')
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Document, Layout
from kehoach.ingest.layout import segment
from kehoach.ingest.layout.vocab import vocab
from kehoach.ingest.metadata.header import (
    find_number,
    find_place_date,
    is_authority_line,
    issued_title,
    issuing_title,
    title_text,
    year_covered,
)
from kehoach.ingest.metadata.issuer import find_issuer
from kehoach.ingest.metadata.news import reported_plan
from kehoach.ingest.metadata.signer import find_signer
from kehoach.ingest.models import Issuer, PlanMeta, Signer

__all__ = ["extract_metadata"]

_TYPE_WORDS = {"KẾ HOẠCH": "Kế hoạch", "CHƯƠNG TRÌNH": "Chương trình", "ĐỀ ÁN": "Đề án", "PHƯƠNG ÁN": "Phương án",
               "KẾ HOẠCH LIÊN TỊCH": "Kế hoạch liên tịch", "KẾ HOẠCH HÀNH ĐỘNG": "Kế hoạch",
               "CHƯƠNG TRÌNH HÀNH ĐỘNG": "Chương trình"}


def _split_type_word(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A title's first line as [the type word's span, the rest's] when the type word opens it, else [``span``].

    >>> t = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"
    >>> [t[s:e] for s, e in _split_type_word(t, (0, len(t)))]
    ['KẾ HOẠCH', 'CẢI CÁCH HÀNH CHÍNH NĂM 2025']
    >>> _split_type_word("KẾ HOẠCH", (0, 8)), _split_type_word("KẾ HOẠCH HÀNH ĐỘNG", (0, 18))
    ([(0, 8)], [(0, 8), (9, 18)])
    """
    line = text[span[0]:span[1]]
    lead = len(line) - len(line.lstrip(" *"))
    action = _ACTION.match(line, lead)
    if action:  # "KẾ HOẠCH HÀNH ĐỘNG": a plan, its title "Hành động …" (the gold's: the words after "Kế hoạch")
        return [(span[0] + lead, span[0] + action.end("type")), (span[0] + action.start("rest"), span[1])]
    m = vocab().doc_type_prefix.match(line, lead)
    if m is None or vocab().doc_type_line.match(line, lead):  # "KẾ HOẠCH LIÊN TỊCH" is one type word
        return [span]
    return [(span[0] + lead, span[0] + m.end("type")), (span[0] + m.end(), span[1])]


_ALIAS = re.compile(r"\s*\((?:gọi tắt là\s+)?(?:Chương trình|Kế hoạch|Đề án)(?: hành động)?\)")
_ACTION = re.compile(r"(?P<type>KẾ HOẠCH|CHƯƠNG TRÌNH)[ \t]+(?P<rest>HÀNH ĐỘNG\b)")


def _action_title(title: str | None) -> str | None:
    """"HÀNH ĐỘNG" over a title in small letters reads as its first words: "Hành động thực hiện …"."""
    if title and title.startswith("HÀNH ĐỘNG ") and not title.isupper():
        rest = title[len("HÀNH ĐỘNG "):]
        return "Hành động " + (rest[:1].lower() + rest[1:] if rest[1:2].islower() else rest)
    return title


def extract_metadata(doc: Document) -> tuple[str, PlanMeta]:
    """("plan" | "news", metadata of the plan the document holds or reports), with evidence per field."""
    text = doc.text
    layout: Layout = doc.layout or segment(text)
    plan = PlanMeta()
    spans: dict[str, tuple[int, int]] = {}
    start, end = layout.document_span()
    title_sec = layout.first("title")
    header_sec = layout.first("header")
    kind = "news" if title_sec is None and layout.first("body") is not None else "plan"
    place = None
    if kind == "news":
        body = layout.first("body")
        rep = reported_plan(text, body.start, body.end)
        plan.number, plan.date, plan.date_partial = rep.get("number"), rep.get("date"), rep.get("date_partial")
        plan.title = rep.get("title")
        spans.update(rep["spans"])
        header = (0, 0)
        title_span = spans.get("title", (0, 0))
    else:
        header = (header_sec.start, header_sec.end) if header_sec else (start, title_sec.start if title_sec else start)
        plan.number, num_span = find_number(text, *header)
        if num_span:
            spans["number"] = num_span
        place, plan.date, plan.date_partial, place_span, date_span = find_place_date(text, *header)
        plan.place = place
        if place_span:
            spans["place"] = place_span
        if date_span:
            spans["date"] = date_span
        title_span = (0, 0)
        if title_sec and title_sec.blocks:
            lines = [(b.start, b.end) for b in title_sec.blocks]
            first_end = text.find("\n", *lines[0])
            if first_end > 0:  # a lower-case title line was read as the type word's continuation
                lines[:1] = [(lines[0][0], first_end), (first_end + 1, lines[0][1])]
            lines[:1] = _split_type_word(text, lines[0])
            type_line = text[slice(*lines[0])].strip(" *")
            typed = vocab().doc_type_line.match(type_line) is not None  # else a title with no type word above
            if typed:
                plan.doc_type = _TYPE_WORDS.get(type_line.upper(), plan.doc_type)
                spans["doc_type"] = lines[0]
            plan.title, ts = title_text(text, lines[typed:])
            plan.title = _action_title(plan.title)
            # a decision's title, its type word printed or lost ("BAN HÀNH KẾ HOẠCH …" right under the header)
            issued = (issued_title(plan.title, text, ts)  # (the Government's resolution issuing its programme too)
                      if ts and (not typed or type_line.upper() in ("QUYẾT ĐỊNH", "NGHỊ QUYẾT")) else None)
            if issued:  # a decision "BAN HÀNH KẾ HOẠCH …": the plan's title
                plan.title, ts = issued
            if ts:
                spans["title"] = title_span = ts
    if is_authority_line(plan.title):  # a decision's "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under a header without title
        plan.title, title_span = None, (0, 0)
        spans.pop("title", None)
    pre = layout.first("preamble")
    if kind == "plan" and plan.title is None and pre is not None:  # the page left the title out
        plan.title, ts = issuing_title(text, pre.start, pre.end)
        if ts is None and "QĐ" in (plan.number or ""):  # a decision's "Điều 1. Ban hành kèm theo …"
            plan.title, ts = issuing_title(text, pre.end, min(end, pre.end + 3000))
        if ts:
            spans["title"] = title_span = ts
    if plan.title:  # "… của Đảng (Chương trình hành động)": the name the text will call it by
        plan.title = _ALIAS.sub("", plan.title)
    plan.year_covered = year_covered(plan.title)
    issuer = find_issuer(text, header, title_span, (start, end), place, plan.title)
    if issuer.name or issuer.unit:
        plan.issuer = Issuer(name=issuer.name or "Ủy ban nhân dân", jurisdiction=issuer.jurisdiction)
        if issuer.span:
            spans["issuer"] = issuer.span
    plan.level, plan.province, plan.district = issuer.level, issuer.province, issuer.district
    sig = layout.first("signature")
    if sig is not None:
        name, title, name_span = find_signer(text, sig.start, sig.end)
        if name:
            plan.signer = Signer(name=name, title=title)
            spans["signer"] = name_span
    plan.evidence = {k: doc.evidence(*v) for k, v in spans.items()}
    return kind, plan
