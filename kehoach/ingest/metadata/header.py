"""The plan's own header: "Số: …", the place/date line, the type word and the title.

Each function takes the normalized text and a section span and returns values with their spans.

>>> text = "Số: 99 /KH-UBND\\nCầu Ngang, ngày 12 tháng 10 năm 2023\\n"
>>> find_number(text, 0, len(text))
('99/KH-UBND', (4, 15))
>>> find_place_date(text, 0, len(text))[:3]
('Cầu Ngang', '2023-10-12', None)
>>> find_number("Số: 12-KH/HU Triệu Sơn, ngày 5 tháng 3 năm 2022", 0, 50), find_place_date("Số: 12-KH/HU Triệu Sơn, ngày 5 tháng 3 năm 2022", 0, 50)[0]
(('12-KH/HU', (4, 12)), 'Triệu Sơn')
>>> find_place_date("Số: 5/KH-UBND\\nBà Rịa - Vũng\\nTàu, ngày 29\\ntháng 01 năm 2021\\n", 0, 60)[:3]
('Bà Rịa - Vũng Tàu', '2021-01-29', None)
"""

from __future__ import annotations

import re

from kehoach.ingest.chars import DASH
from kehoach.ingest.metadata.dates import DATE, date_of

# "Số: 12/KH-UBND"; a Party committee's "Số 94 - KH/HU" (no colon, a number with its dash or slash)
NUMBER_LINE = re.compile(r"(?m)^\W*Số(?:\s*:|[ \t]+(?=\d+[ \t]*[-/][ \t]*[^\W\d_]))\s*(?P<num>[^\n]*?)\s*$")
# the date may go on to the next line ("Lào Cai, ngày 29" / "tháng 01 năm 2021": a narrow header cell)
PLACE_DATE = re.compile(r"(?m)^\W*(?P<place>[^\n,]{2,40}),\s*(?P<date>[Nn]gày[^\n]*?(?:\n[^\n]*?)?(?:năm\s*|/\s*)\d{4})")
# the first words of a place name the cell wrapped ("Bà Rịa - Vũng" / "Tàu, ngày …"): capitalized words alone
_PLACE_START = re.compile(r"(?m)^(?P<start>[^\W\d_][^\W\d_]*(?:(?: | - )[^\W\d_]+){0,3})\n\Z")
_AUTHORITY = re.compile(r"\W*(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|CHỦ TỊCH|BAN THƯỜNG VỤ|BỘ TRƯỞNG|THỦ TƯỚNG CHÍNH PHỦ|"
                        r"(?:TỔNG )?GIÁM ĐỐC|CHÍNH PHỦ(?=[ \t]*(?:\n|$)))\b")
_SESSION = re.compile(r"\W*KH[OÓ]A\s+[IVXLC]+\b[^\n]*KỲ HỌP")
Span = tuple[int, int]


def clean_number(raw: str) -> str | None:
    """A document number with spaces removed; None when the number itself is blank ("/KH-UBND").

    >>> clean_number("99 /KH-UBND"), clean_number(" /KH-UBND"), clean_number("210 / KH - UBND")
    ('99/KH-UBND', None, '210/KH-UBND')
    >>> clean_number("1014//KH-UBND")
    '1014/KH-UBND'
    """
    num = "".join(raw.split()).replace("–", "-")  # "29/KH – UBND": the en dash a typist put for the hyphen
    num = re.sub(r"/{2,}", "/", num)  # "1014//KH-UBND": a slash typed twice
    if not num or not num[0].isdigit():
        return None
    return num


def find_number(text: str, start: int, end: int) -> tuple[str | None, Span | None]:
    """The number of the "Số:" line in ``text[start:end]`` (None when blank or absent) and the line's span."""
    m = NUMBER_LINE.search(text, start, end)
    if not m:
        return None, None
    num, (s, e) = m.group("num"), m.span("num")
    cut = max(num.find(", ngày"), num.find(", Ngày"))
    if cut > 0:  # "Số: 12-KH/HU Triệu Sơn, ngày …": the place/date printed on the number's line
        e = s + cut - len(_place_words(num[:cut]))
        num = text[s:e]
    return clean_number(num), (s, e - (len(num) - len(num.rstrip())))


def find_place_date(text: str, start: int, end: int) -> tuple[str | None, str | None, str | None, Span | None,
                                                                 Span | None]:
    """(place, ISO date, partial date, place span, date span) of the place/date line."""
    m = PLACE_DATE.search(text, start, end)
    if not m:
        return None, None, None, None, None
    d = DATE.search(m.group("date"))
    date, partial = date_of(d) if d else (None, None)
    place = m.group("place").strip(" *")
    if re.match(r"Số\s*:", place):  # the number's line goes on with the place: "Số: -KH/HU Triệu Sơn, ngày …"
        place = _place_words(place).strip() or place
    ps = m.start("place") + m.group("place").find(place)
    before = _PLACE_START.search(text, max(start, ps - 30), ps)
    if before and _wrapped_place(before.group("start"), place):
        place, ps = f"{before.group('start')} {place}", before.start("start")
        return place, date, partial, (ps, m.end("place")), m.span("date")
    return place, date, partial, (ps, ps + len(place)), m.span("date")


# "Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2022 như sau:" (a plan printed without its title)
_ISSUING_TITLE = re.compile(r"(?:[Bb]an hành|xây dựng)(?:\s+kèm theo\s+(?:Quyết định|Nghị quyết)\s+này)?\s+Kế hoạch\s+(?!số\b|này\b|như\b)(?P<t>[^.;:\n]{10,}?)"
                            r"\s*(?=\s(?:như sau|với (?:các )?nội dung|cụ thể|gồm)\b|[.;:\n]|\((?:sau đây )?gọi tắt"
                            r"|,\s*(?:cụ thể|với|như)\b)")


def is_authority_line(title: str | None) -> bool:
    """Whether a title is a decision's authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under a header that lost
    its title), no title.

    >>> is_authority_line("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), is_authority_line("Ủy ban nhân dân và nhân dân")
    (True, False)
    """
    return bool(title) and title.isupper() and _AUTHORITY.match(title) is not None


def issuing_title(text: str, start: int, end: int) -> tuple[str | None, Span | None]:
    """The title the preamble gives a plan printed without one (or a decision's article issuing it), and its span.

    >>> t = "Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2022 như sau:"
    >>> issuing_title(t, 0, len(t))
    ('công tác đối ngoại năm 2022', (39, 66))
    >>> t = "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi nghề cho ngư dân.\\n"
    >>> issuing_title(t, 0, len(t))[0]
    'chuyển đổi nghề cho ngư dân'
    """
    m = _ISSUING_TITLE.search(text, start, end)
    return (" ".join(m.group("t").split()), m.span("t")) if m else (None, None)


def _place_words(s: str) -> str:
    """The capitalized words that end ``s`` (with the space before them): a place printed after a number.

    >>> _place_words("Số: 12-KH/HU Triệu Sơn"), _place_words("Số : /KH – UBND Ninh Quang"), _place_words("99/KH")
    (' Triệu Sơn', ' Ninh Quang', '')
    """
    words = s.split(" ")
    k = len(words)
    while k > 1 and words[k - 1].isalpha() and words[k - 1][0].isupper() and not words[k - 1].isupper():
        k -= 1
    return s[len(" ".join(words[:k])):] if k < len(words) else ""


def _wrapped_place(start: str, rest: str) -> bool:
    """Whether a line ``start`` above the place/date line is the beginning of its place name: words that
    each begin with a capital, not a line of the header (all capitals, "Độc lập - Tự do - Hạnh phúc").

    >>> _wrapped_place("Tiền", "Giang"), _wrapped_place("Độc lập - Tự do", "Hà Nội"), _wrapped_place("TỈNH", "Huế")
    (True, False, False)
    """
    words = [w for w in start.split() if w != "-"]
    return (rest[:1].isupper() and all(w[0].isupper() and not w.isupper() or len(w) == 1 for w in words)
            and start.split()[0] not in ("Độc", "Số", "Cộng"))


_TITLE_RULE = re.compile(rf"\s*[{DASH}_=*]{{3,}}$")
_ABBREVIATION_END = re.compile(r"\b(?:TP|Tp|v\.v|TT|St)\.$")


def title_text(text: str, lines: list[tuple[int, int]]) -> tuple[str | None, Span | None]:
    """The title as printed: its lines (after the type word line) joined by single spaces.

    >>> t = "BAN HÀNH KẾ HOẠCH THÔNG TIN ĐỐI NGOẠI NĂM 2024\\nỦY BAN NHÂN DÂN TỈNH TRÀ VINH\\n"
    >>> title_text(t, [(0, 46), (47, 77)])
    ('BAN HÀNH KẾ HOẠCH THÔNG TIN ĐỐI NGOẠI NĂM 2024', (0, 46))
    """
    parts = [(s, e) for s, e in lines if text[s:e].strip(" *")]
    # a decision's authority line under its title ("ỦY BAN NHÂN DÂN TỈNH TRÀ VINH", then "Căn cứ …")
    # (a council's session under it: "HỘI ĐỒNG NHÂN DÂN TỈNH …" / "KHÓA V KỲ HỌP THỨ 3")
    while len(parts) > 1 and (_AUTHORITY.match(text, parts[-1][0]) or _SESSION.match(text, parts[-1][0])) \
            and text[slice(*parts[-1])].isupper():
        parts.pop()
    if not parts:
        return None, None
    title = ""
    for s, e in parts:
        line = " ".join(text[s:e].strip(" *").split())
        # a number a line break cut after its dash ("NGHỊ QUYẾT SỐ 68-" / "NQ/TW") is joined whole
        title += line if not title or re.search(r"\d[-–]$", title) else " " + line
    title = _TITLE_RULE.sub("", title)  # the rule printed under the title ("… năm 2045 -----", "—————–")
    if len(title) > 20 and title.endswith(".") and (title[-2:-1].isalpha() or title[-2:-1] == ")") \
            and not _ABBREVIATION_END.search(title):
        title = title[:-1]  # "… TRÊN ĐỊA BÀN TỈNH."
    return title, (parts[0][0], parts[-1][1])


# a decision's title naming the plan it issues: "(VỀ VIỆC) BAN HÀNH KẾ HOẠCH THÔNG TIN ĐỐI NGOẠI NĂM 2024", or
# approves: "PHÊ DUYỆT KẾ HOẠCH TRIỂN KHAI THỰC HIỆN CHIẾN LƯỢC …"
# … or names it after "về": "VỀ CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA BỘ …"
_ISSUES = re.compile(r"(?i)\W*(?:(?:về\s+việc\s+|v/v\s+)?(?:ban\s+hành|phê\s+duyệt)\s+(?:kèm\s+theo\s+)?|về\s+)"
                     r"[\"“]?(?P<type>kế\s+hoạch|chương\s+trình|đề\s+án|dự\s+án)\s+(?!số\b|này\b)(?=\S)")


def issued_title(title: str, text: str, span: Span) -> tuple[str, Span] | None:
    """The title of the plan a decision's ``title`` (printed at ``span``) says it issues, and its span; None when
    it names none.

    >>> t = "VỀ VIỆC BAN HÀNH KẾ HOẠCH\\nTHÔNG TIN ĐỐI NGOẠI NĂM 2024"
    >>> issued_title("VỀ VIỆC BAN HÀNH KẾ HOẠCH THÔNG TIN ĐỐI NGOẠI NĂM 2024", t, (0, len(t)))
    ('THÔNG TIN ĐỐI NGOẠI NĂM 2024', (26, 54))
    """
    m, at = _ISSUES.match(title), _ISSUES.match(text, span[0], span[1])
    if m is None or at is None:
        return None
    rest = title[m.end():]
    if title[m.start("type") - 1:m.start("type")] in ('"', "“") and rest[-1:] in ('"', "”"):
        return rest[:-1], (at.end(), span[1] - 1)  # 'PHÊ DUYỆT "DỰ ÁN HỖ TRỢ …"': the name inside the quotes
    return rest, (at.end(), span[1])


_YEAR = re.compile(r"(?i)\bnăm\s+(?P<year>\d{4})\b(?!\s*[-–]\s*\d{4})")


def year_covered(title: str | None) -> int | None:
    """The year a plan covers, from "năm 2024" in its title; None for open-ended and multi-year plans ("đến năm
    2030", "năm 2021 - 2025"), and the year of a date in the title ("ngày 24 tháng 8 năm 2022") is not it.

    >>> year_covered("Hoạt động thông tin đối ngoại năm 2024"), year_covered("Triển khai Kết luận 57")
    (2024, None)
    >>> year_covered("Chiến lược ngoại giao văn hóa đến năm 2030"), year_covered("Đề án năm 2021 - 2025")
    (None, None)
    >>> year_covered("GIAI ĐOẠN TỪ NĂM 2007 ĐẾN NĂM 2010"), year_covered("CHUYỂN ĐỔI SỐ ĐẠI TỪ NĂM 2024")
    (None, 2024)
    >>> year_covered("Thực hiện Kế hoạch số 164-KH/TU ngày 24 tháng 8 năm 2022"), year_covered("đến năm 2030, năm 2023")
    (None, 2023)
    >>> year_covered("dân chủ ở xã đến hết năm 2023"), year_covered("TỪ NĂM 2009 ĐẾN HẾT NĂM 2023")
    (None, None)
    >>> year_covered("Tháng Thanh niên 2022"), year_covered("giai đoạn 2021 - 2025"), year_covered("đến 2030")
    (2022, None, None)
    """
    if not title:
        return None
    for m in _YEAR.finditer(title):
        before = title[max(0, m.start() - 16):m.start()].lower().split()[-2:]
        ranged = before and before[-1] == "từ" and title[m.end():m.end() + 8].lower().split()[:1] == ["đến"]
        if before[-2:] in (["đến", "hết"], ["đến", "cuối"]):  # "đến hết năm 2023": up to it, as "đến năm"
            before = ["đến"]
        if before and (before[-1] == "đến" or ranged or before[-1].isdigit() and before[0] == "tháng"):
            continue
        return int(m.group("year"))
    bare = _BARE_YEAR.search(title)  # "Tháng Thanh niên 2022", "thông tin đối ngoại 2019": the year ends the title
    return int(bare.group("year")) if bare else None


_BARE_YEAR = re.compile(r"(?i)(?<![-–/\d])(?<!đến)(?<!đoạn)(?<!kỳ)(?<!năm)(?<!tới)\s(?P<year>(?:19|20)\d\d)[\s.]*$")
