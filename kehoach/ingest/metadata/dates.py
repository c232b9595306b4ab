"""Dates as printed in plans: "ngày 07/9/2015", "ngày 07 tháng 9 năm 2015", blanks left for the signing day.

>>> parse_date("ngày 07 tháng 9 năm 2015"), parse_date("ngày 30/06/2022")
(('2015-09-07', None), ('2022-06-30', None))
>>> parse_date("ngày tháng 01 năm 2022")
(None, '2022-01')
"""

from __future__ import annotations

import re

DATE = re.compile(
    r"(?:(?P<w>ngày)\s*(?P<d1>\d{1,2})?\s*tháng\s*(?P<m1>\d{1,2})?\s*năm\s*(?P<y1>\d{4}))"
    r"|(?:(?:ngày\s*)?(?P<d2>\d{1,2})\s*[/.\-]\s*(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>\d{4}))(?!\d)",
    re.IGNORECASE,
)


def iso(day: int | None, month: int | None, year: int | None) -> tuple[str | None, str | None]:
    """(full ISO date or None, "YYYY-MM" when only the day is blank) of a date's parts."""
    if year is None or not 1900 <= year <= 2100:
        return None, None
    if month is None or not 1 <= month <= 12:
        return None, None
    if day is None or not 1 <= day <= 31:
        return None, f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}", None


def date_of(m: re.Match[str]) -> tuple[str | None, str | None]:
    """ISO date (or partial) of a ``DATE`` match."""
    g = m.groupdict()
    d, mo, y = (g["d1"], g["m1"], g["y1"]) if g["y1"] else (g["d2"], g["m2"], g["y2"])
    return iso(int(d) if d else None, int(mo) if mo else None, int(y) if y else None)


def parse_date(text: str) -> tuple[str | None, str | None]:
    """(ISO date, partial date) of the first date in ``text``; (None, None) when there is none."""
    m = DATE.search(text)
    return date_of(m) if m else (None, None)
