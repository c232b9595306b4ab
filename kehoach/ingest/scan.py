"""Fast case-insensitive scans of a whole document with patterns that begin with a literal.

Python's ``re`` finds the candidate positions of a pattern that starts with fixed text (or one of a few
first characters) with a fast string search; a leading ``\\b``, a lookbehind or ``(?i)`` turns that off and the
engine tries the pattern at every character (at about 6 KB a plan and a dozen whole-text scans each, that
was a sixth of extraction). So the scans here run patterns written in lower case, without ``(?i)`` and without
the leading ``\\b``, over the lower-cased text, and check the word boundary themselves.

Lower-casing keeps every offset only when it keeps the length (it does for Vietnamese; "İ" becomes two
characters): :func:`lowered` returns None otherwise and callers fall back to their ``(?i)`` pattern. (``(?i)``
also matches the few letters Unicode folds specially, such as the long s "ſ" for "s"; lower-casing does not.)

>>> low = lowered("Các Cơ quan liên quan; xcác cơ quan")
>>> [m.group() for m in word_matches(re.compile("các cơ quan"), low)]
['các cơ quan']
>>> [m.group() for m in word_matches(re.compile("cơ quan"), low)]
['cơ quan', 'cơ quan']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache


@lru_cache(maxsize=16)
def lowered(text: str) -> str | None:
    """``text.lower()`` when every character keeps its offset (the same length), else None. Cached: the
    extractors scan the same document text several times.

    >>> lowered("Ủy ban"), lowered("İ")
    ('ủy ban', None)
    """
    low = text.lower()
    return low if len(low) == len(text) else None


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def word_search(pattern: re.Pattern[str], text: str, pos: int = 0, not_after: str = "",
                end: int | None = None) -> re.Match[str] | None:
    """The first match of ``pattern`` in ``text[:end]`` from ``pos`` that starts a word (as if the pattern began
    with ``\\b`` or ``(?<!\\w)``; it must begin with a word character) and does not follow ``not_after`` (a
    negative lookbehind). As with ``pattern.search(text, pos, end)``, the text before ``pos`` counts.

    >>> word_search(re.compile("an"), "man an").start()
    4
    >>> word_search(re.compile("các xã"), "dân các xã", not_after="dân ") is None
    True
    """
    search = pattern.search
    end = len(text) if end is None else end
    while True:
        m = search(text, pos, end)
        if m is None:
            return None
        s = m.start()
        after = bool(not_after) and s >= len(not_after) and text.startswith(not_after, s - len(not_after))
        if not (s and _word_char(text[s - 1])) and not after:
            return m
        pos = s + 1  # rejected: the next candidate may begin inside this match


def word_matches(pattern: re.Pattern[str], text: str, not_after: str = "", pos: int = 0,
                 end: int | None = None) -> Iterator[re.Match[str]]:
    """Every match :func:`word_search` accepts in ``text[pos:end]``, as ``finditer`` gives them (non-empty
    matches).

    >>> [m.start() for m in word_matches(re.compile("an"), "an man an")]
    [0, 7]
    """
    while (m := word_search(pattern, text, pos, not_after, end)) is not None:
        yield m
        pos = max(m.end(), m.start() + 1)


Finder = Callable[[str, int], "re.Match[str] | None"]


def leftmost(finders: Sequence[Finder], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """``(i, match)``: the matches of the alternation of ``finders`` (each ``(text, pos)`` -> its first match from
    ``pos``, e.g. ``pattern.search``) as ``finditer`` would give them: leftmost first, the earlier finder on a
    tie, the scan going on after each match; one fast search per finder instead of trying the alternation at
    every character.

    >>> [(i, m.group()) for i, m in leftmost([re.compile("ab").search, re.compile("b+").search], "abbb b")]
    [(0, 'ab'), (1, 'bb'), (1, 'b')]
    """
    pos = 0
    nxt = [find(text, 0) for find in finders]
    while True:
        best = -1
        for i, m in enumerate(nxt):
            if m is not None and m.start() < pos:
                m = nxt[i] = finders[i](text, pos)
            if m is not None and (best < 0 or m.start() < nxt[best].start()):
                best = i
        if best < 0:
            return
        m = nxt[best]
        yield best, m
        pos = max(m.end(), m.start() + 1)
