"""A congress's resolution named and numbered: "Nghị quyết số 11-NQ/ĐH … của Đại hội đại biểu Đảng bộ tỉnh lần thứ
XI", then "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI" (or "… nhiệm kỳ 2020 - 2025"). One congress passes one
resolution: the named mention is the numbered cite's when their Party organizations agree (same level, same place
when both print one) and their ordinals do not differ.

>>> from kehoach.ingest.models import Evidence
>>> ev = Evidence("t.txt", 0, 1, "N")
>>> n = Citation(number="11-NQ/ĐH", type="Nghị quyết", issuer="Đại hội đại biểu Đảng bộ tỉnh Kiên Giang lần thứ XI",
...              evidence=ev)
>>> a = Citation(name="Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI", type="Nghị quyết", evidence=ev)
>>> b = Citation(name="Nghị quyết Đại hội Đảng bộ huyện lần thứ XI", type="Nghị quyết", evidence=ev)
>>> kept, merged = merge_congress([n, a, b])
>>> [c.number or c.name for c in kept], len(n.mentions), merged
(['11-NQ/ĐH', 'Nghị quyết Đại hội Đảng bộ huyện lần thứ XI'], 1, {'nghị quyết đại hội đảng bộ tỉnh lần thứ xi': '11-NQ/ĐH'})
"""

from __future__ import annotations

import re

from kehoach.ingest.models import Citation

_CONGRESS = re.compile(r"(?i)(?:nghị quyết\s+(?:của\s+)?)?đại hội\s+(?:đại biểu\s+)?(?:lần\s+(?:thứ\s+)?(?P<o1>[ivxlc\d]+)"
                       r"\s+)?đảng bộ\s+(?P<level>tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)"
                       r"(?P<place>(?:\s+(?!lần\b|nhiệm\b)[^\s,;]+)*?)"
                       r"(?:\s+lần\s+(?:thứ\s+)?(?P<o2>[ivxlc\d]+))?(?:[\s,]+nhiệm kỳ.*)?\s*$")


def _congress(name: str | None) -> tuple[str, str, str] | None:
    m = _CONGRESS.match(" ".join((name or "").split()))
    if m is None:
        return None
    return m.group("level").casefold(), m.group("place").strip().casefold(), (m.group("o1") or m.group("o2") or "").casefold()


def _agree(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1]) and (not a[2] or not b[2] or a[2] == b[2])


def merge_congress(cites: list[Citation]) -> tuple[list[Citation], dict[str, str]]:
    """(``cites`` without the named congress resolutions a numbered one of the same congress stands for,
    casefolded name -> that number)."""
    numbered = [(c, k) for c in cites if c.number and c.type == "Nghị quyết" and (k := _congress(c.issuer))]
    if not numbered:
        return cites, {}
    kept = []
    merged: dict[str, str] = {}
    for c in cites:
        k = None if c.number or c.type != "Nghị quyết" else _congress(c.name)
        owners = [d for d, dk in numbered if k is not None and _agree(k, dk)]
        if len(owners) != 1:
            kept.append(c)
            continue
        owners[0].mentions += [e for e in (c.evidence, *c.mentions) if e is not None]
        if c.role == "basis":
            owners[0].role = "basis"
        merged[(c.name or "").casefold()] = owners[0].number
    return kept, merged
