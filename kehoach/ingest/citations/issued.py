"""Documents a decision issues or approves: "Quyết định số 1662/QĐ-TTg … phê duyệt “Đề án bảo vệ và phát triển
rừng …”", then "Kế hoạch thực hiện Đề án bảo vệ và phát triển rừng … trên địa bàn tỉnh". The named document and
the decision are one cite (the gold's convention): the later mention by name becomes a mention of the decision.

>>> from kehoach.ingest.document import Document
>>> text = ("Căn cứ Quyết định số 5/QĐ-TTg của Thủ tướng phê duyệt “Đề án phát triển rừng ven biển”; "
...         "UBND tỉnh ban hành Kế hoạch thực hiện Đề án phát triển rừng ven biển trên địa bàn tỉnh.")
>>> doc = Document.from_text(text)
>>> d = Citation(number="5/QĐ-TTg", evidence=doc.evidence(7, 30))
>>> n = Citation(name="Đề án phát triển rừng ven biển trên địa bàn tỉnh", evidence=doc.evidence(125, 172))
>>> kept, issued_by = merge_issued([d, n], doc)
>>> [c.number or c.name for c in kept], issued_by
(['5/QĐ-TTg'], {'đề án phát triển rừng ven biển trên địa bàn tỉnh': '5/QĐ-TTg'})
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Document
from kehoach.ingest.models import Citation

# where a decision's own clause ends; the plan's own scope after a name ("… trên địa bàn tỉnh Bến Tre", "(gọi tắt
# là Đề án)") is not part of what the decision issued
_CLAUSE = re.compile(r";|\n|\.(?=\s|$)")
_SCOPE = re.compile(r"\s+(?:trên địa bàn|tại|của tỉnh|của huyện|\(gọi tắt)\b.*$", re.I | re.S)
WINDOW = 500
MIN_NAME = 15  # characters of a name that must agree (not "Đề án này")


def _key(s: str) -> str:
    return " ".join(re.sub(r"[\"'“”‘’«»]", " ", s).split()).casefold()


# what a decision does to the document it names: approves, issues, attaches it ("… quy định chi tiết thi hành Luật
# X" details a law, it does not issue it)
_ISSUING = re.compile(r"(?:phê duyệt|ban hành|kèm theo|về việc|về)\s*$")


def _issues(clause: str, name: str) -> bool:
    """Whether a decision's clause names ``name`` as the document it approves or issues."""
    at = clause.find(name)
    return at >= 0 and _ISSUING.search(clause, 0, at) is not None


def _clauses(numbered: list[Citation], doc: Document) -> list[tuple[Citation, str]]:
    """Each numbered cite with its own clause (from its first mention to the clause's end), keyed."""
    norm = doc.norm
    out = []
    for c in numbered:
        start = norm.normalized_offset(c.evidence.start)
        end = _CLAUSE.search(doc.text, norm.normalized_offset(c.evidence.end), start + WINDOW)
        out.append((c, _key(doc.text[start:end.start() if end else start + WINDOW])))
    return out


# a title that says the plan carries out a programme, a scheme or a strategy by its name ("KẾ HOẠCH THỰC HIỆN
# CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TRONG XÂY DỰNG NÔNG THÔN MỚI … TRÊN ĐỊA BÀN TỈNH")
_TITLE_CARRIES_OUT = re.compile(r"(?:kế hoạch\s+)?(?:triển khai\s+)?(?:thực hiện|triển khai)\s+"
                                r"(?P<name>(?:chương trình|đề án|chiến lược|dự án)\b.*)")
_APPROVES = re.compile(r"(?:phê duyệt|ban hành)\s+(?P<name>(?:chương trình|đề án|chiến lược|dự án)\b.*)")


def title_carries_out(title: str | None, cites: list[Citation], doc: Document) -> Citation | None:
    """The numbered decision that approved the programme (scheme, strategy) a plan's title says it carries out.

    >>> from kehoach.ingest.document import Document
    >>> text = "Căn cứ Quyết định số 924/QĐ-TTg của Thủ tướng phê duyệt Chương trình chuyển đổi số trong nông thôn mới;"
    >>> doc = Document.from_text(text)
    >>> d = Citation(number="924/QĐ-TTg", evidence=doc.evidence(7, 31))
    >>> title_carries_out("THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TRONG NÔNG THÔN MỚI TRÊN ĐỊA BÀN TỈNH", [d], doc).number
    '924/QĐ-TTg'
    """
    m = _TITLE_CARRIES_OUT.match(_key(title or ""))
    numbered = [c for c in cites if c.number and c.evidence is not None]
    if m is None or not numbered:
        return None
    wanted = _SCOPE.sub("", m.group("name")).strip(" ,")
    for c, clause in _clauses(numbered, doc):
        a = _APPROVES.search(clause)
        if a is None:
            continue
        named = _SCOPE.sub("", a.group("name")).strip(" ,")
        n = min(len(wanted), len(named))
        if n >= MIN_NAME + 10 and wanted[:n] == named[:n]:
            return c
    return None


def merge_issued(cites: list[Citation], doc: Document) -> tuple[list[Citation], dict[str, str]]:
    """(cites without the named ones a numbered decision issued, casefolded name -> the decision's number).

    The named document's mentions become the decision's (its role ``basis`` if either was)."""
    numbered = [c for c in cites if c.number and c.evidence is not None]
    if not numbered or all(c.number for c in cites):
        return cites, {}
    clauses = _clauses(numbered, doc)
    kept: list[Citation] = []
    issued_by: dict[str, str] = {}
    for c in cites:
        if c.number or not c.name or c.type == "Nghị quyết":  # a congress's resolution no decision issues
            kept.append(c)
            continue
        name = _key(_SCOPE.sub("", c.name))
        owner = next((d for d, clause in clauses if len(name) >= MIN_NAME and _issues(clause, name)), None)
        if owner is None:
            kept.append(c)
            continue
        owner.mentions += [e for e in (c.evidence, *c.mentions) if e is not None]
        if c.role == "basis":
            owner.role = "basis"
        issued_by[(c.name or "").casefold()] = owner.number
    return kept, issued_by
