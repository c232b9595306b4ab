"""Implementation paragraphs ("IV. TỔ CHỨC THỰC HIỆN"): one numbered item per agency.

Forms: "1. Sở X: text" (inline), "1. Sở X" then "- " bullets or a)/b) items (one task each) or unmarked
paragraphs (one task), "3. Đề nghị Ban Y: text" / "3. Đề nghị Ban Y làm …" (a request). Roles: the item's
agencies lead; "Chủ trì, phối hợp với Z" adds Z as coordinator; a single bullet or paragraph opening
"Phối hợp với Z …" makes Z the lead and the item's agencies coordinators; a paragraph opening "X chủ trì"
adds X as co-lead.

>>> CLOSING.match("Trong quá trình thực hiện, nếu có vướng mắc") is not None
True
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Block, Document, Section
from kehoach.ingest.models import Task
from kehoach.ingest.tasks.roles import (
    LEADS_IN_TEXT,
    OPENS_COORD,
    REQUEST,
    Mentions,
    Roles,
    Who,
    timeframe_of,
    title_of,
    who,
)
from kehoach.ingest.unwrap import closing_start

# a closing paragraph of the section, addressed to everyone ("Trong quá trình thực hiện …")
CLOSING = closing_start()
LABEL_END = re.compile(r"[ \t]*:[ \t]*")


def _heading(doc: Document, item: Block, mentions: Mentions) -> tuple[list[Who], bool, int | None]:
    """Agencies of an item heading, whether it is a request, and where inline task text starts (or None)."""
    text = doc.text
    start = item.body_start if item.body_start is not None else item.start
    requested = False
    r = REQUEST.match(text, start)
    if r:
        requested = True
        start = r.end()
    run = mentions.run(start)
    agencies = who(run)
    end = max((m.end for m in run), default=start)
    label = LABEL_END.match(text, end)
    if label and label.end() < item.end:
        return agencies, requested, label.end()          # "Sở X: text"
    if requested and end < item.end and text[end:item.end].strip(" .:;\n"):
        return agencies, requested, item.body_start      # "Đề nghị Ban Y đề xuất …": the whole item
    if not agencies:
        return [], requested, item.body_start
    return agencies, requested, None


def _roles(text: str, parts: list[tuple[int, int]], agencies: list[Who], mentions: Mentions) -> Roles:
    roles = Roles.of(agencies)
    if len(parts) == 1:
        s, e = parts[0]
        opens = OPENS_COORD.match(text, s)
        partners = mentions.run(opens.end()) if opens else []
        if partners:  # "Phối hợp với Y …": Y leads
            roles = Roles.of(who(partners))
            roles.add("coord", agencies)
    for s, e in parts:
        first = mentions.run(s)
        if first and LEADS_IN_TEXT.match(text, max(m.end for m in first)):
            roles.add("lead", who(first))   # "Đài X chủ trì, phối hợp …"
        roles.add("coord", mentions.coordinators_in(s, e))
    return roles


def implementation_tasks(doc: Document, section: Section, mentions: Mentions) -> list[Task]:
    """Tasks of one implementation section."""
    text = doc.text
    blocks = section.blocks
    top = [i for i, b in enumerate(blocks) if b.kind == "item" and b.marker and b.marker[0].isdigit()
           and "." not in b.marker]
    sec = section.number or "IV"
    tasks: list[Task] = []
    for n, i in enumerate(top):
        item = blocks[i]
        children = blocks[i + 1:top[n + 1] if n + 1 < len(top) else len(blocks)]
        agencies, requested, inline = _heading(doc, item, mentions)
        ref = f"{sec}.{item.marker}"
        marked = [b for b in children if b.kind in ("bullet", "item") and b.marker]
        if inline is not None:
            units = [[(inline, item.end)]]
            refs = [ref]
        elif marked:
            units, refs = [], []
            for k, b in enumerate(marked, 1):
                body = b.body_start if b.body_start is not None else b.start
                units.append([(body, b.end)])
                refs.append(f"{ref}-{b.marker}" if b.marker.isalpha() else f"{ref}-b{k}")
        else:
            paras = []
            for b in children:
                if CLOSING.match(text, b.start):
                    break
                paras.append((b.start, b.end))
            if not paras:
                continue
            units, refs = [paras], [ref]
        for parts, r in zip(units, refs):
            roles = _roles(text, parts, agencies, mentions)
            if not roles.leads:
                continue
            body = " ".join(text[s:e] for s, e in parts)
            tasks.append(Task(ref=r, title=title_of(body), leads=roles.leads, coordinators=roles.coordinators,
                              timeframe=timeframe_of(body), section="implementation", requested=requested,
                              evidence=doc.evidence(parts[0][0], parts[-1][1]), roles=roles.kept(mentions)))
    return tasks
