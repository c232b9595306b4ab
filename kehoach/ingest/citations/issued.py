"""Documents a decision issues or approves: "Quyết định số 1662/QĐ-TTg … phê duyệt “Đề án bảo vệ và phát triển
rừng …”", then "Kế hoạch thực hiện Đề án bảo vệ và phát triển rừng … trên địa bàn tỉnh". The named document and
the decision are one cite (the gold's convention): the later mention by name becomes a mention of the decision.
A programme, scheme, strategy or project is the one a decision approved when their names agree as ``same_programme``
has it (a text names them loosely: "dữ liệu dân cư" / "dữ liệu về dân cư", "… của Chính phủ trên địa bàn tỉnh").

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


# the loose parts of a programme's name: where and when it applies, whose it is, small words ("về", "của")
_PROGRAMME = re.compile(r"(?:chương trình|đề án|chiến lược|dự án)\b")
_NAME_TAIL = re.compile(r"\s*,?\s*(?:\b(?:giai đoạn|thời kỳ|tầm nhìn|định hướng|đến năm|năm \d{4}|trên địa bàn|tại|"
                        r"ban hành kèm|được ban hành|được phê duyệt|với các nội dung)\b|\(gọi tắt).*$", re.S)
_PLACE_END = re.compile(r"\s+(?:tỉnh|huyện|thành phố|thị xã|quận)(?:\s+\S+){0,3}$")
_OWNER = re.compile(r"\s+của\s+(?:thủ tướng\s+)?chính phủ\b")
_SMALL = re.compile(r"\b(?:về|của|và|các|quốc gia)\b|[^\w\s]")
_YEARS = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?\b")
MIN_WORDS = 6  # words of two names that must agree, the type word's two among them


def _programme_words(name: str) -> list[str]:
    key = _key(name)
    core = _PLACE_END.sub("", _NAME_TAIL.sub("", _OWNER.sub("", key)))
    return _SMALL.sub(" ", core).split()


def same_programme(a: str, b: str) -> bool:
    """Whether two printed names of a programme (scheme, strategy, project) name the same one: without where,
    when and whose it is and without small words, one is the other's beginning, in at least six words, and the
    periods they print overlap (a plan for 2022-2025 carries out a programme of 2021-2025).

    >>> same_programme("Đề án phát triển ứng dụng dữ liệu dân cư",
    ...                "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử")
    True
    >>> same_programme("Đề án trồng 1 tỷ cây xanh của Chính phủ trên địa bàn tỉnh",
    ...                "Đề án “Trồng 1 tỷ cây xanh giai đoạn 2021-2025”")
    True
    >>> same_programme("Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2010-2020",
    ...                "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025")
    False
    >>> same_programme("Chương trình hành động", "Chương trình hành động thực hiện Nghị quyết")
    False
    """
    wa, wb = _programme_words(a), _programme_words(b)
    n = min(len(wa), len(wb))
    if n < MIN_WORDS or wa[:n] != wb[:n] or not _PROGRAMME.match(" ".join(wa[:2])):
        return False
    pa, pb = _period(a), _period(b)
    return pa is None or pb is None or (pa[0] <= pb[1] and pb[0] <= pa[1])


def _period(name: str) -> tuple[int, int] | None:
    """The first years a name prints, as a period ("giai đoạn 2021-2025" -> (2021, 2025))."""
    m = _YEARS.search(name)
    return None if m is None else (int(m.group(1)), int(m.group(2) or m.group(1)))


def _approved(clause: str) -> list[str]:
    """The names of the programmes a decision's (keyed) clause approves or issues."""
    return [m.group("name") for m in _APPROVES.finditer(clause)]


# a title that says the plan carries out a programme, a scheme or a strategy by its name ("KẾ HOẠCH THỰC HIỆN
# CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TRONG XÂY DỰNG NÔNG THÔN MỚI … TRÊN ĐỊA BÀN TỈNH")
# "TRIỂN KHAI THỰC HIỆN CÁC MÔ HÌNH TẠI ĐỀ ÁN …": the part of a programme the plan carries out
_TITLE_CARRIES_OUT = re.compile(r"(?:kế hoạch\s+)?(?:triển khai\s+)?(?:thực hiện|triển khai)\s+"
                                r"(?:(?:các|những)\s+[^,;]{1,40}?\s+(?:tại|của|trong|thuộc)\s+)?"
                                r"(?P<name>(?:chương trình|đề án|chiến lược|dự án)\b.*)")
# (its revision too: "phê duyệt điều chỉnh, bổ sung Đề án …")
_APPROVES = re.compile(r"(?:phê duyệt|ban hành)\s+(?:(?:điều chỉnh|sửa đổi),?\s*(?:bổ sung\s+)?)?"
                       r"(?P<name>(?:chương trình|đề án|chiến lược|dự án)\b.*)")


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
    wanted = m.group("name")
    # of two decisions approving the scheme (its first period, then its revision), the one whose period is the plan's
    found = [(c, name) for c, clause in _clauses(numbered, doc) for name in _approved(clause)
             if same_programme(wanted, name)]
    return max(found, key=lambda x: _shared_years(wanted, x[1]), default=(None, None))[0]


def _shared_years(a: str, b: str) -> int:
    """How many years the periods two names print share (0 when either prints none)."""
    pa, pb = _period(a), _period(b)
    return 0 if pa is None or pb is None else min(pa[1], pb[1]) - max(pa[0], pb[0]) + 1


# "Chiến lược X ban hành kèm theo Quyết định số 208/QĐ-TTg": the decision printed right after the name
_ISSUED_WITH = re.compile(r"[ \t,]*(?:được\s+)?(?:ban hành kèm theo|(?:ban hành|phê duyệt)\s+(?:tại|theo))\s+",
                          re.I)


def _issuing_after(c: Citation, numbered: list[Citation], doc: Document) -> Citation | None:
    """The numbered decision a mention of the named cite ``c`` says issued it ("… ban hành kèm theo Quyết định
    số 208/QĐ-TTg")."""
    norm = doc.norm
    starts = {norm.normalized_offset(e.start): d for d in numbered for e in (d.evidence, *d.mentions)
              if e is not None and (d.type or "").startswith("Quyết định")}
    for e in (c.evidence, *c.mentions):
        m = _ISSUED_WITH.match(doc.text, norm.normalized_offset(e.end)) if e is not None else None
        if m is not None and m.end() in starts:
            return starts[m.end()]
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
            owner = _issuing_after(c, numbered, doc)
        if owner is None and _PROGRAMME.match(_key(c.name)):
            found = [(d, x) for d, clause in clauses for x in _approved(clause) if same_programme(c.name, x)]
            owner = max(found, key=lambda f: _shared_years(c.name, f[1]), default=(None, None))[0]
        if owner is None:
            kept.append(c)
            continue
        owner.mentions += [e for e in (c.evidence, *c.mentions) if e is not None]
        if c.role == "basis":
            owner.role = "basis"
        issued_by[(c.name or "").casefold()] = owner.number
    return kept, issued_by
