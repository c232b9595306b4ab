"""Annotate stage: mentions -> citations. Later short mentions of a document merge into its first citation
(``Citation.mentions``); role ``basis`` when the document is cited in the preamble; ``as_written`` is the exact
original span (line breaks kept) of the first mention.

>>> from kehoach.ingest.citations.find import find_numbered
>>> from kehoach.ingest.document import Document
>>> doc = Document.from_text("Căn cứ Chỉ thị 25-CT/TW ngày 08/8/2018 của Ban Bí thư; theo Chỉ thị 25-CT/TW.")
>>> cites = build(doc, find_numbered(doc.text), [], lambda pos: "preamble", None)
>>> [(c.number, c.date, c.issuer, c.role, len(c.mentions)) for c in cites]
[('25-CT/TW', '2018-08-08', 'Ban Bí thư', 'basis', 1)]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kehoach.ingest.citations.find import Mention, find_numbered, list_head
from kehoach.ingest.citations.resolve import _issuer_at, _known_names, _next_type, complete_issuer, read_tail, type_of
from kehoach.ingest.document import Document
from kehoach.ingest.models import Citation


def cite_key(m: Mention) -> tuple[str, str]:
    return ("number", m.number.casefold()) if m.number else ("name", " ".join((m.name or "").split()).casefold())


def _named_fields(text: str, m: Mention, province: str | None) -> tuple[str, str | None]:
    """(name, issuer) of a named mention: a nested numbered cite's issuer stays out of the name."""
    name = m.name or ""
    nested = find_numbered(text, m.start + len(m.type_word), m.end)
    if nested:
        name = text[m.start:nested[-1].end]
    issuer = None
    of = re.search(r"\scủa\s", name)
    # "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ": what follows "của" is a document, no issuer
    amending = name.startswith("Luật sửa đổi")  # "… một số điều của [Luật] Phòng, chống thiên tai": the law amended
    if of and not amending and (not nested or m.start + of.end() < nested[0].start) \
            and not _next_type().match(text, m.start + of.end()):
        found, _ = _issuer_at(text, m.start + of.end())
        issuer = complete_issuer(found, province) if found else None
    return " ".join(name.split()), issuer


# "của <issuer> tại Tờ trình số …", the issuer wrapped over lines or followed by its role in parentheses ("của Sở
# Nông nghiệp và PTNT (Cơ quan Thường trực Ban Chỉ huy …) tại", "của Sở Nông nghiệp và PTNT (tại Tờ trình …")
_OF_AT = re.compile(r"\bcủa\s+(?=[^;:.]{2,200}\s\(?tại\s*$)")
_AT = re.compile(r"\s*(?:\([^()]{0,160}\))?\s*\(?tại\s*")


_SENTENCE_END = re.compile(r"\.(?:\s|$)|\n\s*\n")
_ISSUED_BY = re.compile(r"\s+(?:(?:đã|vừa|mới)\s+)?ban\s+hành\s*$")


def _issuer_before(text: str, start: int, province: str | None) -> str | None:
    """The issuer printed before the document: "Theo đề nghị của Sở Y tế tại Tờ trình số 92/TTr-SYT", "UBND
    tỉnh đã ban hành Quyết định số 685/QĐ-UBND".

    >>> t = "Theo đề nghị của Sở Lao động - Thương binh và Xã hội tại Tờ trình số 92/TTr-SLĐTBXH"
    >>> _issuer_before(t, t.find("Tờ"), None)
    'Sở Lao động - Thương binh và Xã hội'
    >>> t = "Xét đề nghị của Sở Y tế (Cơ quan Thường trực Ban Chỉ đạo) tại Tờ trình số 9/TTr-SYT"
    >>> _issuer_before(t, t.find("Tờ"), None)
    'Sở Y tế'
    >>> t = "Năm 2022, UBND tỉnh đã ban hành Quyết định số 685/QĐ-UBND"
    >>> _issuer_before(t, t.find("Quyết"), "Hải Dương")
    'UBND tỉnh Hải Dương'
    """
    window = text[max(0, start - 220):start]
    m = next(reversed(list(_OF_AT.finditer(window))), None)  # the last "của" before "tại": the proposal's author
    if m is not None:
        pos = start - len(window) + m.end()
        found, stop = _issuer_at(text, pos)
        return complete_issuer(found, province) if found and _AT.fullmatch(text, stop, start) else None
    # "các Quyết định của Thủ tướng Chính phủ: số 645/QĐ-TTg …; số 1813/QĐ-TTg …": the list's issuer
    wide = max(0, start - 800)
    head = next(reversed(list(list_head().finditer(text, wide, start))), None)
    if head is not None and "của" in head.group() and not _SENTENCE_END.search(text, head.end(), start):
        found, _ = _issuer_at(text, head.start() + head.group().find("của") + 4)
        return complete_issuer(found, province) if found else None
    verb = _ISSUED_BY.search(window)
    if verb is None:
        return None
    verb_start = start - len(window) + verb.start()
    for k in _known_names().finditer(text, max(0, start - 130), verb_start):
        found, stop = _issuer_at(text, k.start())
        if found and stop == verb_start:
            board = _STANDING_BOARD.search(text, max(0, k.start() - 20), k.start())  # "Ban Thường vụ Huyện ủy X"
            return complete_issuer(text[board.start():stop] if board else found, province)
    return None


_STANDING_BOARD = re.compile(r"Ban\s+[Tt]hường\s+vụ\s+$")


def build(doc: Document, numbered: list[Mention], named: list[Mention], section_of: Callable[[int], str | None],
          province: str | None) -> list[Citation]:
    """Citations in order of first mention, each with its later mentions merged in."""
    text = doc.text
    by_key: dict[tuple[str, str], Citation] = {}
    for m in sorted([*numbered, *named], key=lambda x: x.start):
        key = cite_key(m)
        if m.number:
            date, issuer, _ = read_tail(text, m.end, province)
            issuer = issuer or _issuer_before(text, m.start, province)
            name = None
        else:
            name, issuer = _named_fields(text, m, province)
            date = None
            if not find_numbered(text, m.start + len(m.type_word), m.end):  # else the date is the nested cite's
                date, tail_issuer, _ = read_tail(text, m.end, province)  # "Luật … ngày 19/6/2015 của …"
                issuer = issuer or tail_issuer
        ev = doc.evidence(m.start, m.end)
        basis = section_of(m.start) == "preamble"
        c = by_key.get(key)
        if c is None:
            by_key[key] = Citation(number=m.number, name=name, type=type_of(m.type_word, m.number), date=date,
                                   issuer=issuer, role="basis" if basis else "body", as_written=ev.text,
                                   evidence=ev)
            continue
        c.mentions.append(ev)
        if m.number and c.number and c.number.isupper() and not m.number.isupper():
            c.number = m.number  # "95-CTR/TU" in an all-capital title, "95-CTr/TU" in the text: as the text has it
        if basis:
            c.role = "basis"
        c.date = c.date or date
        if issuer and (c.issuer is None or (c.issuer.isupper() and issuer.casefold() == c.issuer.casefold())):
            c.issuer = issuer
    return list(by_key.values())
