"""Line breaks for a document a copy flattened onto one line (a PDF's text layer or a web page that lost its
breaks): "ỦY BAN NHÂN DÂN TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do Hạnh phúc Số: 190/KH-UBND
An Giang, ngày 18 tháng 4 năm 2019 KẾ HOẠCH Hoạt động … Căn cứ …; Căn cứ …".

Only a long line is touched, and only where a plan's layout begins a line: the header's other column, the number,
the place and date, the type word (and the title after it), each "Căn cứ" or "Thực hiện" of a preamble, a Roman
heading, a list flattened with "; - ". Each break replaces the space before it, so offsets do not move.

>>> t = ("ỦY BAN NHÂN DÂN TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 190/KH-UBND "
...      "An Giang, ngày 18 tháng 4 năm 2019 KẾ HOẠCH Hoạt động thông tin đối ngoại năm 2019 Căn cứ Nghị định số "
...      "72/2015/NĐ-CP của Chính phủ; Căn cứ Quyết định số 59/2017/QĐ-UBND của Ủy ban nhân dân tỉnh; I. MỤC ĐÍCH - "
...      "Nâng cao nhận thức; - Quảng bá hình ảnh của tỉnh.")
>>> out = break_flattened(t)
>>> len(out) == len(t)
True
>>> print(out)
ỦY BAN NHÂN DÂN TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 190/KH-UBND
An Giang, ngày 18 tháng 4 năm 2019
KẾ HOẠCH
Hoạt động thông tin đối ngoại năm 2019
Căn cứ Nghị định số 72/2015/NĐ-CP của Chính phủ;
Căn cứ Quyết định số 59/2017/QĐ-UBND của Ủy ban nhân dân tỉnh;
I. MỤC ĐÍCH
- Nâng cao nhận thức;
- Quảng bá hình ảnh của tỉnh.
"""

from __future__ import annotations

import re

from kehoach.ingest.chars import UPPER

LONG = 300  # a line this long may hold several of a plan's lines
_HEADER = re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA|, ngày \d{1,2} tháng \d{1,2} năm \d{4}")
_TYPES = r"KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|ĐỀ ÁN"
# a space that begins a line of the header (its other column, the number, the place and date, the type word)
_HEADER_BREAKS = re.compile(
    r" (?=CỘNG H(?:ÒA|OÀ) XÃ HỘI|Độc lập\s*[-–]|Số\s*:)"
    r"|(?<=Hạnh phúc) (?=\S)"
    rf"|(?<=\d{{4}}) (?=(?:{_TYPES})\b)")
# the place and date: the space before the place's first word
_PLACE = re.compile(rf"(?P<space> )[{UPPER}][^\W\d_]*(?: [{UPPER}][^\W\d_]*){{0,3}}, ngày \d")
# the space after a type word that now opens its line: the title begins the next
_TYPE_LINE = re.compile(rf"(?m)^(?:{_TYPES})(?P<space> )")
# a space that begins a line anywhere in a long line: a preamble's "Căn cứ"/"Thực hiện" after a clause's end (or
# after a title), a Roman heading, a list flattened with " - " (after ";" or after a heading in capitals)
_BODY_BREAKS = re.compile(
    r"(?<=[;.:]) (?=Căn cứ|CĂN CỨ|Thực hiện\b|Xét đề nghị)"
    rf"|(?<=\w) (?=Căn cứ [{UPPER}])"
    rf"| (?=[IVX]{{1,4}}\. [{UPPER}]{{2}})"
    r"|(?<=;) (?=[-–+] )"
    rf"|(?<=[{UPPER}]{{2}}) (?=- [{UPPER}])")


def break_flattened(text: str) -> str:
    """``text`` with a line break for each space where a flattened line (longer than ``LONG``) began a line of
    the plan's layout (see the module docstring); the same length, so every offset is kept."""
    if len(text) < LONG:
        return text
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if len(line) >= LONG:
            line = _break(line)
        out.append(line)
        pos = end + 1
    return "\n".join(out)


def _break(line: str) -> str:
    chars = list(line)
    for m in _BODY_BREAKS.finditer(line):
        chars[m.start()] = "\n"
    if _HEADER.search(line[:600]):
        for m in _HEADER_BREAKS.finditer(line, 0, 700):
            chars[m.start()] = "\n"
        m = _PLACE.search(line, 0, 700)
        if m:
            chars[m.start("space")] = "\n"
        head = "".join(chars)
        for m in _TYPE_LINE.finditer(head, 0, 700):
            chars[m.start("space")] = "\n"
    return "".join(chars)
