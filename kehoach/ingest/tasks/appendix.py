"""The appendix task table (STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện).

Text copies print one cell per line and leave empty cells out, so each cell's column is decided by its
content: the row number starts a row; a time ("2024 - 2030", "Hằng năm") is the time cell; a line made of
agency names is an agency cell (the first is the lead cell, the second the coordinator cell); other text is
the task name, whose lines run up to the first agency or time cell (a name wrapped over a page break, or over a
blank line, is two text cells). Group rows (a number and a name, no agency cell) are parents, not tasks.

>>> bool(TIME_CELL.match("2024 - 2026")), bool(TIME_CELL.match("Hằng năm")), bool(TIME_CELL.match("Sở Y tế"))
(True, True, False)
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Document, Section
from kehoach.ingest.models import Task
from kehoach.ingest.tasks.roles import Mentions, Roles, title_of

TIME_CELL = re.compile(r"(?i)^(?:(?:năm )?(?:19|20)\d{2}(?:[ \t]*[-–][ \t]*(?:19|20)\d{2})?"
                       r"|(?:hằng|hàng) (?:năm|quý|tháng)|thường xuyên|quý [IV]+(?:/| năm )?\d{0,4}"
                       r"|trước ngày .{1,20}|tháng \d{1,2}(?:/| năm )\d{4})[ .]*$")
ROW_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")  # "2024" is a time cell, not a row
AGENCY_SHARE = 0.6  # a cell is an agency cell when agency names cover this much of it


def _lines(text: str, section: Section) -> list[tuple[int, int]]:
    """Non-blank lines of the section (a cell per line: blocks may join a cell to the one before it)."""
    out = []
    for b in section.blocks:
        pos = b.start
        for line in text[b.start:b.end].split("\n"):
            stripped = line.strip()
            if stripped:
                s = pos + line.index(stripped)
                out.append((s, s + len(stripped)))
            pos += len(line) + 1
    return out


def _is_agency_cell(text: str, start: int, end: int, mentions: Mentions) -> bool:
    found = mentions.within(start, end)
    if not found or found[0].start - start > 4:
        return False
    covered = sum(m.end - m.start for m in found)
    letters = len("".join(text[start:end].split()))
    return covered >= AGENCY_SHARE * letters


def appendix_tasks(doc: Document, section: Section, mentions: Mentions) -> list[Task]:
    """Tasks of one appendix section (rows of its task table)."""
    text = doc.text
    rows: list[tuple[str, list[tuple[int, int]]]] = []
    for start, end in _lines(text, section):
        cell = text[start:end]
        if ROW_NUMBER.match(cell):
            rows.append((cell.rstrip("."), []))
        elif rows:
            rows[-1][1].append((start, end))
    tasks = []
    for number, cells in rows:
        title_cell, agency_cells, time = None, [], None
        for s, e in cells:
            cell = " ".join(text[s:e].split())
            if TIME_CELL.match(cell) and time is None:
                time = cell
            elif _is_agency_cell(text, s, e, mentions):
                agency_cells.append((s, e))
            elif title_cell is None:
                title_cell = (s, e)
            elif not agency_cells and time is None:  # the name's next line ("… cán bộ làm" / "công tác …")
                title_cell = (title_cell[0], e)
        if not agency_cells or title_cell is None:
            continue
        roles = Roles.of(mentions.who_within(*agency_cells[0]))
        roles.add("coord", mentions.who_within(*agency_cells[1]) if len(agency_cells) > 1 else [])
        tasks.append(Task(ref=f"A.{number}", title=title_of(text[title_cell[0]:title_cell[1]]), leads=roles.leads,
                          coordinators=roles.coordinators, timeframe=time, section="appendix",
                          evidence=doc.evidence(cells[0][0], cells[-1][1]), roles=roles.kept(mentions)))
    return tasks
