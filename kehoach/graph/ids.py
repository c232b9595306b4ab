"""Stable, deterministic node ids (see ../shared/domain.md, "Document numbers").

An id is built from what identifies the thing, never from the file it was read from:

- administrative document (210/KH-UBND, 1466/QĐ-UBND, 3089/BTTTT-TTĐN): issuer + year + number
- normative document (72/2015/NĐ-CP): its number (the year is inside)
- Party document (57-KL/TW, 199-KH/TU): body + number
- document without a number: type + name (plans: issuer + title)
- agency: jurisdiction + name; administrative unit: its place in the hierarchy

>>> slug("UBND tỉnh Lạng Sơn")
'ubnd-tinh-lang-son'
>>> number_shape("72/2015/NĐ-CP"), number_shape("210/KH-UBND"), number_shape("57-KL/TW")
('normative', 'administrative', 'party')
>>> admin_doc_id("plan", "UBND tỉnh Lạng Sơn", 2023, "210/KH-UBND")
'plan/ubnd-tinh-lang-son/2023/210-kh-ubnd'
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from functools import lru_cache

from kehoach.ingest.keys import match_key

# Long names -> the abbreviation used in issuer strings ("UBND tỉnh Trà Vinh", the gold's convention)
_ABBREVIATIONS = (
    ("ủy ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("ủy ban mặt trận tổ quốc việt nam", "UBMTTQ"),
)
_EXPANSIONS = {"ubnd": "Ủy ban nhân dân", "hđnd": "Hội đồng nhân dân", "ubmttq": "Ủy ban Mặt trận Tổ quốc Việt Nam"}

# Issuer codes of central bodies (the part after the type in a number) -> canonical issuer name
CENTRAL_CODES = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BNG": "Bộ Ngoại giao",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "TW": "Ban Chấp hành Trung ương",
    "BCT": "Bộ Chính trị",
}

CENTRAL_CITIES = frozenset({"hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"})
"""Cities directly under the central government (match keys): "thành phố X" of these is a province-level unit."""

_UNIT_WORD = re.compile(r"(?<!\w)(huyện|quận|thị xã|thị trấn|xã|phường|thành phố|tỉnh)\s+(\S[^,]*)", re.I)

_NORMATIVE = re.compile(r"^\d+[a-z]?/\d{4}/", re.I)
_PARTY = re.compile(r"^\d+[a-z]?-[^/\s]+/", re.I)
_ADMIN = re.compile(r"^\d+[a-z]?/", re.I)


_DASHES = re.compile(r"[^a-z0-9]+")
_NO_MARKS = {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}
_NO_MARKS.update({ord("đ"): "d", ord("Đ"): "D"})


@lru_cache(maxsize=1 << 17)
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def slug(text: str | None, max_len: int = 80) -> str:
    """ASCII, lower case, dash-separated; Vietnamese letters lose their marks ("đ" -> "d"). A longer slug is cut
    at a dash before ``max_len`` and ends with a short hash of the whole: two long titles that differ only
    after ``max_len`` characters ("… giai đoạn 2021-2025", "… giai đoạn 2026-2030") keep two ids.

    >>> slug("Sở Thông tin và Truyền thông"), slug("3089/BTTTT-TTĐN")
    ('so-thong-tin-va-truyen-thong', '3089-btttt-ttdn')
    >>> a, b = (slug("Kế hoạch thông tin đối ngoại giai đoạn " + y, 30) for y in ("2021-2025", "2026-2030"))
    >>> a, a != b
    ('ke-hoach-thong-tin-e7aef36c', True)
    """
    s = unicodedata.normalize("NFD", (text or "").translate(_NO_MARKS)).translate(_NO_MARKS).lower()
    s = _DASHES.sub("-", s).strip("-")
    if len(s) > max_len:
        cut = max(1, max_len - 9)
        s = f"{s[:cut].rsplit('-', 1)[0] or s[:cut]}-{_digest(s)}"
    return s


def file_key(name: str) -> str:
    """The id part of a source file: one per file name. A name that is its own slug stays as it is; any other
    gets its slug and a short hash of the name ("Kế hoạch.txt" and "ke-hoach.txt" are two files).

    >>> file_key("ke-hoach-2024"), file_key("Kế hoạch 2024.txt") != file_key("ke-hoach-2024.txt")
    ('ke-hoach-2024', True)
    """
    s = slug(name, 160)
    return s if s == name else f"{s}-{_digest(name)}"


def clean_number(number: str | None) -> str:
    """A document number with whitespace removed ("" when unknown).

    >>> clean_number(" 99 /KH-UBND")
    '99/KH-UBND'
    """
    return "".join((number or "").split())


def number_shape(number: str | None) -> str:
    """'normative' | 'party' | 'administrative' | '' (no number) for a document number."""
    n = clean_number(number)
    if not n:
        return ""
    if _NORMATIVE.match(n):
        return "normative"
    if _PARTY.match(n):
        return "party"
    if _ADMIN.match(n):
        return "administrative"
    return "administrative"


def number_code(number: str | None) -> tuple[str, str]:
    """(type code, issuer code) of a number, upper-cased: ``("KH", "UBND")``; ("", "") when not shaped.

    >>> number_code("210/KH-UBND"), number_code("3089/BTTTT-TTĐN"), number_code("57-KL/TW")
    (('KH', 'UBND'), ('', 'BTTTT'), ('KL', 'TW'))
    """
    n = clean_number(number)
    shape = number_shape(n)
    if shape == "party":
        m = re.match(r"^\d+[a-z]?-([^/]+)/(.+)$", n, re.I)
        return (m.group(1).upper(), m.group(2).upper()) if m else ("", "")
    tail = n.rsplit("/", 1)[-1] if "/" in n else ""
    if "-" not in tail:
        return "", tail.upper()
    a, b = tail.split("-", 1)
    type_codes = {"NQ", "QĐ", "CT", "QC", "QYĐ", "TB", "HD", "CTR", "KH", "PA", "ĐA", "DA", "BC", "TTR", "CĐ",
                  "NĐ", "TT", "TTLT", "L", "PL"}
    if a.upper() in type_codes:
        return a.upper(), b.upper()
    return "", a.upper()  # official letter: ISSUER-UNIT


def abbreviate_issuer(text: str | None) -> str:
    """Issuer string in the short conventional form ("Ủy ban nhân dân tỉnh X" -> "UBND tỉnh X").

    >>> abbreviate_issuer("Ủy ban nhân dân tỉnh Trà Vinh")
    'UBND tỉnh Trà Vinh'
    """
    s = " ".join((text or "").split())
    key = match_key(s)
    for long, short in _ABBREVIATIONS:
        if key.startswith(long):
            return (short + s[len(long):]).strip()
    return s


def expand_name(name: str) -> str:
    """Agency name with a leading abbreviation expanded ("UBND" -> "Ủy ban nhân dân").

    >>> expand_name("UBND")
    'Ủy ban nhân dân'
    """
    head, _, rest = name.partition(" ")
    full = _EXPANSIONS.get(match_key(head))
    return f"{full} {rest}".strip() if full else name


def issuer_key(issuer: str | None) -> str:
    """The slug identifying an issuer in document ids."""
    return slug(abbreviate_issuer(issuer)) or "unknown"


def is_sub_provincial(text: str | None) -> bool:
    """Does an issuer or jurisdiction name a unit below the province (district, town, commune, provincial city)?
    Decided by the last unit word it prints.

    >>> is_sub_provincial("UBND huyện Bảo Lâm"), is_sub_provincial("UBND tỉnh Cao Bằng")
    (True, False)
    >>> is_sub_provincial("UBND thành phố Hà Nội"), is_sub_provincial("UBND thành phố Trà Vinh")
    (False, True)
    """
    found = _UNIT_WORD.findall(text or "")
    if not found:
        return False
    word, name = found[-1]
    word = match_key(word)
    if word == "thành phố":
        return match_key(name.strip()) not in CENTRAL_CITIES
    return word != "tỉnh"


def in_province(issuer: str | None, province: str | None) -> str:
    """An issuer (or jurisdiction) below the province completed with its province, so that documents ids tell
    apart the districts that share a name (two provinces have a huyện Bảo Lâm, ten a huyện Châu Thành).
    Unchanged when it names its province already, is province-level or central, or the province is unknown.

    >>> in_province("UBND huyện Bảo Lâm", "Cao Bằng"), in_province("huyện Bảo Lâm, tỉnh Lâm Đồng", "Cao Bằng")
    ('UBND huyện Bảo Lâm, tỉnh Cao Bằng', 'huyện Bảo Lâm, tỉnh Lâm Đồng')
    >>> in_province("UBND tỉnh Cao Bằng", "Cao Bằng"), in_province("UBND quận Ba Đình", "Hà Nội")
    ('UBND tỉnh Cao Bằng', 'UBND quận Ba Đình, thành phố Hà Nội')
    """
    issuer = issuer or ""
    if not province or not province.strip() or not is_sub_provincial(issuer):
        return issuer
    units = _UNIT_WORD.findall(issuer)
    if len(units) > 1 and not is_sub_provincial(" ".join(units[-1])):
        return issuer  # "… huyện X, tỉnh Y": its own province
    province = " ".join(province.split())
    word = "thành phố" if match_key(province) in CENTRAL_CITIES else "tỉnh"
    return f"{issuer}, {word} {province}"


def admin_doc_id(prefix: str, issuer: str | None, year: int | None, number: str) -> str:
    """Id of an administrative document: issuer + year + number (year "nd" when unknown)."""
    return f"{prefix}/{issuer_key(issuer)}/{year or 'nd'}/{slug(clean_number(number))}"


def normative_doc_id(prefix: str, number: str) -> str:
    """Id of a normative document: its number.

    >>> normative_doc_id("doc", "72/2015/NĐ-CP")
    'doc/72-2015-nd-cp'
    """
    return f"{prefix}/{slug(clean_number(number))}"


def party_doc_id(prefix: str, scope: str, number: str) -> str:
    """Id of a Party document: body scope ("" for central bodies, else the province/district key) + number.

    >>> party_doc_id("doc", "", "57-KL/TW"), party_doc_id("plan", "tinh-nghe-an", "199-KH/TU")
    ('doc/57-kl-tw', 'plan/tinh-nghe-an/199-kh-tu')
    """
    return f"{prefix}/{scope + '/' if scope else ''}{slug(clean_number(number))}"


def named_doc_id(prefix: str, doc_type: str | None, name: str, issuer: str | None = None) -> str:
    """Id of a document without a number: type (+ issuer for plans) + name.

    >>> named_doc_id("doc", "Luật", "Luật Ngân sách")
    'doc/luat/luat-ngan-sach'
    """
    head = issuer_key(issuer) if issuer else slug(doc_type) or "document"
    return f"{prefix}/{head}/{slug(name, 100) or 'untitled'}"


def year_of(*values: str | int | None) -> int | None:
    """The first 4-digit year found in the values (ISO dates, partial dates, normative numbers).

    >>> year_of(None, "2023-11-01")
    2023
    """
    for v in values:
        if isinstance(v, int) and v > 0:
            return v
        if isinstance(v, str):
            m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", v)
            if m:
                return int(m.group(1))
    return None
