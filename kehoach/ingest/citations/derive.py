"""derives_from: the documents a plan says it implements — those governed by "Thực hiện …" / "triển khai thực
hiện …" in its title, preamble or purpose. One trigger governs the list that follows it (documents joined by
";", "," or "và" in the same sentence); "Căn cứ" alone is legal ground, and a "thực hiện" inside a cited
document's own description (after that document in the same clause) belongs to that document.

>>> from kehoach.ingest.citations.find import find_numbered
>>> text = "Thực hiện Kết luận số 57-KL/TW của Bộ Chính trị; Công văn số 3089/BTTTT-TTĐN về việc hướng dẫn."
>>> [m.number for m in governed(text, find_numbered(text), [(0, len(text))])]
['57-KL/TW', '3089/BTTTT-TTĐN']
>>> text = ("Thực hiện Kết luận số 48-KL/TW của Bộ Chính trị (gọi tắt là Kết luận số 48-KL/TW), Nghị quyết số "
...         "35/2023/UBTVQH15 của Ủy ban Thường vụ Quốc hội.")
>>> [m.number for m in governed(text, find_numbered(text), [(0, len(text))])]
['48-KL/TW', '35/2023/UBTVQH15']
>>> text = "Thực hiện Kế hoạch số\\n156-KH/TU của Tỉnh ủy thực hiện Kết luận 57-KL/TW của Bộ Chính trị;"
>>> [m.number for m in governed(text, find_numbered(text), [(0, len(text))])]
['156-KH/TU']
"""

from __future__ import annotations

import re

from kehoach.ingest.chars import LOWER as _LOWER
from kehoach.ingest.citations.find import Mention
from kehoach.ingest.scan import lowered

# ("tổ chức thi hành Luật Đất đai": a plan for carrying out a law)
TRIGGER = re.compile(r"(?:triển khai\s+)?(?:thực hiện|thi hành)\s+|(?<![\w])triển khai\s+", re.IGNORECASE)
# TRIGGER for the lower-cased text (kehoach.ingest.scan): one literal first letter, so the engine searches for it
# instead of trying the pattern at every character (10 times faster); "(?<!\w.)" is the "(?<![\w])" before the t
_TRIGGER_LOW = re.compile(r"t(?:riển khai\s+thực hiện\s+|hực hiện\s+|hi hành\s+|(?<!\w.)riển khai\s+)")
_JOINER = re.compile(r"(?:;|,|\bvà)\s*$", re.IGNORECASE)
_LIST_JOINER = re.compile(r";\s*$")
_NESTED = re.compile(r"\b(?:thực hiện|triển khai|hướng dẫn|sửa đổi, bổ sung)\s+$", re.IGNORECASE)

# a line break is a sentence end unless the next line goes on in lower case (a wrapped line)
_SENTENCE_END = re.compile(rf"\n(?!\s*[{_LOWER}])|\.\s+(?=[^\W\d_])")


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` begins: after ";", ". " or a line break, not a break that wraps a title in
    capitals ("… VỀ VIỆC TRIỂN" / "KHAI THỰC HIỆN CHỈ THỊ …").

    >>> t = "THỰC HIỆN KẾ HOẠCH SỐ 164-KH/TU VỀ VIỆC TRIỂN\\nKHAI THỰC HIỆN CHỈ THỊ"
    >>> _clause_start(t, t.rfind("THỰC"), 0), _clause_start("a;\\nb", 3, 0)
    (0, 3)
    """
    line = text.rfind("\n", floor, pos)
    while line > floor and text[line - 1:line].isupper() and text[line + 1:line + 2].isupper():
        line = text.rfind("\n", floor, line)
    return max(text.rfind(";", floor, pos), line, text.rfind(". ", floor, pos), floor - 1) + 1


def _same(a: Mention, b: Mention) -> bool:
    return (a.number or a.name or "").casefold() == (b.number or b.name or "").casefold()


def governed(text: str, mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
    """Mentions governed by an implementation trigger inside ``spans`` (in order, without repeats)."""
    mentions = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    low = lowered(text)
    for a, b in spans:
        for t in (TRIGGER.finditer(text, a, b) if low is None else _TRIGGER_LOW.finditer(low, a, b)):
            cstart = _clause_start(text, t.start(), a)
            # the trigger describes an already cited document: one in its clause, or one the clause begins inside
            # ("Kế hoạch số" / "156-KH/TU … thực hiện Kết luận 57-KL/TW": the line break is in the citation)
            if any(m.start < t.start() and m.end > cstart for m in mentions):
                continue
            chain: list[Mention] = []
            last_end, nested = t.end(), False
            for m in mentions:
                if m.start < t.end():
                    continue
                if not chain:
                    if text[t.end():m.start].strip():
                        break
                else:
                    gap = text[last_end:m.start]
                    if _SENTENCE_END.search(gap):
                        break
                    if any(_same(m, c) for c in chain):  # "(gọi tắt là Kết luận số 48-KL/TW)": its short name
                        last_end = m.end
                        continue
                    if _NESTED.search(gap) and not _JOINER.search(gap):
                        # "Kế hoạch số 178-KH/TU … thực hiện Chỉ thị số 21-CT/TW …; Thông báo số 18/TB-HĐND": a
                        # document in the last one's description; the list goes on after a ";"
                        last_end, nested = m.end, True
                        continue
                    if not (_LIST_JOINER if nested else _JOINER).search(gap):
                        break
                chain.append(m)
                last_end, nested = m.end, False
            out.extend(m for m in chain if m not in out)
    return out
