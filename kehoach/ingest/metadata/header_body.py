"""The body that issues a plan in its own name under its parent's line in the header: a department ("ỦY BAN NHÂN
DÂN TỈNH NGHỆ AN" / "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), a steering committee ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ" /
"HUYỆN NGHI LỘC"), a board of a Party committee ("TỈNH ỦY LẠNG SƠN" / "BAN TUYÊN GIÁO").

A header line names such a body when the agency gazetteer knows it (any case, a trailing level word and place
split off) or when it opens with "BAN CHỈ ĐẠO" (their names are a topic: "Ban Chỉ đạo chuyển đổi số"). A line
of the other column ("CỘNG HÒA XÃ HỘI …", "Độc lập …", "Số: …", the date line) is skipped, so a header
flattened row by row reads as one printed in columns.

>>> text = "ỦY BAN NHÂN DÂN\\nTỈNH NGHỆ AN\\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\\n-------\\nSố: 5/KH-STTTT\\n"
>>> b = header_body(text, 0, len(text))
>>> b.name, b.unit, b.place, text[slice(*b.span)]
('Sở Thông tin và Truyền thông', None, None, 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG')
>>> text = "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ\\nHUYỆN NGHI LỘC\\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\n"
>>> b = header_body(text, 0, len(text))
>>> b.name, b.unit, b.place
('Ban Chỉ đạo chuyển đổi số', 'huyện', 'Nghi Lộc')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kehoach.ingest.metadata.places import units

# lines of the header's other column, and rules between blocks
_SKIP = re.compile(r"(?i)^(?:cộng hòa|cộng hoà|độc lập|đảng cộng sản|số\b|v/v\b|về việc\b)|, ngày\b|^[\W_]*$")
# parents: the committees a body below them belongs to (their own line is not the body's)
_PARENT = re.compile(r"(?i)^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd|(?:tỉnh|huyện|thành|thị|"
                     r"quận|đảng)\s+(?:ủy|uỷ)\b|đảng bộ|bch đảng bộ|ban chấp hành đảng bộ)")
_STEERING = re.compile(r"(?i)^ban chỉ đạo\b\s*(?P<topic>.*)$")


@dataclass
class HeaderBody:
    name: str
    unit: str | None       # its own level word, when its line prints one ("SỞ Y TẾ TỈNH NGHỆ AN")
    place: str | None
    span: tuple[int, int]
    central: bool = False  # a ministry's or another central body's ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG")


@lru_cache(maxsize=1)
def _unit_split() -> re.Pattern[str]:
    words = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))
    return re.compile(rf"(?i)^(?P<body>.+?)(?:\s+(?P<unit>{words})(?:\s+(?P<place>[^\W\d_].*))?)?$")


_COMMITTEES = ("Ủy ban nhân dân", "Hội đồng nhân dân", "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy")


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The words a body's name can begin with (a line that begins otherwise names none: "TỈNH AN GIANG")."""
    from kehoach.ingest.agencies.gazetteer import gazetteer  # here: the agencies package imports metadata

    g = gazetteer()
    words = {f.split()[0].casefold() for f, i, _ in g.forms
             if not (g.entries[i].collective or g.entries[i].portal or g.entries[i].catch_all
                     or g.entries[i].name in _COMMITTEES)} | {"ban"}
    return frozenset(words - _LEVEL_WORDS)


# a unit's line ("TỈNH AN GIANG") begins no body's name here ("Tỉnh đoàn" issues no plan of this corpus)
_LEVEL_WORDS = {"tỉnh", "huyện", "thành", "thị", "quận", "xã", "phường", "đảng"}


@lru_cache(maxsize=1)
def _any_body() -> re.Pattern[str]:
    """A line of the header that begins with a body's first word (none: nothing to look up)."""
    alts = "|".join(re.escape(w) for w in sorted(_first_words(), key=len, reverse=True))
    return re.compile(rf"(?im)^[ \t*|]*(?:{alts})(?=\s)")


def _name(body: str, parent: str | None, steering: bool = True) -> tuple[str, bool] | None:
    """(canonical name, whether the body is central) of a body printed as ``body``, or None."""
    from kehoach.ingest.agencies.gazetteer import lookup  # here: the agencies package imports metadata

    body = " ".join(body.split())
    for form in ([f"{body} {parent}"] if parent else []) + [body]:
        e = lookup(form)
        if e is not None and not (e.collective or e.portal or e.catch_all) and e.name not in _COMMITTEES:
            return e.name, e.scope == "central"
    m = _STEERING.match(body) if steering else None
    if m:
        topic = m.group("topic").strip(" -:")
        return (f"Ban Chỉ đạo {topic.lower() if topic.isupper() else topic}".strip(), False)
    return None


def header_body(text: str, start: int, end: int, parent: str | None = None) -> HeaderBody | None:
    """The body named on a header line of ``text[start:end]`` that is not a People's or Party committee, with the
    level word and place its line (or the next) prints; ``parent`` ("Tỉnh ủy") completes a Party board's name."""
    if _any_body().search(text, start, end) is None:
        return None
    lines: list[tuple[int, int, str]] = []
    pos = start
    for raw in text[start:end].split("\n"):
        s = raw.strip(" \t*|")
        if s:
            lines.append((pos + raw.find(s), pos + raw.find(s) + len(s), s))
        pos += len(raw) + 1
    split = _unit_split()
    for i, (a, b, s) in enumerate(lines):
        if not s[:1].isupper() or s.split(maxsplit=1)[0].casefold() not in _first_words() or _SKIP.search(s) \
                or _PARENT.match(s):
            continue
        candidates = [(b, s)]
        j = i + 1
        # a name wrapped in a narrow cell: the next lines of capitals, up to the other column or a rule
        while j < len(lines) and j < i + 3 and s.isupper() and lines[j][2].isupper() and not (
                _SKIP.search(lines[j][2]) or _PARENT.match(lines[j][2])):
            candidates.append((lines[j][1], f"{candidates[-1][1]} {lines[j][2]}"))
            j += 1
        for steering in (False, True):  # a known name first, whole or before its unit; then a steering committee
            for e, joined in reversed(candidates):
                m = split.match(joined)
                if m and m.group("unit"):
                    found = _name(m.group("body"), parent, steering)
                    if found is not None:
                        place = m.group("place")
                        return HeaderBody(name=found[0], unit=m.group("unit").lower(),
                                          place=" ".join(place.split()).title() if place else None, span=(a, e))
                found = _name(joined, parent, steering)
                if found is not None:
                    return HeaderBody(name=found[0], unit=None, place=None, span=(a, e), central=found[1])
    return None
