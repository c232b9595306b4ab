"""Find stage: every span that cites a document — a type word with a number ("Nghị định số 72/2015/NĐ-CP",
"Chỉ thị 25-CT/TW", "KẾT LUẬN SỐ 57-KL/TW", "Công văn số 3089/BTTTT-TTĐN") or a type word with a name
("Luật Ngân sách", "Chiến lược bảo vệ biên giới quốc gia").

>>> [(m.type_word, m.number) for m in find_numbered("theo Nghị định số 72/NĐ-CP ngày 07/9/2015 và Chỉ thị 25-CT/TW")]
[('Nghị định', '72/NĐ-CP'), ('Chỉ thị', '25-CT/TW')]
>>> [(m.type_word, m.number) for m in find_numbered("Thực hiện Chương trình hành động số 16-CTr/TU ngày 25/3/2008")]
[('Chương trình', '16-CTr/TU')]
>>> [m.name for m in find_named("theo quy định của Luật Ngân sách.")]
['Luật Ngân sách']
>>> [m.name for m in find_named("thực hiện Luật Nghĩa vụ quân sự là trách nhiệm; tổ chức Chương trình Vầng trăng")]
['Luật Nghĩa vụ quân sự']
>>> [m.name for m in find_named("Căn cứ Luật Tổ chức chính\\nquyền địa phương ngày 19/6/2015; Căn cứ Luật sửa đổi, "
...                             "bổ sung một số điều của Luật Tổ chức Chính phủ ngày 22/11/2019;")]
['Luật Tổ chức chính\\nquyền địa phương', 'Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kehoach.ingest.citations.vocab import NAMED_TYPES, type_words_re
from kehoach.ingest.normalize import DASH
from kehoach.ingest.scan import lowered, word_matches

_CODE = r"(?!ngày\b)[^\W\d_][\w&]*(?:\.[^\W\d_][\w&]*)*"  # not "06/TU - ngày 26/3": the date after the number
NUMBER = (
    rf"\d{{1,5}}[a-z]?\s*(?:/\s*\d{{4}}\s*)?/\s*{_CODE}(?:\s*[{DASH}]\s*{_CODE})*"  # 72/2015/NĐ-CP, 36a/NQ-CP
    rf"|\d{{1,5}}\s*[{DASH}]\s*{_CODE}\s*/\s*{_CODE}(?:[{DASH}]{_CODE})*"  # 57-KL/TW, 01-KH/BCĐ.TTĐN, 225-KH/TWĐTN-CTTN
)


@dataclass
class Mention:
    """One span citing a document: ``text[start:end]`` from the type word through the number (or name)."""

    start: int
    end: int
    type_word: str
    number: str | None = None
    name: str | None = None
    name_end: int | None = None  # end of the name proper (numbered cites nested in a name keep their issuer out)


# words between a type word and its number: "Chương trình hành động số 16-CTr/TU", "Chương trình phối hợp công
# tác số 5115/CTr-BTTTT-BTLBP", "Kế hoạch liên tịch số 01/KHLT-…"
_QUALIFIER = r"(?:\s+(?:hành\s+động|công\s+tác|phối\s+hợp(?:\s+công\s+tác)?|liên\s+tịch)(?=\s+số))?"


@lru_cache(maxsize=1)
def _numbered() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?P<type>{type_words_re()}){_QUALIFIER}\s*(?:số|sô)?\s*:?\s*(?P<num>{NUMBER})"
                      rf"(?![\w/])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _numbered_low() -> re.Pattern[str]:
    """``_numbered`` for the lower-cased text (``kehoach.ingest.scan``): no ``(?i)``, no lookbehind."""
    return re.compile(rf"(?P<type>{type_words_re().lower()}){_QUALIFIER}\s*(?:số|sô)?\s*:?\s*(?P<num>{NUMBER})"
                      rf"(?![\w/])")


def clean(number: str) -> str:
    """A number with spaces removed and dashes unified."""
    return re.sub(rf"[{DASH}]", "-", "".join(number.split())).rstrip(".")


def find_numbered(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Type word + number mentions in ``text[start:end]``; also a law's number after its name ("Luật Dược số
    105/2016/QH13") and the numbers of a list under one plural type word ("các Quyết định của Thủ tướng Chính phủ:
    số 645/QĐ-TTg …; số 1813/QĐ-TTg …").

    >>> t = "Căn cứ Luật Dược số 105/2016/QH13; các Quyết định của Thủ tướng: Số 6/QĐ-TTg ngày 2/1/2020; số 9/QĐ-TTg."
    >>> [(m.type_word, m.number, t[m.start:m.end]) for m in find_numbered(t)]
    [('Luật', '105/2016/QH13', 'Luật Dược số 105/2016/QH13'), ('Quyết định', '6/QĐ-TTg', 'Số 6/QĐ-TTg'), ('Quyết định', '9/QĐ-TTg', 'số 9/QĐ-TTg')]
    """
    end = len(text) if end is None else end
    if text.find("/", start, end) < 0:  # every number has a slash ("72/2015/NĐ-CP", "57-KL/TW")
        return []
    low = lowered(text)
    if low is None:
        found = [Mention(m.start(), m.end(), m.group("type"), number=clean(m.group("num")))
                 for m in _numbered().finditer(text, start, end)]
    else:
        found = [Mention(m.start(), m.end(), text[m.start("type"):m.end("type")],
                         number=clean(text[m.start("num"):m.end("num")]))
                 for m in word_matches(_numbered_low(), low, pos=start, end=end)]
    extra = _law_numbers(text, start, end) + _listed_numbers(text, start, end)
    if not extra:
        return found
    for x in extra:
        if not any(f.start < x.end and x.start < f.end for f in found):
            found.append(x)
    return sorted(found, key=lambda m: m.start)


_LAW_NUMBERED = re.compile(r"(?<!\w)(?P<type>Luật|Bộ luật|Pháp lệnh)\s+[^;:\n.()]{2,100}?\s+số\s*"
                           r"(?P<num>\d{1,4}\s*/\s*\d{4}\s*/\s*(?:QH|UBTVQH|PL-UBTVQH)\d*)(?![\w/])")


def _law_numbers(text: str, start: int, end: int) -> list[Mention]:
    """A law's number printed after its name: "Luật Dược số 105/2016/QH13" (the law is its number)."""
    if text.find("QH", start, end) < 0:
        return []
    return [Mention(m.start(), m.end(), m.group("type"), number=clean(m.group("num")))
            for m in _LAW_NUMBERED.finditer(text, start, end)]


@lru_cache(maxsize=1)
def list_head() -> re.Pattern[str]:
    """A plural type word opening a list of numbers: "các Quyết định của Thủ tướng Chính phủ:"."""
    return re.compile(rf"\b[Cc]ác\s+(?P<type>{type_words_re()})\b[^.:;\n]{{0,80}}(?:\n[^.:;\n]{{0,40}})?:")


@lru_cache(maxsize=1)
def _list_head_low() -> re.Pattern[str]:
    """``list_head`` for the lower-cased text: a literal first word, which the engine searches for."""
    return re.compile(rf"các\s+(?P<type>{type_words_re().lower()})\b[^.:;\n]{{0,80}}(?:\n[^.:;\n]{{0,40}})?:")


_LISTED = re.compile(rf"(?<!\w)[Ss]ố\s*(?P<num>{NUMBER})(?![\w/])")
_LIST_END = re.compile(r"\.(?:\s|$)|\n\s*\n|\n\s*(?:[-–+•]|Căn cứ|[IVX]+\.|\d+\.)")


def _listed_numbers(text: str, start: int, end: int) -> list[Mention]:
    """The numbers of a list under one plural type word, each its own document of that type."""
    out = []
    low = lowered(text)
    heads = (list_head().finditer(text, start, end) if low is None
             else word_matches(_list_head_low(), low, pos=start, end=end))
    for head in heads:
        stop = _LIST_END.search(text, head.end(), min(end, head.end() + 1200))
        type_word = text[head.start("type"):head.end("type")]
        for m in _LISTED.finditer(text, head.end(), stop.start() if stop else min(end, head.end() + 1200)):
            out.append(Mention(m.start(), m.end(), type_word, number=clean(m.group("num"))))
    return out


_NAMED_ALT = "|".join(NAMED_TYPES)
# the end of a name: punctuation (not the comma of "Luật sửa đổi, bổ sung …", "Luật Phổ biến, giáo dục pháp luật",
# "Luật Phòng, chống …", not a line break before a lower-case
# word: a cell or a copy wrapped the name), "và các …", "và" before another named document, its date ("Luật Tổ
# chức chính quyền địa phương ngày 19/6/2015": the date is read after the name); "và" before another type word;
# "ban hành kèm theo Quyết định …" (what issued it)
_STOP = re.compile(rf"[;:.()\"]|,(?!\s*(?:bổ sung|chống|giáo dục|tố cáo|khen thưởng|sử dụng|chăm sóc|đối thoại|chữa bệnh)\b)|\n(?![^\W\d_]*[a-zđà-ỹ]|\d{4}\b)|\s+và\s+(?:các|những)\s"
                   rf"|\s+và\s+(?=(?:{_NAMED_ALT}|{type_words_re()})\b)|\s+ngày\s+(?=\d)|\s+là\s|\s+(?:đã\s+|sẽ\s+)?được\s|\s+(?:được\s+)?(?:ban\s+hành\s+)?kèm\s+theo\b|\s+như\s+sau\b"
                   # a purpose after the name ("Luật An ninh mạng để người dân …"), a congress's resolution and
                   # what follows it ("Nghị quyết Đại hội XIII và mục tiêu …", "… XIII thuộc chức năng …")
                   rf"|\s+(?:để|nhằm)\s|(?<=[XVIL])\s+(?:và|thuộc|trong)\s+(?=[a-zđà-ỹ])")


_AMENDING = re.compile(r"Luật sửa đổi")
# a type word used generically, a function word after it: "Chương trình ở các cấp", "Chương trình kèm theo",
# "Chiến lược theo năm", "Chương trình hành động đều …"
_GENERIC_AFTER = re.compile(r"(?:hành động\s+)?(?:ở|trên|để|theo|kèm|tại|cho|với|này|đó|đều|nhằm|được|sẽ|đã|và|hoặc|là"
                            r"|trong|từ|cũng|phải|cần|mới|vừa|sau|trước|chung|có)\b")
_LAW_YEAR = re.compile(r"\s+(?:năm\s+)?\d{4}$")
_EVENT = re.compile(r"(?i)(?:lễ|hội nghị|hội thi|hội diễn|đêm|buổi|giao lưu|biểu diễn|văn nghệ|nghệ thuật|"
                    r"truyền hình|phát thanh)\b")


# a resolution cited by the congress or the plenum that passed it, with no number: "Nghị quyết Đại hội Đảng bộ tỉnh
# lần thứ XVI", "Nghị quyết Đại hội XII của Đảng", "Nghị quyết Trung ương 4 (khóa XII)"
_RESOLUTION = (r"Nghị quyết(?=\s+(?:Đại hội\s+(?:đại biểu\s+)?(?:Đảng|lần|[XVIL]+\b)|Trung ương\s+\d"
               r"|Hội nghị\s+(?:lần\s+thứ\s+\S+\s+)?Trung ương))")


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    types = "|".join(re.escape(t) for t in sorted(NAMED_TYPES, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<type>{types}|{_RESOLUTION})\s+(?=\w)")


@lru_cache(maxsize=1)
def _named_fast() -> re.Pattern[str]:
    """``_named`` without its leading lookbehind (checked by ``word_matches``): the engine then looks for the
    type words' first letters instead of trying the pattern at every character (5 times faster)."""
    return re.compile(_named().pattern.removeprefix(r"(?<![\w])"))


# plural or generic uses, a document issued by another, an event ("tổ chức Chương trình Vầng trăng cổ nhạc")
_BEFORE_SKIP = re.compile(rf"(?:các|những|ban hành|mỗi|từng|tổ chức)\s*$|(?:{type_words_re()}),\s*$", re.IGNORECASE)


_BASIS_HEAD = re.compile(r"CĂN CỨ|Căn cứ|CƠ SỞ PHÁP LÝ")


@lru_cache(maxsize=1)
def _document_item() -> re.Pattern[str]:
    """An item of a list of documents: it begins with a type word (a law, a decree …) and ends with ";"."""
    return re.compile(rf"[-–+•*\s]*(?:{_NAMED_ALT}|{type_words_re()})\b.*;$")


def _in_basis_list(text: str, pos: int) -> bool:
    """Whether a line opening at ``pos`` (after any bullet) is an item of a list of bases: the line above is a
    "Căn cứ" line ("I. CĂN CỨ PHÁP LÝ", "Căn cứ:") or an item of a list of documents ("Luật Báo chí …;").

    >>> t = "I. CĂN CỨ PHÁP LÝ\\n- Luật Báo chí ngày 5/4/2016;\\nLuật Tiếp cận thông tin;\\nChương trình hành động"
    >>> [_in_basis_list(t, t.find(w)) for w in ("Luật Báo", "Luật Tiếp", "Chương")]
    [True, True, True]
    >>> _in_basis_list("1. Mục đích:\\nChương trình này nhằm", 13), _in_basis_list("- Tổ chức hội nghị;\\n- Chương trình", 22)
    (False, False)
    """
    line_start = text.rfind("\n", 0, pos)
    if line_start < 0 or text[line_start + 1:pos].strip(" *+-–•"):
        return False
    above = text[:line_start].rstrip()  # the line above, blank lines between items skipped
    prev = above[above.rfind("\n") + 1:]
    return _BASIS_HEAD.search(prev) is not None or _document_item().match(prev) is not None


def find_named(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Documents cited by name: a capitalized type word followed by its name up to the clause's end.

    Plural or generic uses are skipped: "các Đề án …", a list of type words ("Chương trình, Kế hoạch, Đề án
    …"), a document issued by another ("ban hành Quy chế …"), and a type word opening a sentence or item.
    """
    end = len(text) if end is None else end
    out = []
    for m in word_matches(_named_fast(), text, pos=start, end=end):  # = _named().finditer(text, start, end)
        before = text[max(start, m.start() - 40):m.start()]
        stripped = before.rstrip(" *+-–")
        if (not stripped or stripped.endswith(("\n", ".", ":"))) and not _in_basis_list(text, m.start()) \
                or _BEFORE_SKIP.search(before):
            continue
        stop = _STOP.search(text, m.end(), end)
        # an amending law names the laws it amends: "Luật sửa đổi, bổ sung … của Luật A và Luật B"
        while stop and stop.group().strip().startswith("và") and _AMENDING.match(text, m.start()):
            stop = _STOP.search(text, stop.end(), end)
        name_end = stop.start() if stop else end
        name = text[m.start():name_end].rstrip()
        year = _LAW_YEAR.search(name) if m.group("type") == "Luật" else None
        name = name[:year.start()] if year else name  # "Luật Hộ tịch năm 2014": the law is "Luật Hộ tịch"
        if len(name.split()) - len(m.group("type").split()) < 2 or _GENERIC_AFTER.match(text, m.end()):
            continue
        if _EVENT.match(text, m.end()):
            continue  # "Chương trình Lễ kỷ niệm được tổ chức …", "Chương trình giao lưu văn nghệ": an event
        if out and m.start() < out[-1].end:
            continue  # a law named inside another's name ("Luật sửa đổi, bổ sung một số điều của Luật …")
        out.append(Mention(m.start(), m.start() + len(name) + (len(year.group()) if year else 0), m.group("type"),
                           name=name))
    return out
