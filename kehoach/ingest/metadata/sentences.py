"""Sentences that say who issued a plan: a news article's "Tỉnh ủy X đã ban hành …", "Ban Chỉ đạo … huyện Y vừa ban
hành Kế hoạch", "Sở Z đã ban hành …", "Đảng ủy xã W triển khai kế hoạch …", and the preamble of a plan printed
without its header (``issuer.find_issuer`` reads them when the header names no unit).

>>> STEERING_PASSIVE.search("Kế hoạch X vừa được Ban thường trực Ban Chỉ đạo phong trào văn hóa tỉnh ban hành.")["unit"]
'tỉnh'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from kehoach.ingest.metadata.places import UPPER, place_name, units

if TYPE_CHECKING:
    from kehoach.ingest.metadata.issuer import IssuerInfo

Span = tuple[int, int]

# a decision issuing the plan between the verb and the plan: "… ban hành Quyết định số 1486/QĐ-TTg ban hành Kế
# hoạch …"
DECISION = r"(?:Quyết định[^.;\n]{0,60}?\s+(?:về\s+(?:việc\s+)?)?(?:ban hành\s+|phê duyệt\s+)?(?:kèm theo\s+)?)"
# a place's name in a sentence: capitalized words, a dash between two of them ("Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế")
NAME = rf"[{UPPER}][\w']*(?:(?:\s+|\s*-\s*)[{UPPER}][\w']*)*"

# capitalized verbs that follow a level word in a sentence and are no place's name ("Ủy ban nhân dân huyện Xây dựng
# Kế hoạch …")
VERBS = r"(?:Xây dựng|Ban hành|Phê duyệt|Triển khai|Thực hiện|Tổ chức|Chỉ đạo|Yêu cầu|Chủ trì|Phối hợp)\b"

# the same said in a sentence: "Tỉnh ủy Thừa Thiên Huế đã ban hành Chương trình số 27-CTr/TU"
# (its place left to the text: "Ban Thường vụ Tỉnh ủy vừa ban hành Chương trình hành động …")
# (another document may come first: "… đã ban hành Chỉ thị số 25/CT-HU và Kế hoạch số 62/KH-HU")
_PARTY_ISSUING = re.compile(rf"(?P<level>Tỉnh|Huyện|Thành|Thị|Quận)\s+[Ủủ]y(?:\s+(?P<name>[{UPPER}]\w*(?:\s+[{UPPER}]\w*)*))?"
                            r"\s+(?:(?:đã|vừa|mới)\s+)*(?:ban hành|có|xây dựng|(?<=vừa )triển khai|(?<=đã )triển khai"
                            r"|(?<=vừa |.đã )tổ chức\s+(?:hội nghị\s+)?triển khai)"
                            r"\s+(?:[^.;\n]{0,60}?\s+và\s+)?(?:[Kk]ế hoạch|[Cc]hương trình)")
# a board of the committee names the plan its own ("Ban Dân vận Tỉnh ủy đã ban hành …"); its standing board
# ("Ban Thường vụ") and executive ("Ban Chấp hành") issue as the committee
_BOARD_BEFORE = re.compile(r"\bBan\s+(?!Thường\s+vụ|Chấp\s+hành)[^\W\d_]+(?:\s+[^\W\d_]+)?\s+$")


def party_issuing(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first sentence saying a Party committee issues a plan (not one of its boards).

    >>> party_issuing("Ban Dân vận Tỉnh ủy đã ban hành Kế hoạch số 62-KH/BDVTU", 0, 60) is None
    True
    >>> party_issuing("Ban Thường vụ Huyện ủy Hiệp Đức đã ban hành Chỉ thị số 25/CT-HU và Kế hoạch số 62", 0, 90)["name"]
    'Hiệp Đức'
    """
    for m in _PARTY_ISSUING.finditer(text, start, end):
        if not _BOARD_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            return m
    return None
# a steering committee that issues the plan in its preamble: "Ban Chỉ đạo chuyển đổi số huyện Đăk R'lấp (sau đây
# gọi tắt là Ban Chỉ đạo) ban hành Kế hoạch …", "Ban Chỉ đạo Công tác dân số - Kế hoạch hóa gia đình huyện Cam Lâm
# vừa ban hành kế hoạch" (its unit's name in capitals)
STEERING_ISSUING = re.compile(
    rf"Ban (?:Chỉ|chỉ) đạo(?P<topic>(?:\s+(?:\w[\w-]*,?|-|\([^()\n]{{1,20}}\))){{0,30}}?)\s+(?:của\s+)?(?P<unit>tỉnh|thành phố|huyện"
    rf"|thị xã|quận|xã|phường|thị trấn)\s+(?P<name>{NAME})\s*(?:\([^()\n]{{0,80}}\)\s*)?"
    r"(?P<term>giai đoạn \d{4}\s*[-–]\s*\d{4}\s+)?(?:(?:đã|vừa|mới)\s+)*(?:ban hành|xây dựng)\s+[Kk]ế hoạch"
    # a central one: "Ban Chỉ đạo 138 của Chính phủ ban hành Kế hoạch số 02/KH-BCĐ"
    r"|(?P<central>Ban Chỉ đạo[^.;:\n]{1,60}?\s+(?:của Chính phủ|Trung ương)|Ban [Cc]hỉ đạo Trung ương[^.;:\n]{0,60}?)"
    r"\s+(?:(?:đã|vừa|mới)\s+)*ban hành\s+[Kk]ế hoạch")
# … or issues it in a passive sentence, its standing board for it: "Kế hoạch … vừa được Ban thường trực Ban Chỉ đạo
# phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa tỉnh ban hành"
STEERING_PASSIVE = re.compile(
    rf"được\s+(?:Ban\s+[Tt]hường\s+trực\s+|Thường\s+trực\s+)?Ban (?:Chỉ|chỉ) đạo(?P<topic>(?:\s+\w[\w-]*,?){{1,30}}?)\s+"
    rf"(?P<unit>tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)(?:\s+(?P<name>{NAME}))?\s+ban hành\b")
# the Prime Minister or the Government in a passive sentence: "Kế hoạch hành động quốc gia … vừa được Thủ tướng Chính
# phủ ban hành"
CENTRAL_PASSIVE = re.compile(r"được\s+(?P<who>Thủ tướng Chính phủ|Chính phủ)\s+(?:ký\s+)?ban hành\b")
# a news article's unit that issues a plan, its People's Committee left unsaid: "Thành phố Cam Ranh vừa ban hành
# Kế hoạch 472 …", "Huyện Krông Pắc ban hành kế hoạch …"
PLACE_ISSUING = re.compile(
    rf"(?<![\w.])(?P<unit>Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn)\s+(?P<name>[{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*)*)"
    r"\s+(?:(?:đã|vừa|mới)\s+)*(?:ký\s+)?(?:ban hành|xây dựng|[Tt]hông qua|tổ chức\s+hội nghị\s+thông qua)"
    r"\s+[Kk]ế hoạch")
# a commune's Party committee in a news article: "Đảng ủy xã Đào Hữu Cảnh (tổ chức hội nghị) triển khai kế hoạch …"
COMMUNE_PARTY_ISSUING = re.compile(
    rf"Đảng [ủu]y\s+(?P<unit>xã|phường|thị trấn)\s+(?P<name>[{UPPER}0-9][\w']*(?:[ \t]+[{UPPER}][\w']*)*)\s+"
    r"(?:(?:đã|vừa|mới)\s+)*(?:ban hành|xây dựng|(?:tổ chức\s+(?:[Hh]ội nghị\s+)?)?triển khai)\s+[Kk]ế hoạch")
PARTY_LEVELS = {"tỉnh": "tỉnh", "huyện": "huyện", "thành": "thành phố", "thị": "thị xã", "quận": "quận"}


@lru_cache(maxsize=1)
def _body_issuing_re() -> re.Pattern[str]:
    from kehoach.ingest.agencies.gazetteer import gazetteer  # here: the agencies package imports metadata

    g = gazetteer()
    forms = sorted({f for f, i, _ in g.forms if f[:1].isupper() and " " in f
                    and g.entries[i].scope in ("province", "district", "issuer", "central")
                    and not g.entries[i].collective},
                   key=len, reverse=True)
    units_alt = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))
    # a Party board's committee named with its place: "Ban Dân vận Tỉnh ủy Bắc Giang"
    alts = "|".join(re.escape(f).replace(r"\-", "[-–—]") for f in forms)  # "Bộ Lao động – Thương binh và Xã hội"
    return re.compile(rf"(?<!của )(?P<who>{alts})(?:\s+(?P<unit>{units_alt})(?:\s+(?!{VERBS})"
                      rf"(?P<name>{NAME}))?|(?<=[ủu]y)\s+(?!{VERBS})(?P<owner>{NAME}))?"
                      # a joint plan: the first body named ("Ban Dân vận Trung ương và Ban cán sự đảng Chính phủ đã
                      # ký kết Kế hoạch số 1573-KH/BDVTW-BCSĐCP")
                      rf"(?:\s+và\s+[A-ZĐ][^.;:\n]{{2,80}}?(?=\s+(?:đã|vừa)\s+(?:ký|ban hành)))?"
                      rf"(?:\s*\([^()\n]{{1,60}}\))?\s+(?:(?:đã|vừa|mới|mới đây)\s+)*"  # "(Hội đồng PHPBGDPL tỉnh)"
                      rf"(?:(?:ban hành|xây dựng|có|ký kết|ký)\s+{DECISION}?[Kk]ế hoạch|triển khai\s+[Kk]ế hoạch(?!\s+số))")


def body_issuing(text: str, search: Span, info: IssuerInfo) -> None:
    """The issuer a news article names, a body of the gazetteer other than a People's or a Party committee:
    "Sở Văn hóa, Thể thao và Du lịch đã ban hành Kế hoạch số 67/KH-SVHTTDL" (the province's department), "Bộ Tư
    pháp đã ban hành Kế hoạch …" (a ministry: central).

    >>> from kehoach.ingest.metadata.issuer import IssuerInfo
    >>> info = IssuerInfo()
    >>> body_issuing("Sở Y tế tỉnh Hòa Bình đã ban hành Kế hoạch số 5/KH-SYT.", (0, 55), info)
    >>> info.name, info.jurisdiction
    ('Sở Y tế', 'tỉnh Hòa Bình')
    """
    from kehoach.ingest.agencies.gazetteer import lookup

    m = _body_issuing_re().search(text, *search)
    if m is None:
        return
    entry = lookup(re.sub("[–—]", "-", m.group("who")))
    info.name = entry.name if entry else m.group("who")
    info.span = m.span("who")
    if m.group("unit"):
        info.unit = m.group("unit").lower()
        info.place = place_name(m.group("name"))
    elif entry is not None and entry.scope == "province":
        info.unit = "tỉnh"  # its province: the one the text names (completed below), or the one after its name
        info.place = place_name(m.group("owner"))
    elif entry is not None and entry.scope == "central":
        info.central = True  # a ministry's plan: "Bộ Văn hóa, Thể thao và Du lịch đã ban hành Kế hoạch số …"
