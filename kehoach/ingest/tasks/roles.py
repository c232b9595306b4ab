"""Who does a task: agency names in a span, runs after "phối hợp với", titles and timeframes.

Helpers shared by the three task layouts (content items, implementation paragraphs, appendix rows); they
work on the agency mentions of the document (``kehoach.ingest.agencies.doc_mentions``).

>>> title_of("  Chủ trì, phối hợp với các cơ quan có liên quan tham mưu UBND huyện về các văn bản quản lý nhà")
'Chủ trì, phối hợp với các cơ quan có liên quan tham mưu UBND huyện về các văn'
>>> timeframe_of("báo cáo kết quả **trước ngày 30 tháng 11** để tổng hợp")
'trước ngày 30 tháng 11'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.ingest.agencies import Mention, run_at

TITLE_MAX = 80
COORD = re.compile(r"(?i)\bphối hợp(?: chặt chẽ)?(?: với| cùng)?[ \t]+")
OPENS_COORD = re.compile(r"(?i)(?:chủ động )?phối hợp(?: chặt chẽ)?(?: với| cùng)[ \t]+")
LEADS_IN_TEXT = re.compile(r"[ \t]+chủ trì\b")
REQUEST = re.compile(r"(?i)đề nghị[ \t]+")
DEADLINE = re.compile(r"(?i)\btrước ngày \d{1,2}(?: tháng |/)\d{1,2}(?:(?: năm |/)\d{4})?"
                      r"|\bđịnh kỳ (?:hằng|hàng) (?:năm|quý|tháng)(?: hoặc theo giai đoạn)?")


Who = tuple[str, str | None]
"""An agency of a task: its canonical name and jurisdiction."""


@dataclass
class Roles:
    """Lead and coordinating agencies (canonical names, in order, without repeats; a name leading is not also
    coordinating), and ``who``: every (role, name, jurisdiction), which keeps two agencies of one name apart.

    >>> roles = Roles.of([("Công an", "huyện Cầu Ngang")])
    >>> roles.add("coord", [("Công an", "xã Long Sơn"), ("Sở Tư pháp", "tỉnh Trà Vinh")])
    >>> roles.leads, roles.coordinators, len(roles.who)
    (['Công an'], ['Sở Tư pháp'], 3)
    """

    leads: list[str]
    coordinators: list[str]
    who: list[tuple[str, str, str | None]] = field(default_factory=list)

    @classmethod
    def of(cls, leads: list[Who]) -> Roles:
        roles = cls([], [])
        roles.add("lead", leads)
        return roles

    def add(self, role: str, agencies: list[Who]) -> None:
        target = self.leads if role == "lead" else self.coordinators
        for name, jurisdiction in agencies:
            if name not in target and not (role == "coord" and name in self.leads):
                target.append(name)
            entry = (role, name, jurisdiction)
            if entry not in self.who and not (role == "coord" and ("lead", name, jurisdiction) in self.who):
                self.who.append(entry)

    def kept(self, mentions: Mentions) -> list[tuple[str, str, str | None]]:
        """``who`` for the task's record where one of its names is ambiguous in the document, else []."""
        ambiguous = mentions.ambiguous
        return self.who if ambiguous and any(name in ambiguous for _, name, _ in self.who) else []


class Mentions:
    """The document's agency mentions, indexed for span and run queries."""

    def __init__(self, text: str, mentions: list[Mention]):
        self.text = text
        self.items = [m for m in mentions if not m.channel]
        self.starts: dict[int, list[int]] = {}
        jurisdictions: dict[str, set[str | None]] = {}
        for i, m in enumerate(self.items):
            self.starts.setdefault(m.start, []).append(i)
            jurisdictions.setdefault(m.name, set()).add(m.jurisdiction)
        # names of two agencies of the document ("Công an" of the province and of a named commune)
        self.ambiguous = {name for name, js in jurisdictions.items() if len(js) > 1}

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.items if start <= m.start and m.end <= end]

    def who_within(self, start: int, end: int) -> list[Who]:
        return who(self.within(start, end))

    def run(self, pos: int) -> list[Mention]:
        """Mentions listed one after another from ``pos``."""
        return [self.items[i] for i in run_at(self.text, self.items, pos, self.starts)]

    def run_end(self, pos: int) -> int:
        run = self.run(pos)
        return max(m.end for m in run) if run else pos

    def coordinators_in(self, start: int, end: int) -> list[Who]:
        """Agencies listed after every "phối hợp (với)" in ``text[start:end]``."""
        found: list[Mention] = []
        for t in COORD.finditer(self.text, start, end):
            found.extend(m for m in self.run(t.end()) if m.end <= end)
        return who(found)


def who(mentions: list[Mention]) -> list[Who]:
    """(name, jurisdiction) of each mention, in order, without repeats.

    >>> who([Mention(0, 3, "Công an", "tỉnh Lạng Sơn"), Mention(9, 12, "Công an", "tỉnh Lạng Sơn")])
    [('Công an', 'tỉnh Lạng Sơn')]
    """
    return list(dict.fromkeys((m.name, m.jurisdiction) for m in mentions))


def title_of(text: str) -> str:
    """The first <= 80 characters of ``text`` (whitespace collapsed), cut at a word boundary."""
    s = " ".join(text.replace("**", "").split())
    if len(s) <= TITLE_MAX:
        return s.rstrip(" .;:")
    cut = s[:TITLE_MAX + 1]
    return cut[:cut.rfind(" ")].rstrip(" ,;:") if " " in cut else s[:TITLE_MAX]


def timeframe_of(text: str) -> str | None:
    """The deadline or recurrence printed in a task ("trước ngày 30 tháng 11", "định kỳ hằng năm")."""
    m = DEADLINE.search(text.replace("**", ""))
    return m.group(0) if m else None
