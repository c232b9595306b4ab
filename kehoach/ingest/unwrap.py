"""Hard-wrapped text (PDF copies, plans typed with line breaks): which line breaks are inside a paragraph.

A text is hard-wrapped when many of its paragraph lines are as long as the page and go on in lower case on the
next line (``is_hard_wrapped``); then a line break is joined (``find_joins``) unless the line ends a sentence,
is a heading, a place and date or short, or the next line starts an item, a heading or a sentence ("Tăng
cường …", layout.json ``sentence_starts``). ``kehoach.ingest.normalize`` makes each join one space and keeps
the map back to the text as read.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from kehoach.ingest.chars import DASH
from kehoach.ontology import ONTOLOGY_DIR

_ITEM_START = re.compile(
    rf"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?\s(?!tháng\b)|\d+(?:\.\d+)*\)|[a-zđ][\.\)]\s|[{DASH}+•*]\s|Nơi nhận|TM\.|KT\.|Căn cứ|Thực hiện)",
)
HEADING_START = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?\s|[a-zđ][.)]\s)")  # numbered item or heading
_TERMINAL = tuple(".;:!?)/")
# a line ending with these continues on the next ("Phòng Văn hóa và", "Phòng Tài chính -" / "Kế hoạch")
DANGLING = re.compile(r"(?:\s(?:và|với|của|cho|về|phê duyệt|ban hành)|,|\s[-–])$")
_PLACE_DATE_END = re.compile(r"^[^,]{2,40}, ngày .{0,20}năm \d{4}$")  # "Cầu Ngang, ngày 12 tháng 10 năm 2023"


@lru_cache(maxsize=1)
def sentence_start() -> re.Pattern[str]:
    """The words that begin an agency's paragraph ("Tăng cường", "Chủ trì"; layout.json ``sentence_starts``).

    >>> bool(sentence_start().match("Tổ chức hội nghị")), bool(sentence_start().match("Tổ Chức Y tế Thế giới"))
    (True, False)
    """
    return re.compile(rf"(?:{_layout()['sentence_starts']})(?![\w&])")


@lru_cache(maxsize=1)
def closing_start() -> re.Pattern[str]:
    """The words that open the closing paragraph of the implementation section, addressed to everyone
    ("Trong quá trình thực hiện, nếu có vướng mắc …"; layout.json ``closing_starts``), case ignored.

    >>> bool(closing_start().match("Trong quá trình tổ chức thực hiện")), bool(closing_start().match("Trong năm"))
    (True, False)
    """
    return re.compile(rf"(?i)(?:{_layout()['closing_starts']})")


@lru_cache(maxsize=1)
def _layout() -> dict:
    return json.loads((ONTOLOGY_DIR / "gazetteers" / "layout.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _dash_names() -> dict[str, tuple[str, ...]]:
    """The agency names printed with a spaced dash, split at it: last word before the dash (lower case) -> the
    lower-cased text before the dash and after it, "phòng tài chính|kế hoạch" (agencies.json)."""
    data = json.loads((ONTOLOGY_DIR / "gazetteers" / "agencies.json").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for e in data["entries"]:
        for f in e.get("forms", []):
            form = (f["form"] if isinstance(f, dict) else f).lower()
            if " - " in form:
                left, right = form.split(" - ", 1)
                out.setdefault(left.split()[-1], set()).add(f"{left}|{right.split()[0]}")
    return {k: tuple(v) for k, v in out.items()}


def _splits_dash_name(a: str, b: str) -> bool:
    """Does a line break fall before the dash of an agency name, so that the next line looks like a bullet?

    >>> _splits_dash_name("Phối hợp với Phòng Tài chính", "- Kế hoạch bố trí kinh phí")
    True
    >>> _splits_dash_name("2. Phòng Tài chính", "- Rà soát kinh phí")
    False
    >>> _splits_dash_name("Trung tâm Văn hóa, Phòng Tài chính -", "Kế hoạch thành phố")
    True
    """
    if a[-1:] in "-–" and a[:-1].endswith(" ") and b[:1] not in "-–":  # the dash ends the line instead
        a, b = a[:-1].rstrip(), "- " + b
    if b[:1] not in "-–" or not a:
        return False
    last = a.rsplit(None, 1)[-1].lower()
    pairs = _dash_names().get(last)
    if not pairs:
        return False
    la, nxt = a.lower(), b[1:].lstrip().split(None, 1)[0].lower() if b[1:].strip() else ""
    return any(la.endswith(left) and nxt == right for left, right in (p.split("|") for p in pairs))


def is_hard_wrapped(text: str) -> bool:
    """True for PDF-like text whose paragraphs are broken into lines of similar length.

    >>> is_hard_wrapped("Một dòng dài được cắt giữa câu vì bản PDF có độ rộng cố định của \\n\\ntrang in và "
    ...                 "dòng tiếp theo bắt đầu bằng chữ thường như thế này \\n\\nnữa.\\n")
    True
    """
    lines = [ln.strip() for ln in text.split("\n")]
    nonblank = [i for i, ln in enumerate(lines) if ln]
    long_lines = 0
    continued = 0
    for a, b in zip(nonblank, nonblank[1:]):
        la, lb = lines[a], lines[b]
        if la == "STT":
            break  # a task table printed one cell per line: its lines say nothing of the wrapping
        if len(la) < 50 or len(la) > 140 or _ITEM_START.match(lb):
            continue  # a list item or heading starts its own line, wrapped or not
        long_lines += 1
        if not la.endswith(_TERMINAL) and lb[:1].islower():
            continued += 1
    return long_lines >= 2 and continued / long_lines >= 0.3


def _wrap_width(lines: list[str]) -> int:
    """The width the text was wrapped at: the 90th percentile length of its long lines.

    >>> _wrap_width(["x" * n for n in (10, 60, 70, 75, 76, 78)])
    78
    """
    lengths = sorted(n for n in (len(ln.strip()) for ln in lines) if 30 <= n <= 140)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


_CONTINUES = re.compile(r"(?:và|của|với)\s")  # a line cannot begin with these unless the one above goes on


def _dash_joins(lines: list[str]) -> list[tuple[int, int]]:
    """The line breaks that split an agency name before its dash, in a text not hard-wrapped otherwise; and
    those that cannot end a line, however short it is (a web page's narrow cell, a copy wrapped at a word): a
    line ending with a comma or "và" before a lower-case word ("các sở, ban," / "ngành, đoàn thể"), a line
    before "và …" ("Sở Thông tin" / "và Truyền thông") — never in a task table printed one cell per line.

    >>> lines = ["- Định hướng các sở, ban,", "ngành, đoàn thể", "Theo đề nghị của Sở Thông tin", "và Truyền thông."]
    >>> ["|".join(lines)[s:e] for s, e in _dash_joins(lines)]
    ['|', '|']
    """
    joins, pos = [], 0
    table = False
    for la, lb in zip(lines, lines[1:]):
        if la[:3] == "STT" and la.strip() == "STT":
            table = True
        first, last = lb.lstrip()[:1], la.rstrip()[-1:]
        if first in ("-", "–") or last in ("-", "–"):
            join = _splits_dash_name(la.strip(), lb.strip())
        else:
            join = (not table and first.islower() and (DANGLING.search(la.rstrip()) is not None
                                                       or _CONTINUES.match(lb.lstrip()) is not None))
        if join:
            s = pos + len(la.rstrip())
            joins.append((s, pos + len(la) + 1 + len(lb) - len(lb.lstrip())))
        pos += len(la) + 1
    return joins


def find_joins(text: str) -> list[tuple[int, int]]:
    """The line breaks of hard-wrapped ``text`` to join, as (start, end) spans of the break and the indentation
    after it, each to become one space; when the text is not hard-wrapped, only those that split an agency name
    before its dash ("Phòng Tài chính" / "- Kế hoạch").

    >>> t = "Một đoạn văn bản dài được cắt giữa câu vì bản PDF có độ rộng cố định của\\ntrang in. Và dòng tiếp theo bắt đầu bằng chữ thường\\nnhư thế này.\\n"
    >>> [t[s:e] for s, e in find_joins(t)]
    ['\\n', '\\n']
    """
    lines = text.split("\n")
    if not is_hard_wrapped(text):
        return _dash_joins(lines)
    width = _wrap_width(lines)
    joins: list[tuple[int, int]] = []  # (start, end) of the line break run to replace with one space
    pos = 0
    starts = []
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    i = 0
    table = False  # inside a task table printed one cell per line: cells are never joined to each other
    while i < len(lines):
        la = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j].strip() and j - i <= 2:
            j += 1
        if j >= len(lines) or not la.strip() or not lines[j].strip():
            i += 1
            continue
        lb = lines[j].strip()
        a = la.strip()
        table = table or a == "STT"
        dangling = DANGLING.search(a)  # "Phòng Văn hóa và" / "Thông tin huyện": a line that cannot end
        if table and (j > i + 1 or not (lb[:1].islower() or dangling)):
            i = j
            continue
        if j == i + 1 and _splits_dash_name(a, lb):  # "… Phòng Tài chính" / "- Kế hoạch bố trí kinh phí …"
            joins.append((starts[i] + len(la.rstrip()), starts[j] + (len(lines[j]) - len(lines[j].lstrip()))))
            i = j
            continue
        if not a.endswith(_TERMINAL) and lb[:1].islower() and (dangling and not a.endswith(("-", "–"))
                                                               or _CONTINUES.match(lb)):
            # a line that cannot end, however short ("các sở, ban," / "ngành", "Sở Thông tin" / "và Truyền thông")
            joins.append((starts[i] + len(la.rstrip()), starts[j] + (len(lines[j]) - len(lines[j].lstrip()))))
            i = j
            continue
        # a line in capitals (a heading, a title of any length) before a line that opens with a capital
        upper_heading = a.upper() == a and any(c.isalpha() for c in a) and (len(a) < 60 or lb[:1].isupper())
        next_heading = (lb.upper() == lb and sum(c.isalpha() for c in lb) >= 5 and len(lb) < 60
                        and not lb.endswith(_TERMINAL))  # "KẾ HOẠCH", not "TT." ending "Sở Thông tin và / TT."
        if (
            not a.endswith(_TERMINAL)
            and not upper_heading
            and not next_heading
            and not _PLACE_DATE_END.search(a)
            and not _ITEM_START.match(lb)
            and len(a) >= 30
            # "1. Trung tâm Xúc tiến đầu tư, thương mại và du lịch thành phố" / "Tăng cường đăng tải …": an
            # agency's heading as long as the lines, then its paragraph
            and not (HEADING_START.match(a) and sentence_start().match(lb))
            # a short line before a capital ends its paragraph; an item heading ("2.1. Tên") must be a full line
            and (lb[:1].islower() or dangling or len(a) >= (0.7 if HEADING_START.match(a) else 0.6) * width)
        ):
            joins.append((starts[i] + len(la.rstrip()), starts[j] + (len(lines[j]) - len(lines[j].lstrip()))))
        i = j
    return joins
