"""The signer from the signature block: the last title line ("PHÓ CHỦ TỊCH") and the name printed under it.

>>> text = "TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH\\n\\nHồng Thanh Vũ\\n"
>>> find_signer(text, 0, len(text))[:2]
('Hồng Thanh Vũ', 'Phó Chủ tịch')
"""

from __future__ import annotations

import json
from functools import lru_cache

from kehoach.ingest.layout.vocab import is_person_name
from kehoach.ingest.metadata.places import GAZETTEERS


@lru_cache(maxsize=1)
def _officials() -> dict:
    return json.loads((GAZETTEERS / "officials.json").read_text(encoding="utf-8"))


def canonical_title(line: str) -> str | None:
    """Canonical title of a signature line, authority prefixes (TM., KT.) and markup dropped.

    >>> canonical_title("**KT. CHỦ TỊCH"), canonical_title("PHÓ CHỦ TỊCH**")
    ('Chủ tịch', 'Phó Chủ tịch')
    """
    s = line.strip(" *").upper()
    for prefix in _officials()["authority_prefixes"]:
        if s.startswith(prefix):
            s = s[len(prefix):].strip()
    return _officials()["titles"].get(" ".join(s.split()))


def find_signer(text: str, start: int, end: int) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(name, title, name span) of the signature block ``text[start:end]``; stray lines above it are ignored."""
    title = None
    name = None
    span = None
    pos = start
    for line in text[start:end].split("\n"):
        s = line.strip(" *")
        ls = pos + line.find(s) if s else pos
        pos += len(line) + 1
        if not s:
            continue
        t = canonical_title(s)
        if t:
            title, name, span = t, None, None
            continue
        if title and name is None and is_person_name(s):
            name, span = s, (ls, ls + len(s))
    return name, title if name else None, span
