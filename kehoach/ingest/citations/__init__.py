"""Citations of other documents and ``derives_from``, in eyecite's stages over plain data:

find (``find.py``: type word + number, or type word + name) -> resolve (``resolve.py``: type, date, issuer from
the text after the number) -> annotate (``annotate.py``: merge later mentions, roles, exact original spans;
``subject.py``: the "về việc …" subject; ``issued.py``: a named document a cited decision issued is that
decision's cite; ``congress.py``: a congress's resolution by name is its numbered cite) -> derive (``derive.py``: what the plan implements).

>>> from kehoach.ingest.document import Document
>>> from kehoach.ingest.models import PlanMeta
>>> doc = Document.from_text("KẾ HOẠCH\\nNăm 2024\\nThực hiện Nghị định số 72/NĐ-CP ngày 07/9/2015 của Chính phủ;"
...                          "\\nI. MỤC ĐÍCH\\n- Theo Nghị định số 72/NĐ-CP.\\n")
>>> cites, derives = extract_citations(doc, PlanMeta())
>>> [(c.number, c.type, c.date, c.issuer, c.role) for c in cites], [d.number for d in derives]
([('72/NĐ-CP', 'Nghị định', '2015-09-07', 'Chính phủ', 'basis')], ['72/NĐ-CP'])
"""

from __future__ import annotations

import re

from kehoach.ingest.chars import LOWER as _LOWER
from kehoach.ingest.citations.aliases import resolve_aliases
from kehoach.ingest.citations.annotate import build, cite_key
from kehoach.ingest.citations.congress import merge_congress
from kehoach.ingest.citations.derive import governed
from kehoach.ingest.citations.find import Mention, find_named, find_numbered
from kehoach.ingest.citations.issued import merge_issued, title_carries_out
from kehoach.ingest.citations.resolve import read_tail
from kehoach.ingest.citations.subject import cite_subject, subject_from_text
from kehoach.ingest.document import Document, Layout
from kehoach.ingest.keys import match_key
from kehoach.ingest.layout import segment
from kehoach.ingest.models import Citation, DocRef, PlanMeta

__all__ = ["extract_citations", "find_named", "find_numbered", "subject_from_text"]

_SKIP_SECTIONS = ("chrome", "header")
_DERIVE_SECTIONS = ("title", "preamble", "purpose")
# in a news article, what the plan implements is said where the article reports it: "Thực hiện Quyết định số
# 930/QĐ-TTg …, UBND tỉnh ban hành Kế hoạch số 2141/KH-UBND …" (not what its tasks carry out)
_REPORTING = re.compile(r"(?i)(?:ban hành|đã có|xây dựng|đề ra|(?:vừa|đã) triển khai)\s+kế hoạch")
# … or where it gives the plan's purpose: "Kế hoạch được ban hành nhằm triển khai thực hiện Kế hoạch số 12/KH-UBND
# …" (a sentence whose subject is the plan; up to its first ";", where other subjects' duties begin)
_PURPOSE = re.compile(r"(?im)(?:^|(?<=[.!?:]\s))[ \t]*(?:theo đó,\s*)?(?:mục đích của\s+|việc ban hành\s+)?"
                      r"kế hoạch\b[^.;\n]{0,100}?\b(?:nhằm|để)\s+[^.;\n]*")
_LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "phường", "xã", "thị trấn")

# a line break ends a clause unless the next line goes on with it (a wrapped line: in lower case, or a number that
# is not an item's marker, "… ngày 20 tháng 1 năm / 2020 của Thủ tướng …")
_CLAUSE_END = re.compile(rf";|\n(?![ \t]*(?:[{_LOWER}]|\d+(?![\d.)])))|\.(?=\s|$)")


_GROUNDS_SENTENCE = re.compile(r"(?m)(?:^|(?<=[.!?]\s))[ \t]*Căn cứ\b[^.\n]*")


def _grounds_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (a news article) that open with "Căn cứ" (the plan's grounds)."""
    return [m.span() for m in _GROUNDS_SENTENCE.finditer(text, start, end)]


# a paragraph of grounds the reporting sentence goes on from: "Thực hiện Kế hoạch số 109-KH/TU …; Kế hoạch số
# 47-KH/ĐU …;" / "Ngày 04/3/2020, Đảng ủy phường ban hành kế hoạch số 50-KH/ĐU …"
# (or a sentence of grounds alone, "Thực hiện Công văn số 1191/LĐTBXH-TE …; Kế hoạch số … ." above "Ngày 11/5/2022,
# UBND tỉnh ban hành Kế hoạch số 1960/KH-UBND …")
_GROUNDS_ABOVE = re.compile(r"(?:(?:Thực hiện|Căn cứ|Triển khai)\b[^\n]*[;,:]|(?:Thực hiện|Căn cứ)\s+[^\n]*\.)\s*$")


def _line_start(text: str, start: int, pos: int) -> int:
    """Where the line holding ``pos`` starts, or the paragraph of grounds above it that it goes on from."""
    line = text.rfind("\n", start, pos) + 1
    above = text[start:line].rstrip()
    prev = above.rfind("\n") + 1
    return start + prev if above and _GROUNDS_ABOVE.match(above, prev) else line


def _line_end(text: str, pos: int, end: int) -> int:
    e = text.find("\n", pos, end)
    return end if e < 0 else e


def _spans(layout: Layout, text: str, skip: tuple[str, ...]) -> list[tuple[int, int]]:
    if not layout.sections:
        return [(0, len(text))]
    return [(s.start, s.end) for s in layout.sections if s.kind not in skip]


def _in_numbered_clause(text: str, m: Mention, numbered: list[Mention]) -> bool:
    """A name inside the description of a numbered document ("Thông tư số 06/… hướng dẫn Dự án …"), or the
    numbered mention itself ("Quy chế số 07-QC/TU …")."""
    for n in numbered:
        if n.start <= m.start < n.end:
            return True
        if n.end <= m.start:
            stop = _CLAUSE_END.search(text, n.end)
            if (stop is None or stop.start() > m.start) and not (
                    m.type_word == "Nghị quyết" and _LISTED.search(text, n.end, m.start)):
                return True
    return False


# "… Chỉ thị số 25-CT/TW … về đẩy mạnh đối ngoại đa phương và Nghị quyết Đại hội Đảng bộ tỉnh …": a congress's
# resolution joined to the list, not a subject of the directive's description
_LISTED = re.compile(r"(?:\s+và|,)\s*$")


def _is_own(text: str, m: Mention, plan: PlanMeta) -> bool:
    """The plan naming itself ("Kèm theo Kế hoạch số 79/KH-UBND … của UBND huyện"): its own number, and no
    issuer printed or the plan's own issuer. A number is unique only per issuer and year, so "Thực hiện Kế
    hoạch số 79/KH-UBND … của UBND tỉnh X" in a district plan numbered 79/KH-UBND cites the province's plan.

    >>> from kehoach.ingest.models import Issuer
    >>> plan = PlanMeta(number="79/KH-UBND", issuer=Issuer("Ủy ban nhân dân", "huyện Trà Ôn"))
    >>> text = "Kế hoạch số 79/KH-UBND ngày 02/11/2023 của UBND tỉnh Vĩnh Long; Kế hoạch số 79/KH-UBND của UBND huyện"
    >>> [_is_own(text, m, plan) for m in find_numbered(text, 0, len(text))]
    [False, True]
    """
    if not plan.number or m.number.casefold() != plan.number.casefold():
        return False
    issuer = read_tail(text, m.end, None)[1]
    if not issuer or plan.issuer is None or not plan.issuer.jurisdiction:
        return True
    printed = match_key(issuer)
    jur = match_key(plan.issuer.jurisdiction)
    level = next((w for w in _LEVELS if jur.startswith(w + " ")), None)
    return jur in printed or (level is not None and printed.endswith(" " + level))  # "của UBND huyện"


_PLAN_TYPES = ("Kế hoạch", "Chương trình", "Đề án")


def _names_the_plan(c: Citation, plan: PlanMeta) -> bool:
    """A named cite that is the plan itself: its words after the type word begin the plan's title ("Ban hành kèm
    theo Nghị quyết này Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW …").

    >>> plan = PlanMeta(title="HÀNH ĐỘNG CỦA CHÍNH PHỦ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22 THÁNG 12 NĂM 2024")
    >>> _names_the_plan(Citation(name="Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
    ...                          type="Chương trình"), plan)
    True
    """
    if c.number or not c.name or c.type not in _PLAN_TYPES or not plan.title:
        return False
    words = c.name.casefold().split()[len(c.type.split()):]
    title = plan.title.casefold().split()
    return len(words) >= 4 and title[:len(words)] == words


def extract_citations(doc: Document, plan: PlanMeta) -> tuple[list[Citation], list[DocRef]]:
    """(documents the plan cites, documents it implements) with evidence pointing into the original file."""
    text = doc.text
    layout = doc.layout or segment(text)
    numbered: list[Mention] = []
    named: list[Mention] = []
    for a, b in _spans(layout, text, _SKIP_SECTIONS):
        numbered += [m for m in find_numbered(text, a, b) if not _is_own(text, m, plan)]
    for a, b in _spans(layout, text, _SKIP_SECTIONS + ("title",)):
        named += [m for m in find_named(text, a, b) if not _in_numbered_clause(text, m, numbered)]
    numbered, named = resolve_aliases(text, numbered, named)

    def section_of(pos: int) -> str | None:
        s = layout.section_at(pos)
        return s.kind if s else None

    cites = [c for c in build(doc, numbered, named, section_of, plan.province) if not _names_the_plan(c, plan)]
    for c in cites:
        c.subject = cite_subject(c, cites, doc)
    cites, issued_by = merge_issued(cites, doc)  # "phê duyệt Đề án X" … "Đề án X": the decision's cite
    cites, congress_of = merge_congress(cites)  # "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI": its numbered cite
    issued_by.update(congress_of)
    by_key = {(("number", c.number.casefold()) if c.number else ("name", (c.name or "").casefold())): c
              for c in cites}
    for name, number in issued_by.items():
        by_key[("name", name)] = by_key[("number", number.casefold())]
    refs: list[DocRef] = []
    spans = [(s.start, s.end) for s in layout.of_kind(*_DERIVE_SECTIONS)]
    number_ev = plan.evidence.get("number")
    number_at = doc.norm.normalized_offset(number_ev.start) if number_ev is not None else -1
    for body in layout.of_kind("body"):  # a news article: the sentence reporting the plan (where its number is)
        m = _REPORTING.search(text, body.start, body.end)
        at = number_at if body.start <= number_at < body.end else (m.start() if m else -1)
        reporting = [(_line_start(text, body.start, at), _line_end(text, at, body.end))] if at >= 0 else []
        spans += [m.span() for m in _PURPOSE.finditer(text, body.start, body.end)] + reporting
        # what the article says the plan rests on is its basis, as a plan's preamble is: "Thực hiện Chỉ thị số …,
        # UBND thị xã xây dựng kế hoạch …", "Căn cứ Kế hoạch số 01/KH-BTCKN …"
        sentences = _grounds_sentences(text, body.start, body.end)
        grounds = governed(text, numbered + named, reporting) + [
            x for x in numbered + named if any(a <= x.start < b for a, b in sentences)]
        for x in grounds:
            if (c := by_key.get(cite_key(x))) is not None:
                c.role = "basis"
    for m in governed(text, numbered + named, spans):
        c = by_key.get(cite_key(m))
        if c is None or any(r.number == c.number and r.name == c.name for r in refs):
            continue
        refs.append(DocRef(number=c.number, type=c.type, issuer=c.issuer, name=None if c.number else c.name,
                           evidence=doc.evidence(m.start, m.end)))
    c = title_carries_out(plan.title, cites, doc)  # "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH X": the decision approving X
    if c is not None and not any(r.number == c.number for r in refs):
        refs.append(DocRef(number=c.number, type=c.type, issuer=c.issuer, name=None,
                           evidence=plan.evidence.get("title") or c.evidence))
    return cites, refs
