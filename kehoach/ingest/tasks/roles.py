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
from dataclasses import dataclass

from kehoach.ingest.agencies import Mention, run_at

TITLE_MAX = 80
COORD = re.compile(r"(?i)\bphối hợp(?: chặt chẽ)?(?: với| cùng)?[ \t]+")
OPENS_COORD = re.compile(r"(?i)(?:chủ động )?phối hợp(?: chặt chẽ)?(?: với| cùng)[ \t]+")
LEADS_IN_TEXT = re.compile(r"[ \t]+chủ trì\b")
REQUEST = re.compile(r"(?i)đề nghị[ \t]+")
DEADLINE = re.compile(r"(?i)\btrước ngày \d{1,2}(?: tháng |/)\d{1,2}(?:(?: năm |/)\d{4})?"
                      r"|\bđịnh kỳ (?:hằng|hàng) (?:năm|quý|tháng)(?: hoặc theo giai đoạn)?")


@dataclass
class Roles:
    """Lead and coordinating agencies (canonical names, in order, without repeats)."""

    leads: list[str]
    coordinators: list[str]

    def add(self, role: str, names: list[str]) -> None:
        target = self.leads if role == "lead" else self.coordinators
        for n in names:
            if n not in target and not (role == "coord" and n in self.leads):
                target.append(n)


class Mentions:
    """The document's agency mentions, indexed for span and run queries."""

    def __init__(self, text: str, mentions: list[Mention]):
        self.text = text
        self.items = [m for m in mentions if not m.channel]
        self.starts: dict[int, list[int]] = {}
        for i, m in enumerate(self.items):
            self.starts.setdefault(m.start, []).append(i)

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.items if start <= m.start and m.end <= end]

    def names_within(self, start: int, end: int) -> list[str]:
        return unique(m.name for m in self.within(start, end))

    def run(self, pos: int) -> list[Mention]:
        """Mentions listed one after another from ``pos``."""
        return [self.items[i] for i in run_at(self.text, self.items, pos, self.starts)]

    def run_end(self, pos: int) -> int:
        run = self.run(pos)
        return max(m.end for m in run) if run else pos

    def coordinators_in(self, start: int, end: int) -> list[str]:
        """Agencies listed after every "phối hợp (với)" in ``text[start:end]``."""
        names: list[str] = []
        for t in COORD.finditer(self.text, start, end):
            names.extend(m.name for m in self.run(t.end()) if m.end <= end)
        return unique(names)


def unique(names) -> list[str]:
    """Names in order without repeats.

    >>> unique(["a", "b", "a"])
    ['a', 'b']
    """
    return list(dict.fromkeys(names))


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
