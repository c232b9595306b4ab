"""Content items with their own assignment lines ("Đơn vị chủ trì:", "Cơ quan phối hợp thực hiện:").

A numbered item of the content section is a task when a line under it (before the next numbered item)
assigns it; parent headings without such lines are not tasks.

>>> ASSIGNMENT.match("- Cơ quan chủ trì thực hiện: Sở Nội vụ.").group("role")
'chủ trì'
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Document, Section
from kehoach.ingest.models import Task
from kehoach.ingest.tasks.roles import Mentions, Roles, title_of

ASSIGNMENT = re.compile(r"(?i)^[-+•*]?[ \t]*(?:đơn vị|cơ quan)[ \t]+(?P<role>chủ trì|phối hợp|thực hiện)[^:\n]{0,30}:[ \t]*")
TIME_LINE = re.compile(r"(?i)^[-+•*]?[ \t]*thời gian(?: thực hiện| hoàn thành)?[ \t]*:[ \t]*(?P<time>[^\n]+?)[ .;]*$")


def content_tasks(doc: Document, section: Section, mentions: Mentions) -> list[Task]:
    """Tasks of one content section."""
    text = doc.text
    items = [i for i, b in enumerate(section.blocks) if b.kind == "item" and b.marker and b.marker[0].isdigit()]
    tasks = []
    for n, i in enumerate(items):
        item = section.blocks[i]
        children = section.blocks[i + 1:items[n + 1] if n + 1 < len(items) else len(section.blocks)]
        roles = Roles([], [])
        timeframe = None
        assigned = False
        end = item.end
        role = None
        for b in children:
            body = text[b.start:b.end]
            m = ASSIGNMENT.match(body)
            if m:
                assigned = True
                role = "coord" if m.group("role").lower() == "phối hợp" else "lead"
                roles.add(role, mentions.who_within(b.start + m.end(), b.end))
                end = b.end
                continue
            if role and not b.marker and _only_agencies(text, b.start, b.end, mentions):
                roles.add(role, mentions.who_within(b.start, b.end))  # the list wrapped after "…;"
                end = b.end
                continue
            role = None
            t = TIME_LINE.match(body)
            if t:
                timeframe = t.group("time")
                end = b.end
        if not assigned:
            continue
        tasks.append(Task(ref=item.marker, title=title_of(item.body(text)), leads=roles.leads,
                          coordinators=roles.coordinators, timeframe=timeframe, section="content",
                          evidence=doc.evidence(item.start, end), roles=roles.kept(mentions)))
    return tasks


def _only_agencies(text: str, start: int, end: int, mentions: Mentions) -> bool:
    """A line that only lists agencies ("Phòng Nội vụ huyện; các cơ quan, đơn vị liên quan.")."""
    return mentions.run_end(start) >= len(text[start:end].rstrip(" .;,")) + start
