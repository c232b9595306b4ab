"""The issuing body and its jurisdiction, from the header's issuer block or, when the header has none, from the
sentence in which the body issues the plan ("Ủy ban nhân dân huyện Cầu Ngang xây dựng Kế hoạch"), completed
with the place of the date line, the title or the first matching place name of the text.

>>> text = "ỦY BAN NHÂN DÂN\\nTỈNH NGHỆ AN\\n"
>>> r = find_issuer(text, (0, len(text)), (0, 0), (0, len(text)), None, None)
>>> r.name, r.unit, r.place, r.level, r.province
('Ủy ban nhân dân', 'tỉnh', 'Nghệ An', 'province', 'Nghệ An')
>>> text = "ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ ĐÀ NẴNG\\n"
>>> r = find_issuer(text, (0, len(text)), (0, 0), (0, len(text)), None, None)
>>> r.level, r.province, r.district
('province', 'Đà Nẵng', None)
>>> r = find_issuer("BCH ĐẢNG BỘ TỈNH THANH HÓA\\nHUYỆN ỦY TRIỆU SƠN\\n", (0, 46), (0, 0), (0, 46), None, None)
>>> r.name, r.jurisdiction, r.level
('Huyện ủy', 'huyện Triệu Sơn', 'district')
>>> for text in ("UBND TP. Hà Nội đã có Kế hoạch số 5/KH-UBND.", "Kế hoạch vừa được UBND tỉnh Lào Cai ban hành."):
...     r = find_issuer(text, (0, 0), (0, 0), (0, len(text)), None, None)
...     print(r.name, r.jurisdiction, r.level, text[slice(*r.span)])
Ủy ban nhân dân thành phố Hà Nội province UBND TP. Hà Nội
Ủy ban nhân dân tỉnh Lào Cai province UBND tỉnh Lào Cai
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kehoach.ingest.metadata.header_body import header_body
from kehoach.ingest.metadata.places import (
    GAZETTEERS,
    UPPER,
    find_district_name,
    find_unit,
    is_province,
    iter_units,
    level_of,
    place_name,
    province_of_district,
    provinces,
    units,
)
from kehoach.ingest.metadata.sentences import (
    CENTRAL_PASSIVE,
    COMMUNE_PARTY_ISSUING,
    DECISION,
    NAME,
    PARTY_LEVELS,
    PLACE_ISSUING,
    STEERING_ISSUING,
    STEERING_PASSIVE,
    VERBS,
    body_issuing,
    party_issuing,
)

Span = tuple[int, int]


@dataclass
class IssuerInfo:
    name: str | None = None
    unit: str | None = None       # level word: "tỉnh", "huyện", …
    place: str | None = None      # "Nghệ An"
    level: str | None = None
    province: str | None = None
    district: str | None = None
    span: Span | None = None
    central: bool = False         # a ministry's or another central body's (its header names no unit)

    @property
    def jurisdiction(self) -> str | None:
        return f"{self.unit} {self.place}" if self.unit and self.place else None


@lru_cache(maxsize=1)
def _bodies() -> dict[str, str]:
    return json.loads((GAZETTEERS / "officials.json").read_text(encoding="utf-8"))["issuer_bodies"]





@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # "ỦY\nBAN NHÂN DÂN": a narrow header cell breaks the body's name anywhere
    bodies = "|".join(re.escape(b).replace(r"\ ", r"\s+") for b in sorted(_bodies(), key=len, reverse=True))
    unit_words = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))
    header = re.compile(rf"(?P<body>{bodies})\s*\n?\s*(?:(?P<unit>{unit_words.upper()})\s+(?P<name>[^\n|]+))?")
    body_lc = "|".join(re.escape(b) for b in sorted({*_bodies(), *(v for v in _bodies().values())},
                                                     key=len, reverse=True) if not b.isupper() or len(b) < 6)
    # "UBND tỉnh (vừa / đã) ban hành Kế hoạch", "UBND TP. Hà Nội đã có Kế hoạch", "… vừa được UBND thành phố ban
    # hành" (news articles say it in these ways)
    who = (rf"(?P<body>(?i:{body_lc}))\s+(?P<unit>(?i:{unit_words})|TP\.?\s?HCM\b|TPHCM\b|TP\.?)(?:(?:\s+|(?<=\.))(?!{VERBS})"
           rf"(?P<name>{NAME}))?"  # "UBND TP.Hội An"
           # its province in brackets after a district's name: "UBND huyện Khánh Vĩnh (Khánh Hòa)", "(tỉnh Gia Lai)"
           rf"(?:\s*\((?:tỉnh\s+)?[{UPPER}][^()\n]{{1,30}}\))?")
    issuing = re.compile(
        # (or deploys it at a meeting: "UBND huyện Quảng Trạch vừa tổ chức hội nghị triển khai kế hoạch …")
        rf"{who}\s+(?:(?:đã|vừa|mới|cũng)\s+)*(?:ký\s+)?(?i:xây dựng|ban hành|(?:(?:tổ chức|chủ trì)\s+(?:hội nghị\s+)?)?"
        rf"(?:triển khai|thông qua)|có)"
        rf"\s+{DECISION}?(?:Kế hoạch|kế hoạch)"
        rf"|(?:được|do)\s+{who.replace('?P<', '?P<p_')}\s+(?:xây dựng|ban hành)\b")
    return header, issuing


def _issuing_groups(m: re.Match[str]) -> tuple[str, str, str | None, int]:
    """(body, level word, name, end of the unit's name) of an issuing sentence, in the active or passive form."""
    p = "" if m.group("body") else "p_"
    unit = m.group(p + "unit").lower()
    name = m.group(p + "name")
    if unit.startswith("tp") and unit.endswith("hcm"):  # "UBND TPHCM", "UBND TP.HCM"
        return m.group(p + "body"), "thành phố", "Hồ Chí Minh", m.end(p + "unit")
    unit = "thành phố" if unit.startswith("tp") else unit
    name = place_name(name)
    return m.group(p + "body"), unit, name, m.end(p + "name") if name else m.end(p + "unit")


# a unit's own line in a header, below a line of the other column ("ỦY BAN NHÂN DÂN" / "CỘNG HÒA …" / "XÃ BÌNH SƠN")
_UNIT_LINE = re.compile(r"(?m)^[ \t*]*(?P<unit>TỈNH|HUYỆN|THỊ XÃ|THÀNH PHỐ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)[ \t]+"
                        r"(?P<name>[^\W\d_][^\n|,]{1,30}?)[ \t]*$")
# a place printed with its level word ("Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "Tỉnh Lạng Sơn")
_LEVEL_PREFIX = {"thành phố": re.compile(r"^(?i:thành phố|tp\.?)\s+"), "tỉnh": re.compile(r"^(?i:tỉnh)\s+"),
                 "huyện": re.compile(r"^(?i:huyện)\s+"), "thị xã": re.compile(r"^(?i:thị xã|tx\.?)\s+"),
                 "quận": re.compile(r"^(?i:quận)\s+")}


# a Party committee in a plan's header: "TỈNH ỦY LẠNG SƠN", "HUYỆN UỶ TRIỆU SƠN" (the level word in its name)
# (its standing board's: "BAN THƯỜNG VỤ TỈNH ỦY", the place on the line above or the date line's)
_PARTY_HEADER = re.compile(r"(?m)^\W*(?:BAN THƯỜNG VỤ\s+)?(?P<level>TỈNH|HUYỆN|THÀNH|THỊ|QUẬN)\s+(?:ỦY|UỶ)"
                           r"(?:\s+(?:THÀNH PHỐ\s+|TỈNH\s+)?(?P<name>[^\W\d_][^\n|,]{1,30}))?[ \t]*$")
def _party_issuer(party: re.Match[str], info: IssuerInfo) -> None:
    """The Party committee a header line or an issuing sentence names (its place, when printed)."""
    word = party.group("level").lower()
    info.name, info.unit, info.span = f"{word.capitalize()} ủy", PARTY_LEVELS[word], party.span()
    info.place = " ".join(party.group("name").split()).title() if party.group("name") else None


def _canonical_body(b: str) -> str:
    b = " ".join(b.split())
    return _bodies().get(b, _bodies().get(b.upper(), b))


def find_issuer(text: str, header: Span, title: Span, search: Span, place: str | None,
                title_str: str | None) -> IssuerInfo:
    """Issuer of the plan. ``header``/``title``/``search`` are spans (header block, title, document proper)."""
    info = IssuerInfo()
    _from_header(text, header, search, info)
    if info.unit is None:
        _from_sentences(text, header, search, info)
    if info.unit == "tỉnh" and info.place and not is_province(info.place) and is_province(place):
        info.place = place  # "TỈNH LÂM ĐNG" (a typo in the header), "Lâm Đồng, ngày …" (the date line)
    if info.unit and not info.place:
        info.place = _complete_place(text, search, info.unit, place, title_str)
    if info.unit is None and info.name and not info.central:
        # a bare "ỦY BAN NHÂN DÂN": take the level and place from the title, the date line's province or the text
        found = (find_unit(title_str or "") or ((provinces()[place], place) if is_province(place) else None)
                 or _first_unit(text, search, None))
        if found:
            info.unit, info.place = found
    info.level = level_of(info.unit) or ("central" if info.central else None)
    if info.unit == "thành phố" and not info.place:
        info.level = None  # "Thành ủy vừa ban hành …": a centrally governed city's or a provincial city's
    if info.unit and info.unit != "tỉnh" and provinces().get(info.place or "") == info.unit:
        info.level = "province"  # a centrally-run city ("THÀNH PHỐ ĐÀ NẴNG"), not a district-level city
    _fill_levels(info, text, search)
    return info


def _from_header(text: str, header: Span, search: Span, info: IssuerInfo) -> None:
    """The issuer the header block prints: a People's Council or Committee and its unit, a Party committee, a
    body under its parent's line (``header_body``); a news article (no header) yields at most its Party
    committee ("Tỉnh ủy X đã ban hành …")."""
    hdr, _ = _patterns()
    m = hdr.search(text, *header) if header[1] > header[0] else None
    # a Party committee's header ("TỈNH ỦY NGHỆ AN"), or one above a body the first pattern took ("BAN CHỈ ĐẠO 35")
    party = (_PARTY_HEADER.search(text, *header) if (m is None or not m.group("unit")) and header[1] > header[0]
             else None)
    if m is None and party is None and header == (0, 0):  # a news article: "Tỉnh ủy X đã ban hành …"
        party = party_issuing(text, *search)
    if party:  # "HUYỆN ỦY TRIỆU SƠN": a Party committee's plan
        _party_issuer(party, info)
    if m:
        info.name = _canonical_body(m.group("body"))
        info.span = m.span()
        unit = m if m.group("unit") else _UNIT_LINE.search(text, m.end(), header[1])
        if unit:  # on the body's line, the next, or a line below the other column's ("XÃ BÌNH SƠN")
            info.unit = unit.group("unit").lower()
            info.place = " ".join(unit.group("name").split()).title()
    sub = header_body(text, *header, parent=info.name if party else None) if header[1] > header[0] else None
    if sub is not None and (m is None or sub.span[0] >= m.start()):
        # a department's, a steering committee's or a Party board's plan, under its parent's line
        info.name, info.span, info.central = sub.name, sub.span, sub.central
        if sub.unit:
            info.unit, info.place = sub.unit, sub.place
    if info.unit is None and m is not None:
        # the header's unit misprinted ("THÀNH PHHỒ CHÍ MINH"): a decision's authority line under its title
        # ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH") names it
        a = next((x for x in hdr.finditer(text, m.end(), min(search[1], m.end() + 1500)) if x.group("unit")), None)
        if a:
            info.unit = a.group("unit").lower()
            info.place = " ".join(a.group("name").split()).title()


def _from_sentences(text: str, header: Span, search: Span, info: IssuerInfo) -> None:
    """The issuer a sentence names, when the header did not give its unit: "Ủy ban nhân dân huyện Cầu Ngang xây
    dựng Kế hoạch", a steering committee in the preamble, a Party committee in an article's lead above the plan;
    in a news article a department or a unit for its People's Committee."""
    _, issuing = _patterns()
    m2 = issuing.search(text, *search)
    if m2 and header == (0, 0) and text[max(0, m2.start() - 4):m2.start()] == " và ":
        # a joint plan, its first body named first: "Sở Tài nguyên và Môi trường tỉnh Tuyên Quang và UBND huyện Hàm
        # Yên đã ban hành Kế hoạch số 223/KH-STNMT-UBND"
        body_issuing(text, (max(search[0], text.rfind("\n", 0, m2.start()) + 1), m2.end()), info)
        if info.name is not None:
            return
    if m2:
        body, info.unit, name, unit_end = _issuing_groups(m2)
        info.name = info.name or _canonical_body(body)
        name = (name or "").strip()
        info.place = name if name and name[0].isupper() else None
        info.span = info.span or (text.find(body, m2.start()), unit_end)
        return
    if info.name is not None:
        return
    m3 = STEERING_ISSUING.search(text, *search)
    if m3 and m3.group("central"):
        info.name, info.central, info.span = m3.group("central"), True, m3.span("central")
        return
    m3 = m3 or STEERING_PASSIVE.search(text, *search)  # "… vừa được Ban thường trực Ban Chỉ đạo … tỉnh ban hành"
    if m3:  # "Ban Chỉ đạo chuyển đổi số huyện Đăk R'lấp (sau đây gọi tắt là Ban Chỉ đạo) ban hành Kế hoạch"
        info.name = f"Ban Chỉ đạo {m3.group('topic').strip()}".strip()
        if m3.groupdict().get("term"):  # "… tỉnh Quảng Trị giai đoạn 2021-2025": its term is part of its name
            info.name += " " + " ".join(m3.group("term").split())
        info.unit, info.place = m3.group("unit").lower(), place_name(m3.group("name"))
        info.span = (m3.start(), m3.end("name") if m3.group("name") else m3.end("unit"))
        return
    commune = COMMUNE_PARTY_ISSUING.search(text, *search)  # an article's, or a plan's without its header's body
    if commune:
        info.name, info.unit, info.span = "Đảng ủy", commune.group("unit"), (commune.start(), commune.end("name"))
        info.place = commune.group("name")
        return
    if header != (0, 0):
        # a plan whose page printed an article's lead for its header (before the plan, as the page's chrome):
        # "Tỉnh Ủy Thừa Thiên Huế đã ban hành Chương trình số 27-CTr/TU …"
        party = party_issuing(text, 0, search[1])
        if party:
            _party_issuer(party, info)
        return
    if passive := CENTRAL_PASSIVE.search(text, *search):  # "… vừa được Thủ tướng Chính phủ ban hành"
        info.name, info.central, info.span = passive.group("who"), True, passive.span("who")
        return
    body_issuing(text, search, info)  # a news article: "Sở Văn hóa, Thể thao và Du lịch đã ban hành Kế hoạch"
    if info.name is None and info.unit is None:
        unit = PLACE_ISSUING.search(text, *search)
        if unit:  # "Thành phố Cam Ranh vừa ban hành Kế hoạch …": the unit's People's Committee
            info.name, info.unit = "Ủy ban nhân dân", unit.group("unit").lower()
            info.span = (unit.start("unit"), unit.end("name"))
            info.place = " ".join(unit.group("name").split())


def _complete_place(text: str, search: Span, unit: str, place: str | None, title_str: str | None) -> str | None:
    """The issuing unit's name when the header gives only its level: the date line's place (without the level
    word it may repeat: "Thành phố Hồ Chí Minh, ngày …" with "thành phố"), the title's or the text's unit.

    >>> _complete_place("", (0, 0), "thành phố", "Thành phố Hồ Chí Minh", None)
    'Hồ Chí Minh'
    """
    prefix = _LEVEL_PREFIX.get(unit)
    if place and prefix:
        place = prefix.sub("", place) or place
    if place and (unit != "tỉnh" or is_province(place)):
        return place
    found = find_unit(title_str or "", unit)
    if found:
        return found[1]
    found = _first_unit(text, search, unit) or (_banner_unit(text, search[0]) if unit == "tỉnh" else None)
    return found[1] if found else None


def _banner_unit(text: str, end: int) -> tuple[str, str] | None:
    """The province a site's banner above the article names ("Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội
    đại biểu Đảng bộ tỉnh Lạng Sơn …" on Lạng Sơn's portal): the site's, when the article names none."""
    from kehoach.ingest.layout.vocab import vocab

    banner = vocab().banner_line
    for line in text[:end].splitlines():
        if banner.match(line.strip()) and (found := _first_unit(line, (0, len(line)), "tỉnh")):
            return found
    return None


def _first_unit(text: str, search: Span, unit: str | None) -> tuple[str, str] | None:
    for u, name, _, _ in iter_units(text[search[0]:search[1]]):
        if (unit is None or u == unit) and (u != "tỉnh" or is_province(name)):
            return u, name
    return None


def _first_district(text: str, search: Span) -> tuple[str, str] | None:
    """The first district-level unit a commune's text names: "huyện Cầu Ngang", "thị xã Hương Thủy", "quận Hà
    Đông", a provincial city ("thành phố Vinh"), not a province's name ("thành phố Hà Nội")."""
    for u, name, _, _ in iter_units(text[search[0]:search[1]]):
        if u in ("huyện", "thị xã", "quận") or u == "thành phố" and not is_province(name):
            return u, name
    return None


def _fill_levels(info: IssuerInfo, text: str, search: Span) -> None:
    if info.level == "province":
        info.province = info.place
        return
    if info.level == "central":
        return  # a ministry's plan: a province the text names is not its own
    if info.level == "district":
        info.district = info.place
        if info.unit == "quận" and (info.place or "").isdigit():
            info.district = f"Quận {info.place}"  # "Quận 11": a number is no name; only Hồ Chí Minh numbers them
            info.province = "Hồ Chí Minh"
    elif info.level == "commune":
        found = _first_district(text, search)
        # a commune's text may name its district without "huyện" (a news dateline "Thanh Chương: UBND xã …")
        info.district = found[1] if found else find_district_name(text, *search, other=info.place)
    found = _first_unit(text, search, "tỉnh") or _first_unit(text, search, "thành phố")
    if info.province:
        return
    if found and is_province(found[1]):
        info.province = found[1]
    elif info.district:  # a district's plan that never names its province: the district's, when only one has it
        info.province = province_of_district(info.district)
