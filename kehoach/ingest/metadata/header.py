"""The plan's own header: "Số: …", the place/date line, the type word and the title.

Each function takes the normalized text and a section span and returns values with their spans.

>>> text = "Số: 99 /KH-UBND\\nCầu Ngang, ngày 12 tháng 10 năm 2023\\n"
>>> find_number(text, 0, len(text))
('99/KH-UBND', (4, 15))
>>> find_place_date(text, 0, len(text))[:3]
('Cầu Ngang', '2023-10-12', None)
>>> find_place_date("Số: 5/KH-UBND\\nBà Rịa - Vũng\\nTàu, ngày 29\\ntháng 01 năm 2021\\n", 0, 60)[:3]
('Bà Rịa - Vũng Tàu', '2021-01-29', None)
"""

from __future__ import annotations

import re

from kehoach.ingest.metadata.dates import DATE, date_of

NUMBER_LINE = re.compile(r"(?m)^\W*Số\s*:\s*(?P<num>[^\n]*?)\s*$")
# the date may go on to the next line ("Lào Cai, ngày 29" / "tháng 01 năm 2021": a narrow header cell)
PLACE_DATE = re.compile(r"(?m)^\W*(?P<place>[^\n,]{2,40}),\s*(?P<date>ngày[^\n]*?(?:\n[^\n]*?)?(?:năm\s*|/\s*)\d{4})")
# the first words of a place name the cell wrapped ("Bà Rịa - Vũng" / "Tàu, ngày …"): capitalized words alone
_PLACE_START = re.compile(r"(?m)^(?P<start>[^\W\d_][^\W\d_]*(?:(?: | - )[^\W\d_]+){0,3})\n\Z")
Span = tuple[int, int]


def clean_number(raw: str) -> str | None:
    """A document number with spaces removed; None when the number itself is blank ("/KH-UBND").

    >>> clean_number("99 /KH-UBND"), clean_number(" /KH-UBND"), clean_number("210 / KH - UBND")
    ('99/KH-UBND', None, '210/KH-UBND')
    """
    num = "".join(raw.split())
    if not num or not num[0].isdigit():
        return None
    return num


def find_number(text: str, start: int, end: int) -> tuple[str | None, Span | None]:
    """The number of the "Số:" line in ``text[start:end]`` (None when blank or absent) and the line's span."""
    m = NUMBER_LINE.search(text, start, end)
    if not m:
        return None, None
    return clean_number(m.group("num")), m.span("num")


def find_place_date(text: str, start: int, end: int) -> tuple[str | None, str | None, str | None, Span | None,
                                                                 Span | None]:
    """(place, ISO date, partial date, place span, date span) of the place/date line."""
    m = PLACE_DATE.search(text, start, end)
    if not m:
        return None, None, None, None, None
    d = DATE.search(m.group("date"))
    date, partial = date_of(d) if d else (None, None)
    place = m.group("place").strip(" *")
    ps = m.start("place") + m.group("place").find(place)
    before = _PLACE_START.search(text, max(start, ps - 30), ps)
    if before and _wrapped_place(before.group("start"), place):
        place, ps = f"{before.group('start')} {place}", before.start("start")
        return place, date, partial, (ps, m.end("place")), m.span("date")
    return place, date, partial, (ps, ps + len(place)), m.span("date")


def _wrapped_place(start: str, rest: str) -> bool:
    """Whether a line ``start`` above the place/date line is the beginning of its place name: words that
    each begin with a capital, not a line of the header (all capitals, "Độc lập - Tự do - Hạnh phúc").

    >>> _wrapped_place("Tiền", "Giang"), _wrapped_place("Độc lập - Tự do", "Hà Nội"), _wrapped_place("TỈNH", "Huế")
    (True, False, False)
    """
    words = [w for w in start.split() if w != "-"]
    return (rest[:1].isupper() and all(w[0].isupper() and not w.isupper() or len(w) == 1 for w in words)
            and start.split()[0] not in ("Độc", "Số", "Cộng"))


def title_text(text: str, lines: list[tuple[int, int]]) -> tuple[str | None, Span | None]:
    """The title as printed: its lines (after the type word line) joined by single spaces."""
    parts = [(s, e) for s, e in lines if text[s:e].strip(" *")]
    if not parts:
        return None, None
    title = " ".join(" ".join(text[s:e].strip(" *").split()) for s, e in parts)
    return title, (parts[0][0], parts[-1][1])


def year_covered(title: str | None) -> int | None:
    """The year a plan covers, from "năm 2024" in its title (None for open-ended plans).

    >>> year_covered("Hoạt động thông tin đối ngoại năm 2024"), year_covered("Triển khai Kết luận 57")
    (2024, None)
    """
    if not title:
        return None
    m = re.search(r"\bnăm\s+(\d{4})\b", title, re.IGNORECASE)
    return int(m.group(1)) if m else None
