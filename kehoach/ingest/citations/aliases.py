"""Mentions of one law under the names a text runs on: a law named, then its number in parentheses ("Luật Thủ đô
(Luật số 39/2024/QH15)") is that numbered document wherever its name is printed again; and a law's name that a
sentence runs on ("… thi hành Luật Thủ đô kịp thời, đồng bộ …") is the shortest name the text prints it under.

Only laws ("Luật", "Bộ luật", "Pháp lệnh"): their names are short and proper. A programme's or a scheme's name
may well begin with another's ("Chương trình hành động" / "Chương trình hành động thực hiện …").

>>> from kehoach.ingest.citations.find import find_named, find_numbered
>>> t = ("Quốc hội đã thông qua Luật Thủ đô (Luật số 39/2024/QH15). Để thi hành Luật Thủ đô kịp thời, hiệu quả; "
...      "tổ chức thi hành Luật Thủ đô với các nội dung sau.")
>>> numbered = find_numbered(t)
>>> named = [m for m in find_named(t) if all(n.start != m.start for n in numbered)]
>>> numbered, named = resolve_aliases(t, numbered, named)
>>> [(m.number, m.name, t[m.start:m.end]) for m in sorted(numbered + named, key=lambda m: m.start)]
... # doctest: +NORMALIZE_WHITESPACE
[('39/2024/QH15', None, 'Luật số 39/2024/QH15'), ('39/2024/QH15', None, 'Luật Thủ đô'),
 ('39/2024/QH15', None, 'Luật Thủ đô')]
"""

from __future__ import annotations

import re

from kehoach.ingest.citations.find import Mention

LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
_NUMBER_AFTER = re.compile(r"\s*\(\s*(?:(?:Luật|Bộ luật|Pháp lệnh)\s+)?(?:số\s*)?$")


def _words(name: str | None) -> tuple[str, ...]:
    return tuple((name or "").casefold().split())


def resolve_aliases(text: str, numbered: list[Mention], named: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(numbered, named) with each law's run-on or numbered names resolved (see the module's docstring)."""
    laws = [m for m in named if m.type_word in LAW_TYPES]
    if not laws:
        return numbered, named
    number_of: dict[tuple[str, ...], Mention] = {}  # a law's name -> the number printed after it in parentheses
    for m in laws:
        n = next((x for x in numbered if m.end <= x.start <= m.end + 12), None)
        if n is not None and _NUMBER_AFTER.fullmatch(text, m.end, n.start):
            number_of.setdefault(_words(m.name), n)
    names = sorted({_words(m.name) for m in laws}, key=len)
    out_named: list[Mention] = []
    out_numbered = list(numbered)
    for m in named:
        if m.type_word not in LAW_TYPES:
            out_named.append(m)
            continue
        w = _words(m.name)
        short = next((s for s in names if len(s) < len(w) and w[:len(s)] == s and len(s) >= 3), w)
        end = m.start + _span_of(text, m.start, len(short)) if short != w else m.end
        n = number_of.get(short)
        if n is not None:
            if m.end <= n.start <= m.end + 12:
                continue  # the name printed before its number: the numbered mention cites it
            out_numbered.append(Mention(m.start, end, m.type_word, number=n.number))
        elif short != w:
            out_named.append(Mention(m.start, end, m.type_word, name=" ".join(text[m.start:end].split())))
        else:
            out_named.append(m)
    return out_numbered, out_named


def _span_of(text: str, start: int, n_words: int) -> int:
    """Length of the first ``n_words`` words of ``text`` from ``start`` (line breaks count as spaces)."""
    m = re.match(rf"\S+(?:\s+\S+){{{n_words - 1}}}", text[start:])
    return m.end() if m else 0
