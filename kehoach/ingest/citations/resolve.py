"""Resolve stage: what the text after a mention says — date ("ngày 07/9/2015", "ngày 07 tháng 9 năm 2015")
and issuer ("của Bộ Chính trị", "của UBND tỉnh", completed with the plan's province) — and the type.

>>> text = "Nghị định số 72/2015/NĐ-CP ngày 07 tháng 9 năm 2015 của Chính phủ quy định về"
>>> date, issuer, _ = read_tail(text, 26, "Nghệ An")
>>> date, issuer
('2015-09-07', 'Chính phủ')
>>> read_tail("Kế hoạch số 5/KH-UBND của UBND tỉnh Bà Rịa - Vũng Tàu về việc", 21, None)[1]
'UBND tỉnh Bà Rịa - Vũng Tàu'
>>> read_tail("Kế hoạch số 5/KH-UBND của UBND huyện Định Quán quán triệt", 21, None)[1]
'UBND huyện Định Quán'
>>> complete_issuer("Ủy ban nhân dân tỉnh", "Trà Vinh"), complete_issuer("Ban Thường vụ Tỉnh ủy", "Nghệ An")
('UBND tỉnh Trà Vinh', 'Ban Thường vụ Tỉnh ủy Nghệ An')
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from kehoach.ingest.agencies.gazetteer import gazetteer
from kehoach.ingest.citations.vocab import canonical_type, generic_types, letter_type, type_of_code, type_words_re
from kehoach.ingest.metadata.dates import DATE, date_of
from kehoach.ingest.metadata.places import GAZETTEERS, provinces
from kehoach.ingest.normalize import DASH

_LEAD = re.compile(r"[\s,]*(?:[-–]\s*(?=ngày))?")  # "06/TU - ngày 26/3/2021"
_OF = re.compile(r"[\s,]*(?:của|CỦA)\s+")
# words that end an issuer name: the subject or verb that follows it
_ISSUER_STOP = {"về", "quy", "hướng", "phê", "ban hành", "quán", "triển", "thực", "tại", "đã", "nhằm", "trong",
                "đối", "ngày", "số", "nâng", "tăng", "tiếp", "bảo", "đẩy", "sửa", "bổ", "việc", "gọi", "như",
                "theo", "để", "với", "cho", "là", "có", "trên", "khóa", "khoá"}
# lower-case words that occur inside issuer names
_ISSUER_WORDS = {"trị", "tướng", "tịch", "giám", "đốc", "hành", "chấp", "đại", "biểu", "phủ", "vụ", "ủy", "uỷ", "ban", "nhân", "dân", "tỉnh", "huyện", "thành", "phố",
                 "thông", "trưởng", "thư", "trực", "xã", "thị", "trấn", "quận", "ương", "đồng", "chính", "và",
                 "hội", "quốc", "mặt", "trận", "tổ", "chức", "tin", "truyền", "sở", "bộ", "ngoại", "giao",
                 "đạo", "chỉ", "thường", "phường"}
# "UBND tỉnh Hà Giang - Trưởng nhóm …": an office the body holds, not the rest of a place name
_OFFICE_AFTER_DASH = re.compile(r"\s*(?:Trưởng|Chủ tịch|Phó|Giám đốc|Thường trực|Cơ quan)\b")
_CONFERENCE = re.compile(r"Hội nghị\s+(?:lần\s+thứ\s+\S+\s+|\S+\s+)?(?=Ban [Cc]hấp hành|(?:Tỉnh|Thành|Huyện) [ủu]y\b)")
_LEVEL_ENDS = {"tỉnh", "huyện", "xã", "quận", "phường", "trấn", "phố"}  # the last word of a level word
_TOKEN = re.compile(r"[^\s,;:.()]+")
_ORDINAL = re.compile(r"\s+lần\s+(?:thứ\s+)?(?:[IVXLC]+|\d+)\b")
_LEVEL_ONLY = re.compile(r"(?:\b(?:tỉnh|Tỉnh|TỈNH)|Tỉnh ủy|Tỉnh uỷ|TỈNH ỦY|HĐND tỉnh)$")
# the same in a centrally governed city's plan ("của Ban Thường vụ Thành ủy" in Hồ Chí Minh's plan); elsewhere
# a "thành phố" is a provincial city, which the text must name
# a province's department, printed without its province ("của Sở Thông tin và Truyền thông")
# its head's document too; a province's boards of a department's rank ("Ban Dân tộc", "Ban An toàn giao thông")
_DEPARTMENT = re.compile(r"(?:(?:Phó\s+)?(?:Giám đốc|Trưởng ban)\s+)?(?:Sở\s+[A-ZĐ]|Ban (?:Dân tộc|An toàn giao "
                         r"thông)$)")
_HAS_UNIT = re.compile(r"\b(?:tỉnh|thành phố|TP\.?)\s")
_CITY_ONLY = re.compile(r"(?:\b(?:thành phố|Thành phố|THÀNH PHỐ)|Thành ủy|Thành uỷ|THÀNH ỦY|HĐND thành phố)$")


def read_tail(text: str, end: int, province: str | None) -> tuple[str | None, str | None, int]:
    """(ISO date, issuer, end of the tail) right after a number ending at ``end``."""
    pos = _LEAD.match(text, end).end()
    date = None
    d = DATE.match(text, pos)
    if d and d.group().lower().startswith("ngày"):
        date = date_of(d)[0]
        pos = d.end()
    issuer = None
    m = _OF.match(text, pos)
    if m:
        issuer, stop = _issuer_at(text, m.end())
        if issuer:
            pos = stop
            issuer = complete_issuer(issuer, province)
    return date, issuer, pos


@lru_cache(maxsize=1)
def _known_names() -> re.Pattern[str]:
    """Every capitalized form of the agency gazetteer (longest first): a name with lower-case words or commas
    ("Bộ Nông nghiệp và Phát triển nông thôn", "Sở Văn hóa, Thể thao và Du lịch") is read whole."""
    forms = sorted({f for f, _, _ in gazetteer().forms if f[:1].isupper() and (" " in f or f.isupper())},
                   key=len, reverse=True)
    # an official's title before the body: "Bộ trưởng Bộ Y tế", "Giám đốc Sở Y tế", "Chủ tịch UBND tỉnh"
    titles = sorted({t.capitalize() for t in _titles()}, key=len, reverse=True)
    def alt(words):  # a line break may fall between the words ("Giám đốc Sở" / "Nông nghiệp …"), any dash a hyphen
        return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "[-–—]") for w in words)

    return re.compile("(?:(?:" + alt(titles) + r")\s+)?(?:" + alt(forms) + r")(?![\w&])")


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(json.loads((GAZETTEERS / "officials.json").read_text(encoding="utf-8"))["titles"])


@lru_cache(maxsize=1)
def _next_type() -> re.Pattern[str]:
    """A document type word: after "và" it begins the next cited document, not more of the issuer's name
    ("của Bộ Chính trị và Nghị quyết số 169/NQ-CP")."""
    return re.compile(rf"\s*(?i:{type_words_re()})\b")


def _issuer_at(text: str, pos: int) -> tuple[str | None, int]:
    """The issuer's name printed at ``pos`` and where it ends (None when there is none).

    >>> text = "của Bộ Nông nghiệp và Phát triển nông thôn về việc; của Bộ Chính trị và Nghị quyết số 5"
    >>> _issuer_at(text, 4)[0], _issuer_at(text, 56)[0]
    ('Bộ Nông nghiệp và Phát triển nông thôn', 'Bộ Chính trị')
    >>> _issuer_at("của Bộ trưởng Bộ Y tế về", 4)[0], _issuer_at("của Chủ tịch Ủy ban nhân dân tỉnh về", 4)[0]
    ('Bộ trưởng Bộ Y tế', 'Chủ tịch Ủy ban nhân dân tỉnh')
    >>> _issuer_at("của Hội nghị lần thứ sáu Ban chấp hành Trung ương khóa XII về", 4)[0]
    'Ban chấp hành Trung ương'
    >>> _issuer_at("của UBND tỉnh Hà Giang - Trưởng nhóm", 4)[0], _issuer_at("CỦA THỦ TƯỚNG CHÍNH PHỦ TRÊN ĐỊA BÀN", 4)[0]
    ('UBND tỉnh Hà Giang', 'THỦ TƯỚNG CHÍNH PHỦ')
    """
    words: list[re.Match[str]] = []
    conf = _CONFERENCE.match(text, pos)  # "của Hội nghị lần thứ sáu Ban Chấp hành Trung ương": the Committee
    if conf:
        found, stop = _issuer_at(text, conf.end())
        return (found, stop) if found else (None, pos)
    known = _known_names().match(text, pos)
    name_end = known.end() if known else pos
    for m in _TOKEN.finditer(text, name_end, min(len(text), pos + 120)):
        gap = text[words[-1].end() if words else name_end:m.start()]
        if gap.strip():  # punctuation ends the name
            break
        w = m.group()
        if (w in DASH and words and words[-1].group()[:1].isupper() and text[m.end():m.end() + 2][1:].isupper()
                and not _OFFICE_AFTER_DASH.match(text, m.end())):
            words.append(m)  # a dash inside a place name ("Bà Rịa - Vũng Tàu")
            continue
        low = w.lower()
        if words and words[-1].group() in _LEVEL_ENDS and w.islower():
            break  # after a level word only a place's name goes on: "UBND tỉnh chỉ đạo …"
        # a capitalized (not all-capitals) word after a capitalized one continues a name: "huyện Định Quán"
        in_name = w[:1].isupper() and w[1:].islower() and words and words[-1].group()[:1].isupper()
        if (low in _ISSUER_STOP and not in_name) or (low == "ban" and text[m.end():m.end() + 5].lower() == " hành"):
            break
        if low == "và" and (not text[m.end() + 1:m.end() + 2].isupper() or _next_type().match(text, m.end())):
            break
        if not (w[:1].isupper() or low in _ISSUER_WORDS):
            break
        words.append(m)
    while words and (words[-1].group().lower() == "và" or words[-1].group() in DASH):
        words.pop()
    end = words[-1].end() if words else name_end
    if end == pos:
        return None, pos
    if text[pos:pos + 7].casefold() == "đại hội" and (o := _ORDINAL.match(text, end)):
        end = o.end()  # "Đại hội đại biểu Đảng bộ tỉnh lần thứ XI": which congress
    return text[pos:end], end


def complete_issuer(issuer: str, province: str | None) -> str:
    """Issuer as printed, "Ủy ban nhân dân" shortened to "UBND", the province added when the text leaves it
    implicit ("UBND tỉnh" -> "UBND tỉnh Nghệ An"; "Thành ủy" in a centrally governed city's plan).

    >>> complete_issuer("Ban Thường vụ Thành ủy", "Hồ Chí Minh"), complete_issuer("Thành ủy", "Nghệ An")
    ('Ban Thường vụ Thành ủy Hồ Chí Minh', 'Thành ủy')
    >>> complete_issuer("Sở Thông tin và Truyền thông", "Đà Nẵng"), complete_issuer("Sở Y tế tỉnh Hòa Bình", "Sơn La")
    ('Sở Thông tin và Truyền thông thành phố Đà Nẵng', 'Sở Y tế tỉnh Hòa Bình')
    >>> complete_issuer("Giám đốc Sở Tư pháp", "Thanh Hóa"), complete_issuer("Đại hội Đảng bộ tỉnh lần thứ XI", "Kiên Giang")
    ('Giám đốc Sở Tư pháp tỉnh Thanh Hóa', 'Đại hội Đảng bộ tỉnh Kiên Giang lần thứ XI')

    """
    issuer = " ".join(issuer.split())
    issuer = re.sub(r"^(?:Ủy|Uỷ) ban nhân dân\b", "UBND", issuer)
    issuer = re.sub(r"(?<= )Tỉnh$", "tỉnh", issuer)  # "Ủy ban nhân dân Tỉnh"
    if (o := _ORDINAL.search(issuer)) and o.end() == len(issuer):  # "Đại hội … Đảng bộ tỉnh lần thứ XI"
        return complete_issuer(issuer[:o.start()], province) + o.group()
    if province and (_LEVEL_ONLY.search(issuer) or provinces().get(province) == "thành phố" and
                     _CITY_ONLY.search(issuer)):
        issuer = f"{issuer} {province}"
    elif province and province in provinces() and _DEPARTMENT.match(issuer) and not _HAS_UNIT.search(issuer):
        issuer = f"{issuer} {provinces()[province]} {province}"  # a department of the plan's province
    return issuer


def type_of(type_word: str, number: str | None) -> str | None:
    """Canonical type of a mention from its type word, else from its number's type code; a generic word
    ("Văn bản số …") takes its number's type, and a letter's number has none ("3616/BTTTT-TTĐN": a Công văn).

    >>> type_of("Văn bản", "3616/BTTTT-TTĐN"), type_of("văn bản", "12/QĐ-UBND"), type_of("Thông tư", "22/2016/TT-BTTTT")
    ('Công văn', 'Quyết định', 'Thông tư')
    """
    t = canonical_type(type_word)
    if t and t not in generic_types():
        return t
    if number:
        code = re.split(r"[-/]", number.split("/")[-1] if "-" not in number.split("/")[0] else number)[0]
        return type_of_code(code) or (letter_type() if t else None)
    return None
